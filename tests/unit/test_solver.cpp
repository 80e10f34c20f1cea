// Unit tests of the static solver: bad input is rejected with clear messages, impossible loads end the run
// cleanly (no crash, no NaN), Newton converges quadratically with the exact tangent, every linear solver
// gives the same answer (CHOLMOD shifts an indefinite matrix until asked for its exact factorisation), step
// cutting recovers from a too-large step, explicit step times are honoured and checked, reactions balance
// the load, and a step stops reusing a factorisation that keeps failing.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "engine/common/error.hpp"
#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

Model neo_hookean_block(CellType type, int n, double K = 5e4) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 1.0, 1.0), n, n, n, type});
  m.materials = {std::make_shared<NeoHookean>(1e3, K)};
  return m;
}

// Sum of the reaction components `axis` over the nodes of a surface.
double surface_force(const Model& m, const VecX& r, const std::string& surface, int axis) {
  double f = 0.0;
  for (Index v : facet_set_nodes(m.mesh.facet_set(surface))) f += r[3 * v + axis];
  return f;
}

// ---------------------------------------------------------------------------------------------------
// Bad input

TEST(StaticSolverInput, ModelWithoutSupportsIsRejectedAsRigidBodySingular) {
  Model m = neo_hookean_block(CellType::Hex8, 1);
  m.pressures = {{"zmax", [](const Vec3&, double t) { return 100.0 * t; }}};
  const std::string msg = test::input_error_message([&] { StaticSolver solver(m); });
  EXPECT_TRUE(contains(msg, "rigid-body")) << msg;
  EXPECT_TRUE(contains(msg, "6 of its 6")) << msg;
  m.supports = {roller_support("zmin", 2)};
  const std::string msg3 = test::input_error_message([&] { StaticSolver solver(m); });
  EXPECT_TRUE(contains(msg3, "3 of its 6 rigid-body")) << msg3;
  m.supports = {fixed_support("zmin")};
  EXPECT_NO_THROW(StaticSolver solver(m));
}

TEST(StaticSolverInput, InvertedReferenceCellIsRejected) {
  Model m = neo_hookean_block(CellType::Tet4, 1);
  m.supports = {fixed_support("zmin")};
  std::swap(m.mesh.cells[4 * 2 + 0], m.mesh.cells[4 * 2 + 3]);
  const std::string msg = test::input_error_message([&] { StaticSolver solver(m); });
  EXPECT_TRUE(contains(msg, "cell 2")) << msg;
  EXPECT_TRUE(contains(msg, "inverted")) << msg;
}

TEST(StaticSolverInput, CellInvertedAtAQuadraturePointIsRejected) {
  // A hexahedron folded over itself: positive total volume, but det J < 0 at one Gauss point.
  Model m = neo_hookean_block(CellType::Hex8, 1);
  m.supports = {fixed_support("zmin")};
  m.mesh.X.col(m.mesh.cells[6]) = Vec3(0.1, 0.1, 0.1);  // the corner opposite the origin pulled inside
  ASSERT_GT(cell_volumes(m.mesh)[0], 0.0);              // a volume check alone would not see it
  const std::string msg = test::input_error_message([&] { m.mesh.validate(); });
  EXPECT_TRUE(contains(msg, "cell 0 is inverted or degenerate in the reference mesh")) << msg;
  EXPECT_TRUE(contains(msg, "quadrature points")) << msg;
  EXPECT_EQ(test::input_error_message([&] { StaticSolver solver(m); }), msg);
}

TEST(StaticSolverInput, UnknownSurfaceAndBadSteppingAreRejected) {
  Model m = neo_hookean_block(CellType::Hex8, 1);
  m.supports = {fixed_support("bottom")};
  EXPECT_TRUE(contains(test::input_error_message([&] { StaticSolver solver(m); }), "no surface 'bottom'"));
  m.supports = {fixed_support("zmin")};
  const SteppingSettings no_steps{1.0, 0, 5}, no_time{0.0, 4, 5};
  EXPECT_TRUE(contains(test::input_error_message([&] { StaticSolver solver(m, {}, no_steps); }),
                       "at least one step"));
  EXPECT_TRUE(
      contains(test::input_error_message([&] { StaticSolver solver(m, {}, no_time); }), "positive end time"));
  m.materials.clear();
  EXPECT_TRUE(
      contains(test::input_error_message([&] { StaticSolver solver(m); }), "1 regions but 0 materials"));
}

