#include "engine/assembly/sparsity.hpp"

#include <algorithm>

namespace piriform {

void ScatterMap::build(const SpMat& pattern, const DofMap& dofs, const Index* nodes, int n,
                       std::size_t element) {
  int* out = pos_.data() + element * n * n * 3;
  const int* outer = pattern.outerIndexPtr();
  const int* inner = pattern.innerIndexPtr();
  for (int b = 0; b < n; ++b)
    for (int k = 0; k < 3; ++k) {
      const Index col = dofs.eq(3 * nodes[b] + k);
      for (int a = 0; a < n; ++a) {
        int& p = out[(a * n + b) * 3 + k];
        p = -1;
        const int mask = dofs.free_mask(nodes[a]);
        if (col < 0 || mask == 0) continue;
        const int first = mask & 1 ? 0 : (mask & 2 ? 1 : 2);
        const Index row = dofs.eq(3 * nodes[a] + first);
        const int* begin = inner + outer[col];
        const int* end = inner + outer[col + 1];
        p = static_cast<int>(std::lower_bound(begin, end, row) - inner);
      }
    }
}

SparsityPattern::SparsityPattern(const Mesh& mesh, const DofMap& dofs, Index cells_per_block) {
  const Index nn = mesh.num_nodes(), nc = mesh.num_cells();
  const int n = mesh.nodes_per_cell();

  // Node-to-cell incidence, then node neighbourhoods.
  std::vector<Index> node_cell_offsets(nn + 1, 0), node_cells;
  for (Index v : mesh.cells) ++node_cell_offsets[v + 1];
  for (Index v = 0; v < nn; ++v) node_cell_offsets[v + 1] += node_cell_offsets[v];
  node_cells.resize(node_cell_offsets[nn]);
  {
    std::vector<Index> fill(node_cell_offsets.begin(), node_cell_offsets.end() - 1);
    for (Index c = 0; c < nc; ++c)
      for (int a = 0; a < n; ++a) node_cells[fill[mesh.cell(c)[a]]++] = c;
  }

  std::vector<std::vector<Index>> neighbours(nn);
  std::vector<Index> scratch;
  for (Index v = 0; v < nn; ++v) {
    scratch.clear();
    for (Index i = node_cell_offsets[v]; i < node_cell_offsets[v + 1]; ++i) {
      const Index* cell = mesh.cell(node_cells[i]);
      scratch.insert(scratch.end(), cell, cell + n);
    }
    std::sort(scratch.begin(), scratch.end());
    scratch.erase(std::unique(scratch.begin(), scratch.end()), scratch.end());
    neighbours[v] = scratch;
  }

  // Columns of node v list the free rows of every neighbour, already in increasing order because the
  // equations are numbered node by node.
  std::vector<int> outer(dofs.num_free() + 1, 0);
  for (Index v = 0; v < nn; ++v) {
    int rows = 0;
    for (Index w : neighbours[v]) rows += __builtin_popcount(static_cast<unsigned>(dofs.free_mask(w)));
    for (int k = 0; k < 3; ++k)
      if (dofs.eq(3 * v + k) >= 0) outer[dofs.eq(3 * v + k) + 1] = rows;
  }
  for (Index j = 0; j < dofs.num_free(); ++j) outer[j + 1] += outer[j];
  std::vector<int> inner(outer.back());
  for (Index v = 0; v < nn; ++v)
    for (int k = 0; k < 3; ++k) {
      const Index col = dofs.eq(3 * v + k);
      if (col < 0) continue;
      int p = outer[col];
      for (Index w : neighbours[v])
        for (int i = 0; i < 3; ++i)
          if (dofs.eq(3 * w + i) >= 0) inner[p++] = dofs.eq(3 * w + i);
    }
  std::vector<double> zeros(inner.size(), 0.0);
  pattern_ = Eigen::Map<const SpMat>(dofs.num_free(), dofs.num_free(), static_cast<Index>(inner.size()),
                                     outer.data(), inner.data(), zeros.data());
  pattern_.makeCompressed();

  cells_.resize(nc, n);
  for (Index c = 0; c < nc; ++c) cells_.build(pattern_, dofs, mesh.cell(c), n, c);

  // Blocks of up to 32 cells, fewer on small meshes so that every colour still has several blocks.
  num_cells_ = nc;
  cells_per_block_ = cells_per_block > 0 ? cells_per_block : std::clamp<Index>(nc / 512, 1, 32);
  const Index nb = nc == 0 ? 0 : (nc + cells_per_block_ - 1) / cells_per_block_;

  // Greedy colouring in block order; deterministic, so the summation order of every matrix entry is too.
  std::vector<int> colour(nb, -1), stamp;
  int colours = 0;
  for (Index b = 0; b < nb; ++b) {
    stamp.assign(colours + 1, 0);
    for (Index c = block_begin(b); c < block_end(b); ++c)
      for (int a = 0; a < n; ++a) {
        const Index v = mesh.cell(c)[a];
        for (Index i = node_cell_offsets[v]; i < node_cell_offsets[v + 1]; ++i) {
          const int other = colour[node_cells[i] / cells_per_block_];
          if (other >= 0) stamp[other] = 1;
        }
      }
    int chosen = 0;
    while (stamp[chosen]) ++chosen;
    colour[b] = chosen;
    colours = std::max(colours, chosen + 1);
  }
  colour_offsets_.assign(colours + 1, 0);
  for (int k : colour) ++colour_offsets_[k + 1];
  for (int k = 0; k < colours; ++k) colour_offsets_[k + 1] += colour_offsets_[k];
  coloured_blocks_.resize(nb);
  std::vector<Index> fill(colour_offsets_.begin(), colour_offsets_.end() - 1);
  for (Index b = 0; b < nb; ++b) coloured_blocks_[fill[colour[b]]++] = b;
}

}  // namespace piriform
