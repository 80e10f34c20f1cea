// Reference-configuration geometry of every cell at its quadrature points, computed once: gradients of
// the shape functions with respect to X and the weights w * det(dX/dxi).
#pragma once

#include <vector>

#include "engine/mesh/mesh.hpp"

namespace piriform {

class CellGeometry {
 public:
  explicit CellGeometry(const Mesh& mesh);

  int num_points() const { return num_points_; }
  int nodes() const { return nodes_; }
  // dN/dX at point q of cell c: 3 x nodes, column-major.
  const double* grad(Index c, int q) const {
    return grad_.data() + (static_cast<std::size_t>(c) * num_points_ + q) * 3 * nodes_;
  }
  double weight(Index c, int q) const { return weight_[static_cast<std::size_t>(c) * num_points_ + q]; }
  // Shape function values at point q (the same for every cell).
  const double* values(int q) const { return values_.data() + static_cast<std::size_t>(q) * nodes_; }

 private:
  int num_points_ = 0, nodes_ = 0;
  std::vector<double> grad_, weight_, values_;
};

}  // namespace piriform