// ---------------------------------------------------------------------------------------------------
// Loads the tissue cannot carry

bool finite(const VecX& u) { return u.allFinite(); }

// Pressing the top of the block through its base is impossible: the run stops with a message naming the
// step and time, after cutting the step, with the last converged (finite) state kept.
TEST(StaticSolverFailure, ImpossiblePrescribedDisplacementStopsCleanly) {
  Model m = neo_hookean_block(CellType::Hex8, 2);
  m.supports = {fixed_support("zmin"),
                prescribed_displacement("zmax", {true, true, true},
                                        [](const Vec3&, double t) { return Vec3(0, 0, -1.2 * t); })};
  StaticSolver solver(m, {}, {1.0, 1, 4});
  const SolveReport report = solver.run();
  EXPECT_FALSE(report.completed);
  EXPECT_TRUE(contains(report.message, "step ")) << report.message;
  EXPECT_TRUE(contains(report.message, "t = ")) << report.message;
  EXPECT_TRUE(contains(report.message, "after 4 step cuts")) << report.message;
  EXPECT_TRUE(finite(solver.displacement()));
  // Whatever was reached is a valid state: no cell inverted.
  VecX r;
  EXPECT_EQ(solver.assembler().evaluate(solver.displacement(), 1.0, &r, nullptr).inverted_cells, 0);
  if (!report.steps.empty()) {
    EXPECT_LT(report.steps.back().time, 1.0);
    EXPECT_GT(report.steps.back().time, 0.0);
  }
}

// With U = K/2 (J - 1)^2 the volumetric pressure U'(J) never exceeds K, so an all-round pressure above K
// has no equilibrium: the block collapses at p = K (t = 0.5 here).
TEST(StaticSolverFailure, CollapsingBlockUnderPressureStopsWithMessageAndNoNaN) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 1.0, 1.0), 1, 1, 1, CellType::Hex8});
  const double K = 1e4;
  m.materials = {std::make_shared<NeoHookean>(1e3, K, VolumetricKind::Quadratic)};
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2)};
  auto p = [K](const Vec3&, double t) { return 2.0 * K * t; };
  m.pressures = {{"xmax", p}, {"ymax", p}, {"zmax", p}};
  StaticSolver solver(m, {}, {1.0, 10, 6});
  const SolveReport report = solver.run();
  EXPECT_FALSE(report.completed);
  EXPECT_TRUE(contains(report.message, "step ")) << report.message;
  EXPECT_TRUE(contains(report.message, "t = ")) << report.message;
  EXPECT_TRUE(finite(solver.displacement()));
  ASSERT_FALSE(report.steps.empty());
  // No converged state beyond the collapse load (at t = 0.5 itself J -> 0 and every force with it).
  EXPECT_GT(report.steps.back().time, 0.4);
  EXPECT_LE(report.steps.back().time, 0.5);
  // The last converged state is the homogeneous compression J = 1 - p / K. Near the collapse the faces'
  // area, and with it every force, vanishes like J^(2/3): a residual at the tolerance then leaves J
  // uncertain by ~1e-5 (measured 4.5e-6 when the last step ends at t = 0.5, where J = 0 exactly).
  const double t = report.steps.back().time;
  const double stretch = 1.0 + solver.displacement()[3 * m.mesh.cells[6] + 0];
  EXPECT_GT(stretch, 0.0);
  EXPECT_NEAR(stretch * stretch * stretch, 1.0 - 2.0 * t, 1e-5);
}

// A pressure far beyond the tissue's stiffness in one step fails cleanly too.
TEST(StaticSolverFailure, HugeSurfacePressureStopsWithMessageAndNoNaN) {
  Model m = neo_hookean_block(CellType::Tet4, 2);
  m.supports = {fixed_support("zmin")};
  m.pressures = {{"zmax", [](const Vec3&, double t) { return 1e7 * t; }}};
  StaticSolver solver(m, {}, {1.0, 1, 3});
  const SolveReport report = solver.run();
  EXPECT_FALSE(report.completed);
  EXPECT_TRUE(contains(report.message, "step 1 at t = ")) << report.message;
  EXPECT_TRUE(finite(solver.displacement()));
}

