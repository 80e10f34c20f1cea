#include "engine/assembly/cell_geometry.hpp"

#include <fmt/format.h>

#include <Eigen/LU>

#include "engine/common/error.hpp"
#include "engine/elements/quadrature.hpp"
#include "engine/elements/shape.hpp"

namespace piriform {

CellGeometry::CellGeometry(const Mesh& mesh) {
  const auto rule = default_quadrature(mesh.cell_type);
  num_points_ = static_cast<int>(rule.size());
  nodes_ = mesh.nodes_per_cell();
  const Index nc = mesh.num_cells();
  grad_.resize(static_cast<std::size_t>(nc) * num_points_ * 3 * nodes_);
  weight_.resize(static_cast<std::size_t>(nc) * num_points_);
  values_.resize(static_cast<std::size_t>(num_points_) * nodes_);

  std::vector<Eigen::Matrix3Xd> dN(num_points_, Eigen::Matrix3Xd(3, nodes_));
  for (int q = 0; q < num_points_; ++q) {
    shape_values(mesh.cell_type, rule.points[q].data(),
                 values_.data() + static_cast<std::size_t>(q) * nodes_);
    shape_gradients(mesh.cell_type, rule.points[q].data(), dN[q].data());
  }
  Eigen::Matrix3Xd Xe(3, nodes_);
#pragma omp parallel for firstprivate(Xe) schedule(static)
  for (Index c = 0; c < nc; ++c) {
    for (int a = 0; a < nodes_; ++a) Xe.col(a) = mesh.X.col(mesh.cell(c)[a]);
    for (int q = 0; q < num_points_; ++q) {
      const Mat3 J = Xe * dN[q].transpose();  // J_iI = dX_i / dxi_I
      const double detJ = J.determinant();
      Eigen::Map<Eigen::Matrix3Xd> G(
          grad_.data() + (static_cast<std::size_t>(c) * num_points_ + q) * 3 * nodes_, 3, nodes_);
      G = J.transpose().inverse() * dN[q];
      weight_[static_cast<std::size_t>(c) * num_points_ + q] = rule.weights[q] * detJ;
    }
  }
  for (Index c = 0; c < nc; ++c)
    for (int q = 0; q < num_points_; ++q)
      if (!(weight(c, q) > 0.0))
        throw InputError(
            fmt::format("cell {} is inverted or degenerate in the reference mesh (det J = {} at "
                        "quadrature point {})",
                        c, weight(c, q) / rule.weights[q], q));
}

}  // namespace piriform
