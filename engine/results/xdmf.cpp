// XDMF 3 description of a results file: one uniform grid per completed step in a temporal collection, every
// field selected from its step-indexed HDF5 dataset by a hyperslab, so the XDMF never copies data.
#include "engine/results/xdmf.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "engine/common/error.hpp"
#include "engine/results/results_reader.hpp"

namespace piriform::results {

namespace fs = std::filesystem;

namespace {

// VTK's edge tables (vtkQuadraticTriangle, vtkQuadraticQuad, vtkQuadraticTetra, vtkQuadraticHexahedron):
// mid-edge node num_corners + e sits on edge e. Corner numbering is the same as Gmsh's for every type.
constexpr std::array<LocalEdge, 3> vtk_tri_edges = {{{0, 1}, {1, 2}, {2, 0}}};
constexpr std::array<LocalEdge, 4> vtk_quad_edges = {{{0, 1}, {1, 2}, {2, 3}, {3, 0}}};
constexpr std::array<LocalEdge, 6> vtk_tet_edges = {{{0, 1}, {1, 2}, {0, 2}, {0, 3}, {1, 3}, {2, 3}}};
constexpr std::array<LocalEdge, 12> vtk_hex_edges = {
    {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6}, {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}}};

std::span<const LocalEdge> vtk_edges(CellType type) {
  switch (type) {
    case CellType::Tri3:
    case CellType::Tri6:
      return vtk_tri_edges;
    case CellType::Quad4:
    case CellType::Quad8:
      return vtk_quad_edges;
    case CellType::Tet4:
    case CellType::Tet10:
      return vtk_tet_edges;
    case CellType::Hex8:
    case CellType::Hex20:
      return vtk_hex_edges;
  }
  detail::throw_bad_cell_type(type);
}

std::string xml_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string_view attribute_type(int components) {
  switch (components) {
    case 1:
      return "Scalar";
    case 3:
      return "Vector";
    case 6:
      return "Tensor6";
    case 9:
      return "Tensor";
    default:
      return "Matrix";
  }
}

}  // namespace

std::vector<int> vtk_node_order(CellType type) {
  std::vector<int> map(static_cast<std::size_t>(num_nodes(type)));
  std::iota(map.begin(), map.end(), 0);
  if (order(type) == 1) return map;
  const int corners = num_corners(type);
  const auto gmsh = local_edges(type);
  const auto vtk = vtk_edges(type);
  for (std::size_t k = 0; k < vtk.size(); ++k) {
    const auto match = std::find_if(gmsh.begin(), gmsh.end(), [&](const LocalEdge& e) {
      return (e[0] == vtk[k][0] && e[1] == vtk[k][1]) || (e[0] == vtk[k][1] && e[1] == vtk[k][0]);
    });
    if (match == gmsh.end())
      throw std::logic_error(fmt::format("VTK edge ({}, {}) of {} is not in the engine's edge table",
                                         vtk[k][0], vtk[k][1], cell_type_name(type)));
    map[static_cast<std::size_t>(corners) + k] = corners + static_cast<int>(match - gmsh.begin());
  }
  return map;
}

std::string_view xdmf_topology_type(CellType type) {
  switch (type) {
    case CellType::Tri3:
      return "Triangle";
    case CellType::Tri6:
      return "Triangle_6";
    case CellType::Quad4:
      return "Quadrilateral";
    case CellType::Quad8:
      return "Quadrilateral_8";
    case CellType::Tet4:
      return "Tetrahedron";
    case CellType::Tet10:
      return "Tetrahedron_10";
    case CellType::Hex8:
      return "Hexahedron";
    case CellType::Hex20:
      return "Hexahedron_20";
  }
  detail::throw_bad_cell_type(type);
}

XdmfInfo xdmf_info(const ResultsLayout& layout) {
  if (layout.mesh == nullptr) throw InputError("results layout has no mesh (expected the mesh of the run)");
  return {layout.mesh->cell_type,
          layout.mesh->num_nodes(),
          layout.mesh->num_cells(),
          static_cast<int>(layout.times.size()),
          layout.times,
          layout.fields};
}

XdmfInfo xdmf_info(const ResultsFile& file) {
  return {file.mesh.cell_type, file.mesh.num_nodes(), file.mesh.num_cells(), file.steps_planned, file.times,
          file.fields};
}

