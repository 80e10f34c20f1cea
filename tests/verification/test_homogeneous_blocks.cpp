// Homogeneous finite deformations of hyperelastic blocks solved as boundary-value problems, against the
// closed forms: uniaxial stretch with free lateral faces, and simple shear.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/materials/mooney_rivlin.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "support.hpp"

namespace piriform {
namespace {

test::QuietLog quiet;

double reaction_on(const Model& m, const StaticSolver& solver, const char* face, int component) {
  const VecX r = solver.reactions(1.0);
  double sum = 0.0;
  for (Index v : facet_set_nodes(m.mesh.facet_set(face))) sum += r[3 * v + component];
  return sum;
}

struct Case {
  const char* name;
  MaterialPtr material;
  // Incompressible closed forms (Cauchy stress): uniaxial sigma_11(lambda), simple shear sigma_12(gamma).
  std::function<double(double)> uniaxial_sigma, shear_sigma;
};

std::vector<Case> cases() {
  const double mu = 1000.0, K = 1e7, C10 = 300.0, C01 = 150.0;
  return {
      {"neo_hookean", std::make_shared<NeoHookean>(mu, K), [=](double l) { return mu * (l * l - 1 / l); },
       [=](double g) { return mu * g; }},
      {"mooney_rivlin", std::make_shared<MooneyRivlin>(C10, C01, K),
       [=](double l) { return 2 * (l * l - 1 / l) * (C10 + C01 / l); },
       [=](double g) { return 2 * (C10 + C01) * g; }},
  };
}

class HomogeneousBlock : public testing::TestWithParam<Case> {};

TEST_P(HomogeneousBlock, UniaxialStretchForceMatchesClosedForm) {
  for (double stretch : {1.5, 0.7}) {
    Model m;
    m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet10});
    m.materials = {GetParam().material};
    m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2),
                  prescribed_displacement("xmax", {true, false, false}, [=](const Vec3&, double t) {
                    return Vec3(t * (stretch - 1), 0, 0);
                  })};
    StaticSolver solver(m, {}, {1.0, 5, 4});
    ASSERT_TRUE(solver.run().completed);
    // Nominal force on the unit reference face: P_11 = sigma_11 / lambda (incompressible: area 1/lambda).
    const double expected = GetParam().uniaxial_sigma(stretch) / stretch;
    EXPECT_NEAR(reaction_on(m, solver, "xmax", 0), expected, 1e-3 * std::abs(expected))
        << "stretch " << stretch;
    // Lateral faces stay traction free and plane: every node of ymax moved by the same amount.
    const auto nodes = facet_set_nodes(m.mesh.facet_set("ymax"));
    const double uy = solver.displacement()[3 * nodes[0] + 1];
    EXPECT_NEAR(uy, 1.0 / std::sqrt(stretch) - 1.0, 1e-3) << "lateral contraction";
    for (Index v : nodes) EXPECT_NEAR(solver.displacement()[3 * v + 1], uy, 1e-10);
  }
}

TEST_P(HomogeneousBlock, SimpleShearForceMatchesClosedForm) {
  const double gamma = 0.6;
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet10});
  m.materials = {GetParam().material};
  test::prescribe_all_faces(m, [=](const Vec3& X, double t) { return Vec3(t * gamma * X[1], 0, 0); });
  StaticSolver solver(m, {}, {1.0, 3, 2});
  ASSERT_TRUE(solver.run().completed);
  // Simple shear keeps J = 1 and F^-T e2 = e2, so the x-force on the unit face y = 1 is sigma_12; the
  // edge contributions of the x-faces cancel in the sum over the face's nodes.
  const double expected = GetParam().shear_sigma(gamma);
  EXPECT_NEAR(reaction_on(m, solver, "ymax", 0), expected, 1e-8 * expected);
}

INSTANTIATE_TEST_SUITE_P(Materials, HomogeneousBlock, testing::ValuesIn(cases()),
                         [](const auto& param) { return std::string(param.param.name); });

}  // namespace
}  // namespace piriform
