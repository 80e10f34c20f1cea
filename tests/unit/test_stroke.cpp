// Unit tests of massage stroke loads: exact force on any mesh (own and assembled), path, schedules, pressure
// options, drag, orientation, curved skin, step times, thread safety, schedule builders and input errors.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <memory>
#include <numbers>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "engine/assembly/assembler.hpp"
#include "engine/loads/stroke.hpp"
#include "engine/loads/surface_geometry.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

constexpr double top = 0.02;  // the skin: the zmax face of a 100 x 60 x 20 mm block
constexpr double pi = std::numbers::pi;

// Medium one-finger push: peak force 9.5 N, mean 21 kPa, peak 35 kPa (Yueyang Hospital tuina study,
// ../shared/reference/tissue-and-nerve.md); a thumb-sized pad.
constexpr double push_force = 9.5;
constexpr double push_mean = 21e3, push_peak = 35e3;
constexpr double pad_along = 0.012, pad_across = 0.009;

Mesh skin_block(CellType type, int nx, int ny) {
  BoxSpec s;
  s.lo = Vec3::Zero();
  s.hi = Vec3(0.1, 0.06, top);
  s.nx = nx;
  s.ny = ny;
  s.nz = 1;
  s.type = type;
  return box_mesh(s);
}

// A glide over a bent path whose end hangs over two edges of the skin (x = 100 mm, y = 60 mm); its last
// point is given 1 mm above the skin.
const Vec3 P0(0.015, 0.02, top), P1(0.07, 0.035, top), P2(0.093, 0.054, top + 0.001);
const double bent_length = (P1 - P0).norm() + (Vec3(P2.x(), P2.y(), top) - P1).norm();
constexpr double glide_speed = 0.03;  // m/s, light stroking speed (Loken et al. 2009)
constexpr double ramp = 1.0, t0 = 0.5, release = 1.0;

Stroke bent_glide(PressureDistribution distribution = PressureDistribution::Uniform) {
  Stroke s;
  s.surface = "zmax";
  s.footprint.semi_axis_along = pad_along;
  s.footprint.semi_axis_across = pad_across;
  s.footprint.orientation = 0.3;
  s.footprint.distribution = distribution;
  s.magnitude = push_force;
  s.path = {P0, P1, P2};
  const StrokeSchedule schedule = gliding_stroke(t0, ramp, bent_length, glide_speed, release);
  s.amplitude = schedule.amplitude;
  s.travel = schedule.travel;
  return s;
}

// Times of bent_glide: partway up the ramp, start of the glide, on each segment, at the corner, near the
// far edges, during the release.
std::vector<double> bent_glide_times() {
  const double glide_end = t0 + ramp + bent_length / glide_speed;
  return {0.9,
          1.5,
          1.73,
          2.2,
          1.5 + (P1 - P0).norm() / glide_speed,
          3.1,
          3.55,
          glide_end - 0.01,
          glide_end + 0.4};
}

// A model on `mesh` holding `loads`, its dof map and assembler (which keep references to both).
struct Problem {
  Model model;
  DofMap dofs;
  Assembler assembler;
  Problem(Mesh mesh, const std::vector<TractionLoad>& loads)
      : model(make_model(std::move(mesh), loads)), dofs(DofMap::from_model(model)), assembler(model, dofs) {}
  Problem(const Problem&) = delete;

  static Model make_model(Mesh mesh, const std::vector<TractionLoad>& loads) {
    Model m;
    m.mesh = std::move(mesh);
    m.materials = {std::make_shared<NeoHookean>(1e3, 5e4)};
    m.tractions = loads;
    m.validate();
    return m;
  }
  // Sum of the assembled external nodal forces in the reference configuration.
  Vec3 total_external_force(double t) const {
    VecX f;
    assembler.external_force(VecX::Zero(dofs.num_dofs()), t, f);
    Vec3 total = Vec3::Zero();
    for (Index v = 0; v < model.mesh.num_nodes(); ++v) total += f.segment<3>(3 * v);
    return total;
  }
};

using ResultantCase = std::tuple<CellType, int, PressureDistribution>;

class StrokeResultant : public testing::TestWithParam<ResultantCase> {};

