// Mechanics smoke test on the generated anatomy: the coarse model under pressure on the skin solves with
// the default materials and supports, balances the load, and presses the nerve towards the ischium.
#include <gtest/gtest.h>

#include "anatomy_fixture.hpp"
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

}  // namespace
}  // namespace piriform
