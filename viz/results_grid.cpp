#include "viz/results_grid.hpp"

#include <vtkCellArray.h>
#include <vtkCellData.h>
#include <vtkCellType.h>
#include <vtkDoubleArray.h>
#include <vtkFieldData.h>
#include <vtkIntArray.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkStringArray.h>

#include "engine/results/xdmf.hpp"

namespace piriform::viz {
namespace {

int vtk_cell_type(CellType t) {
  switch (t) {
    case CellType::Tet4:
      return VTK_TETRA;
    case CellType::Tet10:
      return VTK_QUADRATIC_TETRA;
    case CellType::Hex8:
      return VTK_HEXAHEDRON;
    case CellType::Hex20:
      return VTK_QUADRATIC_HEXAHEDRON;
    default:
      return VTK_EMPTY_CELL;
  }
}

vtkSmartPointer<vtkDoubleArray> array(const std::string& name, int components, vtkIdType tuples,
                                      const std::vector<double>& values) {
  auto a = vtkSmartPointer<vtkDoubleArray>::New();
  a->SetName(name.c_str());
  a->SetNumberOfComponents(components);
  a->SetNumberOfTuples(tuples);
  std::copy(values.begin(), values.end(), a->GetPointer(0));
  return a;
}

}  // namespace

vtkSmartPointer<vtkUnstructuredGrid> results_grid(const results::ResultsFile& file, int step) {
  const Mesh& mesh = file.mesh;
  auto grid = vtkSmartPointer<vtkUnstructuredGrid>::New();
  auto points = vtkSmartPointer<vtkPoints>::New();
  points->SetDataTypeToDouble();
  points->SetNumberOfPoints(mesh.num_nodes());
  for (Index v = 0; v < mesh.num_nodes(); ++v) points->SetPoint(v, mesh.X(0, v), mesh.X(1, v), mesh.X(2, v));
  grid->SetPoints(points);

  const std::vector<int> order = results::vtk_node_order(mesh.cell_type);
  const int n = mesh.nodes_per_cell();
  grid->Allocate(mesh.num_cells());
  std::vector<vtkIdType> ids(n);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    for (int k = 0; k < n; ++k) ids[k] = mesh.cell(c)[order[k]];
    grid->InsertNextCell(vtk_cell_type(mesh.cell_type), n, ids.data());
  }

  auto region = vtkSmartPointer<vtkIntArray>::New();
  region->SetName("region");
  region->SetNumberOfTuples(mesh.num_cells());
  for (Index c = 0; c < mesh.num_cells(); ++c) region->SetValue(c, mesh.cell_region[c]);
  grid->GetCellData()->AddArray(region);

  for (const auto& field : file.fields) {
    const bool node = field.location == results::Location::Node;
    const vtkIdType tuples = node ? mesh.num_nodes() : mesh.num_cells();
    auto a = array(field.name, field.components, tuples, file.read_field(field.name, step));
    (node ? static_cast<vtkDataSetAttributes*>(grid->GetPointData()) : grid->GetCellData())->AddArray(a);
  }

  auto names = vtkSmartPointer<vtkStringArray>::New();
  names->SetName("region_names");
  for (const auto& name : mesh.region_names) names->InsertNextValue(name);
  grid->GetFieldData()->AddArray(names);
  auto time = vtkSmartPointer<vtkDoubleArray>::New();
  time->SetName("TimeValue");
  time->InsertNextValue(file.times.at(static_cast<std::size_t>(step)));
  grid->GetFieldData()->AddArray(time);
  return grid;
}

}  // namespace piriform::viz
