// Sparse linear solvers for the Newton systems: CHOLMOD supernodal Cholesky (default), Eigen's
// SimplicialLDLT (fallback when Cholesky meets an indefinite matrix), preconditioned conjugate
// gradients for large models, and UMFPACK LU for unsymmetric tangents.
#pragma once

#include <memory>
#include <string>

#include "engine/assembly/sparsity.hpp"

namespace piriform {

enum class LinearSolverKind { Cholmod, LDLT, CG, LU };

struct LinearSolverSettings {
  LinearSolverKind kind = LinearSolverKind::Cholmod;
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
};

// Tries CHOLMOD first and falls back to LDLT when the matrix is not positive definite, logging the switch.
std::unique_ptr<LinearSolver> make_linear_solver(const LinearSolverSettings& settings);

const char* linear_solver_name(LinearSolverKind kind);

}  // namespace piriform
