// The stiffness matrix's sparsity pattern over the free equations, computed once per mesh and set of
// supports, with the positions each cell writes to, and a colouring of blocks of consecutive cells for
// race-free deterministic parallel assembly.
#pragma once

#include <Eigen/SparseCore>
#include <algorithm>
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

// Cells are assembled in blocks of consecutive cell numbers: neighbouring cells (mesh generators number
// them close together) write to the same matrix columns while those are still in cache, where colouring
// single cells spreads every colour over the whole mesh and matrix. Blocks of one colour share no node,
// so threads can assemble them concurrently; each entry is summed in the same order for any number of
// threads.
class SparsityPattern {
 public:
  // cells_per_block = 0 picks a size from the number of cells.
  SparsityPattern(const Mesh& mesh, const DofMap& dofs, Index cells_per_block = 0);

  const SpMat& pattern() const { return pattern_; }  // full (both triangles), compressed, zero values
  const ScatterMap& cells() const { return cells_; }

  Index cells_per_block() const { return cells_per_block_; }
  // Blocks grouped by colour: blocks colour_offsets()[k] .. colour_offsets()[k+1] of coloured_blocks().
  const std::vector<Index>& colour_offsets() const { return colour_offsets_; }
  const std::vector<Index>& coloured_blocks() const { return coloured_blocks_; }
  int num_colours() const { return static_cast<int>(colour_offsets_.size()) - 1; }
  // The cells of block b: [first, last).
  Index block_begin(Index b) const { return b * cells_per_block_; }
  Index block_end(Index b) const { return std::min(num_cells_, (b + 1) * cells_per_block_); }

 private:
  SpMat pattern_;
  ScatterMap cells_;
  Index num_cells_ = 0;
  Index cells_per_block_ = 1;
  std::vector<Index> colour_offsets_;
  std::vector<Index> coloured_blocks_;
};

}  // namespace piriform