// ---------------------------------------------------------------------------------------------------
// Newton convergence

// Observed orders q_k = log(r_{k+1}/r_k) / log(r_k/r_{k-1}) over decreasing residuals, leaving out the
// iterates at round-off: r_{k+1} must be ten times above the final residual of the converged step (which
// the tight tolerance below puts at round-off, ~1e-15 of the first residual here).
std::vector<double> observed_orders(const std::vector<double>& h) {
  std::vector<double> q;
  if (h.size() < 3) return q;
  const double floor = 10.0 * h.back();
  for (std::size_t k = 1; k + 1 < h.size(); ++k) {
    if (h[k + 1] <= floor) break;
    if (h[k] < h[k - 1] && h[k + 1] < h[k])
      q.push_back(std::log(h[k + 1] / h[k]) / std::log(h[k] / h[k - 1]));
  }
  return q;
}

std::string history_text(const std::vector<double>& h) {
  std::string out;
  for (double r : h) out += fmt::format(" {:.2e}", r);
  return out;
}

// Neo-Hookean block stretched by 30 % with a non-uniform follower pressure on its top.
Model stretch_and_pressure_model() {
  Model m = neo_hookean_block(CellType::Tet10, 2);
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2),
                prescribed_displacement("xmax", {true, false, false},
                                        [](const Vec3&, double t) { return Vec3(0.3 * t, 0, 0); })};
  m.pressures = {{"zmax", [](const Vec3& X, double t) { return 300.0 * t * (1.0 + X.x() + 0.5 * X.y()); }}};
  return m;
}

NewtonSettings tight(LoadStiffness mode, LinearSolverKind kind = LinearSolverKind::Cholmod) {
  NewtonSettings newton;
  newton.load_stiffness = mode;
  newton.linear.kind = kind;
  newton.residual_tolerance = 1e-12;
  newton.stagnation_tolerance = 0.0;  // converge on the residual alone
  return newton;
}

TEST(Newton, ConvergesQuadraticallyWithTheFullTangent) {
  const Model m = stretch_and_pressure_model();
  // LU factorises the exact unsymmetric tangent; Cholmod factorises its symmetric part and solves the
  // exact system by preconditioned BiCGSTAB. Both are exact Newton.
  for (LinearSolverKind kind : {LinearSolverKind::LU, LinearSolverKind::Cholmod}) {
    SCOPED_TRACE(linear_solver_name(kind));
    StaticSolver solver(m, tight(LoadStiffness::Full, kind), {1.0, 1, 0});
    const SolveReport report = solver.run();
    ASSERT_TRUE(report.completed) << report.message;
    ASSERT_EQ(report.steps.size(), 1u);
    const auto& h = report.steps[0].residual_history;
    SCOPED_TRACE("residuals" + history_text(h));
    const auto q = observed_orders(h);
    ASSERT_FALSE(q.empty());
    EXPECT_GE(*std::max_element(q.begin(), q.end()), 1.8);
    EXPECT_GE(q.back(), 1.8) << "the last iterates before round-off";
    EXPECT_LE(report.steps[0].iterations, 12);
  }
}

// A per-step count summed over the run.
int total(const SolveReport& report, int StepRecord::*count) {
  int sum = 0;
  for (const auto& s : report.steps) sum += s.*count;
  return sum;
}

TEST(Newton, SymmetrisedLoadStiffnessConvergesLinearlyToTheSameSolution) {
  const Model m = stretch_and_pressure_model();
  StaticSolver exact(m, tight(LoadStiffness::Full), {1.0, 2, 5}),
      sym(m, tight(LoadStiffness::Symmetric), {1.0, 2, 5});
  const SolveReport re = exact.run(), rs = sym.run();
  ASSERT_TRUE(re.completed) << re.message;
  ASSERT_TRUE(rs.completed) << rs.message;
  EXPECT_LT(total(re, &StepRecord::iterations), total(rs, &StepRecord::iterations));
  // The order measure tells the two apart: the symmetric part alone gives linear convergence.
  const auto q = observed_orders(rs.steps.back().residual_history);
  ASSERT_FALSE(q.empty());
  EXPECT_LT(q.back(), 1.5) << "residuals" << history_text(rs.steps.back().residual_history);
  EXPECT_LT((exact.displacement() - sym.displacement()).norm(), 1e-8 * exact.displacement().norm());
}