TEST_P(StrokeResultant, EqualsTheRequestedForceToRoundOffAtEveryTimeAndResolution) {
  const auto [type, nx, distribution] = GetParam();
  const Mesh mesh = skin_block(type, nx, nx * 3 / 5);
  const StrokeLoad load(mesh, bent_glide(distribution));
  const Problem problem(mesh, {load.as_traction_load()});
  double worst_own = 0.0, worst_assembled = 0.0;
  for (double t : bent_glide_times()) {
    const double F = push_force * load.amplitude(t);
    ASSERT_GT(F, 0.0) << t;
    const Vec3 expected(0.0, 0.0, -F);
    const Vec3 own = load.resultant(t), assembled = problem.total_external_force(t);
    worst_own = std::max(worst_own, (own - expected).norm() / F);
    worst_assembled = std::max(worst_assembled, (assembled - expected).norm() / F);
    EXPECT_LT((own - expected).norm(), 1e-10 * F) << "t = " << t << ": " << own.transpose();
    EXPECT_LT((assembled - expected).norm(), 1e-10 * F) << "t = " << t << ": " << assembled.transpose();
    EXPECT_NEAR(load.normal_force(t), F, 1e-10 * F);
  }
  // At the end of the path the footprint hangs over the skin's edges, and the pressure rises to keep the
  // force (the check that the times above include such positions; the coarsest mesh cannot show it).
  if (distribution == PressureDistribution::Uniform && nx >= 20) {
    const double t_end = bent_glide_times().back(), F = push_force * load.amplitude(t_end);
    EXPECT_GT(load.peak_pressure(t_end) * pi * pad_along * pad_across, 1.1 * F);
  }
  RecordProperty("max_relative_error_resultant", fmt::format("{:.3e}", worst_own));
  RecordProperty("max_relative_error_assembled", fmt::format("{:.3e}", worst_assembled));
  // Before the stroke starts nothing is applied.
  EXPECT_EQ(load.resultant(0.1), Vec3::Zero());
  EXPECT_EQ(problem.total_external_force(0.1), Vec3::Zero());
}

std::string resultant_case_name(const testing::TestParamInfo<ResultantCase>& info) {
  static const char* const distributions[] = {"Uniform", "Hertz", "GaussianEdge"};
  return fmt::format("{}_{}_{}", cell_type_name(std::get<0>(info.param)), std::get<1>(info.param),
                     distributions[static_cast<int>(std::get<2>(info.param))]);
}

INSTANTIATE_TEST_SUITE_P(Meshes, StrokeResultant,
                         testing::Combine(testing::Values(CellType::Hex8, CellType::Tet10),
                                          testing::Values(5, 20, 40),
                                          testing::Values(PressureDistribution::Uniform,
                                                          PressureDistribution::Hertz,
                                                          PressureDistribution::GaussianEdge)),
                         resultant_case_name);

TEST(StrokeLoad, CentreFollowsThePathAtTheRequestedSpeed) {
  const StrokeLoad load(skin_block(CellType::Hex8, 20, 12), bent_glide());
  const Vec3 P2_on_skin(P2.x(), P2.y(), top);
  const Vec3 u01 = (P1 - P0).normalized(), u12 = (P2_on_skin - P1).normalized();
  const double glide_start = t0 + ramp, corner = glide_start + (P1 - P0).norm() / glide_speed;
  const double glide_end = glide_start + bent_length / glide_speed;
  EXPECT_NEAR(load.path_length(), bent_length, 1e-15);
  for (double t : {0.0, t0, 1.2, glide_start}) {
    EXPECT_LT((load.centre(t) - P0).norm(), 1e-14) << t;
    EXPECT_LT((load.direction(t) - u01).norm(), 1e-14) << t;
  }
  for (double t : {1.6, 2.5, corner - 0.01}) {
    EXPECT_LT((load.centre(t) - (P0 + glide_speed * (t - glide_start) * u01)).norm(), 1e-14) << t;
    EXPECT_LT((load.direction(t) - u01).norm(), 1e-14) << t;
  }
  for (double t : {corner + 0.01, 3.6, glide_end - 0.01}) {
    EXPECT_LT((load.centre(t) - (P1 + glide_speed * (t - corner) * u12)).norm(), 1e-14) << t;
    EXPECT_LT((load.direction(t) - u12).norm(), 1e-14) << t;
  }
  // After the glide the footprint stays at the end, on the skin although the point was given above it,
  // and keeps the direction of its last motion.
  for (double t : {glide_end, glide_end + 0.5, 100.0}) {
    EXPECT_LT((load.centre(t) - P2_on_skin).norm(), 1e-14) << t;
    EXPECT_LT((load.direction(t) - u12).norm(), 1e-14) << t;
  }
  // Speed measured on the skin, on both segments.
  for (double t : {1.7, corner - 0.05, 3.6}) {
    const double dt = 0.04;
    EXPECT_NEAR((load.centre(t + dt) - load.centre(t)).norm() / dt, glide_speed, 1e-12) << t;
  }
}

