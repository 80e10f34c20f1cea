// Nonlinear quasi-static solution by Newton-Raphson with line search, stepping in (pseudo-)time with
// automatic step cutting when an increment diverges or inverts a cell.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "engine/assembly/assembler.hpp"
#include "engine/solver/linear_solver.hpp"

namespace piriform {

struct NewtonSettings {
  int max_iterations = 25;
  // Converged when ||R_free|| <= residual_tolerance * max(||R_0||, ||f_ext||, ||reactions||) (R_0: residual
  // at the start of the step) or ||R_free|| <= absolute_tolerance, AND the energy norm |du . R| has dropped
  // to energy_tolerance times its value in the step's first iteration.
  double residual_tolerance = 1e-8;
  double absolute_tolerance = 1e-12;  // N
  double energy_tolerance = 1e-16;
  // Nearly incompressible models carry large internal forces that cancel, so the residual can stall at
  // round-off above residual_tolerance: below stagnation_tolerance * reference, two iterations in a row
  // that reduce the residual by less than 10% are taken as convergence to round-off (slow but genuine
  // convergence reduces it faster than that and goes on to meet residual_tolerance).
  double stagnation_tolerance = 1e-5;
  bool line_search = true;
  // Precondition GMRES on each new tangent with the last factorisation, refactorising only when it
  // does not converge within reuse_max_iterations (direct solvers only).
  bool reuse_factorization = true;
  int reuse_max_iterations = 20;
  // Inexact Newton (Eisenstat & Walker 1996, choice 2): a solve with an earlier factorisation stops at a
  // relative residual eta_k = 0.9 (|R_k| / |R_k-1|)^2, kept within [1e-10, max_forcing], so that far from
  // the solution GMRES does not iterate for digits the next Newton iteration throws away, and near it the
  // steps are as accurate as before (fast local convergence is kept).
  double max_forcing = 1e-2;
  // A step whose tangent changes much from one iteration to the next (large strain, a load moving over the
  // cells) can make every reuse attempt fail, each costing reuse_max_iterations GMRES iterations on top of
  // the factorisation: after this many failed attempts the step factorises every iteration, and the next
  // step tries reusing again. With 2 the first 8 steps of stroke-over-nerve.yaml took as long as with no
  // limit (170 s against 172 s of CPU): the limit bounds the loss in steps where reuse never works.
  int reuse_max_failures = 2;
  // A step whose tangent is not positive definite and defeats GMRES preconditioned
  // by a shifted Cholesky factorisation (see LinearSolverSettings::shift_indefinite) factorises it as it is
  // (LU), several times the cost of a Cholesky factorisation on the coarse anatomy. Past this many such
  // factorisations the step is cut instead: in the thumb strokes of scenarios/ such steps did not
  // converge within max_iterations and did once cut.
  int max_indefinite_factorizations = 2;
  double line_search_ratio = 0.5;  // accept a step length s once |du . R(u + s du)| <= ratio * |du . R(u)|
  int line_search_max = 6;
  // Full: exact Newton. With a symmetric solver the symmetric part is factorised and the exact system is
  // solved by GMRES preconditioned with that factorisation; with LU it is factorised directly.
  LoadStiffness load_stiffness = LoadStiffness::Full;
  LinearSolverSettings linear;
};

struct SteppingSettings {
  double end_time = 1.0;  // s (load factor = t / end_time for static ramps)
  int steps = 10;         // nominal number of equal steps
  int max_cuts = 10;      // halvings of one step before giving up
  // Explicit step end times, s: finite, > 0 and strictly increasing. When not empty they replace end_time
  // and steps: the run ends at times.back() and every listed time is the end of a step. Each interval is
  // tried whole; a cut one is reached in shorter steps that grow back by doubling after a step that needed
  // no cut. For loads that change abruptly and for time-dependent materials, whose response depends on the
  // step lengths. (The explicit "= {}" keeps {end_time, steps, max_cuts} initialisations free of
  // missing-initializer warnings.)
  std::vector<double> times = {};
};

// What happened in one converged step.
struct StepRecord {
  int step = 0;
  double time = 0.0, dt = 0.0;
  int iterations = 0, cuts = 0;
  double residual = 0.0, relative_residual = 0.0;
  std::vector<double> residual_history;  // ||R_free|| at each iteration, first to last
  // Of the converged attempt (cut attempts not counted): new factorisations of the tangent, solves
  // that tried an earlier factorisation first and had to factorise anyway, and GMRES iterations.
  int factorizations = 0, reuse_failures = 0, krylov_iterations = 0;
};

struct SolveReport {
  bool completed = false;
  std::string message;  // why the run stopped early, or empty
  std::vector<StepRecord> steps;
  double wall_seconds = 0.0;
  std::string linear_solver;
};

class StaticSolver {
 public:
  StaticSolver(const Model& model, NewtonSettings newton = {}, SteppingSettings stepping = {});

  // Called after every converged step with the full displacement vector; may write results.
  using StepCallback = std::function<void(const StepRecord&, const VecX& u)>;

  // Runs from the current state to stepping.end_time (or the last of stepping.times), committing the
  // material history after every converged step. Throws SolverError on a singular model before any step; a
  // step that fails after every cut ends the run with completed = false and a message.
  SolveReport run(const StepCallback& on_step = {});

  // Newton iterations for the step from the current time to t, starting from u; material history steps
  // from its committed state over t - time() and is not committed. Exposed for tests.
  struct NewtonResult {
    bool converged = false;
    std::string failure;
    int iterations = 0;
    double residual = 0.0, relative_residual = 0.0;
    std::vector<double> history;
    int factorizations = 0, reuse_failures = 0, krylov_iterations = 0;
  };
  NewtonResult solve_step(double t, VecX& u);

  double time() const { return time_; }  // s, end of the last converged step
  const VecX& displacement() const { return u_; }
  VecX& displacement() { return u_; }
  const Assembler& assembler() const { return assembler_; }
  const DofMap& dofs() const { return dofs_; }
  // Full residual at the last converged state: reaction forces at constrained dofs, N.
  VecX reactions(double t) const;

 private:
  void apply_supports(double t, VecX& u) const;
  NewtonResult newton(double t, VecX& u);  // solve_step without its bookkeeping
  bool predict(double t, VecX& u, std::string& failure);
  Evaluation evaluate(const VecX& u, double t, bool tangent, const VecX* lift_direction = nullptr,
                      VecX* lift = nullptr);
  // Solves (K + skew) du = -rf with the current evaluation; false with a reason on failure. A solve with an
  // earlier factorisation may stop at the relative residual `forcing` (inexact Newton).
  bool solve_linear(std::string& failure, double forcing = 1e-8);
  // GMRES to a true relative residual of `tolerance`.
  bool krylov_solve(const SpMat& A, const VecX& b, VecX& x, int max_iterations, double tolerance,
                    int& iterations);
  bool reusable_factor_ = false;  // the linear solver holds a factorisation of an earlier tangent
  // In the current step.
  int factorizations_ = 0, reuse_failures_ = 0, indefinite_factorizations_ = 0, krylov_iterations_ = 0;
  double residual_norm(const VecX& r_full) const;

  const Model& model_;
  NewtonSettings newton_;
  SteppingSettings stepping_;
  DofMap dofs_;
  Assembler assembler_;
  std::unique_ptr<LinearSolver> linear_;
  VecX u_;
  double time_ = 0.0;
  SpMat K_, skew_, exact_;
  VecX r_, rf_, du_, du_full_, trial_;
};

}  // namespace piriform
