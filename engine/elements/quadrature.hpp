// Quadrature rules on the reference domains of shape.hpp (unit simplices, [-1,1]^d), all with positive
// weights and interior points, so that integrated energies and mass matrices keep their sign.
#pragma once

#include <Eigen/Core>
#include <cstddef>
#include <vector>

#include "engine/elements/cell_type.hpp"

namespace piriform {

struct QuadratureRule {
  int dim;     // 2 or 3; points of 2-D rules have a zero third coordinate
  int degree;  // highest total polynomial degree integrated exactly (>= the degree asked for)
  std::vector<Eigen::Vector3d> points;
  std::vector<double> weights;  // sum to the reference measure: 1/2, 1/6, 4, 8

  std::size_t size() const { return weights.size(); }
};

// A rule exact for every polynomial of total degree <= degree on t's reference domain. Supported:
// triangles and tetrahedra up to degree 5, quadrilaterals and hexahedra up to 9 (Gauss-Legendre with
// n = 1..5 points per direction, exact to 2n - 1 in each variable). Throws InputError otherwise.
QuadratureRule quadrature(CellType t, int degree);

// The rule the element kernels use unless told otherwise: Tet4 1 point; Tet10 4 points (degree 2);
// Hex8 2x2x2; Hex20 3x3x3; Tri3 degree 2 (pressure on a deforming Tri3 face is quadratic);
// Tri6 degree 4; Quad4 2x2; Quad8 3x3.
QuadratureRule default_quadrature(CellType t);

}  // namespace piriform