TEST(StrokeLoad, AmplitudeFollowsRampHoldRelease) {
  Stroke s = bent_glide();
  s.path = {Vec3(0.05, 0.03, top)};
  s.travel.clear();
  s.amplitude = ramp_hold_release(1.0, 2.0, 3.0, 0.5);
  const StrokeLoad load(skin_block(CellType::Hex8, 20, 12), s);
  const std::vector<std::pair<double, double>> expected = {{-1.0, 0.0}, {0.5, 0.0}, {1.0, 0.0}, {2.0, 0.5},
                                                           {3.0, 1.0},  {4.5, 1.0}, {6.0, 1.0}, {6.25, 0.5},
                                                           {6.5, 0.0},  {9.0, 0.0}, {1e6, 0.0}};
  for (const auto& [t, a] : expected) {
    EXPECT_NEAR(load.amplitude(t), a, 1e-15) << t;
    EXPECT_NEAR(load.normal_force(t), a * push_force, 1e-12) << t;
    EXPECT_NEAR(-load.resultant(t).z(), a * push_force, 1e-12) << t;
    EXPECT_EQ(load.contact_area(t) > 0.0, a > 0.0) << t;
  }
  // The pressure at the centre scales with the amplitude.
  const Vec3 c = load.centre(4.0);
  EXPECT_NEAR(load.pressure(c, 2.0), 0.5 * load.pressure(c, 4.0), 1e-9 * load.pressure(c, 4.0));
}

TEST(StrokeLoad, MeanAndPeakPressureOptionsSetTheirPressure) {
  const Mesh mesh = skin_block(CellType::Tet10, 20, 12);
  const auto points = surface_quadrature_points(mesh, mesh.facet_set("zmax"));
  const double ellipse = pi * pad_along * pad_across;
  const double t_full = 3.0, t_half = 1.0;  // full amplitude, and halfway up the ramp
  Stroke s = bent_glide(PressureDistribution::Hertz);

  s.magnitude_kind = StrokeMagnitude::MeanPressure;
  s.magnitude = push_mean;
  const StrokeLoad mean(mesh, s);
  EXPECT_NEAR(mean.mean_pressure(t_full), push_mean, 1e-9 * push_mean);
  EXPECT_NEAR(mean.mean_pressure(t_half), 0.5 * push_mean, 1e-9 * push_mean);
  EXPECT_NEAR(mean.normal_force(t_full), push_mean * ellipse, 1e-9 * push_mean * ellipse);
  EXPECT_NEAR(-mean.resultant(t_full).z(), push_mean * ellipse, 1e-9 * push_mean * ellipse);
  EXPECT_NEAR(mean.contact_area(t_full), ellipse, 1e-18);
  // A Hertz profile peaks at 3/2 of its mean (sqrt(1 - rho^2) integrates to 2/3 of the ellipse's area);
  // the quadrature only approximates that integral.
  EXPECT_NEAR(mean.peak_pressure(t_full), 1.5 * push_mean, 0.1 * push_mean);

  s.magnitude_kind = StrokeMagnitude::PeakPressure;
  s.magnitude = push_peak;
  const StrokeLoad peak(mesh, s);
  EXPECT_EQ(peak.peak_pressure(t_full), push_peak);
  EXPECT_NEAR(peak.pressure(peak.centre(t_full), t_full), push_peak, 1e-9 * push_peak);
  EXPECT_NEAR(peak.pressure(peak.centre(t_half), t_half), 0.5 * push_peak, 1e-9 * push_peak);
  double highest = 0.0, integral = 0.0;
  for (const SurfacePoint& q : points) {
    highest = std::max(highest, peak.pressure(q.X, t_full));
    integral += q.dA * peak.pressure(q.X, t_full);
  }
  EXPECT_LE(highest, push_peak);
  EXPECT_GT(highest, 0.8 * push_peak);
  EXPECT_NEAR(peak.normal_force(t_full), integral, 1e-10 * integral);
  EXPECT_NEAR(peak.mean_pressure(t_full), integral / ellipse, 1e-10 * push_peak);

  s.magnitude_kind = StrokeMagnitude::TotalForce;
  s.magnitude = push_force;
  const StrokeLoad force(mesh, s);
  EXPECT_NEAR(force.mean_pressure(t_full), push_force / ellipse, 1e-9 * push_force / ellipse);
  EXPECT_EQ(force.mean_pressure(0.0), 0.0);
}

