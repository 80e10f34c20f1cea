// Unit tests of the nerve metrics: stress recovery per cell against the material on homogeneous states,
// region metrics against closed forms for uniform and graded stress states, the interface pressure of a
// solved body under uniform external pressure, and exposure (time above threshold, integral) on
// piecewise-linear histories.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <memory>
#include <stdexcept>
#include <vector>

#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/viscoelastic.hpp"
#include "engine/metrics/cell_state.hpp"
#include "engine/metrics/exposure.hpp"
#include "engine/metrics/region_metrics.hpp"
#include "support.hpp"

namespace piriform {
namespace {

const test::QuietLog quiet;

// Homogeneous deformation u = (F - I) X at every node.
VecX homogeneous(const Mesh& mesh, const Mat3& F) {
  VecX u(3 * mesh.num_nodes());
  for (Index v = 0; v < mesh.num_nodes(); ++v) u.segment<3>(3 * v) = (F - Mat3::Identity()) * mesh.X.col(v);
  return u;
}

Mat3 stretch_and_shear() {
  Mat3 F;
  F << 1.05, 0.1, 0.0, 0.02, 0.93, 0.04, -0.03, 0.0, 1.08;
  return F;
}

double box_volume(const Mesh& mesh) {
  double v = 0.0;
  for (double cv : cell_volumes(mesh)) v += cv;
  return v;
}

Model single_material(Mesh mesh, MaterialPtr material) {
  Model m;
  m.mesh = std::move(mesh);
  m.materials = {std::move(material)};
  return m;
}

TEST(CellStateRecovery, HomogeneousDeformationGivesTheMaterialCauchyStressInEveryCell) {
  const auto mat = std::make_shared<NeoHookean>(2e3, 50e3);
  test::AssembledModel am(single_material(box_mesh({.nx = 2, .ny = 2, .nz = 2}), mat));
  const Mat3 F = stretch_and_shear();
  CellState state;
  recover_cell_state(am.model, am.assembler, homogeneous(am.model.mesh, F), state);
  Mat3 S;
  mat->stress(F, Vec3::Zero(), S, nullptr);
  const double J = F.determinant();
  const Vec6 expected = to_voigt(F * S * F.transpose() / J);
  double volume = 0.0;
  for (Index c = 0; c < am.model.mesh.num_cells(); ++c) {
    EXPECT_LT((state.cauchy[c] - expected).norm(), 1e-10 * expected.norm()) << "cell " << c;
    EXPECT_LT((state.F[c] - F).norm(), 1e-12);
    volume += state.volume[c];
  }
  EXPECT_NEAR(volume, J * box_volume(am.model.mesh), 1e-12);
}

TEST(CellStateRecovery, MeanDilatationCellsUseTheCellPressure) {
  const auto mat = std::make_shared<NeoHookean>(2e3, 50e3);
  Model model = single_material(box_mesh({.nx = 2, .ny = 1, .nz = 1, .type = CellType::Hex8}), mat);
  model.formulation = Formulation::MeanDilatation;
  test::AssembledModel am(std::move(model));
  // A non-homogeneous field: the pressure must come from the cell's mean dilatation, not the point J.
  VecX u = homogeneous(am.model.mesh, stretch_and_shear());
  for (Index v = 0; v < am.model.mesh.num_nodes(); ++v) u[3 * v] += 0.05 * std::pow(am.model.mesh.X(0, v), 2);
  CellState state;
  recover_cell_state(am.model, am.assembler, u, state);
  const CellGeometry& geo = am.assembler.geometry();
  for (Index c = 0; c < am.model.mesh.num_cells(); ++c) {
    double V = 0.0;
    for (int q = 0; q < geo.num_points(); ++q) V += geo.weight(c, q);
    const double p = mat->volumetric()->dU(state.volume[c] / V);
    // The isochoric Cauchy stress of neo-Hookean is deviatoric, so the trace is the cell pressure alone.
    EXPECT_NEAR(-hydrostatic_pressure(state.cauchy[c]), p, 1e-9 * std::abs(p)) << "cell " << c;
  }
}

TEST(CellStateRecovery, SmallStrainStressIsTheElasticityTensorTimesStrain) {
  const double lambda = 3e3, mu = 2e3;
  test::AssembledModel am([&] {
    Model m = single_material(box_mesh({.nx = 1, .ny = 1, .nz = 1}),
                              std::make_shared<StVenantKirchhoff>(Lame{lambda, mu}));
    m.kinematics = Kinematics::SmallStrain;
    return m;
  }());
  Mat3 eps;
  eps << 1e-3, 2e-4, 0.0, 2e-4, -5e-4, 1e-4, 0.0, 1e-4, 3e-4;
  CellState state;
  recover_cell_state(am.model, am.assembler, homogeneous(am.model.mesh, Mat3::Identity() + eps), state);
  const Vec6 expected = to_voigt(lambda * eps.trace() * Mat3::Identity() + 2 * mu * eps);
  for (Index c = 0; c < am.model.mesh.num_cells(); ++c)
    EXPECT_LT((state.cauchy[c] - expected).norm(), 1e-12 * expected.norm());
}

TEST(CellStateRecovery, ViscoelasticStressIsTheCommittedOne) {
  // A step strain held for tau: the recovered stress must be the relaxed (committed) one, not the
  // instantaneous response a fresh history would give.
  const auto base = std::make_shared<NeoHookean>(1e3, 30e3);
  const auto visco = std::make_shared<Viscoelastic>(base, std::vector<PronyTerm>{{4.0, 1.0}});
  Model model = single_material(box_mesh({.nx = 1, .ny = 1, .nz = 1}), visco);
  Mat3 F = Mat3::Identity();
  F(0, 0) = 1.1;
  test::prescribe_all_faces(model, [F](const Vec3& X, double) { return Vec3((F - Mat3::Identity()) * X); });
  const Model& m = model;
  StaticSolver solver(m, {}, {.times = {1e-9, 1.0}});
  ASSERT_TRUE(solver.run().completed);
  CellState state;
  recover_cell_state(m, solver.assembler(), solver.displacement(), state);
  // Closed form: Q relaxes by exp(-dt/tau) over the hold, S_iso(1 + beta exp(-1)).
  Mat3 S_vol, S_all;
  base->stress(F, Vec3::Zero(), S_all, nullptr);
  const double J = F.determinant(), p = base->volumetric()->dU(J);
  S_vol = p * J * (F.transpose() * F).inverse();
  const Mat3 S_iso = S_all - S_vol;
  const Mat3 S = S_vol + (1.0 + 4.0 * std::exp(-1.0)) * S_iso;
  const Vec6 expected = to_voigt(F * S * F.transpose() / J);
  EXPECT_LT((state.cauchy[0] - expected).norm(), 1e-6 * expected.norm());
}

// A 6 x 4 x 6 mm box of tissue around a 2 x 1 mm "nerve" running the whole length along y, Tet10.
struct NerveBox {
  static constexpr double a = 1e-3, b = 0.5e-3, L = 4e-3;  // nerve half-width (x), half-height (z), length
  Mesh mesh;
  NerveBox(bool fibres) {
    mesh = box_mesh({-3e-3, -a, a, 3e-3}, {0.0, 1e-3, 2e-3, 3e-3, L}, {-3e-3, -b, b, 3e-3}, CellType::Tet10);
    mesh.region_names = {"tissue", "nerve"};
    if (fibres) mesh.fibre = Eigen::Matrix3Xd::Zero(3, mesh.num_cells());
    for (Index c = 0; c < mesh.num_cells(); ++c) {
      Vec3 x = Vec3::Zero();
      for (int i = 0; i < 4; ++i) x += mesh.X.col(mesh.cell(c)[i]) / 4;
      const bool nerve = std::abs(x.x()) < a && std::abs(x.z()) < b;
      mesh.cell_region[c] = nerve ? 1 : 0;
      if (fibres && nerve) mesh.fibre.col(c) = -Vec3::UnitY();  // a sign flip must not matter
    }
  }
  // A state without deformation carrying the stress sigma(centroid) in every cell.
  CellState state(const std::function<Mat3(const Vec3&)>& sigma) const {
    CellState s;
    const auto volumes = cell_volumes(mesh);
    for (Index c = 0; c < mesh.num_cells(); ++c) {
      Vec3 x = Vec3::Zero();
      for (int i = 0; i < 4; ++i) x += mesh.X.col(mesh.cell(c)[i]) / 4;
      s.cauchy.push_back(to_voigt(sigma(x)));
      s.volume.push_back(volumes[c]);
      s.F.push_back(Mat3::Identity());
    }
    return s;
  }
};

TEST(RegionMetrics, InterfaceIsTheSurfaceSharedWithOtherRegionsOnly) {
  const NerveBox box(true);
  const RegionMetrics nerve(box.mesh, "nerve");
  EXPECT_EQ(nerve.num_cells(), 4 * 6);
  // Four lateral sides x four cells along y x two triangles; the ends lie on the model's boundary.
  EXPECT_EQ(nerve.num_interface_faces(), 32);
  EXPECT_NEAR(std::abs(nerve.axis().y()), 1.0, 1e-14);
  EXPECT_NEAR(nerve.length(), NerveBox::L, 1e-15);
}

TEST(RegionMetrics, UniaxialCompressionAcrossTheNerveGivesClosedFormValues) {
  const double q = 4e3;
  for (bool fibres : {true, false}) {
    const NerveBox box(fibres);
    const RegionMetrics nerve(box.mesh, "nerve");
    const CellState s = box.state([&](const Vec3&) { return Mat3(Vec3(0, 0, -q).asDiagonal()); });
    const RegionMetricValues m = nerve.evaluate(box.mesh, s, VecX::Zero(3 * box.mesh.num_nodes()));
    EXPECT_NEAR(m.interface_pressure_peak, q, 1e-9 * q);  // on the faces normal to z
    // Faces normal to x carry none: the mean is q times the z-facing share a / (a + b) of the area.
    EXPECT_NEAR(m.interface_pressure_mean, q * NerveBox::a / (NerveBox::a + NerveBox::b), 1e-9 * q);
    EXPECT_NEAR(m.hydrostatic_peak, q / 3, 1e-9 * q);
    EXPECT_NEAR(m.hydrostatic_mean, q / 3, 1e-9 * q);
    EXPECT_NEAR(m.transverse_peak, q, 1e-9 * q);
    EXPECT_NEAR(m.transverse_mean, q, 1e-9 * q);
    EXPECT_NEAR(m.stretch_max, 1.0, 1e-15);
  }
}

TEST(RegionMetrics, CompressionAlongTheAxisIsNotTransverse) {
  const NerveBox box(true);
  const RegionMetrics nerve(box.mesh, "nerve");
  const double q = 3e3;
  const CellState s = box.state([&](const Vec3&) { return Mat3(Vec3(0, -q, 0).asDiagonal()); });
  const RegionMetricValues m = nerve.evaluate(box.mesh, s, VecX::Zero(3 * box.mesh.num_nodes()));
  EXPECT_NEAR(m.transverse_peak, 0.0, 1e-12);
  EXPECT_NEAR(m.interface_pressure_peak, 0.0, 1e-12);  // the faces with y normals are on the boundary
  EXPECT_NEAR(m.hydrostatic_mean, q / 3, 1e-9 * q);
}

TEST(RegionMetrics, HydrostaticStressGivesItsPressureOnEveryFace) {
  const NerveBox box(false);
  const RegionMetrics nerve(box.mesh, "nerve");
  const double p = 2.5e3;
  const CellState s = box.state([&](const Vec3&) { return Mat3(-p * Mat3::Identity()); });
  const RegionMetricValues m = nerve.evaluate(box.mesh, s, VecX::Zero(3 * box.mesh.num_nodes()));
  EXPECT_NEAR(m.interface_pressure_peak, p, 1e-9 * p);
  EXPECT_NEAR(m.interface_pressure_mean, p, 1e-9 * p);
  EXPECT_NEAR(m.transverse_mean, p, 1e-9 * p);
}

TEST(RegionMetrics, PeaksAreLocatedAlongTheAxis) {
  const NerveBox box(true);
  const RegionMetrics nerve(box.mesh, "nerve");
  const double q = 1e3;
  // Pressure rising towards y = 3 mm and falling beyond: the peak lies in the cells of the third slice.
  const CellState s = box.state(
      [&](const Vec3& x) { return Mat3(-q * (1.0 - std::abs(x.y() - 2.5e-3) / 1e-3) * Mat3::Identity()); });
  const RegionMetricValues m = nerve.evaluate(box.mesh, s, VecX::Zero(3 * box.mesh.num_nodes()));
  // s runs from the end with the smallest X . A; A follows the fibres (-y), so s = L - y.
  for (double at : {m.interface_pressure_peak_s, m.hydrostatic_peak_s, m.transverse_peak_s}) {
    const double y = (std::abs(nerve.axis().y() + 1.0) < 1e-12) ? NerveBox::L - at : at;
    EXPECT_GT(y, 2e-3);
    EXPECT_LT(y, 3e-3);
  }
}

TEST(RegionMetrics, ProfileAlongTheAxisPeaksWhereTheInterfacePressureDoes) {
  const NerveBox box(true);
  const RegionMetrics nerve(box.mesh, "nerve");
  EXPECT_GT(nerve.axis().y(), 0.0);  // signed by its largest component, whatever the fibres' sign
  const double q = 1e3;
  const CellState s =
      box.state([&](const Vec3& x) { return Mat3(-q * x.y() / NerveBox::L * Mat3::Identity()); });
  const VecX u = VecX::Zero(3 * box.mesh.num_nodes());
  const std::vector<double> profile = nerve.interface_profile(box.mesh, s.cauchy, u, 4);
  ASSERT_EQ(profile.size(), 4u);
  // One slice of cells per bin; the pressure of a face averages the nerve cell and its neighbour.
  for (int b = 0; b < 4; ++b) EXPECT_GT(profile[b], b == 0 ? 0.0 : profile[b - 1]);
  EXPECT_DOUBLE_EQ(profile[3], nerve.evaluate(box.mesh, s, u).interface_pressure_peak);
  const std::vector<double> fine = nerve.interface_profile(box.mesh, s.cauchy, u, 64);
  EXPECT_TRUE(std::any_of(fine.begin(), fine.end(), [](double p) { return std::isnan(p); }));
}

TEST(RegionMetrics, StretchAlongTheAxisFollowsTheDeformation) {
  const NerveBox box(true);
  const RegionMetrics nerve(box.mesh, "nerve");
  Mat3 F = Mat3::Identity();
  F(1, 1) = 1.08;
  F(0, 1) = 0.06;  // shear adds to the length of axial lines: |F e_y| = sqrt(1.08^2 + 0.06^2)
  CellState s = box.state([](const Vec3&) { return Mat3::Zero(); });
  for (auto& Fc : s.F) Fc = F;
  const RegionMetricValues m = nerve.evaluate(box.mesh, s, homogeneous(box.mesh, F));
  EXPECT_NEAR(m.stretch_max, std::hypot(1.08, 0.06), 1e-14);
  EXPECT_NEAR(m.stretch_mean, std::hypot(1.08, 0.06), 1e-14);
}

TEST(RegionMetrics, UnknownRegionIsAnInputError) {
  const NerveBox box(false);
  EXPECT_NE(test::input_error_message([&] { RegionMetrics(box.mesh, "sciatic"); }).find("sciatic"),
            std::string::npos);
}

TEST(RegionMetrics, BodyUnderUniformExternalPressureLoadsTheNerveWithThatPressure) {
  // One material, follower pressure on three faces and rollers on the others: the exact solution is a
  // uniform hydrostatic stress, so the pressure on the nerve's (faceted) surface must be the applied one.
  NerveBox box(true);
  Model model;
  model.mesh = box.mesh;
  const auto mat = std::make_shared<NeoHookean>(1e3, 20e3);
  model.materials = {mat, mat};
  const double p = 3e3;
  for (const char* face : {"xmin", "ymin", "zmin"})
    model.supports.push_back(roller_support(face, face[0] - 'x'));
  for (const char* face : {"xmax", "ymax", "zmax"})
    model.pressures.push_back({face, [p](const Vec3&, double t) { return p * t; }});
  const Model& m = model;
  StaticSolver solver(m, {}, {.end_time = 1.0, .steps = 2});
  ASSERT_TRUE(solver.run().completed);
  CellState state;
  recover_cell_state(m, solver.assembler(), solver.displacement(), state);
  const RegionMetricValues v = RegionMetrics(m.mesh, "nerve").evaluate(m.mesh, state, solver.displacement());
  EXPECT_NEAR(v.interface_pressure_peak, p, 1e-6 * p);
  EXPECT_NEAR(v.interface_pressure_mean, p, 1e-6 * p);
  EXPECT_NEAR(v.hydrostatic_mean, p, 1e-6 * p);
}

TEST(Exposure, TimeAboveAThresholdIsExactForPiecewiseLinearHistories) {
  const std::vector<double> t = {0, 1, 3, 4}, v = {0, 10, 10, 0};
  EXPECT_DOUBLE_EQ(time_above(t, v, 5.0), 3.0);   // from 0.5 s to 3.5 s
  EXPECT_DOUBLE_EQ(time_above(t, v, 10.0), 0.0);  // strictly above
  EXPECT_DOUBLE_EQ(time_above(t, v, -1.0), 4.0);
  EXPECT_NEAR(time_above(t, v, 8.0), 2.4, 1e-14);  // 0.8 .. 3.2
}

TEST(Exposure, IntegralCountsThePositivePartOnly) {
  const std::vector<double> t = {0, 1, 3, 4}, v = {0, 10, 10, 0};
  EXPECT_DOUBLE_EQ(positive_integral(t, v), 30.0);
  const std::vector<double> t2 = {0, 2, 4}, v2 = {-1, 3, -1};
  EXPECT_DOUBLE_EQ(positive_integral(t2, v2), 2 * 0.5 * 1.5 * 3);
}

TEST(Exposure, SummaryGivesPeakTimeOfPeakAndTimeAboveEachThreshold) {
  const std::vector<double> t = {0, 1, 3, 4}, v = {0, 10, 12, 0}, levels = {5, 11};
  const ExposureSummary s = summarise_exposure(t, v, levels);
  EXPECT_DOUBLE_EQ(s.peak, 12);
  EXPECT_DOUBLE_EQ(s.time_of_peak, 3);
  ASSERT_EQ(s.time_above.size(), 2u);
  EXPECT_DOUBLE_EQ(s.time_above[0], 3.0 - 0.5 + (12.0 - 5.0) / 12.0);
  EXPECT_DOUBLE_EQ(s.time_above[1], 1.0 + 1.0 / 12.0);
}

TEST(Exposure, MismatchedOrUnorderedSamplesAreRejected) {
  const std::vector<double> t = {0, 1, 1}, v = {0, 1, 2}, short_v = {0, 1};
  EXPECT_THROW(time_above(t, v, 0.5), std::invalid_argument);
  EXPECT_THROW(positive_integral(std::vector<double>{0, 1, 2}, short_v), std::invalid_argument);
}

}  // namespace
}  // namespace piriform
