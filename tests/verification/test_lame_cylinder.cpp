// Lame thick-walled cylinder (plane strain, small strain) against the closed form, and the observed
// L2 convergence rates of the displacement under mesh refinement: ~2 for linear, ~3 for quadratic cells.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/materials/linear_elastic.hpp"
#include "field_tools.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

// sigma_r, sigma_theta = A -+ B / r^2 (shared/reference/tissue-and-nerve.md); plane strain
// u_r = (1 + nu) / E [(1 - 2 nu) A r + B / r].
struct Lame {
  double a = 1.0, b = 2.0, pi = 1.0, po = 0.25, E = 1000.0, nu = 0.3;
  double A() const { return (pi * a * a - po * b * b) / (b * b - a * a); }
  double B() const { return (pi - po) * a * a * b * b / (b * b - a * a); }
  double ur(double r) const { return (1 + nu) / E * ((1 - 2 * nu) * A() * r + B() / r); }
  Vec3 u(const Vec3& X) const {
    const double r = X.head<2>().norm();
    return Vec3(X[0] / r * ur(r), X[1] / r * ur(r), 0.0);
  }
  double sigma_r(double r) const { return A() - B() / (r * r); }
  double sigma_theta(double r) const { return A() + B() / (r * r); }
};

struct Solution {
  Model model;
  VecX u;
};

Solution solve_cylinder(const Lame& lame, CellType type, int n) {
  Solution s;
  Model& m = s.model;
  m.mesh = cylinder_sector_mesh({lame.a, lame.b, M_PI / 2, 0.1, n, n, 1, type});
  m.kinematics = Kinematics::SmallStrain;
  m.materials = {std::make_shared<StVenantKirchhoff>(YoungPoisson{lame.E, lame.nu})};
  m.supports = {roller_support("theta0", 1), roller_support("theta1", 0), roller_support("zmin", 2),
                roller_support("zmax", 2)};
  const double pi = lame.pi, po = lame.po;
  m.pressures = {{"inner", [pi](const Vec3&, double t) { return t * pi; }},
                 {"outer", [po](const Vec3&, double t) { return t * po; }}};
  StaticSolver solver(m, {}, {1.0, 1, 0});
  EXPECT_TRUE(solver.run().completed);
  s.u = solver.displacement();
  return s;
}

TEST(LameCylinder, Tet10MatchesClosedFormDisplacementAndStress) {
  const Lame lame;
  const Solution s = solve_cylinder(lame, CellType::Tet10, 8);
  const double err = test::max_nodal_error(s.model.mesh, s.u, [&](const Vec3& X) { return lame.u(X); });
  EXPECT_LT(err / lame.ur(lame.a), 5e-4) << "max nodal displacement error relative to u_r(a)";

  const auto& mat = *s.model.materials[0];
  for (double r : {1.2, 1.5, 1.8}) {
    const double c = std::cos(0.3), sn = std::sin(0.3);
    const Mat3 sigma = test::small_strain_stress_at(s.model.mesh, s.u, mat, Vec3(r * c, r * sn, 0.05));
    const Vec3 er(c, sn, 0.0), et(-sn, c, 0.0);
    // Point stresses from the gradient of a quadratic field: O(h^2), about 1% of p_i at this mesh.
    EXPECT_NEAR(er.dot(sigma * er), lame.sigma_r(r), 1.5e-2 * lame.pi) << "sigma_r at r = " << r;
    EXPECT_NEAR(et.dot(sigma * et), lame.sigma_theta(r), 1.5e-2 * lame.pi) << "sigma_theta at r = " << r;
  }
}

struct RateCase {
  CellType type;
  double expected_rate;
};

class LameConvergence : public testing::TestWithParam<RateCase> {};

TEST_P(LameConvergence, DisplacementL2ErrorConvergesAtTheTheoreticalRate) {
  const Lame lame;
  const auto exact = [&](const Vec3& X) { return lame.u(X); };
  std::vector<double> errors;
  for (int n : {4, 8, 16, 32}) {
    const Solution s = solve_cylinder(lame, GetParam().type, n);
    errors.push_back(test::l2_error(s.model.mesh, s.u, exact));
  }
  const double rate = std::log2(errors[2] / errors[3]);
  RecordProperty("observed_rate", std::to_string(rate));
  EXPECT_NEAR(rate, GetParam().expected_rate, 0.3)
      << "errors " << errors[0] << ", " << errors[1] << ", " << errors[2] << ", " << errors[3];
  EXPECT_LT(errors[2], errors[1]);
}

INSTANTIATE_TEST_SUITE_P(Elements, LameConvergence,
                         testing::Values(RateCase{CellType::Tet4, 2.0}, RateCase{CellType::Hex8, 2.0},
                                         RateCase{CellType::Tet10, 3.0}, RateCase{CellType::Hex20, 3.0}),
                         [](const auto& param) { return std::string(cell_type_name(param.param.type)); });

}  // namespace
}  // namespace piriform