TEST(StrokeLoad, DragAddsFrictionTimesForceAlongTheDirectionOfTravel) {
  const Mesh mesh = skin_block(CellType::Hex8, 20, 12);
  const Vec3 u(std::cos(pi / 6), std::sin(pi / 6), 0.0);
  const double friction = 0.4;
  Stroke s;
  s.surface = "zmax";
  s.footprint = {pad_along, pad_across, 0.0, PressureDistribution::Hertz, 0.25};
  s.magnitude = push_force;
  s.friction = friction;
  s.path = {Vec3(0.02, 0.02, top), Vec3(0.02, 0.02, top) + 0.04 * u};
  const StrokeSchedule schedule = gliding_stroke(0.0, 0.5, 0.04, glide_speed, 0.5);
  s.amplitude = schedule.amplitude;
  s.travel = schedule.travel;
  const StrokeLoad forward(mesh, s);
  // The same path walked backwards: from its end to its start.
  s.travel = {{0.0, 0.04}, {0.5, 0.04}, {0.5 + 0.04 / glide_speed, 0.0}};
  const StrokeLoad backward(mesh, s);
  const Problem problem(mesh, {forward.as_traction_load()});
  for (double t : {0.25, 0.7, 1.2, 1.5}) {
    const double F = push_force * forward.amplitude(t);
    const Vec3 expected = friction * F * u - F * Vec3::UnitZ();
    EXPECT_LT((forward.resultant(t) - expected).norm(), 1e-10 * F)
        << t << ": " << forward.resultant(t).transpose();
    EXPECT_LT((problem.total_external_force(t) - expected).norm(), 1e-10 * F) << t;
    const Vec3 reversed = -friction * F * u - F * Vec3::UnitZ();
    EXPECT_LT((backward.resultant(t) - reversed).norm(), 1e-10 * F) << t;
  }
}

TEST(StrokeLoad, OrientationTurnsTheEllipseAboutTheNormal) {
  const Mesh mesh = skin_block(CellType::Hex8, 20, 12);
  const Vec3 c(0.05, 0.03, top);
  Stroke s;
  s.surface = "zmax";
  s.footprint.semi_axis_along = 0.015;
  s.footprint.semi_axis_across = 0.005;
  s.magnitude = push_force;
  s.path = {c};
  s.amplitude = {{0.0, 1.0}};
  const double r = 0.01;  // inside the long semi-axis, outside the short one
  auto loaded = [&](double orientation, const Vec3& offset) {
    s.footprint.orientation = orientation;
    return StrokeLoad(mesh, s).pressure(c + r * offset.normalized(), 0.0) > 0.0;
  };
  // A static hold measures orientation from +x, counter-clockwise seen from outside (+z).
  EXPECT_TRUE(loaded(0.0, Vec3::UnitX()));
  EXPECT_FALSE(loaded(0.0, Vec3::UnitY()));
  EXPECT_FALSE(loaded(pi / 2, Vec3::UnitX()));
  EXPECT_TRUE(loaded(pi / 2, Vec3::UnitY()));
  EXPECT_TRUE(loaded(pi / 4, Vec3(1, 1, 0)));
  EXPECT_FALSE(loaded(pi / 4, Vec3(1, -1, 0)));
  EXPECT_TRUE(loaded(-pi / 4, Vec3(1, -1, 0)));
  s.footprint.orientation = pi / 4;
  EXPECT_LT((StrokeLoad(mesh, s).along_axis(0.0) - Vec3(1, 1, 0).normalized()).norm(), 1e-15);

  // A moving stroke measures it from the direction of travel (here +y).
  s.path = {c, c + Vec3(0.0, 0.02, 0.0)};
  s.travel = {{0.0, 0.0}, {1.0, 0.02}};
  EXPECT_TRUE(loaded(0.0, Vec3::UnitY()));
  EXPECT_FALSE(loaded(0.0, Vec3::UnitX()));
  EXPECT_TRUE(loaded(pi / 2, -Vec3::UnitX()));
  EXPECT_FALSE(loaded(pi / 2, Vec3::UnitY()));
}