// With the default settings an accepted step must still meet the residual tolerance: the stagnation
// rule is meant for round-off (~1e-15 of the reference here), not for an iteration that converges slowly.
TEST(Newton, SlowConvergenceIsNotAcceptedAsRoundOffStagnation) {
  const Model m = stretch_and_pressure_model();
  StaticSolver exact(m, tight(LoadStiffness::Full), {1.0, 1, 5});
  ASSERT_TRUE(exact.run().completed);
  NewtonSettings defaults;
  defaults.load_stiffness = LoadStiffness::Symmetric;
  StaticSolver solver(m, defaults, {1.0, 1, 5});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  for (const auto& s : report.steps)
    EXPECT_LE(s.relative_residual, defaults.residual_tolerance)
        << "step " << s.step << " accepted; residuals" << history_text(s.residual_history);
  EXPECT_LT((solver.displacement() - exact.displacement()).norm(), 1e-7 * exact.displacement().norm());
}

// ---------------------------------------------------------------------------------------------------
// Linear solvers

TEST(LinearSolvers, EveryKindGivesTheSameSmallStrainSolution) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.6, 0.4), 2, 1, 1, CellType::Hex20});
  m.kinematics = Kinematics::SmallStrain;
  m.materials = {std::make_shared<StVenantKirchhoff>(YoungPoisson{1e4, 0.45})};
  m.supports = {fixed_support("xmin")};
  m.tractions = {
      {"xmax", [](const Vec3& X, double t) { return Vec3(50.0 * t, 20.0 * X.z() * t, -30.0 * t); }},
      {"zmax", [](const Vec3& X, double t) { return Vec3(0.0, 0.0, -10.0 * X.x() * t); }}};
  VecX reference;
  for (LinearSolverKind kind :
       {LinearSolverKind::Cholmod, LinearSolverKind::LDLT, LinearSolverKind::CG, LinearSolverKind::LU}) {
    SCOPED_TRACE(linear_solver_name(kind));
    NewtonSettings newton;
    newton.linear.kind = kind;
    newton.linear.cg_tolerance = 1e-13;
    StaticSolver solver(m, newton, {1.0, 1, 0});
    const SolveReport report = solver.run();
    ASSERT_TRUE(report.completed) << report.message;
    if (reference.size() == 0) {
      reference = solver.displacement();
      ASSERT_GT(reference.norm(), 0.0);
    } else {
      EXPECT_LT((solver.displacement() - reference).norm(), 1e-8 * reference.norm());
    }
  }
}

// An indefinite matrix (eigenvalues of both signs): CHOLMOD factorises it shifted, which does not solve it,
// until asked for the exact (LU) factorisation; without shift_indefinite it goes to LU at once.
TEST(LinearSolvers, CholmodShiftsAnIndefiniteMatrixAndFactorisesItExactlyOnRequest) {
  SpMat K(4, 4);
  const std::vector<Eigen::Triplet<double>> entries = {{0, 0, 2.0}, {1, 1, -1.0}, {2, 2, 2.0}, {3, 3, 3.0},
                                                       {0, 1, 1.0}, {1, 0, 1.0},  {1, 2, 1.0}, {2, 1, 1.0},
                                                       {2, 3, 1.0}, {3, 2, 1.0}};
  K.setFromTriplets(entries.begin(), entries.end());
  const VecX b = VecX::LinSpaced(4, 1.0, 4.0);
  VecX x;
  auto shifting = make_linear_solver({});
  shifting->analyze(K);
  ASSERT_TRUE(shifting->factorize(K));
  EXPECT_TRUE(shifting->shifted());
  ASSERT_TRUE(shifting->solve(b, x));
  EXPECT_GT((K * x - b).norm(), 1e-3 * b.norm());
  ASSERT_TRUE(shifting->factorize_indefinite(K));
  EXPECT_FALSE(shifting->shifted());
  ASSERT_TRUE(shifting->solve(b, x));
  EXPECT_LT((K * x - b).norm(), 1e-12 * b.norm());

  LinearSolverSettings plain;
  plain.shift_indefinite = false;
  auto exact = make_linear_solver(plain);
  exact->analyze(K);
  ASSERT_TRUE(exact->factorize(K));
  EXPECT_FALSE(exact->shifted());
  ASSERT_TRUE(exact->solve(b, x));
  EXPECT_LT((K * x - b).norm(), 1e-12 * b.norm());

  // A positive definite matrix is factorised as it is.
  const SpMat spd = K + SpMat(VecX::Constant(4, 3.0).asDiagonal());
  ASSERT_TRUE(shifting->factorize(spd));
  EXPECT_FALSE(shifting->shifted());
  ASSERT_TRUE(shifting->solve(b, x));
  EXPECT_LT((spd * x - b).norm(), 1e-12 * b.norm());
}

