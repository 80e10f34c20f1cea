#include "engine/solver/static_solver.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <Eigen/IterativeLinearSolvers>
#include <chrono>
#include <cmath>
#include <limits>
#include <unsupported/Eigen/IterativeSolvers>

#include "engine/common/error.hpp"

namespace piriform {

namespace {

const Model& validated(const Model& model) {
  model.validate();
  return model;
}

void check_step_times(const std::vector<double>& times) {
  for (std::size_t k = 0; k < times.size(); ++k) {
    const double t = times[k];
    if (!std::isfinite(t))
      throw InputError(fmt::format("stepping times[{}] = {} s is not a finite time", k, t));
    if (k == 0 && !(t > 0.0))
      throw InputError(fmt::format(
          "stepping times[0] = {} s is not after the start at t = 0; step end times must be > 0 and "
          "strictly increasing",
          t));
    if (k > 0 && !(t > times[k - 1]))
      throw InputError(fmt::format(
          "stepping times[{}] = {} s does not come after times[{}] = {} s; step end times must be > 0 and "
          "strictly increasing",
          k, t, k - 1, times[k - 1]));
  }
}

}  // namespace

StaticSolver::StaticSolver(const Model& model, NewtonSettings newton, SteppingSettings stepping)
    : model_(validated(model)),
      newton_(newton),
      stepping_(stepping),
      dofs_(DofMap::from_model(model)),
      assembler_(model, dofs_) {
  if (!stepping_.times.empty())
    check_step_times(stepping_.times);
  else if (stepping_.steps < 1 || !(stepping_.end_time > 0.0))
    throw InputError(
        fmt::format("stepping needs at least one step and a positive end time (got {} steps to {} s)",
                    stepping_.steps, stepping_.end_time));
  if (const int modes = unrestrained_rigid_modes(model.mesh, dofs_); modes > 0)
    throw InputError(fmt::format(
        "the model is singular: {} of its 6 rigid-body motions are not restrained by its supports ({} "
        "constrained dofs); add fixed, roller or prescribed-displacement conditions",
        modes, dofs_.constrained_dofs().size()));
  linear_ = make_linear_solver(newton_.linear);
  K_ = assembler_.sparsity().pattern();
  linear_->analyze(K_);
  u_.setZero(dofs_.num_dofs());
}

void StaticSolver::apply_supports(double t, VecX& u) const {
  for (const auto& bc : model_.supports)
    for (Index v : model_.mesh.facet_set(bc.surface).nodes) {
      const Vec3 value = bc.value ? bc.value(model_.mesh.X.col(v), t) : Vec3::Zero();
      for (int i = 0; i < 3; ++i)
        if (bc.components[i]) u[3 * static_cast<Index>(v) + i] = value[i];
    }
}

double StaticSolver::residual_norm(const VecX& r_full) const {
  double s = 0.0;
  for (Index d = 0; d < dofs_.num_dofs(); ++d)
    if (dofs_.eq(d) >= 0) s += r_full[d] * r_full[d];
  return std::sqrt(s);
}

// Consistent predictor: moving the prescribed dofs by dc changes the free residual by K_fc dc to first
// order, so the free dofs move by -K_ff^-1 (R_f + K_fc dc) with them. Without it the first iterate of a
// prescribed-displacement step squeezes the whole increment into the boundary layer of cells.
bool StaticSolver::predict(double t, VecX& u, std::string& failure) {
  trial_ = u;
  apply_supports(t, trial_);
  du_full_ = trial_ - u;
  if (du_full_.isZero(0.0)) return true;
  VecX lift;
  const Evaluation ev = evaluate(u, t, true, &du_full_, &lift);
  r_ += lift;
  if (ev.inverted_cells > 0 || !solve_linear(failure)) {
    u = trial_;  // no predictor; Newton starts from the moved boundary alone
    failure.clear();
    return true;
  }
  u = trial_;
  for (Index d = 0; d < dofs_.num_dofs(); ++d)
    if (dofs_.eq(d) >= 0) u[d] += du_[dofs_.eq(d)];
  return true;
}

Evaluation StaticSolver::evaluate(const VecX& u, double t, bool tangent, const VecX* lift_direction,
                                  VecX* lift) {
  // With a symmetric solver, the exact follower-load tangent is split into K (symmetric) and skew_.
  const bool split = linear_->symmetric() && newton_.load_stiffness == LoadStiffness::Full;
  const LoadStiffness mode = split ? LoadStiffness::Symmetric : newton_.load_stiffness;
  return assembler_.evaluate(u, t, &r_, tangent ? &K_ : nullptr, false, mode, lift_direction, lift,
                             tangent && split ? &skew_ : nullptr);
}

namespace {
// Applies a factorisation already computed by a LinearSolver, in the form Eigen's Krylov solvers expect.
class FactorisationPreconditioner {
 public:
  template <class M>
  FactorisationPreconditioner& analyzePattern(const M&) {
    return *this;
  }
  template <class M>
  FactorisationPreconditioner& factorize(const M&) {
    return *this;
  }
  template <class M>
  FactorisationPreconditioner& compute(const M&) {
    return *this;
  }
  VecX solve(const VecX& b) const {
    VecX x;
    if (!solver->solve(b, x)) x.setConstant(b.size(), std::numeric_limits<double>::quiet_NaN());
    return x;
  }
  Eigen::ComputationInfo info() const { return Eigen::Success; }
  LinearSolver* solver = nullptr;
};
}  // namespace

// GCC 12 warns that the temporary SparseMatrix slot inside Eigen's Ref<const SparseMatrix> (which a
// compressed matrix never uses) "may be used uninitialized" when it inlines GMRES into the loop below: a
// false positive of that compiler with Eigen 3.4.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
// GMRES (no restart) on A x = b preconditioned by the linear solver's current factorisation, from guess
// x. One preconditioner solve per iteration, half of BiCGSTAB's, which matters as each is a pair of
// triangular solves with the Cholesky factor.
bool StaticSolver::krylov_solve(const SpMat& A, const VecX& b, VecX& x, int max_iterations, double tolerance,
                                int& iterations) {
  Eigen::GMRES<SpMat, FactorisationPreconditioner> krylov(A);
  krylov.set_restart(max_iterations);
  krylov.preconditioner().solver = linear_.get();
  const VecX guess = x;
  iterations = 0;
  // GMRES is left-preconditioned, so its own test is on the preconditioned residual: aim below the
  // tolerance and check the true residual, tightening (and going on from there) while iterations remain.
  for (double aim = 1e-2 * tolerance; iterations < max_iterations; aim *= 1e-2) {
    krylov.setTolerance(aim);
    krylov.setMaxIterations(max_iterations - iterations);
    x = krylov.solveWithGuess(b, x);
    iterations += static_cast<int>(krylov.iterations());
    krylov_iterations_ += static_cast<int>(krylov.iterations());
    if (!x.allFinite()) break;
    if ((A * x - b).norm() <= tolerance * b.norm()) return true;
    if (krylov.info() != Eigen::Success) break;
  }
  x = guess;
  return false;
}
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

bool StaticSolver::solve_linear(std::string& failure, double forcing) {
  dofs_.gather(r_, rf_);
  // Follower loads: the exact tangent is K + skew, preconditioned by a factorisation of symmetric K.
  const bool skewed = linear_->symmetric() && skew_.nonZeros() > 0;
  if (skewed) exact_ = K_ + skew_;
  const SpMat& A = skewed ? exact_ : K_;

  // A factorisation from an earlier iteration or step is usually a good enough preconditioner for the
  // current tangent: a few solves with it cost far less than a new factorisation (0.07 s against 3.2 s
  // at 88k dofs). Refactorise when the Krylov solve does not converge quickly.
  bool solved = false;
  int iterations = 0;
  double accepted = skewed ? 0.5 : 1e-6;  // linear residual, relative to the rhs, below which du is taken
  if (reusable_factor_ && reuse_failures_ < newton_.reuse_max_failures) {
    du_.setZero(rf_.size());
    solved = krylov_solve(A, -rf_, du_, newton_.reuse_max_iterations, forcing, iterations);
    if (solved) accepted = std::max(accepted, 2.0 * forcing);
    spdlog::debug("reused factorisation: GMRES {} after {} iterations", solved ? "converged" : "stopped",
                  iterations);
    if (!solved && ++reuse_failures_ == newton_.reuse_max_failures)
      spdlog::debug("{} failed reuses in this step: factorising every iteration until the step ends",
                    reuse_failures_);
  }
  if (!solved) {
    reusable_factor_ = false;
    ++factorizations_;
    if (!linear_->factorize(K_)) {
      failure = "the tangent stiffness could not be factorised (singular or indefinite system)";
      return false;
    }
    if (!linear_->solve(-rf_, du_)) {
      failure = "the linear solve failed (non-finite or unconverged solution)";
      return false;
    }
    // K is not positive definite here and the factorisation is of K + sigma I: as a preconditioner it
    // usually gives GMRES the exact Newton step in a few iterations, what factorising K itself (LU) gives
    // at several times the cost, which is then the fallback. Neither is worth reusing.
    if (linear_->shifted()) {
      if (krylov_solve(A, -rf_, du_, 50, 1e-8, iterations)) return true;
      spdlog::debug("GMRES on the indefinite tangent stopped after {} iterations; factorising it as it is",
                    iterations);
      if (++indefinite_factorizations_ > newton_.max_indefinite_factorizations) {
        failure =
            fmt::format("the tangent stiffness stayed indefinite ({} factorisations of it in this step)",
                        indefinite_factorizations_ - 1);
        return false;
      }
      if (!linear_->factorize_indefinite(K_) || !linear_->solve(-rf_, du_)) {
        failure = "the tangent stiffness could not be factorised (singular or indefinite system)";
        return false;
      }
    }
    if (skewed && !krylov_solve(A, -rf_, du_, 50, 1e-8, iterations))
      spdlog::debug(
          "GMRES on the follower-load tangent stopped after {} iterations; taking the "
          "symmetric-part step",
          iterations);
    reusable_factor_ = newton_.reuse_factorization && linear_->direct() && !linear_->shifted();
  }
  const double lin = (A * du_ + rf_).norm();
  if (lin > accepted * rf_.norm()) {
    failure = fmt::format("the tangent stiffness is singular (linear solve residual {:.2e} of the rhs)",
                          lin / rf_.norm());
    return false;
  }
  return true;
}

VecX StaticSolver::reactions(double t) const {
  VecX r;
  assembler_.evaluate(u_, t, &r, nullptr);
  return r;
}

StaticSolver::NewtonResult StaticSolver::solve_step(double t, VecX& u) {
  factorizations_ = reuse_failures_ = indefinite_factorizations_ = krylov_iterations_ = 0;
  NewtonResult res = newton(t, u);
  res.factorizations = factorizations_;
  res.reuse_failures = reuse_failures_;
  res.krylov_iterations = krylov_iterations_;
  return res;
}

StaticSolver::NewtonResult StaticSolver::newton(double t, VecX& u) {
  NewtonResult res;
  assembler_.set_time_step(t - time_);
  if (!predict(t, u, res.failure)) return res;
  VecX f_ext;
  assembler_.external_force(u, t, f_ext);
  double reference = residual_norm(f_ext), energy0 = 0.0, energy = 0.0;
  bool fresh = false;  // r_ and K_ already hold the evaluation at u

  for (int it = 0;; ++it) {
    if (!fresh) {
      const Evaluation ev = evaluate(u, t, true);
      if (ev.inverted_cells > 0) {
        res.failure = fmt::format("{} cell(s) inverted (det F <= 0), first cell {}", ev.inverted_cells,
                                  ev.first_inverted);
        return res;
      }
    }
    const double norm = residual_norm(r_);
    if (!std::isfinite(norm)) {
      res.failure = "residual is not finite";
      return res;
    }
    // The force scale of the step: its initial residual, the applied loads, or the support reactions
    // (which carry the load when displacements are prescribed).
    if (it == 0) reference = std::max(reference, norm);
    reference = std::max(reference, std::sqrt(std::max(0.0, r_.squaredNorm() - norm * norm)));
    res.history.push_back(norm);
    res.iterations = it;
    res.residual = norm;
    res.relative_residual = reference > 0.0 ? norm / reference : 0.0;
    const bool small_residual =
        norm <= newton_.residual_tolerance * reference || norm <= newton_.absolute_tolerance;
    bool small_energy = it == 0 || energy <= newton_.energy_tolerance * energy0;
    // The energy norm above is the last iteration's, so meeting both tests would take one more solve
    // after the residual is already small. Estimate the current one with the factorisation held (of a
    // tangent one iteration old: the same norm within a small factor, far inside a tolerance this strict)
    // for the price of a back substitution instead of a factorisation.
    if (small_residual && !small_energy && reusable_factor_) {
      dofs_.gather(r_, rf_);
      if (linear_->solve(-rf_, du_))
        small_energy = std::abs(du_.dot(rf_)) <= newton_.energy_tolerance * energy0;
    }
    const auto& h = res.history;
    const bool stalled = it >= 3 && norm <= newton_.stagnation_tolerance * reference &&
                         h[it] >= 0.9 * h[it - 1] && h[it - 1] >= 0.9 * h[it - 2];
    if ((small_residual && small_energy) || stalled) {
      if (stalled && !small_residual)
        spdlog::debug("Newton: residual stalled at {:.2e} of the reference (round-off); accepted",
                      norm / reference);
      res.converged = true;
      return res;
    }
    if (it == newton_.max_iterations) {
      res.failure =
          fmt::format("no convergence in {} iterations (residual {:.3e} N, {:.2e} of the reference)", it,
                      norm, res.relative_residual);
      return res;
    }

    // Both the convergence measure |du . R| and the line search below use the residual only, never a
    // stored energy, so they hold for materials without a potential (viscoelastic, algorithmic tangent).
    const double forcing = it == 0
                               ? newton_.max_forcing
                               : std::clamp(0.9 * std::pow(h[it] / h[it - 1], 2), 1e-10, newton_.max_forcing);
    if (!solve_linear(res.failure, forcing)) return res;
    const double g0 = du_.dot(rf_);
    energy = std::abs(g0);
    if (it == 0) energy0 = energy;

    // Line search on g(s) = du . R(u + s du) (Bonet & Wood 2008, §7.5.2; Crisfield 1991, §9.3).
    du_full_.setZero(dofs_.num_dofs());
    dofs_.scatter(du_, du_full_);
    // The full step is usually accepted, so its tangent is assembled with the residual and reused.
    double s = 1.0;
    bool with_tangent = true;
    for (int ls = 0;; ++ls) {
      trial_ = u + s * du_full_;
      const bool last = !newton_.line_search || ls >= newton_.line_search_max;
      with_tangent = ls == 0;
      const Evaluation ev = evaluate(trial_, t, with_tangent);
      if (ev.inverted_cells > 0) {
        if (last || s < 1e-3) {
          res.failure = fmt::format("{} cell(s) inverted (det F <= 0) even with a step length of {:.3g}",
                                    ev.inverted_cells, s);
          return res;
        }
        s *= 0.5;
        continue;
      }
      if (last) break;
      const double g1 = du_full_.dot(r_);  // du_full_ is zero at the constrained dofs
      if (std::abs(g1) <= newton_.line_search_ratio * std::abs(g0)) break;
      // Secant estimate of the root of g, kept inside [0.1 s, s].
      const double ratio = g0 / (g0 - g1);
      const double next = s * (ratio > 0.0 ? std::clamp(ratio, 0.1, 1.0) : 0.5);
      if (next == s) break;
      s = next;
    }
    spdlog::debug("Newton {:2d}: |R| {:.3e} of the reference, step length {:.3g}", it, norm / reference, s);
    u = trial_;
    fresh = with_tangent;
  }
}

SolveReport StaticSolver::run(const StepCallback& on_step) {
  SolveReport report;
  report.linear_solver = linear_->name();
  const auto start = std::chrono::steady_clock::now();
  // Step end targets: the explicit times, or end_time reached in nominal steps of end_time / steps.
  const bool explicit_times = !stepping_.times.empty();
  const std::vector<double> targets =
      explicit_times ? stepping_.times : std::vector<double>{stepping_.end_time};
  int cuts = 0, step = 0;
  VecX trial;
  for (std::size_t k = 0; k < targets.size() && report.message.empty(); ++k) {
    const double target = targets[k], interval = target - (k == 0 ? 0.0 : targets[k - 1]);
    const double nominal = explicit_times ? interval : stepping_.end_time / stepping_.steps;
    // Remainders below round-off of the interval are not worth a step: the last step stretches over them.
    const double slack = 1e-12 * interval;
    double dt = nominal;
    while (time_ < target - slack) {
      // The step that reaches the target ends exactly on it, not on a sum of step lengths.
      const double t_end = time_ + dt >= target - slack ? target : time_ + dt;
      const double h = t_end - time_;
      trial = u_;
      const NewtonResult res = solve_step(t_end, trial);
      if (!res.converged) {
        if (cuts >= stepping_.max_cuts) {
          report.message =
              fmt::format("step {} at t = {:.6g} s failed after {} step cuts (dt = {:.3g} s): {}", step + 1,
                          t_end, cuts, h, res.failure);
          spdlog::error("{}", report.message);
          break;
        }
        ++cuts;
        spdlog::warn("step {} at t = {:.6g} s: {}; cutting the step to dt = {:.3g} s", step + 1, t_end,
                     res.failure, h / 2);
        dt = h / 2;
        continue;
      }
      u_ = trial;
      time_ = t_end;
      assembler_.commit_history();
      StepRecord rec{++step,     time_, h, res.iterations, cuts, res.residual, res.relative_residual,
                     res.history};
      rec.factorizations = res.factorizations;
      rec.reuse_failures = res.reuse_failures;
      rec.krylov_iterations = res.krylov_iterations;
      spdlog::info(
          "step {:4d}  t = {:.5g} s  dt = {:.3g} s  iterations {:2d}, {:2d} factorisations  |R| = {:.3e} N{}",
          rec.step, rec.time, rec.dt, rec.iterations, rec.factorizations, rec.residual,
          fmt::format("  (rel {:.2e}){}", rec.relative_residual,
                      cuts ? fmt::format("  after {} cut(s)", cuts) : std::string()));
      if (on_step) on_step(rec, u_);
      report.steps.push_back(std::move(rec));
      // A step that converged only after cuts is repeated at its length before growing again: doubling
      // straight back into the difficulty costs a failed attempt (up to max_iterations) almost every time,
      // which was most of the run time of the elbow hold in scenarios/.
      dt = cuts > 0 ? h : std::min(2.0 * h, nominal);
      cuts = 0;
    }
  }
  // Later evaluations (reactions, output) then see the committed state, also after a failed step.
  assembler_.set_time_step(0.0);
  report.completed = report.message.empty();
  report.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace piriform
