// Mechanics smoke test on the generated anatomy: the coarse model under pressure on the skin solves with
// the default materials and supports, balances the load, and presses the nerve towards the ischium.
#include <gtest/gtest.h>

#include <cmath>
#include <memory>

#include "anatomy_fixture.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/metrics/cell_state.hpp"
#include "engine/metrics/region_metrics.hpp"
#include "engine/model/anatomy_model.hpp"
#include "engine/solver/static_solver.hpp"
#include "support.hpp"

namespace piriform {
namespace {

TEST(AnatomyMechanics, CoarseModelUnderSkinPressureSolvesAndBalancesTheLoad) {
  test::QuietLog quiet;
  const auto& [spec, mesh] = test::generated("coarse");
  Model model = anatomy::default_model(mesh);
  const double p = 2000.0;  // Pa over the whole skin: a palm-like light pressure everywhere
  model.pressures.push_back(
      {std::string(anatomy::kSkinSurface), [p](const Vec3&, double t) { return p * t; }});
  StaticSolver solver(model, NewtonSettings{}, SteppingSettings{1.0, 2, 4});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed) << report.message;

  // The cut faces keep the skin's projection at W x L, so the follower load's resultant is exactly p W L.
  const VecX r = solver.reactions(1.0);
  double reaction_z = 0.0;
  for (Index v : facet_set_nodes(model.mesh.facet_set(anatomy::kDeepSurface))) reaction_z += r[3 * v + 2];
  EXPECT_NEAR(reaction_z / (p * spec.width * spec.length), 1.0, 1e-6);

  // Uniaxial confined compression: every point moves down, the skin most, the ischium not at all.
  const VecX& u = solver.displacement();
  double skin_down = 0.0, nerve_down = 0.0;
  for (Index v : facet_set_nodes(model.mesh.facet_set(anatomy::kSkinSurface)))
    skin_down = std::max(skin_down, -u[3 * v + 2]);
  const int nerve = model.mesh.region_id(anatomy::kNerve);
  for (Index c = 0; c < model.mesh.num_cells(); ++c)
    if (model.mesh.cell_region[c] == nerve)
      nerve_down = std::max(nerve_down, -u[3 * model.mesh.cell(c)[0] + 2]);
  EXPECT_GT(nerve_down, 0.0);
  EXPECT_GT(skin_down, nerve_down);
  EXPECT_LT(skin_down, 0.5 * spec.skin_surface());
}

TEST(AnatomyMechanics, NerveUnderUniformExternalPressureFeelsThatPressureOnItsCurvedSurface) {
  // Every region of one material, pressure on the skin and two cut faces, rollers on the opposite faces:
  // the exact solution is a uniform hydrostatic stress, so the interface pressure on the elliptic nerve
  // (curved Tet10 faces, cut ends excluded) must equal the applied pressure everywhere. Measured: within
  // 7e-4 of it, the quadrature error of the curved cells (their stress deviates from uniform by that much
  // at round-off residual; straight-sided cells by 1e-10), not of the metric.
  test::QuietLog quiet;
  const auto& [spec, mesh] = test::generated("coarse");
  Model model;
  model.mesh = mesh;
  const auto tissue = std::make_shared<NeoHookean>(1e3, 30e3);
  model.materials.assign(model.mesh.region_names.size(), tissue);
  model.supports = {roller_support(std::string(anatomy::kDeepSurface), 2),
                    roller_support(std::string(anatomy::kMedial), 0),
                    roller_support(std::string(anatomy::kCaudal), 1)};
  const double p = 4e3;
  for (auto face : {anatomy::kSkinSurface, anatomy::kLateral, anatomy::kCranial})
    model.pressures.push_back({std::string(face), [p](const Vec3&, double t) { return p * t; }});
  StaticSolver solver(model, NewtonSettings{}, SteppingSettings{1.0, 2, 4});
  const SolveReport report = solver.run();
  ASSERT_TRUE(report.completed);
  CellState state;
  recover_cell_state(model, solver.assembler(), solver.displacement(), state);
  const RegionMetrics nerve(model.mesh, anatomy::kNerve);
  EXPECT_GT(nerve.num_interface_faces(), 100);
  EXPECT_NEAR(std::abs(nerve.axis().y()), 1.0, 1e-12);  // the nerve's fibres run along y
  const RegionMetricValues m = nerve.evaluate(model.mesh, state, solver.displacement());
  EXPECT_NEAR(m.interface_pressure_peak, p, 1.5e-3 * p);
  EXPECT_NEAR(m.interface_pressure_mean, p, 2e-4 * p);
  EXPECT_NEAR(m.hydrostatic_peak, p, 1.5e-3 * p);
  EXPECT_NEAR(m.transverse_mean, p, 2e-4 * p);
  // Uniform compression shortens the nerve by J^(1/3) = exp(-p / (3 K)) to first order.
  EXPECT_NEAR(m.stretch_mean, std::cbrt(state.volume[0] / cell_volumes(model.mesh)[0]), 1e-4);
}

}  // namespace
}  // namespace piriform