// ---------------------------------------------------------------------------------------------------
// Factorisation reuse

// One GMRES iteration is too few for a tangent that changes between iterations, so every reuse attempt
// fails: without a limit each solve pays for the attempt and a factorisation, with one a step stops
// trying after reuse_max_failures attempts and factorises directly. The solution is the same either way.
TEST(FactorisationReuse, StepStopsReusingAfterRepeatedFailures) {
  const Model m = stretch_and_pressure_model();
  NewtonSettings unlimited = tight(LoadStiffness::Full);
  unlimited.reuse_max_iterations = 1;
  unlimited.reuse_max_failures = 1000;
  NewtonSettings limited = unlimited;
  limited.reuse_max_failures = 2;
  StaticSolver a(m, unlimited, {1.0, 2, 5}), b(m, limited, {1.0, 2, 5});
  const SolveReport ra = a.run(), rb = b.run();
  ASSERT_TRUE(ra.completed) << ra.message;
  ASSERT_TRUE(rb.completed) << rb.message;
  int most_failures = 0;
  for (const auto& s : ra.steps) most_failures = std::max(most_failures, s.reuse_failures);
  EXPECT_GT(most_failures, limited.reuse_max_failures) << "the test needs steps whose reuse keeps failing";
  for (const auto& s : rb.steps) {
    SCOPED_TRACE(fmt::format("step {}", s.step));
    EXPECT_LE(s.reuse_failures, limited.reuse_max_failures);
    // Every Newton iteration and the predictor of the prescribed stretch solve once; none reuses.
    EXPECT_EQ(s.factorizations, s.iterations + 1);
  }
  EXPECT_LT((a.displacement() - b.displacement()).norm(), 1e-8 * a.displacement().norm());
}

// The limit holds within a step: a step that has given up on reuse tries again in the next one (here
// once per step, failing each time).
TEST(FactorisationReuse, NextStepTriesReusingAgain) {
  NewtonSettings once = tight(LoadStiffness::Full);
  once.reuse_max_iterations = 1;
  once.reuse_max_failures = 1;
  const Model m = stretch_and_pressure_model();
  StaticSolver solver(m, once, {1.0, 3, 5});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  ASSERT_EQ(report.steps.size(), 3u);
  for (const auto& s : report.steps) {
    SCOPED_TRACE(fmt::format("step {}", s.step));
    EXPECT_EQ(s.reuse_failures, 1);
    EXPECT_EQ(s.factorizations, s.iterations + 1);
  }
}

// Inexact Newton: far from the solution a solve with an earlier factorisation stops at the forcing term
// instead of 1e-10, which saves GMRES iterations; the converged state is the same to the tolerance.
TEST(NewtonConvergence, InexactSolvesSaveKrylovIterationsAndReachTheSameState) {
  const Model m = stretch_and_pressure_model();
  NewtonSettings inexact = tight(LoadStiffness::Full);
  NewtonSettings exact = inexact;
  exact.max_forcing = 1e-10;
  StaticSolver a(m, inexact, {1.0, 2, 5}), b(m, exact, {1.0, 2, 5});
  const SolveReport ra = a.run(), rb = b.run();
  ASSERT_TRUE(ra.completed) << ra.message;
  ASSERT_TRUE(rb.completed) << rb.message;
  const int krylov_a = total(ra, &StepRecord::krylov_iterations);
  const int krylov_b = total(rb, &StepRecord::krylov_iterations);
  EXPECT_GT(krylov_b, 0) << "the test needs solves with an earlier factorisation";
  EXPECT_LT(krylov_a, krylov_b);
  EXPECT_LT((a.displacement() - b.displacement()).norm(), 1e-8 * b.displacement().norm());
}

