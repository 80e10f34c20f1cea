// Structured meshes of boxes and cylinder sectors, for verification problems, benchmarks and the
// placeholder tissue block; anatomical meshes come from Gmsh.
#pragma once

#include <functional>

#include "engine/mesh/mesh.hpp"

namespace piriform {

struct BoxSpec {
  Vec3 lo = Vec3::Zero();
  Vec3 hi = Vec3::Ones();
  int nx = 2, ny = 2, nz = 2;  // cells (hexahedra before any tetrahedral split) per direction
  CellType type = CellType::Tet10;
};

// A box with facet sets xmin, xmax, ymin, ymax, zmin, zmax and one region "block". Tetrahedral types split
// every hexahedron into six tetrahedra around its main diagonal (conforming across the grid).
Mesh box_mesh(const BoxSpec& spec);
// The same on given grid lines (strictly increasing coordinates per direction), for graded meshes.
Mesh box_mesh(const std::vector<double>& xs, const std::vector<double>& ys, const std::vector<double>& zs,
              CellType type);

// Moves every node (including mid-edge nodes) through map; used for curved (isoparametric) geometry.
void map_nodes(Mesh& mesh, const std::function<Vec3(const Vec3&)>& map);

// Randomly moves interior corner nodes by up to `fraction` of the local grid spacing h and re-centres the
// mid-edge nodes, keeping every cell valid; boundary nodes stay put. For patch tests on distorted meshes.
void perturb_interior_nodes(Mesh& mesh, double h, double fraction, unsigned seed);

// A sector of a thick-walled cylinder (radii ri < ro, opening angle, axial length) meshed in (r, theta, z)
// and mapped so that mid-edge nodes lie on the arcs. Facet sets: inner, outer, theta0 (y = 0 plane),
// theta1 (the other cut), zmin, zmax.
struct CylinderSectorSpec {
  double ri = 1.0, ro = 2.0, angle = 1.5707963267948966, length = 0.25;
  int nr = 4, nt = 4, nz = 1;
  CellType type = CellType::Tet10;
};
Mesh cylinder_sector_mesh(const CylinderSectorSpec& spec);

}  // namespace piriform
