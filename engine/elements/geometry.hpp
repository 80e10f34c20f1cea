// The reference-to-physical map at one point of a cell or facet: Jacobian, its determinant, physical
// shape-function gradients, and facet tangents/area normal. Fixed-size, for the element kernels.
#pragma once

#include <Eigen/Core>
#include <Eigen/Geometry>
#include <Eigen/LU>

#include "engine/common/types.hpp"
#include "engine/elements/shape.hpp"

namespace piriform {

// Node coordinates of one cell, column a = node a (3-D space for every type: facets live in 3-D).
template <CellType T>
using NodeCoords = Eigen::Matrix<double, 3, Shape<T>::nodes>;

// Gradients w.r.t. physical coordinates, column a = grad N_a.
template <CellType T>
using PhysicalGradients = Eigen::Matrix<double, 3, Shape<T>::nodes>;

// J = dx/dxi = X dN^T: 3 x 3 for cells, 3 x 2 for facets (columns = the tangents x,xi and x,eta).
template <CellType T>
Eigen::Matrix<double, 3, Shape<T>::dim> jacobian(const NodeCoords<T>& X,
                                                 const typename Shape<T>::Gradients& dN) {
  return X * dN.transpose();
}

inline double jacobian_determinant(const Mat3& J) { return J.determinant(); }

// dN/dX = J^{-T} dN, from the chain rule dN/dxi = J^T dN/dX. J must be non-singular: check its
// determinant first (an inverted or degenerate cell has det J <= 0).
template <CellType T>
PhysicalGradients<T> physical_gradients(const Mat3& J, const typename Shape<T>::Gradients& dN) {
  static_assert(Shape<T>::dim == 3, "physical gradients are defined for 3-D cells");
  return J.inverse().transpose() * dN;
}

// Jacobian, its determinant and the physical gradients in one call; returns det J. dNdX is left
// untouched when det J == 0.
template <CellType T>
double map_gradients(const NodeCoords<T>& X, const typename Shape<T>::Gradients& dN,
                     PhysicalGradients<T>& dNdX) {
  static_assert(Shape<T>::dim == 3, "physical gradients are defined for 3-D cells");
  const Mat3 J = jacobian<T>(X, dN);
  const double det = J.determinant();
  if (det != 0.0) dNdX = J.inverse().transpose() * dN;
  return det;
}

// Tangents and area-weighted normal of a facet (dim 2) at one point: n = x,xi x x,eta, whose length is
// the surface Jacobian (dA = |n| dxi deta) and whose direction follows the right-hand rule on the
// facet's corners, i.e. points out of the cell for the faces given by local_faces().
struct FacetFrame {
  Vec3 t_xi;
  Vec3 t_eta;
  Vec3 area_normal;
};

inline Vec3 area_normal(const Eigen::Matrix<double, 3, 2>& J) { return J.col(0).cross(J.col(1)); }

template <CellType T>
FacetFrame facet_frame(const NodeCoords<T>& X, const typename Shape<T>::Gradients& dN) {
  static_assert(Shape<T>::dim == 2, "facet frames are defined for 2-D cell types");
  const Eigen::Matrix<double, 3, 2> J = jacobian<T>(X, dN);
  return {J.col(0), J.col(1), area_normal(J)};
}

}  // namespace piriform
