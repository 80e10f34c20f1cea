// Degrees of freedom: three displacement components per node, numbered node by node; constrained
// components get no equation number, so the solver works on the free equations only.
#pragma once

#include <vector>

#include "engine/common/types.hpp"
#include "engine/model/model.hpp"

namespace piriform {

class DofMap {
 public:
  DofMap(Index num_nodes,
         const std::vector<char>& constrained);  // constrained: one flag per dof (3 per node)
  static DofMap from_model(const Model& model);

  Index num_dofs() const { return static_cast<Index>(eq_.size()); }
  Index num_free() const { return num_free_; }
  Index eq(Index dof) const { return eq_[dof]; }           // equation number, or -1 when constrained
  int free_mask(Index node) const { return mask_[node]; }  // bit i set: component i is free
  const std::vector<Index>& constrained_dofs() const { return constrained_; }

  void gather(const VecX& full, VecX& free) const;   // free = full restricted to the free dofs
  void scatter(const VecX& free, VecX& full) const;  // full(free dofs) = free
 private:
  std::vector<Index> eq_;
  std::vector<unsigned char> mask_;
  std::vector<Index> constrained_;
  Index num_free_ = 0;
};

// Number of rigid-body modes (of 6) that the constrained dofs do not remove; a nonzero count means the
// stiffness matrix is singular.
int unrestrained_rigid_modes(const Mesh& mesh, const DofMap& dofs);

}  // namespace piriform