// Once the residual meets its tolerance, the energy test is settled with the factorisation held, so a
// step ends at the first iteration whose residual is small instead of paying one more factorisation.
TEST(NewtonConvergence, StepEndsAtTheFirstSmallResidual) {
  const Model m = stretch_and_pressure_model();
  const NewtonSettings settings;
  StaticSolver solver(m, settings, {1.0, 2, 5});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  for (const auto& s : report.steps) {
    SCOPED_TRACE(fmt::format("step {}", s.step));
    ASSERT_GE(s.residual_history.size(), 3u) << "the test needs steps of several iterations";
    const double reference = s.residual / s.relative_residual;
    EXPECT_LE(s.residual_history.back(), settings.residual_tolerance * reference);
    for (std::size_t k = 0; k + 1 < s.residual_history.size(); ++k)
      EXPECT_GT(s.residual_history[k], settings.residual_tolerance * reference) << "iteration " << k;
  }
}

// ---------------------------------------------------------------------------------------------------
// Step cutting

// Squashing a nearly incompressible block to 40 % of its height in one increment inverts cells.
Model compression_model() {
  Model m = neo_hookean_block(CellType::Tet10, 2, 1e5);
  m.supports = {fixed_support("zmin"),
                prescribed_displacement("zmax", {true, true, true},
                                        [](const Vec3&, double t) { return Vec3(0, 0, -0.6 * t); })};
  return m;
}

TEST(StepCutting, StepThatFailsWholeSucceedsAfterCuts) {
  const Model m = compression_model();
  {
    StaticSolver solver(m, {}, {1.0, 1, 0});
    const SolveReport report = solver.run();
    ASSERT_FALSE(report.completed) << "the test needs a problem that one step cannot solve";
    EXPECT_TRUE(contains(report.message, "step 1 at t = 1 s failed after 0 step cuts")) << report.message;
  }
  StaticSolver solver(m, {}, {1.0, 1, 10});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  EXPECT_TRUE(report.message.empty());
  ASSERT_FALSE(report.steps.empty());
  EXPECT_DOUBLE_EQ(report.steps.back().time, 1.0);
  EXPECT_GT(report.steps.front().cuts, 0);
  double total = 0.0;
  for (const auto& s : report.steps) total += s.dt;
  EXPECT_NEAR(total, 1.0, 1e-12);
  // The prescribed displacement is reached.
  for (Index v : facet_set_nodes(m.mesh.facet_set("zmax"))) EXPECT_EQ(solver.displacement()[3 * v + 2], -0.6);
}

TEST(StepCutting, CallbackSeesEveryConvergedStep) {
  const Model m = compression_model();
  StaticSolver solver(m, {}, {1.0, 4, 10});
  std::vector<double> times;
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX& u) {
    times.push_back(rec.time);
    EXPECT_TRUE(u.allFinite());
  });
  ASSERT_TRUE(report.completed) << report.message;
  ASSERT_EQ(times.size(), report.steps.size());
  for (std::size_t i = 0; i < times.size(); ++i) EXPECT_EQ(times[i], report.steps[i].time);
  for (std::size_t i = 1; i < times.size(); ++i) EXPECT_GT(times[i], times[i - 1]);
}

// ---------------------------------------------------------------------------------------------------
// Explicit step times

// A block stretched by 20 % along x.
Model stretch_model() {
  Model m = neo_hookean_block(CellType::Hex8, 2);
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2),
                prescribed_displacement("xmax", {true, false, false},
                                        [](const Vec3&, double t) { return Vec3(0.2 * t, 0, 0); })};
  return m;
}

