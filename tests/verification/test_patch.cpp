// Patch tests: every element reproduces a linear displacement field on a distorted mesh to round-off,
// in small-strain analysis and as a homogeneous finite deformation.
#include <gtest/gtest.h>

#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

struct PatchCase {
  CellType type;
  Formulation formulation;
};

std::string case_name(const testing::TestParamInfo<PatchCase>& info) {
  return std::string(cell_type_name(info.param.type)) +
         (info.param.formulation == Formulation::MeanDilatation ? "_mean_dilatation" : "");
}

class PatchTest : public testing::TestWithParam<PatchCase> {
 protected:
  Model distorted_box() const {
    Model model;
    model.mesh = box_mesh({Vec3(0, 0, 0), Vec3(1.0, 0.8, 0.6), 3, 3, 3, GetParam().type});
    perturb_interior_nodes(model.mesh, 0.2, 0.25, 7);
    model.formulation = GetParam().formulation;
    return model;
  }
};

const Mat3 A = (Mat3() << 1e-3, 2e-3, -1e-3, 0.5e-3, -2e-3, 1.5e-3, 3e-3, 1e-3, 2e-3).finished();
const Vec3 b(1e-3, -2e-3, 0.5e-3);

TEST_P(PatchTest, SmallStrainReproducesLinearFieldToRoundOff) {
  Model model = distorted_box();
  if (model.formulation == Formulation::MeanDilatation)
    GTEST_SKIP() << "mean dilatation is finite-strain only";
  model.kinematics = Kinematics::SmallStrain;
  model.materials = {std::make_shared<StVenantKirchhoff>(YoungPoisson{1e4, 0.3})};
  test::prescribe_all_faces(model, [](const Vec3& X, double t) { return Vec3(t * (A * X + b)); });
  StaticSolver solver(model, {}, {1.0, 1, 0});
  ASSERT_TRUE(solver.run().completed);
  const double err =
      test::max_nodal_error(model.mesh, solver.displacement(), [](const Vec3& X) { return A * X + b; });
  EXPECT_LT(err, 1e-13) << "max nodal error";
}

TEST_P(PatchTest, FiniteStrainReproducesHomogeneousDeformation) {
  Model model = distorted_box();
  model.materials = {std::make_shared<NeoHookean>(1e3, 5e4)};
  const Mat3 H = 100.0 * A;  // displacement gradient of order 0.3: well into the nonlinear range
  test::prescribe_all_faces(model, [H](const Vec3& X, double t) { return Vec3(t * (H * X)); });
  // Newton to round-off, so that what is measured is the element's consistency, not where the default
  // tolerance (1e-8 of the residual) happens to stop it.
  NewtonSettings newton;
  newton.residual_tolerance = 1e-13;
  StaticSolver solver(model, newton, {1.0, 4, 0});
  ASSERT_TRUE(solver.run().completed);
  const double err =
      test::max_nodal_error(model.mesh, solver.displacement(), [H](const Vec3& X) { return H * X; });
  EXPECT_LT(err, 1e-11) << "max nodal error";
}

INSTANTIATE_TEST_SUITE_P(Elements, PatchTest,
                         testing::Values(PatchCase{CellType::Tet4, Formulation::Displacement},
                                         PatchCase{CellType::Tet10, Formulation::Displacement},
                                         PatchCase{CellType::Hex8, Formulation::Displacement},
                                         PatchCase{CellType::Hex8, Formulation::MeanDilatation},
                                         PatchCase{CellType::Hex20, Formulation::Displacement}),
                         case_name);

}  // namespace
}  // namespace piriform