TEST(StrokeLoad, CurvedSkinMeasuresTheFootprintInTheTangentPlane) {
  // The top of the block bent into a cylinder of radius 150 mm about an axis along y (a buttock's
  // curvature, gently), on curved quadratic facets.
  const double R = 0.15, apex = 0.05;
  Mesh mesh = skin_block(CellType::Tet10, 20, 12);
  auto skin_height = [&](double x) { return top - (x - apex) * (x - apex) / (2 * R); };
  map_nodes(mesh, [&](const Vec3& X) { return Vec3(X.x(), X.y(), X.z() * skin_height(X.x()) / top); });
  const double x = 0.075;
  const Vec3 c(x, 0.03, skin_height(x));
  const Vec3 exact_normal = Vec3((x - apex) / R, 0.0, 1.0).normalized();
  Stroke s;
  s.surface = "zmax";
  s.footprint.semi_axis_along = pad_along;
  s.footprint.semi_axis_across = pad_across;
  s.magnitude = push_force;
  s.path = {c};
  s.amplitude = {{0.0, 1.0}};
  const StrokeLoad load(mesh, s);
  EXPECT_LT((load.centre(0.0) - c).norm(), 2e-5);
  EXPECT_LT((load.normal(0.0) - exact_normal).norm(), 2e-3) << load.normal(0.0).transpose();
  // The along axis is +x turned into the tangent plane.
  const Vec3 along = load.along_axis(0.0);
  EXPECT_NEAR(along.dot(load.normal(0.0)), 0.0, 1e-15);
  EXPECT_LT((along - Vec3(1.0, 0.0, -(x - apex) / R).normalized()).norm(), 2e-3) << along.transpose();
  // Inside or outside by tangent-plane distance, whatever the height above the plane.
  const Vec3 n = load.normal(0.0), centre = load.centre(0.0);
  EXPECT_GT(load.pressure(centre + 0.95 * pad_along * along + 0.002 * n, 0.0), 0.0);
  EXPECT_EQ(load.pressure(centre + 1.05 * pad_along * along - 0.001 * n, 0.0), 0.0);
  // The pressure integrates to the force exactly; the resultant along the centre normal is that force
  // times the mean cosine of the surface's tilt under the footprint.
  EXPECT_NEAR(load.normal_force(0.0), push_force, 1e-12);
  const Problem problem(mesh, {load.as_traction_load()});
  EXPECT_LT((problem.total_external_force(0.0) - load.resultant(0.0)).norm(), 1e-10 * push_force);
  EXPECT_NEAR(-load.resultant(0.0).dot(n), push_force, 0.01 * push_force);
}

TEST(StrokeLoad, StepTimesIncludeEveryKnotAndLimitTravelPerStep) {
  const StrokeLoad load(skin_block(CellType::Hex8, 20, 12), bent_glide());
  const double fraction = 0.25, max_travel = fraction * pad_across;
  for (int ramp_steps : {4, 10}) {
    const std::vector<double> times = load.step_times(0.0, 8.0, fraction, ramp_steps);
    ASSERT_FALSE(times.empty());
    EXPECT_EQ(times.back(), 8.0);
    EXPECT_GT(times.front(), 0.0);
    EXPECT_TRUE(std::is_sorted(times.begin(), times.end()));
    EXPECT_EQ(std::adjacent_find(times.begin(), times.end()), times.end());
    for (const auto* knots : {&load.stroke().amplitude, &load.stroke().travel})
      for (const Knot& k : *knots) EXPECT_GT(std::count(times.begin(), times.end(), k.t), 0) << k.t;
    const double glide_end = t0 + ramp + bent_length / glide_speed;
    double prev = 0.0;
    int ramp_up = 0, ramp_down = 0;
    for (double t : times) {
      if (load.amplitude(t) > 0.0 || load.amplitude(prev) > 0.0) {
        EXPECT_LE((load.centre(t) - load.centre(prev)).norm(), max_travel * (1 + 1e-12)) << t;
      }
      if (t > t0 && t <= t0 + ramp) ++ramp_up;
      if (t > glide_end && t <= glide_end + release) ++ramp_down;
      prev = t;
    }
    EXPECT_EQ(ramp_up, ramp_steps);
    EXPECT_EQ(ramp_down, ramp_steps);
    // The glide needs length / (fraction * smaller semi-axis) steps, rounded up per segment.
    const auto gliding = std::count_if(times.begin(), times.end(), [](double t) {
      return t > t0 + ramp && t <= t0 + ramp + bent_length / glide_speed;
    });
    EXPECT_GE(gliding, static_cast<long>(std::ceil(bent_length / max_travel)));
    EXPECT_LE(gliding, static_cast<long>(std::ceil(bent_length / max_travel)) + 2);
  }
  // A sub-range: the steps start after t_begin and end at t_end.
  const auto part = load.step_times(2.0, 2.5);
  EXPECT_GT(part.front(), 2.0);
  EXPECT_EQ(part.back(), 2.5);
  EXPECT_EQ(test::input_error_message([&] { load.step_times(2.0, 2.0); }),
            "step_times: the end time 2 s must be after the start time 2 s");
  EXPECT_EQ(test::input_error_message([&] { load.step_times(0.0, 1.0, 0.0); }),
            "step_times: the travel fraction must be positive and finite, got 0");
  EXPECT_EQ(test::input_error_message([&] { load.step_times(0.0, 1.0, 0.25, 0); }),
            "step_times: ramp_steps must be >= 1, got 0");
}

