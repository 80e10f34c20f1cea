#include "engine/mesh/structured.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>
#include <map>
#include <random>

#include "engine/common/error.hpp"

namespace piriform {

namespace {

CellType linear_type(CellType type) {
  switch (type) {
    case CellType::Tet10:
      return CellType::Tet4;
    case CellType::Hex20:
      return CellType::Hex8;
    default:
      return type;
  }
}

// Adds one node per cell edge (shared between cells) and turns Tet4/Hex8 cells into Tet10/Hex20.
void elevate(Mesh& mesh, CellType target) {
  const auto edges = local_edges(target);
  const int nc = num_corners(target), nt = num_nodes(target);
  std::map<std::pair<Index, Index>, Index> mid;
  std::vector<Vec3> added;
  std::vector<Index> cells;
  cells.reserve(static_cast<std::size_t>(mesh.num_cells()) * nt);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    const Index* cell = mesh.cell(c);
    cells.insert(cells.end(), cell, cell + nc);
    for (const auto& [a, b] : edges) {
      const auto key = std::minmax(cell[a], cell[b]);
      auto [it, inserted] = mid.try_emplace(key, mesh.num_nodes() + static_cast<Index>(added.size()));
      if (inserted) added.push_back(0.5 * (mesh.X.col(cell[a]) + mesh.X.col(cell[b])));
      cells.push_back(it->second);
    }
  }
  const Index n0 = mesh.num_nodes();
  mesh.X.conservativeResize(3, n0 + static_cast<Index>(added.size()));
  for (std::size_t i = 0; i < added.size(); ++i) mesh.X.col(n0 + static_cast<Index>(i)) = added[i];
  mesh.cells = std::move(cells);
  mesh.cell_type = target;
}

}  // namespace

static std::vector<double> uniform_lines(double lo, double hi, int n) {
  std::vector<double> out(n + 1);
  for (int i = 0; i <= n; ++i) out[i] = lo + (hi - lo) * i / n;
  return out;
}

Mesh box_mesh(const BoxSpec& s) {
  return box_mesh(uniform_lines(s.lo[0], s.hi[0], s.nx), uniform_lines(s.lo[1], s.hi[1], s.ny),
                  uniform_lines(s.lo[2], s.hi[2], s.nz), s.type);
}

Mesh box_mesh(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& zs,
              CellType type) {
  for (const auto* lines : {&xs, &ys, &zs}) {
    if (lines->size() < 2) throw InputError("box mesh needs at least one cell per direction");
    for (std::size_t i = 1; i < lines->size(); ++i)
      if (!((*lines)[i] > (*lines)[i - 1])) throw InputError("box mesh grid lines must increase strictly");
  }
  if (dimension(type) != 3) throw InputError("box mesh needs a volume cell type");

  Mesh mesh;
  const int px = static_cast<int>(xs.size()), py = static_cast<int>(ys.size()),
            pz = static_cast<int>(zs.size());
  const int nx = px - 1, ny = py - 1, nz = pz - 1;
  const Vec3 lo(xs.front(), ys.front(), zs.front()), hi(xs.back(), ys.back(), zs.back());
  mesh.X.resize(3, static_cast<Index>(px) * py * pz);
  auto vid = [&](int i, int j, int k) { return static_cast<Index>(i + px * (j + py * k)); };
  for (int k = 0; k < pz; ++k)
    for (int j = 0; j < py; ++j)
      for (int i = 0; i < px; ++i) mesh.X.col(vid(i, j, k)) = Vec3(xs[i], ys[j], zs[k]);

  const CellType base = linear_type(type);
  mesh.cell_type = base;
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < ny; ++j)
      for (int i = 0; i < nx; ++i) {
        // Hexahedron corners in Gmsh order: bottom face counter-clockwise, then top face.
        const std::array<Index, 8> h = {
            vid(i, j, k),     vid(i + 1, j, k),     vid(i + 1, j + 1, k),     vid(i, j + 1, k),
            vid(i, j, k + 1), vid(i + 1, j, k + 1), vid(i + 1, j + 1, k + 1), vid(i, j + 1, k + 1)};
        if (base == CellType::Hex8) {
          mesh.cells.insert(mesh.cells.end(), h.begin(), h.end());
          continue;
        }
        // Kuhn split: one tetrahedron per path 0 -> 6 along the axes, identical in every hexahedron so
        // that the face diagonals match between neighbours.
        static constexpr int axes[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2}, {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
        static constexpr int corner_of_bits[8] = {0, 1, 3, 2, 4, 5, 7, 6};  // bits (x,y,z) -> hex corner
        for (const auto& path : axes) {
          int bits = 0;
          std::array<Index, 4> t{};
          t[0] = h[0];
          for (int step = 0; step < 3; ++step) {
            bits |= 1 << path[step];
            t[step + 1] = h[corner_of_bits[bits]];
          }
          const Vec3 e1 = mesh.X.col(t[1]) - mesh.X.col(t[0]), e2 = mesh.X.col(t[2]) - mesh.X.col(t[0]),
                     e3 = mesh.X.col(t[3]) - mesh.X.col(t[0]);
          if (e1.cross(e2).dot(e3) < 0.0) std::swap(t[1], t[2]);
          mesh.cells.insert(mesh.cells.end(), t.begin(), t.end());
        }
      }
  if (type != base) elevate(mesh, type);
  mesh.region_names = {"block"};
  mesh.cell_region.assign(mesh.num_cells(), 0);

  const FacetSet boundary = boundary_facets(mesh);
  const double tol = 1e-9 * (hi - lo).norm();
  static const char* names[3][2] = {{"xmin", "xmax"}, {"ymin", "ymax"}, {"zmin", "zmax"}};
  for (int d = 0; d < 3; ++d)
    for (int side = 0; side < 2; ++side) {
      const double plane = side == 0 ? lo[d] : hi[d];
      mesh.facet_sets.push_back(
          select_facets(mesh, boundary, names[d][side],
                        [&](const Vec3& c, const Vec3&) { return std::abs(c[d] - plane) < tol; }));
    }
  return mesh;
}