void write_xdmf(const fs::path& xdmf, const fs::path& h5_name, const XdmfInfo& info, int steps_completed) {
  if (steps_completed < 0 || steps_completed > info.steps_planned ||
      static_cast<std::size_t>(steps_completed) > info.times.size())
    throw std::logic_error(fmt::format("write_xdmf: {} steps completed of {} planned, {} times known",
                                       steps_completed, info.steps_planned, info.times.size()));
  const std::string h5 = xml_escape(h5_name.generic_string());
  const int npc = num_nodes(info.cell_type);
  const Index N = info.num_nodes, C = info.num_cells;
  const int S = info.steps_planned;

  std::ostringstream out;
  out << "<?xml version=\"1.0\" ?>\n"
      << "<Xdmf Version=\"3.0\">\n"
      << "  <Domain>\n"
      << "    <Grid Name=\"piriform\" GridType=\"Collection\" CollectionType=\"Temporal\">\n";
  for (int i = 0; i < steps_completed; ++i) {
    out << fmt::format("      <Grid Name=\"step {}\" GridType=\"Uniform\">\n", i)
        << fmt::format("        <Time Value=\"{}\"/>\n", info.times[static_cast<std::size_t>(i)])
        << fmt::format(
               "        <Topology TopologyType=\"{}\" NumberOfElements=\"{}\" NodesPerElement=\"{}\">\n",
               xdmf_topology_type(info.cell_type), C, npc)
        << fmt::format(
               "          <DataItem Dimensions=\"{} {}\" NumberType=\"Int\" Precision=\"8\" "
               "Format=\"HDF\">{}:/mesh/vtk_cells</DataItem>\n",
               C, npc, h5)
        << "        </Topology>\n"
        << "        <Geometry GeometryType=\"XYZ\">\n"
        << fmt::format(
               "          <DataItem Dimensions=\"{} 3\" NumberType=\"Float\" Precision=\"8\" "
               "Format=\"HDF\">{}:/mesh/nodes</DataItem>\n",
               N, h5)
        << "        </Geometry>\n"
        << "        <Attribute Name=\"region\" AttributeType=\"Scalar\" Center=\"Cell\">\n"
        << fmt::format(
               "          <DataItem Dimensions=\"{}\" NumberType=\"Int\" Precision=\"4\" "
               "Format=\"HDF\">{}:/mesh/cell_region</DataItem>\n",
               C, h5)
        << "        </Attribute>\n";
    for (const auto& f : info.fields) {
      const Index rows = f.location == Location::Node ? N : C;
      out << fmt::format("        <Attribute Name=\"{}\" AttributeType=\"{}\" Center=\"{}\">\n",
                         xml_escape(f.name), attribute_type(f.components),
                         f.location == Location::Node ? "Node" : "Cell")
          << fmt::format("          <DataItem ItemType=\"HyperSlab\" Dimensions=\"{} {}\">\n", rows,
                         f.components)
          << fmt::format(
                 "            <DataItem Dimensions=\"3 3\" Format=\"XML\">{} 0 0 1 1 1 1 {} {}</DataItem>\n",
                 i, rows, f.components)
          << fmt::format(
                 "            <DataItem Dimensions=\"{} {} {}\" NumberType=\"Float\" Precision=\"8\" "
                 "Format=\"HDF\">{}:/fields/{}</DataItem>\n",
                 S, rows, f.components, h5, xml_escape(f.name))
          << "          </DataItem>\n"
          << "        </Attribute>\n";
    }
    out << "      </Grid>\n";
  }
  out << "    </Grid>\n"
      << "  </Domain>\n"
      << "</Xdmf>\n";

  fs::path tmp = xdmf;
  tmp += ".tmp";
  {
    std::ofstream file(tmp, std::ios::binary | std::ios::trunc);
    if (!file)
      throw InputError(fmt::format("cannot write XDMF file '{}': cannot create '{}': {}", xdmf.string(),
                                   tmp.string(), std::strerror(errno)));
    file << out.str();
    file.close();
    if (!file) {
      std::error_code ec;
      fs::remove(tmp, ec);
      throw InputError(fmt::format("cannot write XDMF file '{}': writing '{}' failed (disk full?)",
                                   xdmf.string(), tmp.string()));
    }
  }
  std::error_code ec;
  fs::rename(tmp, xdmf, ec);
  if (ec) {
    const std::string reason = ec.message();
    fs::remove(tmp, ec);
    throw InputError(fmt::format("cannot write XDMF file '{}': renaming '{}' onto it failed: {}",
                                 xdmf.string(), tmp.string(), reason));
  }
}

void write_xdmf(const fs::path& xdmf, const fs::path& results_file) {
  const ResultsFile file = open_results(results_file);
  const fs::path base = xdmf.parent_path().empty() ? fs::path(".") : xdmf.parent_path();
  std::error_code ec;
  fs::path relative = fs::proximate(results_file, base, ec);
  if (ec || relative.empty()) relative = results_file.filename();
  write_xdmf(xdmf, relative, xdmf_info(file), file.steps_completed);
}

}  // namespace piriform::results
