#include "engine/mesh/mesh.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <map>

#include "engine/common/error.hpp"
#include "engine/elements/quadrature.hpp"
#include "engine/elements/shape.hpp"
#include "engine/mesh/quality.hpp"

namespace piriform {

Index FacetSet::size() const { return static_cast<Index>(nodes.size() / num_nodes(type)); }

Index Mesh::num_cells() const { return static_cast<Index>(cells.size() / nodes_per_cell()); }

namespace {
std::string joined(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}
}  // namespace

int Mesh::region_id(std::string_view name) const {
  for (std::size_t i = 0; i < region_names.size(); ++i)
    if (region_names[i] == name) return static_cast<int>(i);
  throw InputError(fmt::format("mesh has no region '{}'; its regions are: {}", name, joined(region_names)));
}

bool Mesh::has_facet_set(std::string_view name) const {
  return std::any_of(facet_sets.begin(), facet_sets.end(), [&](const FacetSet& s) { return s.name == name; });
}

const FacetSet& Mesh::facet_set(std::string_view name) const {
  for (const auto& s : facet_sets)
    if (s.name == name) return s;
  std::vector<std::string> names;
  for (const auto& s : facet_sets) names.push_back(s.name);
  throw InputError(fmt::format("mesh has no surface '{}'; its surfaces are: {}", name, joined(names)));
}

void Mesh::validate() const {
  if (dimension(cell_type) != 3)
    throw InputError(fmt::format("mesh cells must be volume cells, got {}", cell_type_name(cell_type)));
  const auto npc = static_cast<std::size_t>(nodes_per_cell());
  if (cells.size() % npc != 0)
    throw InputError(fmt::format("mesh connectivity has {} entries, not a multiple of {} ({})", cells.size(),
                                 npc, cell_type_name(cell_type)));
  const Index nn = num_nodes();
  for (Index v : cells)
    if (v < 0 || v >= nn) throw InputError(fmt::format("mesh cell refers to node {} of {}", v, nn));
  if (cell_region.size() != static_cast<std::size_t>(num_cells()))
    throw InputError(fmt::format("mesh has {} cells but {} region entries", num_cells(), cell_region.size()));
  for (int r : cell_region)
    if (r < 0 || r >= static_cast<int>(region_names.size()))
      throw InputError(fmt::format("mesh cell has region number {} of {}", r, region_names.size()));
  if (fibre.cols() != 0) {
    if (fibre.cols() != num_cells())
      throw InputError(fmt::format("mesh has {} cells but {} fibre directions", num_cells(), fibre.cols()));
    for (Index c = 0; c < num_cells(); ++c) {
      const double n = fibre.col(c).norm();
      if (n != 0.0 && std::abs(n - 1.0) > 1e-8)
        throw InputError(fmt::format("fibre direction of cell {} has length {} (expected 1 or 0)", c, n));
    }
  }
  for (const auto& s : facet_sets) {
    if (s.type != facet_type(cell_type))
      throw InputError(fmt::format("surface '{}' has {} facets; {} cells need {}", s.name,
                                   cell_type_name(s.type), cell_type_name(cell_type),
                                   cell_type_name(facet_type(cell_type))));
    for (Index v : s.nodes)
      if (v < 0 || v >= nn)
        throw InputError(fmt::format("surface '{}' refers to node {} of {}", s.name, v, nn));
  }
  // det J at the quadrature points and nodes, not just the volume: a cell folded over one Gauss point can
  // keep a positive volume.
  const MeshQuality q = mesh_quality(*this);
  if (q.non_positive_cells > 0) {
    const CellQuality c = cell_quality(*this, q.first_non_positive);
    throw InputError(
        fmt::format("cell {} is inverted or degenerate in the reference mesh (min det J {:.3g} over "
                    "its quadrature points and nodes, scaled Jacobian {:.3g}); {} such cells",
                    q.first_non_positive, c.min_det_j, c.scaled_jacobian, q.non_positive_cells));
  }
}

FacetSet boundary_facets(const Mesh& mesh, std::string name) {
  const auto& faces = local_faces(mesh.cell_type);
  const CellType ft = facet_type(mesh.cell_type);
  const int nf = num_nodes(ft);
  // A face shared by two cells appears twice with the same corner set; boundary faces appear once.
  std::map<std::array<Index, 4>, std::pair<int, std::array<Index, 8>>> seen;
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    const Index* cell = mesh.cell(c);
    for (const auto& face : faces) {
      std::array<Index, 8> nodes{};
      for (int i = 0; i < nf; ++i) nodes[i] = cell[face.nodes[i]];
      std::array<Index, 4> key{-1, -1, -1, -1};
      const int corners = num_corners(ft);
      std::copy(nodes.begin(), nodes.begin() + corners, key.begin());
      // Insertion sort of at most four corners (std::sort here trips a GCC 12 -Warray-bounds false positive).
      for (int i = 1; i < corners; ++i)
        for (int j = i; j > 0 && key[j - 1] > key[j]; --j) std::swap(key[j - 1], key[j]);
      auto [it, inserted] = seen.try_emplace(key, 0, nodes);
      ++it->second.first;
    }
  }
  FacetSet out{std::move(name), ft, {}};
  for (const auto& [key, entry] : seen)
    if (entry.first == 1) out.nodes.insert(out.nodes.end(), entry.second.begin(), entry.second.begin() + nf);
  return out;
}

Vec3 facet_centroid(const Mesh& mesh, const FacetSet& set, Index f) {
  const int corners = num_corners(set.type);
  Vec3 c = Vec3::Zero();
  for (int i = 0; i < corners; ++i) c += mesh.X.col(set.facet(f)[i]);
  return c / corners;
}

Vec3 facet_normal(const Mesh& mesh, const FacetSet& set, Index f) {
  const Index* v = set.facet(f);
  const Vec3 x0 = mesh.X.col(v[0]), x1 = mesh.X.col(v[1]), x2 = mesh.X.col(v[2]);
  // For quadrilaterals the cross product of the diagonals is the mean normal of the (possibly warped) face.
  const Vec3 n = num_corners(set.type) == 4 ? Vec3((x2 - x0).cross(Vec3(mesh.X.col(v[3])) - x1))
                                            : Vec3((x1 - x0).cross(x2 - x0));
  return n.normalized();
}

std::vector<double> cell_volumes(const Mesh& mesh) {
  const auto rule = default_quadrature(mesh.cell_type);
  const int n = mesh.nodes_per_cell();
  std::vector<double> dN(3 * static_cast<std::size_t>(n));
  std::vector<double> out(mesh.num_cells(), 0.0);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    const Index* cell = mesh.cell(c);
    for (std::size_t q = 0; q < rule.size(); ++q) {
      shape_gradients(mesh.cell_type, rule.points[q].data(), dN.data());
      Mat3 J = Mat3::Zero();
      for (int a = 0; a < n; ++a)
        for (int d = 0; d < 3; ++d) J.col(d) += mesh.X.col(cell[a]) * dN[a * 3 + d];
      out[c] += rule.weights[q] * J.determinant();
    }
  }
  return out;
}

std::vector<Index> facet_set_nodes(const FacetSet& set) {
  std::vector<Index> nodes = set.nodes;
  std::sort(nodes.begin(), nodes.end());
  nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
  return nodes;
}

}  // namespace piriform
