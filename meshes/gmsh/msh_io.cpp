// MSH 4 import through the Gmsh API (ASCII and binary). The header is checked here first because Gmsh
// silently opens a missing or empty file as an empty model and reads version 2 files without complaint.
#include "meshes/gmsh/msh_io.hpp"

#include <fmt/format.h>
#include <gmsh.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <map>
#include <unordered_map>

#include "engine/common/error.hpp"
#include "meshes/gmsh/gmsh_session.hpp"

namespace piriform {
namespace {

using FacetKey = std::array<Index, 4>;

FacetKey facet_key(const Index* nodes, int corners) {
  FacetKey k{-1, -1, -1, -1};
  // Insertion sort: GCC 12 warns falsely about std::sort on a partly used std::array.
  for (int i = 0; i < corners; ++i) {
    int j = i;
    for (; j > 0 && k[j - 1] > nodes[i]; --j) k[j] = k[j - 1];
    k[j] = nodes[i];
  }
  return k;
}

struct FacetKeyHash {
  std::size_t operator()(const FacetKey& k) const {
    std::size_t h = 1469598103934665603ull;
    for (Index v : k) h = (h ^ static_cast<std::size_t>(v + 1)) * 1099511628211ull;
    return h;
  }
};

std::string element_type_name(int type) {
  std::string name;
  int dim = 0, order = 0, num_nodes = 0, num_primary = 0;
  std::vector<double> coords;
  gmsh::model::mesh::getElementProperties(type, name, dim, order, num_nodes, coords, num_primary);
  return name;
}

std::string group_name(int dim, int tag) {
  std::string name;
  gmsh::model::getPhysicalName(dim, tag, name);
  return name.empty() ? fmt::format("{}_{}", dim == 3 ? "volume" : "surface", tag) : name;
}

void check_header(const std::filesystem::path& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(fmt::format("{}: no such file", path.string()));
  if (!std::filesystem::is_regular_file(path, ec))
    throw InputError(fmt::format("{}: not a regular file", path.string()));
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(fmt::format("{}: cannot be opened for reading", path.string()));
  std::string first, version_line;
  std::getline(in, first);
  if (!first.empty() && first.back() == '\r') first.pop_back();
  if (first != "$MeshFormat")
    throw InputError(fmt::format("{}: not a Gmsh mesh file (expected '$MeshFormat' on line 1, found '{}')",
                                 path.string(), first.substr(0, 40)));
  std::getline(in, version_line);
  double version = 0.0;
  int file_type = -1, data_size = 0;
  if (std::sscanf(version_line.c_str(), "%lf %d %d", &version, &file_type, &data_size) != 3)
    throw InputError(fmt::format("{}: line 2 should read 'version file-type data-size', found '{}'",
                                 path.string(), version_line.substr(0, 40)));
  // Gmsh itself reads a file cut inside $Entities as a mesh without elements, so look for the end markers.
  bool nodes_end = false, elements_end = false;
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("$EndNodes", 0) == 0) nodes_end = true;
    if (line.rfind("$EndElements", 0) == 0) elements_end = true;
  }
  if (version >= 4.0 && version < 5.0 && !(nodes_end && elements_end))
    throw InputError(fmt::format("{}: truncated or incomplete mesh file (no {} line)", path.string(),
                                 nodes_end ? "$EndElements" : "$EndNodes"));
  if (version < 4.0 || version >= 5.0)
    throw InputError(fmt::format(
        "{}: MSH format version {:g} is not supported; expected version 4 (convert with: gmsh {} -save "
        "-format msh4 -o converted.msh)",
        path.string(), version, path.string()));
}