TEST(StrokeLoad, ConcurrentEvaluationGivesTheSerialValues) {
  const Mesh mesh = skin_block(CellType::Tet10, 20, 12);
  const auto points = surface_quadrature_points(mesh, mesh.facet_set("zmax"));
  std::vector<double> times;
  for (int i = 0; i < 12; ++i) times.push_back(0.8 + 0.25 * i);  // more times than cache slots
  const StrokeLoad serial(mesh, bent_glide(PressureDistribution::GaussianEdge));
  std::vector<Vec3> expected;
  for (double t : times)
    for (const SurfacePoint& q : points) expected.push_back(serial.traction(q.X, t));

  const StrokeLoad shared(mesh, bent_glide(PressureDistribution::GaussianEdge));
  const TractionLoad as_load = shared.as_traction_load();
  constexpr int num_threads = 4;
  std::vector<int> mismatches(num_threads, 0);
  std::vector<std::thread> threads;
  for (int k = 0; k < num_threads; ++k)
    threads.emplace_back([&, k] {
      for (int round = 0; round < 3; ++round)
        for (std::size_t j = 0; j < times.size(); ++j) {
          const std::size_t i = (j * (k + 1) + round) % times.size();  // a different order per thread
          for (std::size_t q = 0; q < points.size(); ++q)
            if (as_load.traction(points[q].X, times[i]) != expected[i * points.size() + q]) ++mismatches[k];
        }
    });
  for (auto& th : threads) th.join();
  for (int k = 0; k < num_threads; ++k) EXPECT_EQ(mismatches[k], 0) << "thread " << k;
}

TEST(StrokeSchedule, BuildersGiveRampHoldReleaseAndGlide) {
  const auto rhr = ramp_hold_release(1.0, 2.0, 3.0, 0.5);
  ASSERT_EQ(rhr.size(), 4u);
  EXPECT_EQ(rhr[1].t, 3.0);
  EXPECT_EQ(rhr[2].t, 6.0);
  EXPECT_EQ(rhr[3].t, 6.5);
  EXPECT_EQ(ramp_hold_release(0.0, 1.0, 0.0, 1.0).size(), 3u);  // no hold: no repeated knot
  const auto g = glide(1.0, 0.5, 0.06, 0.03, 1.0);
  EXPECT_EQ(interpolate(g, 0.0), 0.0);
  EXPECT_EQ(interpolate(g, 1.5), 0.0);
  EXPECT_NEAR(interpolate(g, 2.5), 0.03, 1e-15);
  EXPECT_NEAR(interpolate(g, 3.5), 0.06, 1e-15);
  EXPECT_NEAR(interpolate(g, 4.5), 0.06, 1e-15);
  const StrokeSchedule stroke = gliding_stroke(1.0, 0.5, 0.06, 0.03, 1.0);
  EXPECT_EQ(interpolate(stroke.amplitude, 1.5), 1.0);
  EXPECT_EQ(interpolate(stroke.amplitude, 3.5), 1.0);
  EXPECT_EQ(interpolate(stroke.amplitude, 4.5), 0.0);
  EXPECT_EQ(stroke.travel, g);
}