// After a step that needed cuts the next one keeps its length; steps grow (doubling) only after a step
// that converged whole. A large stretch in one step with few Newton iterations allowed needs cuts, and the
// response stiffens less than it strains, so shorter steps converge and can then grow.
TEST(StepCutting, StepAfterACutOneIsNotLonger) {
  Model m = stretch_model();
  m.supports.back() = prescribed_displacement("xmax", {true, false, false},
                                              [](const Vec3&, double t) { return Vec3(t, 0, 0); });
  NewtonSettings newton;
  newton.max_iterations = 3;
  StaticSolver solver(m, newton, {1.0, 1, 10});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  bool cut = false, grew = false;
  for (std::size_t k = 0; k + 1 < report.steps.size(); ++k) {
    const StepRecord &step = report.steps[k], &next = report.steps[k + 1];
    if (step.cuts > 0) {
      cut = true;
      EXPECT_LE(next.dt, step.dt) << "step " << next.step << " follows a cut step";
    } else if (next.cuts == 0 && next.time < 1.0) {
      EXPECT_EQ(next.dt, 2.0 * step.dt) << "step " << next.step;
    }
    grew = grew || next.dt > step.dt;
  }
  EXPECT_TRUE(cut) << "the test needs a step that is cut";
  EXPECT_TRUE(grew) << "the steps never grew back";
}

TEST(StepTimes, StepsEndExactlyOnTheListedTimes) {
  const Model m = stretch_model();
  SteppingSettings stepping{5.0, 0, 3};  // end_time and steps are ignored (0 steps would be rejected)
  stepping.times = {0.1, 0.25, 0.3, 0.7, 1.0 / 3.0 + 0.5, 1.0};
  StaticSolver solver(m, {}, stepping);
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  ASSERT_EQ(report.steps.size(), stepping.times.size());
  double previous = 0.0;
  for (std::size_t k = 0; k < report.steps.size(); ++k) {
    EXPECT_EQ(report.steps[k].time, stepping.times[k]);
    EXPECT_EQ(report.steps[k].dt, stepping.times[k] - previous);
    EXPECT_EQ(report.steps[k].cuts, 0);
    previous = stepping.times[k];
  }
  EXPECT_EQ(solver.time(), 1.0);
  for (Index v : facet_set_nodes(m.mesh.facet_set("xmax"))) EXPECT_EQ(solver.displacement()[3 * v], 0.2);
}

// A listed step that fails is cut; the pieces still end on the listed time, and the next interval is
// tried whole.
TEST(StepTimes, CutStepsStillEndOnTheListedTimes) {
  const Model m = compression_model();
  SteppingSettings stepping;
  stepping.times = {0.05, 0.9, 0.95, 1.0};
  StaticSolver solver(m, {}, stepping);
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  std::vector<double> times;
  int cuts = 0;
  for (const auto& s : report.steps) {
    times.push_back(s.time);
    cuts += s.cuts;
  }
  ASSERT_GT(cuts, 0) << "the test needs a listed step that is cut";
  ASSERT_GT(times.size(), stepping.times.size());
  EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
  EXPECT_EQ(std::adjacent_find(times.begin(), times.end()), times.end());
  for (double t : stepping.times)
    EXPECT_NE(std::find(times.begin(), times.end(), t), times.end()) << "no step ends at t = " << t;
  // The short listed steps after the cut interval are taken whole.
  EXPECT_EQ(report.steps[report.steps.size() - 2].time, 0.95);
  EXPECT_EQ(report.steps.back().dt, 1.0 - 0.95);
  double total = 0.0;
  for (const auto& s : report.steps) total += s.dt;
  EXPECT_NEAR(total, 1.0, 1e-12);
}

TEST(StepTimes, InvalidListsAreRejectedWithAMessage) {
  const Model m = stretch_model();
  auto message = [&](std::vector<double> times) {
    SteppingSettings stepping;
    stepping.times = std::move(times);
    return test::input_error_message([&] { StaticSolver solver(m, {}, stepping); });
  };
  const std::string zero = message({0.0, 1.0});
  EXPECT_TRUE(contains(zero, "times[0] = 0 s is not after the start")) << zero;
  EXPECT_TRUE(contains(zero, "> 0 and strictly increasing")) << zero;
  EXPECT_TRUE(contains(message({-1.0}), "times[0] = -1 s")) << message({-1.0});
  const std::string repeated = message({0.5, 0.5, 1.0});
  EXPECT_TRUE(contains(repeated, "times[1] = 0.5 s does not come after times[0] = 0.5 s")) << repeated;
  const std::string decreasing = message({0.5, 1.0, 0.75});
  EXPECT_TRUE(contains(decreasing, "times[2] = 0.75 s does not come after times[1] = 1 s")) << decreasing;
  const std::string nan = message({0.5, std::nan("")});
  EXPECT_TRUE(contains(nan, "times[1] = nan s is not a finite time")) << nan;
  const std::string inf = message({std::numeric_limits<double>::infinity()});
  EXPECT_TRUE(contains(inf, "times[0] = inf s is not a finite time")) << inf;
  EXPECT_EQ(message({0.5, 1.0}), "no exception");
}