// Fibres from an element-data view named "fibre" with three components, if the file has one.
void read_fibre_view(const std::string& source, const std::vector<std::size_t>& element_tags, Mesh& mesh) {
  std::vector<int> views;
  gmsh::view::getTags(views);
  for (int view : views) {
    std::string name;
    gmsh::option::getString(fmt::format("View[{}].Name", gmsh::view::getIndex(view)), name);
    if (name != "fibre") continue;
    std::string type;
    std::vector<std::size_t> tags;
    std::vector<std::vector<double>> data;
    double time = 0.0;
    int components = 0;
    gmsh::view::getModelData(view, 0, type, tags, data, time, components);
    if (type != "ElementData" || components != 3)
      throw InputError(
          fmt::format("{}: view 'fibre' must hold 3-component element data, found {} with {} "
                      "components",
                      source, type, components));
    std::unordered_map<std::size_t, Index> cell_of;
    for (std::size_t c = 0; c < element_tags.size(); ++c) cell_of[element_tags[c]] = static_cast<Index>(c);
    mesh.fibre = Eigen::Matrix3Xd::Zero(3, mesh.num_cells());
    for (std::size_t i = 0; i < tags.size(); ++i) {
      const auto it = cell_of.find(tags[i]);
      if (it == cell_of.end()) continue;
      Vec3 a(data[i][0], data[i][1], data[i][2]);
      const double n = a.norm();
      mesh.fibre.col(it->second) = n > 0.0 ? Vec3(a / n) : Vec3::Zero();
    }
    return;
  }
}

}  // namespace

