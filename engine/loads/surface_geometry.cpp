// Quadrature points of a facet set (mirroring Assembler's surface loads) and closest-point queries on it.
#include "engine/loads/surface_geometry.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/common/error.hpp"
#include "engine/elements/quadrature.hpp"
#include "engine/elements/shape.hpp"

namespace piriform {

std::vector<SurfacePoint> surface_quadrature_points(const Mesh& mesh, const FacetSet& set) {
  const int n = num_nodes(set.type);
  const auto rule = default_quadrature(set.type);
  std::vector<Eigen::VectorXd> N;
  std::vector<Eigen::Matrix2Xd> dN;
  for (std::size_t q = 0; q < rule.size(); ++q) {
    N.emplace_back(n);
    dN.emplace_back(2, n);
    shape_values(set.type, rule.points[q].data(), N.back().data());
    shape_gradients(set.type, rule.points[q].data(), dN.back().data());
  }
  // The same matrix types and products as Assembler::add_surface_loads, so that X and dA agree bit for bit.
  Eigen::Matrix<double, 3, Eigen::Dynamic, 0, 3, 8> X(3, n);
  std::vector<SurfacePoint> out;
  out.reserve(static_cast<std::size_t>(set.size()) * rule.size());
  for (Index f = 0; f < set.size(); ++f) {
    const Index* v = set.facet(f);
    for (int a = 0; a < n; ++a) X.col(a) = mesh.X.col(v[a]);
    for (std::size_t q = 0; q < rule.size(); ++q) {
      const Vec3 X_xi = X * dN[q].row(0).transpose(), X_eta = X * dN[q].row(1).transpose();
      const Vec3 area = X_xi.cross(X_eta);
      const double dA = rule.weights[q] * X_xi.cross(X_eta).norm();
      const Vec3 Xq = X * N[q];
      out.push_back({Xq, area.normalized(), dA});
    }
  }
  return out;
}

namespace {

// Sub-triangles of each facet type over its nodes (and, for quadrilaterals, the centre as point n),
// with the reference coordinates of those points (shape.hpp's reference elements).
struct Split {
  std::vector<Vec2> xi;
  std::vector<std::array<int, 3>> triangles;
};

const Split& split(CellType t) {
  static const Split tri3{{{0, 0}, {1, 0}, {0, 1}}, {{0, 1, 2}}};
  static const Split tri6{{{0, 0}, {1, 0}, {0, 1}, {0.5, 0}, {0.5, 0.5}, {0, 0.5}},
                          {{0, 3, 5}, {3, 1, 4}, {5, 4, 2}, {3, 4, 5}}};
  static const Split quad4{{{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {0, 0}},
                           {{0, 1, 4}, {1, 2, 4}, {2, 3, 4}, {3, 0, 4}}};
  static const Split quad8{
      {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}, {0, -1}, {1, 0}, {0, 1}, {-1, 0}, {0, 0}},
      {{0, 4, 8}, {4, 1, 8}, {1, 5, 8}, {5, 2, 8}, {2, 6, 8}, {6, 3, 8}, {3, 7, 8}, {7, 0, 8}}};
  switch (t) {
    case CellType::Tri3:
      return tri3;
    case CellType::Tri6:
      return tri6;
    case CellType::Quad4:
      return quad4;
    case CellType::Quad8:
      return quad8;
    default:
      throw InputError(
          fmt::format("surface facets must be triangles or quadrilaterals, got {}", cell_type_name(t)));
  }
}

// Barycentric coordinates of the point of triangle abc closest to p (Ericson, Real-Time Collision
// Detection, 2005, §5.1.5: Voronoi regions of the vertices, then the edges, then the face).
Vec3 closest_barycentric(const Vec3& p, const Vec3& a, const Vec3& b, const Vec3& c) {
  const Vec3 ab = b - a, ac = c - a, ap = p - a;
  const double d1 = ab.dot(ap), d2 = ac.dot(ap);
  if (d1 <= 0.0 && d2 <= 0.0) return {1, 0, 0};
  const Vec3 bp = p - b;
  const double d3 = ab.dot(bp), d4 = ac.dot(bp);
  if (d3 >= 0.0 && d4 <= d3) return {0, 1, 0};
  const double vc = d1 * d4 - d3 * d2;
  if (vc <= 0.0 && d1 >= 0.0 && d3 <= 0.0) {
    const double v = d1 / (d1 - d3);
    return {1 - v, v, 0};
  }
  const Vec3 cp = p - c;
  const double d5 = ab.dot(cp), d6 = ac.dot(cp);
  if (d6 >= 0.0 && d5 <= d6) return {0, 0, 1};
  const double vb = d5 * d2 - d1 * d6;
  if (vb <= 0.0 && d2 >= 0.0 && d6 <= 0.0) {
    const double w = d2 / (d2 - d6);
    return {1 - w, 0, w};
  }
  const double va = d3 * d6 - d5 * d4;
  if (va <= 0.0 && d4 - d3 >= 0.0 && d5 - d6 >= 0.0) {
    const double w = (d4 - d3) / ((d4 - d3) + (d5 - d6));
    return {0, 1 - w, w};
  }
  const double denom = 1.0 / (va + vb + vc);
  const double v = vb * denom, w = vc * denom;
  return {1 - v - w, v, w};
}

}  // namespace

SurfaceLocator::SurfaceLocator(const Mesh& mesh, const FacetSet& set) : type_(set.type) {
  const Split& s = split(set.type);
  const int n = num_nodes(set.type);
  facet_X_.resize(3, static_cast<Index>(set.size()) * n);
  std::vector<Vec3> local(s.xi.size());
  Eigen::VectorXd N(n);
  for (Index f = 0; f < set.size(); ++f) {
    const Index* v = set.facet(f);
    for (int a = 0; a < n; ++a) facet_X_.col(f * n + a) = mesh.X.col(v[a]);
    for (int a = 0; a < num_corners(set.type); ++a)
      for (int b = 0; b < a; ++b)
        max_facet_size_ = std::max(max_facet_size_, (mesh.X.col(v[a]) - mesh.X.col(v[b])).norm());
    for (std::size_t p = 0; p < s.xi.size(); ++p) {
      if (static_cast<int>(p) < n) {
        local[p] = mesh.X.col(v[p]);
        continue;
      }
      shape_values(set.type, s.xi[p].data(), N.data());
      local[p] = facet_X_.middleCols(f * n, n) * N;
    }
    for (const auto& t : s.triangles) {
      Triangle tri{{local[t[0]], local[t[1]], local[t[2]]}, {s.xi[t[0]], s.xi[t[1]], s.xi[t[2]]}, f};
      for (int e = 0; e < 3; ++e) max_edge_ = std::max(max_edge_, (tri.X[(e + 1) % 3] - tri.X[e]).norm());
      triangles_.push_back(tri);
    }
  }
  if (triangles_.empty()) return;

  // Grid cells about one triangle wide, so that each triangle overlaps at most eight of them; coarser
  // when that would make far more cells than triangles (a surface fills little of its bounding box).
  lo_ = hi_ = triangles_[0].X[0];
  for (const auto& tri : triangles_)
    for (const auto& x : tri.X) {
      lo_ = lo_.cwiseMin(x);
      hi_ = hi_.cwiseMax(x);
    }
  const Vec3 extent = hi_ - lo_;
  h_ = std::max(max_edge_, 1e-9 * std::max(1.0, extent.maxCoeff()));
  const double max_cells = 8.0 * static_cast<double>(triangles_.size()) + 64.0;
  for (;;) {
    double total = 1.0;
    for (int d = 0; d < 3; ++d) {
      dims_[d] = static_cast<int>(std::floor(extent[d] / h_)) + 1;
      total *= dims_[d];
    }
    if (total <= max_cells) break;
    h_ *= 1.25;
  }
  hi_ = lo_ + h_ * Vec3(dims_[0], dims_[1], dims_[2]);
  auto cell_of = [&](const Vec3& x, int d) {
    return std::clamp(static_cast<int>(std::floor((x[d] - lo_[d]) / h_)), 0, dims_[d] - 1);
  };
  const std::size_t num_cells = static_cast<std::size_t>(dims_[0]) * dims_[1] * dims_[2];
  std::vector<std::vector<Index>> members(num_cells);
  for (std::size_t i = 0; i < triangles_.size(); ++i) {
    const auto& tri = triangles_[i];
    const Vec3 tlo = tri.X[0].cwiseMin(tri.X[1]).cwiseMin(tri.X[2]);
    const Vec3 thi = tri.X[0].cwiseMax(tri.X[1]).cwiseMax(tri.X[2]);
    for (int k = cell_of(tlo, 2); k <= cell_of(thi, 2); ++k)
      for (int j = cell_of(tlo, 1); j <= cell_of(thi, 1); ++j)
        for (int l = cell_of(tlo, 0); l <= cell_of(thi, 0); ++l)
          members[(static_cast<std::size_t>(k) * dims_[1] + j) * dims_[0] + l].push_back(
              static_cast<Index>(i));
  }
  cell_start_.assign(num_cells + 1, 0);
  for (std::size_t c = 0; c < num_cells; ++c)
    cell_start_[c + 1] = cell_start_[c] + static_cast<Index>(members[c].size());
  cell_triangles_.reserve(cell_start_.back());
  for (const auto& m : members) cell_triangles_.insert(cell_triangles_.end(), m.begin(), m.end());
}

void SurfaceLocator::consider(const Triangle& tri, const Vec3& X, Hit& best) const {
  const Vec3 b = closest_barycentric(X, tri.X[0], tri.X[1], tri.X[2]);
  const Vec3 p = b[0] * tri.X[0] + b[1] * tri.X[1] + b[2] * tri.X[2];
  const double d = (X - p).norm();
  if (d >= best.distance) return;
  best.distance = d;
  best.point = p;
  best.facet = tri.facet;
  // Barycentric coordinates carry over to the facet's reference coordinates, where the normal is exact.
  const Vec2 xi = b[0] * tri.xi[0] + b[1] * tri.xi[1] + b[2] * tri.xi[2];
  const int n = num_nodes(type_);
  Eigen::Matrix2Xd dN(2, n);
  shape_gradients(type_, xi.data(), dN.data());
  const auto Xf = facet_X_.middleCols(static_cast<Index>(tri.facet) * n, n);
  const Vec3 X_xi = Xf * dN.row(0).transpose(), X_eta = Xf * dN.row(1).transpose();
  best.normal = X_xi.cross(X_eta).normalized();
}

SurfaceLocator::Hit SurfaceLocator::closest(const Vec3& X) const {
  Hit best;
  best.distance = std::numeric_limits<double>::infinity();
  if (triangles_.empty()) return best;
  // Search rings of grid cells around the cell of X's projection onto the grid's box; every cell beyond
  // ring r is at least r * h_ away from that projection, and so from X (projection onto a convex set
  // does not increase distances).
  const Vec3 q = X.cwiseMax(lo_).cwiseMin(hi_);
  std::array<int, 3> c0;
  for (int d = 0; d < 3; ++d)
    c0[d] = std::clamp(static_cast<int>(std::floor((q[d] - lo_[d]) / h_)), 0, dims_[d] - 1);
  const int max_ring = std::max({dims_[0], dims_[1], dims_[2]});
  for (int r = 0; r <= max_ring; ++r) {
    for (int k = std::max(0, c0[2] - r); k <= std::min(dims_[2] - 1, c0[2] + r); ++k)
      for (int j = std::max(0, c0[1] - r); j <= std::min(dims_[1] - 1, c0[1] + r); ++j)
        for (int l = std::max(0, c0[0] - r); l <= std::min(dims_[0] - 1, c0[0] + r); ++l) {
          if (std::max({std::abs(k - c0[2]), std::abs(j - c0[1]), std::abs(l - c0[0])}) != r) continue;
          const std::size_t c = (static_cast<std::size_t>(k) * dims_[1] + j) * dims_[0] + l;
          for (Index i = cell_start_[c]; i < cell_start_[c + 1]; ++i)
            consider(triangles_[cell_triangles_[i]], X, best);
        }
    if (best.distance <= r * h_) break;
  }
  return best;
}

}  // namespace piriform
