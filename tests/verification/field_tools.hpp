// Post-processing used by the verification tests: L2 error of a displacement field against an exact
// one, and the small-strain stress at a point.
#pragma once

#include <functional>

#include "engine/elements/quadrature.hpp"
#include "engine/elements/shape.hpp"
#include "engine/materials/material.hpp"
#include "engine/mesh/mesh.hpp"

namespace piriform::test {

// || u_h - u ||_L2 over the mesh, with a rule well above the element order.
inline double l2_error(const Mesh& mesh, const VecX& u, const std::function<Vec3(const Vec3&)>& exact) {
  const bool simplex = mesh.cell_type == CellType::Tet4 || mesh.cell_type == CellType::Tet10;
  const QuadratureRule rule = quadrature(mesh.cell_type, simplex ? 5 : 7);
  const int n = mesh.nodes_per_cell();
  Eigen::VectorXd N(n);
  Eigen::Matrix3Xd dN(3, n), Xe(3, n), ue(3, n);
  double sum = 0.0;
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    for (int a = 0; a < n; ++a) {
      Xe.col(a) = mesh.X.col(mesh.cell(c)[a]);
      ue.col(a) = u.segment<3>(3 * mesh.cell(c)[a]);
    }
    for (std::size_t q = 0; q < rule.size(); ++q) {
      shape_values(mesh.cell_type, rule.points[q].data(), N.data());
      shape_gradients(mesh.cell_type, rule.points[q].data(), dN.data());
      const double detJ = (Xe * dN.transpose()).determinant();
      sum += rule.weights[q] * detJ * (ue * N - exact(Xe * N)).squaredNorm();
    }
  }
  return std::sqrt(sum);
}

// Reference coordinates xi of point X in a straight-sided tetrahedral cell (first four nodes), or none.
inline bool locate_in_tet(const Mesh& mesh, Index c, const Vec3& X, Vec3& xi) {
  const Index* v = mesh.cell(c);
  Mat3 A;
  for (int i = 0; i < 3; ++i) A.col(i) = mesh.X.col(v[i + 1]) - mesh.X.col(v[0]);
  xi = A.inverse() * (X - mesh.X.col(v[0]));
  const double tol = 1e-10;
  return xi.minCoeff() >= -tol && xi.sum() <= 1.0 + tol;
}

// Small-strain Cauchy stress sigma = CC(I) : sym grad u_h at point X of a tetrahedral mesh.
inline Mat3 small_strain_stress_at(const Mesh& mesh, const VecX& u, const Material& mat, const Vec3& X) {
  const int n = mesh.nodes_per_cell();
  Eigen::Matrix3Xd dN(3, n), Xe(3, n), ue(3, n);
  Vec3 xi;
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    if (!locate_in_tet(mesh, c, X, xi)) continue;
    for (int a = 0; a < n; ++a) {
      Xe.col(a) = mesh.X.col(mesh.cell(c)[a]);
      ue.col(a) = u.segment<3>(3 * mesh.cell(c)[a]);
    }
    shape_gradients(mesh.cell_type, xi.data(), dN.data());
    const Mat3 J = Xe * dN.transpose();
    const Mat3 H = ue * (J.inverse().transpose() * dN).transpose();  // grad u
    const Mat3 eps = 0.5 * (H + H.transpose());
    Mat3 S;
    Mat6 CC;
    mat.stress(Mat3::Identity(), Vec3::Zero(), S, &CC);
    Vec6 e = to_voigt(eps);
    e.tail<3>() *= 2.0;  // engineering shear
    return from_voigt(CC * e);
  }
  throw std::runtime_error("point outside the mesh");
}

}  // namespace piriform::test