TEST(StrokeSchedule, RepeatShiftsCyclesByThePeriodAndRaisesProgressiveAmplitude) {
  // 2 strokes per second; each: 0.1 s ramp, 0.2 s glide of 6 mm, 0.1 s release, then 0.1 s to return.
  const StrokeSchedule cycle = gliding_stroke(0.0, 0.1, 0.006, 0.03, 0.1);
  const StrokeSchedule r = repeat(cycle, 3, 2.0, 0.5);
  for (int k = 0; k < 3; ++k) {
    const double shift = 0.5 * k, factor = 1.0 + 0.5 * k;
    EXPECT_NEAR(interpolate(r.amplitude, shift + 0.2), factor, 1e-15) << k;
    EXPECT_NEAR(interpolate(r.amplitude, shift + 0.05), 0.5 * factor, 1e-12) << k;
    EXPECT_EQ(interpolate(r.amplitude, shift + 0.45), 0.0) << k;
    EXPECT_NEAR(interpolate(r.travel, shift + 0.2), 0.003, 1e-15) << k;
    EXPECT_NEAR(interpolate(r.travel, shift + 0.4), 0.006, 1e-15) << k;
  }
  // Between cycles the unloaded hand returns to the start.
  EXPECT_NEAR(interpolate(r.travel, 0.45), 0.003, 1e-15);
  EXPECT_NO_THROW(validate_knots(r.amplitude, "amplitude", true));
  EXPECT_NO_THROW(validate_knots(r.travel, "travel", false));
  // Back-to-back holds share their zero knots.
  const StrokeSchedule holds = repeat({ramp_hold_release(0.0, 0.2, 0.1, 0.2), {}}, 4, 2.0);
  EXPECT_EQ(holds.amplitude.size(), 4u * 4u - 3u);
  EXPECT_TRUE(holds.travel.empty());
}

TEST(StrokeSchedule, BadArgumentsNameTheProblem) {
  using test::input_error_message;
  EXPECT_EQ(input_error_message([] { ramp_hold_release(0.0, 0.0, 1.0, 1.0); }),
            "ramp_hold_release: ramp time must be positive, got 0");
  EXPECT_EQ(input_error_message([] { ramp_hold_release(0.0, 1.0, -1.0, 1.0); }),
            "ramp_hold_release: hold time must be non-negative, got -1");
  EXPECT_EQ(input_error_message([] { glide(0.0, 1.0, 0.05, 0.0, 1.0); }),
            "glide: speed must be positive, got 0");
  EXPECT_EQ(input_error_message([] { glide(0.0, 1.0, -0.05, 0.03, 1.0); }),
            "glide: length must be positive, got -0.05");
  const StrokeSchedule cycle = gliding_stroke(0.0, 0.1, 0.006, 0.03, 0.1);
  EXPECT_EQ(input_error_message([&] { repeat(cycle, 0, 2.0); }), "repeat: repetitions must be >= 1, got 0");
  EXPECT_EQ(input_error_message([&] { repeat(cycle, 2, 0.0); }), "repeat: rate must be positive, got 0");
  EXPECT_EQ(input_error_message([&] { repeat(cycle, 3, 2.0, -0.6); }),
            "repeat: an amplitude increment of -0.6 per repetition makes repetition 2 negative (-0.2)");
  // Touching cycles share the amplitude's zero knots, but the travel cannot jump back to the start.
  EXPECT_EQ(
      input_error_message([&] { repeat(cycle, 2, 2.5); }),
      "repeat: cycle 0 of the travel schedule ends at 0.4 s with value 0.006, but cycle 1 starts at 0.4 s "
      "with value 0: lower the rate or shorten the cycle");
  EXPECT_EQ(input_error_message([&] { repeat(cycle, 2, 3.0); }),
            "repeat: cycle 0 of the amplitude schedule ends at 0.4 s with value 0, but cycle 1 starts at "
            "0.333333 s "
            "with value 0: lower the rate or shorten the cycle");
}

