// The stiffness matrix's sparsity pattern over the free equations, computed once per mesh and set of
// supports, with the positions each cell writes to, and a colouring of the cells for race-free
// deterministic parallel assembly.
#pragma once

#include <Eigen/SparseCore>
#include <vector>

#include "engine/assembly/dof_map.hpp"

namespace piriform {

using SpMat = Eigen::SparseMatrix<double, Eigen::ColMajor, int>;

// Where an element with nodes v[0..n) scatters into the compressed matrix: for node pair (a, b) and
// component k of b, the value index of the first free component of node a in column eq(3 v[b] + k),
// or -1 when that column is constrained or node a has no free component. The free components of a node
// are consecutive rows, so the rest follow.
class ScatterMap {
 public:
  void build(const SpMat& pattern, const DofMap& dofs, const Index* nodes, int n, std::size_t element);
  void resize(std::size_t elements, int n) {
    n_ = n;
    pos_.assign(elements * n * n * 3, -1);
  }
  const int* element(std::size_t e) const { return pos_.data() + e * n_ * n_ * 3; }

 private:
  int n_ = 0;
  std::vector<int> pos_;
};

class SparsityPattern {
 public:
  SparsityPattern(const Mesh& mesh, const DofMap& dofs);

  const SpMat& pattern() const { return pattern_; }  // full (both triangles), compressed, zero values
  const ScatterMap& cells() const { return cells_; }
  // Cells grouped by colour: no two cells of one colour share a node.
  const std::vector<Index>& colour_offsets() const { return colour_offsets_; }
  const std::vector<Index>& coloured_cells() const { return coloured_cells_; }
  int num_colours() const { return static_cast<int>(colour_offsets_.size()) - 1; }

 private:
  SpMat pattern_;
  ScatterMap cells_;
  std::vector<Index> colour_offsets_;
  std::vector<Index> coloured_cells_;
};

}  // namespace piriform