Mesh mesh_from_gmsh_model(const std::string& source, double length_unit, GmshNumbering* numbering,
                          bool validate) {
  if (!(length_unit > 0.0)) throw InputError(fmt::format("{}: length unit must be positive", source));
  gmsh::vectorpair volume_groups, surface_groups;
  gmsh::model::getPhysicalGroups(volume_groups, 3);
  gmsh::model::getPhysicalGroups(surface_groups, 2);
  if (volume_groups.empty())
    throw InputError(
        fmt::format("{}: no physical volumes; every region must be a named physical volume "
                    "(Physical Volume(\"fat\") = {{...}} in a .geo file)",
                    source));

  std::vector<std::size_t> node_tags;
  std::vector<double> coords, params;
  gmsh::model::mesh::getNodes(node_tags, coords, params, -1, -1, true, false);
  if (node_tags.empty()) throw InputError(fmt::format("{}: the mesh has no nodes", source));
  std::unordered_map<std::size_t, std::size_t> coord_of;
  coord_of.reserve(node_tags.size());
  for (std::size_t i = 0; i < node_tags.size(); ++i) coord_of[node_tags[i]] = i;

  Mesh mesh;
  std::optional<CellType> type;
  std::vector<std::size_t> cell_node_tags, cell_tags;
  std::unordered_map<std::size_t, int> region_of_element;
  for (const auto& [dim, tag] : volume_groups) {
    const std::string name = group_name(dim, tag);
    const int region = static_cast<int>(mesh.region_names.size());
    mesh.region_names.push_back(name);
    std::vector<int> entities;
    gmsh::model::getEntitiesForPhysicalGroup(dim, tag, entities);
    std::size_t count = 0;
    for (int entity : entities) {
      std::vector<int> types;
      std::vector<std::vector<std::size_t>> etags, enodes;
      gmsh::model::mesh::getElements(types, etags, enodes, 3, entity);
      for (std::size_t t = 0; t < types.size(); ++t) {
        const auto ct = cell_type_from_gmsh(types[t]);
        if (!ct || dimension(*ct) != 3)
          throw InputError(
              fmt::format("{}: physical volume '{}' has elements of type '{}' (Gmsh type {}); "
                          "supported: Tet4, Tet10, Hex8, Hex20",
                          source, name, element_type_name(types[t]), types[t]));
        if (type && *type != *ct)
          throw InputError(fmt::format("{}: mixed volume element types {} and {}; a mesh must use one type",
                                       source, cell_type_name(*type), cell_type_name(*ct)));
        type = ct;
        for (std::size_t e = 0; e < etags[t].size(); ++e) {
          const auto [it, fresh] = region_of_element.emplace(etags[t][e], region);
          if (!fresh)
            throw InputError(fmt::format("{}: element {} belongs to physical volumes '{}' and '{}'", source,
                                         etags[t][e], mesh.region_names[it->second], name));
          cell_tags.push_back(etags[t][e]);
          mesh.cell_region.push_back(region);
        }
        cell_node_tags.insert(cell_node_tags.end(), enodes[t].begin(), enodes[t].end());
        count += etags[t].size();
      }
    }
    if (count == 0) throw InputError(fmt::format("{}: physical volume '{}' has no elements", source, name));
  }
  mesh.cell_type = *type;

  // Keep only the nodes that cells use, numbered in increasing Gmsh tag order.
  std::vector<std::size_t> used(cell_node_tags);
  std::sort(used.begin(), used.end());
  used.erase(std::unique(used.begin(), used.end()), used.end());
  std::unordered_map<std::size_t, Index> index_of;
  index_of.reserve(used.size());
  mesh.X.resize(3, static_cast<Index>(used.size()));
  for (std::size_t i = 0; i < used.size(); ++i) {
    const auto it = coord_of.find(used[i]);
    if (it == coord_of.end())
      throw InputError(fmt::format("{}: element refers to missing node {}", source, used[i]));
    index_of[used[i]] = static_cast<Index>(i);
    for (int d = 0; d < 3; ++d) mesh.X(d, static_cast<Index>(i)) = coords[3 * it->second + d] * length_unit;
  }
  mesh.cells.resize(cell_node_tags.size());
  for (std::size_t i = 0; i < cell_node_tags.size(); ++i) mesh.cells[i] = index_of.at(cell_node_tags[i]);

  // Physical surfaces become facet sets oriented like the matching boundary facet.
  const FacetSet boundary = boundary_facets(mesh);
  const int corners = num_corners(boundary.type);
  const int per_facet = num_nodes(boundary.type);
  std::unordered_map<FacetKey, Index, FacetKeyHash> boundary_facet;
  for (Index f = 0; f < boundary.size(); ++f)
    boundary_facet.emplace(facet_key(boundary.facet(f), corners), f);
  for (const auto& [dim, tag] : surface_groups) {
    FacetSet set{group_name(dim, tag), boundary.type, {}};
    std::vector<int> entities;
    gmsh::model::getEntitiesForPhysicalGroup(dim, tag, entities);
    std::size_t interior = 0, total = 0;
    for (int entity : entities) {
      std::vector<int> types;
      std::vector<std::vector<std::size_t>> etags, enodes;
      gmsh::model::mesh::getElements(types, etags, enodes, 2, entity);
      for (std::size_t t = 0; t < types.size(); ++t) {
        const auto ft = cell_type_from_gmsh(types[t]);
        if (!ft || *ft != boundary.type)
          throw InputError(
              fmt::format("{}: physical surface '{}' has elements of type '{}'; {} cells need {} "
                          "facets",
                          source, set.name, element_type_name(types[t]), cell_type_name(mesh.cell_type),
                          cell_type_name(boundary.type)));
        std::array<Index, 4> local{};
        for (std::size_t e = 0; e < etags[t].size(); ++e) {
          ++total;
          bool known = true;
          for (int k = 0; k < corners; ++k) {
            const auto it = index_of.find(enodes[t][e * per_facet + k]);
            if (it == index_of.end())
              known = false;
            else
              local[k] = it->second;
          }
          const auto found =
              known ? boundary_facet.find(facet_key(local.data(), corners)) : boundary_facet.end();
          if (found == boundary_facet.end()) {
            ++interior;
            continue;
          }
          const Index* f = boundary.facet(found->second);
          set.nodes.insert(set.nodes.end(), f, f + per_facet);
        }
      }
    }
    if (total == 0)
      throw InputError(fmt::format("{}: physical surface '{}' has no elements", source, set.name));
    if (interior == total)
      throw InputError(
          fmt::format("{}: physical surface '{}' lies inside the body; named surfaces must be on "
                      "the boundary of the physical volumes",
                      source, set.name));
    if (interior > 0)
      spdlog::warn("{}: surface '{}': {} of {} facets are not on the boundary and are left out", source,
                   set.name, interior, total);
    mesh.facet_sets.push_back(std::move(set));
  }
  read_fibre_view(source, cell_tags, mesh);
  if (numbering) *numbering = {std::move(used), std::move(cell_tags)};
  if (validate) mesh.validate();
  return mesh;
}

Mesh read_msh(const std::filesystem::path& path, double length_unit) {
  check_header(path);
  GmshSession session;
  try {
    gmsh::open(path.string());
  } catch (const std::string& message) {
    throw InputError(fmt::format("{}: Gmsh could not read the file ({}); is it truncated or corrupt?",
                                 path.string(), message));
  }
  try {
    return mesh_from_gmsh_model(path.string(), length_unit);
  } catch (const std::string& message) {
    throw InputError(fmt::format("{}: {}", path.string(), message));
  }
}

}  // namespace piriform
