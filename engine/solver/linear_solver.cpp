#include "engine/solver/linear_solver.hpp"

#include <spdlog/spdlog.h>

#include <Eigen/CholmodSupport>
#include <Eigen/IterativeLinearSolvers>
#include <Eigen/SparseCholesky>
#include <Eigen/UmfPackSupport>

namespace piriform {

namespace {

bool finite(const VecX& x) { return x.allFinite(); }

class CholmodSolver final : public LinearSolver {
 public:
  // CHOLMOD prints its own warnings (e.g. "not positive definite") to stdout; the fallback reports instead.
  explicit CholmodSolver(bool shift_indefinite) : shift_indefinite_(shift_indefinite) {
    llt_.cholmod().print = 0;
  }
  std::string name() const override { return fallback_ ? "cholmod->umfpack" : "cholmod"; }
  bool shifted() const override { return shifted_; }
  void analyze(const SpMat& K) override {
    llt_.analyzePattern(K);
    analyzed_ = false;
  }
  bool factorize(const SpMat& K) override {
    fallback_ = shifted_ = false;
    llt_.setShift(0.0);
    llt_.factorize(K);
    if (llt_.info() == Eigen::Success) return true;
    if (shift_indefinite_) {
      const double scale = K.diagonal().cwiseAbs().mean();
      for (double sigma = 1e-4; sigma < 10.0; sigma *= 4.0) {
        llt_.setShift(sigma * scale);
        llt_.factorize(K);
        if (llt_.info() == Eigen::Success) {
          spdlog::debug(
              "CHOLMOD: matrix not positive definite, factorised with a shift of {:.1e} of its mean "
              "diagonal",
              sigma);
          shifted_ = true;
          return true;
        }
      }
      llt_.setShift(0.0);
    }
    return factorize_indefinite(K);
  }
  bool factorize_indefinite(const SpMat& K) override {
    shifted_ = false;
    // Not positive definite (past a limit point, a Newton iterate far from equilibrium, a loose model):
    // UMFPACK's LU pivots, so it is stable on indefinite matrices, and being multifrontal it took 13 s on
    // the coarse anatomy's tangent (49k dofs, one thread) where a simplicial LDL^T took 28 s. K holds both
    // triangles.
    spdlog::debug("CHOLMOD: matrix not positive definite, falling back to LU (UMFPACK)");
    if (!analyzed_) {
      lu_.analyzePattern(K);
      analyzed_ = true;
    }
    lu_.factorize(K);
    fallback_ = true;
    return lu_.info() == Eigen::Success;
  }
  bool solve(const VecX& b, VecX& x) override {
    x = fallback_ ? VecX(lu_.solve(b)) : VecX(llt_.solve(b));
    return finite(x);
  }

 private:
  Eigen::CholmodSupernodalLLT<SpMat, Eigen::Lower> llt_;
  Eigen::UmfPackLU<SpMat> lu_;
  bool shift_indefinite_;
  bool fallback_ = false, analyzed_ = false, shifted_ = false;
};

class LdltSolver final : public LinearSolver {
 public:
  std::string name() const override { return "ldlt"; }
  void analyze(const SpMat& K) override { ldlt_.analyzePattern(K); }
  bool factorize(const SpMat& K) override {
    ldlt_.factorize(K);
    return ldlt_.info() == Eigen::Success;
  }
  bool solve(const VecX& b, VecX& x) override {
    x = ldlt_.solve(b);
    return ldlt_.info() == Eigen::Success && finite(x);
  }

 private:
  Eigen::SimplicialLDLT<SpMat, Eigen::Lower> ldlt_;
};

class CgSolver final : public LinearSolver {
 public:
  explicit CgSolver(const LinearSolverSettings& s) {
    cg_.setTolerance(s.cg_tolerance);
    cg_.setMaxIterations(s.cg_max_iterations);
  }
  std::string name() const override { return "cg+ichol"; }
  bool direct() const override { return false; }
  void analyze(const SpMat& K) override { cg_.analyzePattern(K); }
  bool factorize(const SpMat& K) override {
    cg_.factorize(K);
    return cg_.info() == Eigen::Success;
  }
  bool solve(const VecX& b, VecX& x) override {
    x = cg_.solve(b);
    if (cg_.info() != Eigen::Success)
      spdlog::warn("CG stopped after {} iterations at relative residual {:.2e}", cg_.iterations(),
                   cg_.error());
    return cg_.info() == Eigen::Success && finite(x);
  }

 private:
  Eigen::ConjugateGradient<SpMat, Eigen::Lower | Eigen::Upper, Eigen::IncompleteCholesky<double>> cg_;
};

class LuSolver final : public LinearSolver {
 public:
  std::string name() const override { return "umfpack"; }
  bool symmetric() const override { return false; }
  void analyze(const SpMat& K) override { lu_.analyzePattern(K); }
  bool factorize(const SpMat& K) override {
    lu_.factorize(K);
    return lu_.info() == Eigen::Success;
  }
  bool solve(const VecX& b, VecX& x) override {
    x = lu_.solve(b);
    return lu_.info() == Eigen::Success && finite(x);
  }

 private:
  Eigen::UmfPackLU<SpMat> lu_;
};

}  // namespace

std::unique_ptr<LinearSolver> make_linear_solver(const LinearSolverSettings& s) {
  switch (s.kind) {
    case LinearSolverKind::Cholmod:
      return std::make_unique<CholmodSolver>(s.shift_indefinite);
    case LinearSolverKind::LDLT:
      return std::make_unique<LdltSolver>();
    case LinearSolverKind::CG:
      return std::make_unique<CgSolver>(s);
    case LinearSolverKind::LU:
      return std::make_unique<LuSolver>();
  }
  return std::make_unique<CholmodSolver>(s.shift_indefinite);
}

const char* linear_solver_name(LinearSolverKind kind) {
  switch (kind) {
    case LinearSolverKind::Cholmod:
      return "cholmod";
    case LinearSolverKind::LDLT:
      return "ldlt";
    case LinearSolverKind::CG:
      return "cg";
    case LinearSolverKind::LU:
      return "lu";
  }
  return "?";
}

}  // namespace piriform
