// Uniform pressure on a circular patch over a deep block against the elastic half-space solution on the
// load axis (shared/reference/tissue-and-nerve.md), and volumetric locking under the same indentation:
// at nu -> 0.5 Tet4 and standard Hex8 stiffen, Tet10 and mean-dilatation Hex8 do not.
#include <gtest/gtest.h>

#include <cmath>
#include <map>

#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "field_tools.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

// Quarter of a deep block under a patch of radius a = 1 centred on the x = y = 0 edge, graded towards
// the patch; symmetry rollers on x = 0 and y = 0, rollers on the far sides, fixed base at depth 7a.
Model quarter_block(CellType type, const std::vector<double>& lines) {
  std::vector<double> z;
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) z.push_back(-*it);
  Model m;
  m.mesh = box_mesh(lines, lines, z, type);
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("xmax", 0),
                roller_support("ymax", 1), fixed_support("zmin")};
  return m;
}

const std::vector<double> graded = {0, .25, .5, .75, 1, 1.25, 1.5, 2, 3, 4.5, 7};

// sigma_z = q [1 - z^3 / (a^2 + z^2)^(3/2)] (compressive, so -q(...) in tension-positive convention).
double sigma_z(double q, double a, double z) {
  return -q * (1.0 - std::pow(z, 3) / std::pow(a * a + z * z, 1.5));
}
double sigma_r(double q, double a, double nu, double z) {
  const double s = std::sqrt(a * a + z * z);
  return -0.5 * q * ((1 + 2 * nu) - 2 * (1 + nu) * z / s + std::pow(z, 3) / std::pow(s, 3));
}

TEST(HalfSpace, AxisStressUnderUniformCircularPressureMatchesClosedForm) {
  const double q = 1.0, a = 1.0, nu = 0.3;
  Model m = quarter_block(CellType::Tet10, graded);
  m.kinematics = Kinematics::SmallStrain;
  m.materials = {std::make_shared<StVenantKirchhoff>(YoungPoisson{100.0, nu})};
  m.pressures = {{"zmax", [=](const Vec3& X, double t) { return X.head<2>().norm() < a ? t * q : 0.0; }}};
  StaticSolver solver(m, {}, {1.0, 1, 0});
  ASSERT_TRUE(solver.run().completed);
  // Tolerance 5% of q: the rigid base at 7a and the pressure edge sampled by facet quadrature points
  // (not aligned with the circle) are the main differences from the half-space.
  const double eps = 1e-9;
  for (double z : {0.5, 1.0, 2.0}) {
    const Mat3 s =
        test::small_strain_stress_at(m.mesh, solver.displacement(), *m.materials[0], Vec3(eps, eps, -z));
    EXPECT_NEAR(s(2, 2), sigma_z(q, a, z), 0.05 * q) << "sigma_z at depth " << z;
    EXPECT_NEAR(s(0, 0), sigma_r(q, a, nu, z), 0.05 * q) << "sigma_r at depth " << z;
  }
}

// Centre indentation of the quarter block (finite strain, load small enough to be linear).
double indentation(CellType type, Formulation f, double nu) {
  const double mu = 1.0, q = 1e-4;
  Model m = quarter_block(type, graded);
  m.formulation = f;
  m.materials = {std::make_shared<NeoHookean>(mu, 2 * mu * (1 + nu) / (3 * (1 - 2 * nu)))};
  m.pressures = {{"zmax", [=](const Vec3& X, double t) { return X.head<2>().norm() < 1.0 ? t * q : 0.0; }}};
  StaticSolver solver(m, {}, {1.0, 1, 0});
  EXPECT_TRUE(solver.run().completed);
  for (Index v = 0; v < m.mesh.num_nodes(); ++v)
    if (m.mesh.X.col(v).norm() < 1e-12) return -solver.displacement()[3 * v + 2];
  return NAN;
}

TEST(Locking, NearlyIncompressibleTissueDoesNotLockWithTet10OrMeanDilatationHex8) {
  // Reference: Tet10 at the same nu on the same grid; the half-space centre indentation scales with
  // (1 - nu^2), so it changes by < 2% between nu = 0.49 and 0.4999.
  std::map<double, double> tet10;
  for (double nu : {0.49, 0.4999}) {
    const double ref = tet10[nu] = indentation(CellType::Tet10, Formulation::Displacement, nu);
    const double tet4 = indentation(CellType::Tet4, Formulation::Displacement, nu);
    const double hex8 = indentation(CellType::Hex8, Formulation::Displacement, nu);
    const double hex8_md = indentation(CellType::Hex8, Formulation::MeanDilatation, nu);
    RecordProperty(
        "nu_" + std::to_string(nu),
        fmt::format("tet10 {:.4e} tet4 {:.4e} hex8 {:.4e} hex8-md {:.4e}", ref, tet4, hex8, hex8_md));
    EXPECT_NEAR(hex8_md / ref, 1.0, 0.05) << "mean-dilatation Hex8 vs Tet10 at nu = " << nu;
    EXPECT_LT(tet4 / ref, nu > 0.499 ? 0.4 : 0.8) << "Tet4 should be measurably stiff at nu = " << nu;
    EXPECT_LT(hex8 / hex8_md, nu > 0.499 ? 0.4 : 0.9) << "standard Hex8 should lock at nu = " << nu;
  }
  EXPECT_NEAR(tet10[0.4999] / tet10[0.49], (1 - 0.4999 * 0.4999) / (1 - 0.49 * 0.49), 0.03)
      << "Tet10 indentation follows the (1 - nu^2) trend instead of stiffening";
}

}  // namespace
}  // namespace piriform