// ---------------------------------------------------------------------------------------------------
// Reactions

Model uniaxial_model(MaterialPtr material, Kinematics kinematics, double extension) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(2.0, 0.8, 0.6), 2, 2, 2, CellType::Hex8});
  m.kinematics = kinematics;
  m.materials = {std::move(material)};
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2),
                prescribed_displacement("xmax", {true, false, false}, [extension](const Vec3&, double t) {
                  return Vec3(extension * t, 0, 0);
                })};
  return m;
}

TEST(Reactions, SmallStrainUniaxialTensionForceIsEAStrain) {
  const double E = 1e4, strain = 0.01, L = 2.0, A = 0.8 * 0.6;
  const Model m = uniaxial_model(std::make_shared<StVenantKirchhoff>(YoungPoisson{E, 0.3}),
                                 Kinematics::SmallStrain, strain * L);
  StaticSolver solver(m, {}, {1.0, 1, 0});
  ASSERT_TRUE(solver.run().completed);
  const VecX r = solver.reactions(1.0);
  // The support pulls the body in +x at xmax and in -x at xmin.
  EXPECT_NEAR(surface_force(m, r, "xmax", 0), E * strain * A, 1e-9 * E * strain * A);
  EXPECT_NEAR(surface_force(m, r, "xmin", 0), -E * strain * A, 1e-9 * E * strain * A);
  EXPECT_NEAR(surface_force(m, r, "ymin", 1), 0.0, 1e-9 * E * strain * A);
  // Free dofs carry no force.
  VecX rf;
  solver.dofs().gather(r, rf);
  EXPECT_LT(rf.norm(), 1e-9 * E * strain * A);
}

// Homogeneous uniaxial stress F = diag(l, m, m) of the decoupled neo-Hookean solid: m from S22 = 0 by
// bisection, then the nominal force P11 A0 = l S11 A0.
double uniaxial_nominal_stress(const Material& mat, double l) {
  auto s22 = [&](double lat) {
    Mat3 S;
    mat.stress(Vec3(l, lat, lat).asDiagonal(), Vec3::Zero(), S, nullptr);
    return S(1, 1);
  };
  double lo = 0.5 / std::sqrt(l), hi = 1.5 / std::sqrt(l);  // S22 < 0 at lo, > 0 at hi
  EXPECT_LT(s22(lo), 0.0);
  EXPECT_GT(s22(hi), 0.0);
  for (int i = 0; i < 200 && hi - lo > 1e-15; ++i) (s22(0.5 * (lo + hi)) < 0.0 ? lo : hi) = 0.5 * (lo + hi);
  const double lat = 0.5 * (lo + hi);
  Mat3 S;
  mat.stress(Vec3(l, lat, lat).asDiagonal(), Vec3::Zero(), S, nullptr);
  return l * S(0, 0);
}

TEST(Reactions, FiniteStrainUniaxialTensionMatchesTheHomogeneousSolution) {
  const auto mat = std::make_shared<NeoHookean>(1e3, 2e4);
  const double L = 2.0, A0 = 0.8 * 0.6, stretch = 1.3;
  const Model m = uniaxial_model(mat, Kinematics::Finite, (stretch - 1.0) * L);
  StaticSolver solver(m, {}, {1.0, 3, 5});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;
  const double force = uniaxial_nominal_stress(*mat, stretch) * A0;
  // Incompressible estimate mu (l - 1/l^2): the same to within the small compressibility.
  EXPECT_NEAR(force / A0, 1e3 * (stretch - 1.0 / (stretch * stretch)), 0.05 * force / A0);
  const VecX r = solver.reactions(1.0);
  EXPECT_NEAR(surface_force(m, r, "xmax", 0), force, 1e-7 * force);
  EXPECT_NEAR(surface_force(m, r, "xmin", 0), -force, 1e-7 * force);
}

}  // namespace
}  // namespace piriform
