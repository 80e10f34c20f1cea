// Reference geometry of a loaded facet set, copied out of the mesh: the points at which the assembler
// integrates surface loads on it, and closest-point queries with the outward normal there.
#pragma once

#include <array>
#include <vector>

#include "engine/common/types.hpp"
#include "engine/mesh/mesh.hpp"

namespace piriform {

// A quadrature point of a facet: reference position, unit outward normal, and its weight times the area
// Jacobian (so that the integral of g over the surface is the sum of g(X) dA).
struct SurfacePoint {
  Vec3 X;
  Vec3 normal;
  double dA;
};

// The quadrature points of every facet of `set`, in facet order, with the rule and the expressions that
// Assembler uses for a TractionLoad (default_quadrature(set.type); X = sum_a N_a X_a;
// dA = w |X_xi x X_eta|), so that a load normalised with them sums to its target in the assembled force
// vector to round-off.
std::vector<SurfacePoint> surface_quadrature_points(const Mesh& mesh, const FacetSet& set);

// Closest points on a facet set. Facets are approximated by flat sub-triangles through their corner and
// mid-edge nodes (and, for quadrilaterals, the facet centre), which is exact for flat facets and within the
// facet's sagitta for curved quadratic ones; the normal is that of the curved facet at the point found. A
// uniform grid keeps queries near the surface at a few dozen triangles.
class SurfaceLocator {
 public:
  SurfaceLocator(const Mesh& mesh, const FacetSet& set);

  struct Hit {
    Vec3 point;   // closest point
    Vec3 normal;  // unit outward normal of the facet there
    double distance = 0.0;
    Index facet = -1;
  };
  Hit closest(const Vec3& X) const;

  // The largest distance between two corners of a facet: the coarsest resolution of the surface mesh.
  double max_facet_size() const { return max_facet_size_; }

 private:
  struct Triangle {
    std::array<Vec3, 3> X;
    std::array<Vec2, 3> xi;  // facet reference coordinates of the corners
    Index facet;
  };
  void consider(const Triangle& tri, const Vec3& X, Hit& best) const;

  CellType type_;
  Eigen::Matrix3Xd facet_X_;  // node positions of facet f in columns f * num_nodes(type_) + a
  std::vector<Triangle> triangles_;
  double max_edge_ = 0.0;  // of the sub-triangles: sets the grid spacing
  double max_facet_size_ = 0.0;
  Vec3 lo_ = Vec3::Zero(), hi_ = Vec3::Zero();
  double h_ = 1.0;
  std::array<int, 3> dims_{1, 1, 1};
  std::vector<Index> cell_start_, cell_triangles_;  // compressed rows: triangles overlapping each grid cell
};

}  // namespace piriform
