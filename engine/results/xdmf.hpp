// XDMF 3 companion of the results file, so ParaView and VisIt open the HDF5 results as a time series; and
// the Gmsh -> VTK local node order it needs (XDMF's quadratic cells follow VTK's numbering).
#pragma once

#include <filesystem>
#include <string_view>
#include <vector>

#include "engine/results/results_file.hpp"

namespace piriform::results {

struct ResultsFile;

// order[k] = the Gmsh local node that is VTK local node k, found by matching the edges of the engine's
// (Gmsh) edge table with VTK's; corners are numbered alike.
std::vector<int> vtk_node_order(CellType type);

// XDMF TopologyType of a cell type: "Tetrahedron_10", "Hexahedron_20", ...
std::string_view xdmf_topology_type(CellType type);

// What the XDMF file describes; the dataset shapes follow from it as the writer lays them out.
struct XdmfInfo {
  CellType cell_type = CellType::Tet10;
  Index num_nodes = 0;
  Index num_cells = 0;
  int steps_planned = 0;
  std::vector<double> times;  // s, time of each step (at least as many as are written)
  std::vector<FieldSpec> fields;
};

XdmfInfo xdmf_info(const ResultsLayout& layout);
XdmfInfo xdmf_info(const ResultsFile& file);

// Writes `xdmf` describing the first steps_completed steps of the results file, which it references as
// h5_name (a path relative to the XDMF file, normally just the file name in the same directory). Written
// to "<xdmf>.tmp" and renamed, so a reader never sees a half-written file. Throws InputError naming the path.
void write_xdmf(const std::filesystem::path& xdmf, const std::filesystem::path& h5_name, const XdmfInfo& info,
                int steps_completed);
// The same for an existing results file, reading its layout and completed steps; the results file is
// referenced by its path relative to the XDMF file's directory.
void write_xdmf(const std::filesystem::path& xdmf, const std::filesystem::path& results_file);

}  // namespace piriform::results