void map_nodes(Mesh& mesh, const std::function<Vec3(const Vec3&)>& map) {
  for (Index i = 0; i < mesh.num_nodes(); ++i) mesh.X.col(i) = map(mesh.X.col(i));
}

void perturb_interior_nodes(Mesh& mesh, double h, double fraction, unsigned seed) {
  std::vector<char> fixed(mesh.num_nodes(), 0);
  for (Index v : boundary_facets(mesh).nodes) fixed[v] = 1;
  std::vector<char> corner(mesh.num_nodes(), 0);
  const int nc = num_corners(mesh.cell_type);
  for (Index c = 0; c < mesh.num_cells(); ++c)
    for (int a = 0; a < nc; ++a) corner[mesh.cell(c)[a]] = 1;
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-fraction * h, fraction * h);
  for (Index i = 0; i < mesh.num_nodes(); ++i)
    if (corner[i] && !fixed[i]) mesh.X.col(i) += Vec3(u(rng), u(rng), u(rng));
  if (nc == mesh.nodes_per_cell()) return;
  const auto edges = local_edges(mesh.cell_type);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    const Index* cell = mesh.cell(c);
    for (std::size_t m = 0; m < edges.size(); ++m)
      mesh.X.col(cell[nc + m]) = 0.5 * (mesh.X.col(cell[edges[m][0]]) + mesh.X.col(cell[edges[m][1]]));
  }
}

Mesh cylinder_sector_mesh(const CylinderSectorSpec& s) {
  if (!(s.ri > 0.0 && s.ro > s.ri && s.angle > 0.0 && s.angle < 2.0 * M_PI && s.length > 0.0))
    throw InputError("cylinder sector needs 0 < ri < ro, 0 < angle < 2 pi and length > 0");
  Mesh mesh = box_mesh({Vec3(s.ri, 0.0, 0.0), Vec3(s.ro, s.angle, s.length), s.nr, s.nt, s.nz, s.type});
  map_nodes(mesh, [](const Vec3& p) { return Vec3(p[0] * std::cos(p[1]), p[0] * std::sin(p[1]), p[2]); });
  static const std::map<std::string, std::string> renamed = {{"xmin", "inner"},  {"xmax", "outer"},
                                                             {"ymin", "theta0"}, {"ymax", "theta1"},
                                                             {"zmin", "zmin"},   {"zmax", "zmax"}};
  for (auto& set : mesh.facet_sets) set.name = renamed.at(set.name);
  return mesh;
}

}  // namespace piriform
