// Sparse linear solvers for the Newton systems: CHOLMOD supernodal Cholesky (default, with UMFPACK LU as
// its fallback for indefinite matrices), Eigen's SimplicialLDLT, preconditioned conjugate gradients for
// large models, and UMFPACK LU for unsymmetric tangents.
#pragma once

#include <memory>
#include <string>

#include "engine/assembly/sparsity.hpp"

namespace piriform {

enum class LinearSolverKind { Cholmod, LDLT, CG, LU };

struct LinearSolverSettings {
  LinearSolverKind kind = LinearSolverKind::Cholmod;
  // Cholmod on a matrix that is not positive definite (the tangent at a Newton iterate far from equilibrium
  // or past a limit point): factorise K + sigma I with the smallest sigma of 1e-4, 4e-4, 1.6e-3, ... times
  // the mean diagonal that succeeds: the static solver preconditions GMRES on K with it, and factorises K
  // itself only when GMRES does not converge. factorize_indefinite factorises K itself by LU, several times
  // the cost of a Cholesky factorisation on the coarse anatomy (49k dofs: 13 s against 2-3 s).
  bool shift_indefinite = true;
  double cg_tolerance = 1e-10;  // relative residual of the CG iteration
  int cg_max_iterations = 5000;
};

class LinearSolver {
 public:
  virtual ~LinearSolver() = default;
  virtual std::string name() const = 0;
  // Symbolic analysis; called once per sparsity pattern.
  virtual void analyze(const SpMat& K) = 0;
  // Numeric factorisation (or preconditioner set-up); false when the matrix cannot be factorised.
  virtual bool factorize(const SpMat& K) = 0;
  // Solves K x = b with the last factorisation; false on failure (non-finite result, no CG convergence).
  virtual bool solve(const VecX& b, VecX& x) = 0;
  virtual bool symmetric() const { return true; }
  virtual bool direct() const { return true; }  // solves exactly with its factorisation
  // The last factorisation is of K + sigma I (see shift_indefinite): solves do not solve K x = b.
  virtual bool shifted() const { return false; }
  // Factorises K itself when factorize() shifted it (UMFPACK LU for Cholmod); false on failure.
  virtual bool factorize_indefinite(const SpMat& K) { return factorize(K); }
};

// Cholmod: tries CHOLMOD, then (shift_indefinite) CHOLMOD on a shifted matrix, then LU when the matrix
// is not positive definite, logging the switch.
std::unique_ptr<LinearSolver> make_linear_solver(const LinearSolverSettings& settings);

const char* linear_solver_name(LinearSolverKind kind);

}  // namespace piriform
