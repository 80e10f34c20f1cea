// Global evaluation of the discrete problem: total energy, residual (internal minus external force) and
// tangent stiffness over the free equations, assembled in parallel by cell colour so that the result is
// bit-for-bit the same for any thread count; the internal variables of history-dependent materials.
#pragma once

#include <memory>

#include "engine/assembly/cell_geometry.hpp"
#include "engine/assembly/dof_map.hpp"
#include "engine/assembly/sparsity.hpp"
#include "engine/model/model.hpp"

namespace piriform {

struct CellHistory;

struct Evaluation {
  double energy = 0.0;        // stored strain energy, J (external work of follower loads is not included)
  Index inverted_cells = 0;   // cells with det F <= collapsed_J (1e-9) at some quadrature point
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

  // Materials with history (Material::history_size() > 0) keep internal variables at every quadrature
  // point. evaluate() reads the committed state, takes a step of length time_step() from it and writes the
  // result to a trial state; commit_history() accepts the trial state of the last evaluation. A failed
  // (cut) step is therefore retried from the committed state without any undo.
  // dt >= 0 and finite, in s; throws std::invalid_argument otherwise.
  void set_time_step(double dt);
  double time_step() const { return dt_; }
  // Makes the trial history of the last evaluation the committed one, and sets the time step to 0 so
  // that evaluating the committed displacements again (reactions, output) reproduces the committed stress.
  void commit_history();
  bool has_history() const { return !committed_.empty(); }
  // History of quadrature point q of cell c, committed or of the last evaluation; null when the cell's
  // material has none.
  const double* committed_history(Index c, int q) const;
  const double* trial_history(Index c, int q) const;

 private:
  template <CellType T>
  Evaluation evaluate_cells(const VecX& u, VecX* r, SpMat* K, bool want_energy, const VecX* lift_direction,
                            VecX* lift) const;
  CellHistory cell_history(Index c) const;
  void add_surface_loads(const VecX& u, double t, VecX* r, SpMat* K, LoadStiffness mode, SpMat* skew) const;

  const Model& model_;
  const DofMap& dofs_;
  CellGeometry geometry_;
  SparsityPattern sparsity_;
  struct Surface;
  std::vector<std::shared_ptr<const Surface>> pressure_surfaces_, traction_surfaces_;
  double dt_ = 0.0;
  std::vector<int> region_history_size_;     // doubles per quadrature point, per region
  std::vector<std::size_t> history_offset_;  // start of each cell's block (num_cells + 1), or empty
  std::vector<double> committed_;
  // Every evaluation writes the trial state, also the const ones a caller makes to inspect a state; only
  // commit_history() makes it the committed one, so those writes never change the solution.
  mutable std::vector<double> trial_;
};

}  // namespace piriform
