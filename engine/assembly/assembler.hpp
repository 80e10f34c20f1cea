// Global evaluation of the discrete problem: total energy, residual (internal minus external force) and
// tangent stiffness over the free equations, assembled in parallel by cell colour so that the result is
// bit-for-bit the same for any thread count.
#pragma once

#include <memory>

#include "engine/assembly/cell_geometry.hpp"
#include "engine/assembly/dof_map.hpp"
#include "engine/assembly/sparsity.hpp"
#include "engine/model/model.hpp"

namespace piriform {

struct Evaluation {
  double energy = 0.0;        // stored strain energy, J (external work of follower loads is not included)
  Index inverted_cells = 0;   // cells with det F <= 0 at some quadrature point
  Index first_inverted = -1;  // the lowest-numbered of them
  double min_J = 1.0;
};

// How to treat the (generally unsymmetric) stiffness of follower pressure loads.
enum class LoadStiffness {
  Symmetric,  // its symmetric part (keeps the tangent symmetric for Cholesky)
  Full,       // the exact linearisation (needs an LU solver)
  None,
};

class Assembler {
 public:
  Assembler(const Model& model, const DofMap& dofs);

  const SparsityPattern& sparsity() const { return sparsity_; }
  const CellGeometry& geometry() const { return geometry_; }

  // u: full displacement vector (3 per node). Writes the full residual r = f_int - f_ext (3 per node; at
  // constrained dofs it is the force the support exerts on the body) and the free-free tangent K (pattern of
  // sparsity().pattern()) when requested.
  // With `lift`, also accumulates K_full * lift_direction into *lift (full vectors): the force that a
  // change of the prescribed displacements causes to first order, used by the step predictor.
  // With `load_skew` (and LoadStiffness::Symmetric), the skew part of the follower-load stiffness is
  // returned there, so K + *load_skew is the exact tangent while K stays symmetric.
  Evaluation evaluate(const VecX& u, double t, VecX* r, SpMat* K, bool want_energy = false,
                      LoadStiffness load_stiffness = LoadStiffness::Symmetric,
                      const VecX* lift_direction = nullptr, VecX* lift = nullptr,
                      SpMat* load_skew = nullptr) const;

  // External force vector of the surface loads at time t in configuration u (full dof vector).
  void external_force(const VecX& u, double t, VecX& f) const;

 private:
  template <CellType T>
  Evaluation evaluate_cells(const VecX& u, VecX* r, SpMat* K, bool want_energy, const VecX* lift_direction,
                            VecX* lift) const;
  void add_surface_loads(const VecX& u, double t, VecX* r, SpMat* K, LoadStiffness mode, SpMat* skew) const;

  const Model& model_;
  const DofMap& dofs_;
  CellGeometry geometry_;
  SparsityPattern sparsity_;
  struct Surface;
  std::vector<std::shared_ptr<const Surface>> pressure_surfaces_, traction_surfaces_;
};

}  // namespace piriform