TEST(StrokeLoad, EveryBadInputNamesTheProblem) {
  Mesh mesh = skin_block(CellType::Hex8, 5, 3);
  mesh.facet_sets.push_back({"nothing", CellType::Quad4, {}});
  struct Case {
    std::string expected;
    std::function<void(Stroke&)> change;
  };
  const std::vector<Case> cases = {
      {"mesh has no surface 'skin'", [](Stroke& s) { s.surface = "skin"; }},
      {"stroke surface 'nothing' has no facets", [](Stroke& s) { s.surface = "nothing"; }},
      {"stroke magnitude (force) must be positive and finite, got 0 N", [](Stroke& s) { s.magnitude = 0.0; }},
      {"stroke magnitude (mean pressure) must be positive and finite, got -5 Pa",
       [](Stroke& s) {
         s.magnitude_kind = StrokeMagnitude::MeanPressure;
         s.magnitude = -5.0;
       }},
      {"stroke magnitude (peak pressure) must be positive and finite, got inf Pa",
       [](Stroke& s) {
         s.magnitude_kind = StrokeMagnitude::PeakPressure;
         s.magnitude = INFINITY;
       }},
      {"footprint semi_axis_along must be positive and finite, got 0 mm",
       [](Stroke& s) { s.footprint.semi_axis_along = 0.0; }},
      {"footprint semi_axis_across must be positive and finite, got -2 mm",
       [](Stroke& s) { s.footprint.semi_axis_across = -0.002; }},
      {"footprint orientation must be finite", [](Stroke& s) { s.footprint.orientation = NAN; }},
      {"footprint edge_width must be in (0, 1], got 0",
       [](Stroke& s) {
         s.footprint.distribution = PressureDistribution::GaussianEdge;
         s.footprint.edge_width = 0.0;
       }},
      {"footprint edge_width must be in (0, 1], got 1.5",
       [](Stroke& s) {
         s.footprint.distribution = PressureDistribution::GaussianEdge;
         s.footprint.edge_width = 1.5;
       }},
      {"stroke friction must be >= 0 and finite, got -0.1", [](Stroke& s) { s.friction = -0.1; }},
      {"the amplitude schedule has no knots", [](Stroke& s) { s.amplitude.clear(); }},
      {"amplitude knot 2: time 1.5 s is not after the previous knot's 1.5 s",
       [](Stroke& s) {
         s.amplitude = {{0.0, 0.0}, {1.5, 1.0}, {1.5, 0.0}};
       }},
      {"amplitude knot 1: value -0.5 is negative",
       [](Stroke& s) {
         s.amplitude = {{0.0, 0.0}, {1.0, -0.5}};
       }},
      {"travel knot 0: time nan s and value 0 must be finite",
       [](Stroke& s) {
         s.travel = {{NAN, 0.0}};
       }},
      {"a stroke whose path has 3 points needs a travel schedule", [](Stroke& s) { s.travel.clear(); }},
      {"stroke path has no points", [](Stroke& s) { s.path.clear(); }},
      {"path point 1 has a non-finite coordinate", [](Stroke& s) { s.path[1].x() = NAN; }},
      {"path point 3 (80, 40, 34.2 mm) is 14.2 mm from surface 'zmax' (at most 4.5 mm is accepted)",
       [](Stroke& s) { s.path.push_back(Vec3(0.08, 0.04, top + 0.0142)); }},
      {"path point 0 (110, 30, 20 mm) is 10 mm from surface 'zmax'",
       [](Stroke& s) { s.path[0] = Vec3(0.11, 0.03, top); }},
      {"path points 1 and 2 coincide on surface 'zmax' (70, 35, 20 mm)",
       [](Stroke& s) {
         s.path = {P0, P1, Vec3(P1.x(), P1.y(), top + 0.001)};
       }},
      {"the footprint (2 x 2 mm) covers no quadrature point of surface 'zmax' at 0 mm along the path (15, "
       "20, 20 "
       "mm); the surface's facets are up to 28.3 mm across: refine the mesh or enlarge the footprint",
       [](Stroke& s) {
         s.footprint.semi_axis_along = s.footprint.semi_axis_across = 0.001;
         s.path = {P0};
       }},
  };
  EXPECT_NO_THROW(StrokeLoad(mesh, bent_glide()));
  for (const Case& c : cases) {
    Stroke s = bent_glide();
    c.change(s);
    const std::string message = test::input_error_message([&] { StrokeLoad(mesh, s); });
    EXPECT_NE(message.find(c.expected), std::string::npos)
        << "expected: " << c.expected << "\n     got: " << message;
  }
}

}  // namespace
}  // namespace piriform
