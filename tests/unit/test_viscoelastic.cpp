// Unit tests of finite-strain viscoelasticity: the material's update and algorithmic tangent, its limits and
// objectivity, history in the assembler (tangent, commits, determinism) and in the solver (exact relaxation,
// creep against the standard linear solid, long-time and instantaneous limits, rate dependence, step cuts).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <limits>
#include <memory>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "engine/assembly/assembler.hpp"
#include "engine/common/error.hpp"
#include "engine/materials/fibre.hpp"
#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/mooney_rivlin.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"
#include "engine/materials/viscoelastic.hpp"
#include "support.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace piriform {
namespace {

test::QuietLog quiet;

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

double rel_err(const auto& value, const auto& reference) {
  return (value - reference).norm() / std::max(reference.norm(), 1e-300);
}

// Two branches with well separated relaxation times (s).
const std::vector<PronyTerm> two_terms = {{0.8, 0.1}, {0.5, 2.0}};
constexpr double two_terms_sum = 1.3;

std::shared_ptr<const Viscoelastic> viscoelastic(MaterialPtr base, std::vector<PronyTerm> terms = two_terms) {
  return std::make_shared<Viscoelastic>(std::move(base), std::move(terms));
}

using History = std::vector<double>;

History initial(const Material& m) {
  History h(m.history_size());
  m.initial_history(h.data());
  return h;
}

History random_history(const Material& m, unsigned seed, double scale) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-scale, scale);
  History h(m.history_size());
  for (double& x : h) x = U(rng);
  return h;
}

// S after a step of length dt from the history h_n; the updated history goes to *h_new when given.
Mat3 step_stress(const Material& m, const Mat3& F, double dt, const History& h_n, History* h_new = nullptr,
                 Mat6* CC = nullptr, EnergyPart part = EnergyPart::All, const Vec3& a0 = Vec3::Zero()) {
  Mat3 S;
  if (h_new) h_new->assign(h_n.size(), kNaN);
  m.stress_history(F, a0, dt, h_n.data(), h_new ? h_new->data() : nullptr, S, CC, part);
  return S;
}

Mat3 plain_stress(const Material& m, const Mat3& F, EnergyPart part = EnergyPart::All, Mat6* CC = nullptr) {
  Mat3 S;
  m.stress(F, Vec3::Zero(), S, CC, part);
  return S;
}

Mat3 random_rotation(std::mt19937& rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  Eigen::Quaterniond q(n(rng), n(rng), n(rng), n(rng));
  q.normalize();
  return q.toRotationMatrix();
}

// F = Q (I + H), H uniform in [-0.3, 0.3], with det F in [0.7, 1.4].
std::vector<Mat3> random_deformations(unsigned seed, int count) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.3, 0.3);
  std::vector<Mat3> out;
  while (static_cast<int>(out.size()) < count) {
    Mat3 H;
    for (int i = 0; i < 9; ++i) H(i) = u(rng);
    const Mat3 F = random_rotation(rng) * (Mat3::Identity() + H);
    if (F.determinant() > 0.7 && F.determinant() < 1.4) out.push_back(F);
  }
  return out;
}

// Relative difference between the central difference of S along every component of F (history h_n and dt
// fixed) and CC : dE with dE = sym(F^T dF) in Voigt form with engineering shear.
double tangent_fd_error(const Material& m, const Mat3& F, double dt, const History& h_n, EnergyPart part) {
  Mat6 CC;
  step_stress(m, F, dt, h_n, nullptr, &CC, part);
  Eigen::Matrix<double, 6, 9> fd, analytic;
  const double eps = 1e-6;
  for (int k = 0; k < 9; ++k) {
    Mat3 dF = Mat3::Zero();
    dF(k % 3, k / 3) = 1.0;
    const Mat3 dS = (step_stress(m, F + eps * dF, dt, h_n, nullptr, nullptr, part) -
                     step_stress(m, F - eps * dF, dt, h_n, nullptr, nullptr, part)) /
                    (2.0 * eps);
    const Mat3 dE = 0.5 * (F.transpose() * dF + dF.transpose() * F);
    fd.col(k) = to_voigt(dS);
    analytic.col(k) = CC * to_voigt(dE).cwiseProduct(tensor4::shear_weights());
  }
  return rel_err(analytic, fd);
}

// Relaxation factor 1 + sum beta_i exp(-s / tau_i) of the isochoric stress a time s after a step strain.
double relaxation_factor(const std::vector<PronyTerm>& terms, double s) {
  double g = 1.0;
  for (const PronyTerm& term : terms) g += term.beta * std::exp(-s / term.tau);
  return g;
}

// ---------------------------------------------------------------------------------------------------
// The material

struct BaseCase {
  std::string label;
  MaterialPtr base;
};

std::vector<BaseCase> decoupled_bases() {
  return {{"NeoHookean", std::make_shared<NeoHookean>(2.0, 20.0)},
          {"MooneyRivlin", std::make_shared<MooneyRivlin>(1.0, 0.4, 15.0)},
          {"Ogden", std::make_shared<Ogden>(1.5, -2.5, 20.0, VolumetricKind::Quadratic)},
          {"OgdenSoftTissue", std::make_shared<Ogden>(1.0, kSoftTissueOgdenAlpha, 20.0)}};
}

TEST(ViscoelasticMaterial, AlgorithmicTangentIsTheDerivativeOfTheStressUpdate) {
  for (const BaseCase& c : decoupled_bases()) {
    SCOPED_TRACE(c.label);
    const auto mat = viscoelastic(c.base);
    const auto Fs = random_deformations(21, 3);
    History previous;
    step_stress(*mat, random_deformations(22, 1)[0], 0.2, random_history(*mat, 3, 1.0), &previous);
    const std::vector<std::pair<std::string, History>> histories = {
        {"rest", initial(*mat)}, {"random", random_history(*mat, 4, 2.0)}, {"previous step", previous}};
    for (double dt : {0.0, 0.03, 0.5, 20.0})
      for (const auto& [label, h] : histories)
        for (const Mat3& F : Fs)
          for (EnergyPart part : {EnergyPart::All, EnergyPart::WithoutVolumetric}) {
            EXPECT_LT(tangent_fd_error(*mat, F, dt, h, part), 1e-6)
                << "dt = " << dt << ", history " << label << ", part " << static_cast<int>(part) << ", F =\n"
                << F;
            // Writing the updated history does not change the stress.
            History h_new;
            EXPECT_EQ(step_stress(*mat, F, dt, h, &h_new, nullptr, part),
                      step_stress(*mat, F, dt, h, nullptr, nullptr, part));
          }
  }
}

TEST(ViscoelasticMaterial, TangentHasMajorSymmetry) {
  const auto mat = viscoelastic(std::make_shared<MooneyRivlin>(1.0, 0.4, 15.0));
  for (const Mat3& F : random_deformations(23, 3)) {
    Mat6 CC;
    step_stress(*mat, F, 0.07, random_history(*mat, 5, 1.0), nullptr, &CC);
    EXPECT_LT((CC - CC.transpose()).norm(), 1e-12 * CC.norm());
  }
}

// Every branch has relaxed completely within a step much longer than its tau: the long-term response.
TEST(ViscoelasticMaterial, VeryLongStepGivesTheBaseLongTermResponse) {
  for (const BaseCase& c : decoupled_bases()) {
    SCOPED_TRACE(c.label);
    const auto mat = viscoelastic(c.base);
    for (const Mat3& F : random_deformations(24, 3)) {
      Mat6 CC, CC_base;
      History h_new;
      const Mat3 S = step_stress(*mat, F, 1e6, random_history(*mat, 6, 5.0), &h_new, &CC);
      const Mat3 S_base = plain_stress(*c.base, F, EnergyPart::All, &CC_base);
      EXPECT_LT(rel_err(S, S_base), 1e-13);
      EXPECT_LT(rel_err(CC, CC_base), 1e-13);
      for (int i = 0; i < 12; ++i) EXPECT_EQ(h_new[i], 0.0) << "internal stress component " << i;
      EXPECT_LT(rel_err(from_voigt(Eigen::Map<const Vec6>(h_new.data() + 12)),
                        plain_stress(*c.base, F, EnergyPart::WithoutVolumetric)),
                1e-15);
    }
  }
}

// A step of zero length from rest meets the instantaneous response: (1 + sum beta) times the isochoric
// stress and tangent, the volumetric ones unchanged.
TEST(ViscoelasticMaterial, ZeroLengthStepFromRestScalesTheIsochoricResponse) {
  for (const BaseCase& c : decoupled_bases()) {
    SCOPED_TRACE(c.label);
    const auto mat = viscoelastic(c.base);
    for (const Mat3& F : random_deformations(25, 3)) {
      Mat6 CC, CC_all, CC_iso;
      const Mat3 S = step_stress(*mat, F, 0.0, initial(*mat), nullptr, &CC);
      const Mat3 S_all = plain_stress(*c.base, F, EnergyPart::All, &CC_all);
      const Mat3 S_iso = plain_stress(*c.base, F, EnergyPart::WithoutVolumetric, &CC_iso);
      EXPECT_LT(rel_err(S, Mat3(S_all - S_iso + (1.0 + two_terms_sum) * S_iso)), 1e-13);
      EXPECT_LT(rel_err(CC, Mat6(CC_all - CC_iso + (1.0 + two_terms_sum) * CC_iso)), 1e-13);
      Mat6 CC_part;
      const Mat3 S_part =
          step_stress(*mat, F, 0.0, initial(*mat), nullptr, &CC_part, EnergyPart::WithoutVolumetric);
      EXPECT_LT(rel_err(S_part, Mat3((1.0 + two_terms_sum) * S_iso)), 1e-13);
      EXPECT_LT(rel_err(CC_part, Mat6((1.0 + two_terms_sum) * CC_iso)), 1e-13);
    }
  }
  // For neo-Hookean that is the neo-Hookean solid with the instantaneous shear modulus.
  const auto mat = viscoelastic(std::make_shared<NeoHookean>(2.0, 20.0));
  const NeoHookean glassy(2.0 * (1.0 + two_terms_sum), 20.0);
  EXPECT_DOUBLE_EQ(mat->instantaneous_shear_modulus(), glassy.shear_modulus());
  for (const Mat3& F : random_deformations(26, 2))
    EXPECT_LT(rel_err(step_stress(*mat, F, 0.0, initial(*mat)), plain_stress(glassy, F)), 1e-13);
}

// Rotating the current configuration changes neither S, CC nor the internal variables (all referential).
TEST(ViscoelasticMaterial, UpdateIsObjective) {
  const auto mat = viscoelastic(std::make_shared<MooneyRivlin>(1.0, 0.4, 15.0));
  std::mt19937 rng(27);
  for (const Mat3& F : random_deformations(28, 4)) {
    const History h = random_history(*mat, 7, 1.0);
    const Mat3 Q = random_rotation(rng);
    Mat6 CC, CC_rot;
    History h_new, h_rot;
    const Mat3 S = step_stress(*mat, F, 0.3, h, &h_new, &CC);
    const Mat3 S_rot = step_stress(*mat, Q * F, 0.3, h, &h_rot, &CC_rot);
    EXPECT_LT(rel_err(S_rot, S), 1e-12);
    EXPECT_LT(rel_err(CC_rot, CC), 1e-12);
    EXPECT_LT(rel_err(Eigen::Map<const VecX>(h_rot.data(), h_rot.size()),
                      Eigen::Map<const VecX>(h_new.data(), h_new.size())),
              1e-12);
  }
}

// While the strain is held, the recurrence is exact whatever the step lengths. The strain reached in the
// first step of length dt1 enters the recurrence as a step at its midpoint (exp(-dt1 / (2 tau))).
TEST(ViscoelasticMaterial, HeldStrainRelaxesExactlyAsThePronySeries) {
  const auto base = std::make_shared<NeoHookean>(2.0, 20.0);
  const auto mat = viscoelastic(base);
  const Mat3 F = random_deformations(29, 1)[0];
  const Mat3 S_iso = plain_stress(*base, F, EnergyPart::WithoutVolumetric);
  const Mat3 S_vol = plain_stress(*base, F) - S_iso;
  const double dt1 = 1e-3;
  History h = initial(*mat), h_new;
  step_stress(*mat, F, dt1, h, &h_new);
  h = h_new;
  double t = dt1;
  for (double dt : {0.01, 0.04, 0.2, 0.5, 1.0, 3.0, 0.003, 10.0}) {
    const Mat3 S = step_stress(*mat, F, dt, h, &h_new);
    h = h_new;
    t += dt;
    const Mat3 exact = S_vol + relaxation_factor(two_terms, t - 0.5 * dt1) * S_iso;
    EXPECT_LT(rel_err(S, exact), 1e-13) << "t = " << t;
  }
}

TEST(ViscoelasticMaterial, HistoryFreeEntryPointsAreTheLongTermResponse) {
  const auto base = std::make_shared<MooneyRivlin>(1.0, 0.4, 15.0);
  const auto mat = viscoelastic(base);
  EXPECT_EQ(mat->history_size(), 6 * 3);
  EXPECT_EQ(initial(*mat), History(18, 0.0));
  EXPECT_EQ(mat->volumetric(), base->volumetric());
  EXPECT_DOUBLE_EQ(mat->shear_modulus(), base->shear_modulus());
  EXPECT_DOUBLE_EQ(mat->long_term_shear_modulus(), base->shear_modulus());
  EXPECT_DOUBLE_EQ(mat->instantaneous_shear_modulus(), (1.0 + two_terms_sum) * base->shear_modulus());
  EXPECT_DOUBLE_EQ(mat->bulk_modulus(), base->bulk_modulus());
  EXPECT_EQ(mat->name(), "Viscoelastic(" + base->name() + ")");
  for (const Mat3& F : random_deformations(30, 2)) {
    Mat6 CC, CC_base;
    EXPECT_EQ(plain_stress(*mat, F, EnergyPart::All, &CC), plain_stress(*base, F, EnergyPart::All, &CC_base));
    EXPECT_EQ(CC, CC_base);
    EXPECT_EQ(mat->energy(F, Vec3::Zero()), base->energy(F, Vec3::Zero()));
    EXPECT_EQ(mat->energy(F, Vec3::Zero(), EnergyPart::WithoutVolumetric),
              base->energy(F, Vec3::Zero(), EnergyPart::WithoutVolumetric));
  }
  // Elastic materials keep the defaults: no history, and stress_history is stress.
  EXPECT_EQ(base->history_size(), 0);
  const Mat3 F = random_deformations(31, 1)[0];
  Mat3 S;
  base->stress_history(F, Vec3::Zero(), 0.5, nullptr, nullptr, S, nullptr);
  EXPECT_EQ(S, plain_stress(*base, F));
}

TEST(ViscoelasticMaterial, InvalidParametersAreRejectedWithAMessage) {
  const auto nh = std::make_shared<NeoHookean>(2.0, 20.0);
  const std::string no_split = test::input_error_message([] {
    Viscoelastic m(std::make_shared<CompressibleNeoHookean>(Lame{.lambda = 5.0, .mu = 2.0}), two_terms);
  });
  EXPECT_TRUE(contains(no_split, "CompressibleNeoHookean")) << no_split;
  EXPECT_TRUE(contains(no_split, "no decoupled volumetric energy")) << no_split;
  EXPECT_TRUE(contains(test::input_error_message([] { Viscoelastic m(nullptr, two_terms); }), "null"));
  const std::string beta = test::input_error_message([&] { Viscoelastic m(nh, {{0.5, 1.0}, {-0.1, 1.0}}); });
  EXPECT_TRUE(contains(beta, "beta[1]")) << beta;
  for (double tau : {0.0, -1.0, kInf, kNaN}) {
    const std::string msg = test::input_error_message([&] { Viscoelastic m(nh, {{0.5, tau}}); });
    EXPECT_TRUE(contains(msg, "tau[0] (relaxation time, s)")) << msg;
  }
  EXPECT_TRUE(contains(test::input_error_message([&] { Viscoelastic m(nh, {{kNaN, 1.0}}); }), "beta[0]"));
  EXPECT_TRUE(contains(test::input_error_message([&] { Viscoelastic m(nh, {{kInf, 1.0}}); }), "beta[0]"));
  // No branch at all is allowed: the base alone.
  const Viscoelastic elastic(nh, {});
  EXPECT_EQ(elastic.history_size(), 6);
}

// G0 (1 - sum g_i (1 - exp(-t / tau_i))) = G_inf (1 + sum beta_i exp(-t / tau_i)) with G_inf = G0 (1 - sum
// g).
TEST(ViscoelasticMaterial, FractionsBecomeStrengthsRelativeToTheLongTermModulus) {
  const std::vector<PronyFraction> fractions = {{0.3, 0.1}, {0.2, 2.0}};
  const std::vector<PronyTerm> terms = prony_terms_from_fractions(fractions);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_DOUBLE_EQ(terms[0].beta, 0.6);
  EXPECT_DOUBLE_EQ(terms[1].beta, 0.4);
  EXPECT_EQ(terms[0].tau, 0.1);
  EXPECT_EQ(terms[1].tau, 2.0);
  const double G0 = 5.0, G_inf = G0 * (1.0 - 0.5);
  for (double t : {0.0, 0.05, 0.3, 1.0, 7.0}) {
    double fraction_form = 1.0;
    for (const PronyFraction& f : fractions) fraction_form -= f.g * (1.0 - std::exp(-t / f.tau));
    EXPECT_NEAR(G_inf * relaxation_factor(terms, t), G0 * fraction_form, 1e-14 * G0) << "t = " << t;
  }
  const auto mat = viscoelastic(std::make_shared<NeoHookean>(G_inf, 50.0), terms);
  EXPECT_NEAR(mat->instantaneous_shear_modulus(), G0, 1e-14 * G0);

  const std::string fluid = test::input_error_message([] {
    prony_terms_from_fractions({{0.6, 1.0}, {0.4, 2.0}});
  });
  EXPECT_TRUE(contains(fluid, "sum of g")) << fluid;
  EXPECT_TRUE(contains(fluid, "< 1")) << fluid;
  EXPECT_TRUE(contains(test::input_error_message([] { prony_terms_from_fractions({{-0.1, 1.0}}); }), "g[0]"));
  EXPECT_TRUE(contains(test::input_error_message([] {
                         prony_terms_from_fractions({{0.1, 0.0}});
                       }),
                       "tau[0]"));
}

// A fibre-reinforced solid on a viscoelastic matrix relaxes the matrix and keeps the fibre elastic.
TEST(ViscoelasticMaterial, FibreReinforcementPassesTheMatrixHistoryThrough) {
  const auto nh = std::make_shared<NeoHookean>(2.0, 20.0);
  const auto matrix = viscoelastic(nh);
  const FibreReinforced fibred(matrix, 5.0, 3.0), elastic_fibred(nh, 5.0, 3.0);
  EXPECT_EQ(fibred.history_size(), matrix->history_size());
  const Vec3 a0(1.0, 0.0, 0.0);
  const Mat3 F = Vec3(1.2, 0.95, 0.9).asDiagonal();  // fibre in tension
  const History h = random_history(*matrix, 8, 1.0);
  Mat6 CC, CC_matrix, CC_fibre_elastic, CC_nh;
  History h_fibred, h_matrix;
  const Mat3 S = step_stress(fibred, F, 0.2, h, &h_fibred, &CC, EnergyPart::All, a0);
  const Mat3 S_matrix = step_stress(*matrix, F, 0.2, h, &h_matrix, &CC_matrix, EnergyPart::All, a0);
  Mat3 S_fe, S_nh;
  elastic_fibred.stress(F, a0, S_fe, &CC_fibre_elastic);
  nh->stress(F, a0, S_nh, &CC_nh);
  ASSERT_GT((S_fe - S_nh).norm(), 0.1 * S_nh.norm()) << "the fibre must carry load";
  EXPECT_LT(rel_err(S, Mat3(S_matrix + S_fe - S_nh)), 1e-13);
  EXPECT_LT(rel_err(CC, Mat6(CC_matrix + CC_fibre_elastic - CC_nh)), 1e-13);
  EXPECT_EQ(h_fibred, h_matrix);
}

// ---------------------------------------------------------------------------------------------------
// History in the assembler

struct Problem : test::AssembledModel {
  using AssembledModel::AssembledModel;

  VecX free_residual(const VecX& u) const {
    VecX r, rf;
    EXPECT_EQ(assembler.evaluate(u, 1.0, &r, nullptr).inverted_cells, 0);
    dofs.gather(r, rf);
    return rf;
  }
  // Every quadrature point's committed (or trial) history, cell by cell.
  History history(bool committed) const {
    History all;
    const int size = model.materials[0]->history_size();
    for (Index c = 0; c < model.mesh.num_cells(); ++c)
      for (int q = 0; q < assembler.geometry().num_points(); ++q) {
        const double* h = committed ? assembler.committed_history(c, q) : assembler.trial_history(c, q);
        all.insert(all.end(), h, h + size);
      }
    return all;
  }
};

VecX random_displacement(const Mesh& mesh, const Mat3& H, double noise, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  VecX u(3 * mesh.num_nodes());
  for (Index v = 0; v < mesh.num_nodes(); ++v)
    u.segment<3>(3 * v) = H * mesh.X.col(v) + noise * Vec3(U(rng), U(rng), U(rng));
  return u;
}

const Mat3 H_default = (Mat3() << 0.04, 0.01, -0.02, 0.015, -0.03, 0.01, -0.01, 0.02, 0.025).finished();

Model viscoelastic_box(CellType type, Formulation formulation, int n = 2) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), n, n, n, type});
  m.materials = {viscoelastic(std::make_shared<NeoHookean>(1e3, 5e4))};
  m.formulation = formulation;
  m.supports = {fixed_support("zmin"), roller_support("xmin", 0)};
  m.validate();
  return m;
}

struct FormulationCase {
  std::string name;
  CellType type;
  Formulation formulation;
};

// Lets GoogleTest name a failing case instead of dumping its bytes.
void PrintTo(const FormulationCase& c, std::ostream* os) { *os << c.name; }

class ViscoelasticAssembly : public testing::TestWithParam<FormulationCase> {};

// After a committed step, the tangent of the next step (other length, other displacement) is the
// derivative of its residual, and evaluating never changes the committed history.
TEST_P(ViscoelasticAssembly, TangentIsTheDerivativeOfTheResidualFromACommittedHistory) {
  Problem p(viscoelastic_box(GetParam().type, GetParam().formulation));
  ASSERT_TRUE(p.assembler.has_history());
  p.assembler.set_time_step(0.05);
  VecX r;
  p.assembler.evaluate(random_displacement(p.model.mesh, H_default, 0.01, 1), 1.0, &r, nullptr);
  p.assembler.commit_history();
  EXPECT_EQ(p.assembler.time_step(), 0.0);
  const History committed = p.history(true);
  EXPECT_EQ(committed, p.history(false));
  ASSERT_GT(Eigen::Map<const VecX>(committed.data(), committed.size()).norm(), 0.0);

  p.assembler.set_time_step(0.3);
  const VecX u = random_displacement(p.model.mesh, Mat3(-1.5 * H_default), 0.01, 2);
  SpMat K;
  p.assembler.evaluate(u, 1.0, &r, &K);
  for (unsigned seed : {3u, 4u}) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> U(-1.0, 1.0);
    VecX v_free(p.dofs.num_free());
    for (Index i = 0; i < v_free.size(); ++i) v_free[i] = 0.01 * U(rng);
    VecX v = VecX::Zero(p.dofs.num_dofs());
    p.dofs.scatter(v_free, v);
    const double eps = 1e-6;
    const VecX fd = (p.free_residual(u + eps * v) - p.free_residual(u - eps * v)) / (2.0 * eps);
    const VecX Kv = K * v_free;
    EXPECT_LT((Kv - fd).norm(), 1e-6 * Kv.norm()) << "direction " << seed;
  }
  const Eigen::MatrixXd Kd(K);
  EXPECT_LT((Kd - Kd.transpose()).norm(), 1e-12 * Kd.norm());
  EXPECT_EQ(p.history(true), committed);
  EXPECT_NE(p.history(false), committed);
}

// The committed history is the state the residual starts from: with it, the residual at the committed
// displacement and a zero-length step is the one of the committed evaluation.
TEST_P(ViscoelasticAssembly, ZeroLengthStepReproducesTheCommittedState) {
  Problem p(viscoelastic_box(GetParam().type, GetParam().formulation));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.01, 5);
  p.assembler.set_time_step(0.05);
  const VecX r_step = p.free_residual(u);
  p.assembler.commit_history();
  const VecX r_again = p.free_residual(u);
  EXPECT_LT((r_again - r_step).norm(), 1e-12 * r_step.norm());
  // A further step of finite length at the same displacement relaxes the stresses: not the same state.
  p.assembler.set_time_step(0.05);
  EXPECT_GT((p.free_residual(u) - r_step).norm(), 1e-3 * r_step.norm());
}

INSTANTIATE_TEST_SUITE_P(Formulations, ViscoelasticAssembly,
                         testing::Values(FormulationCase{"tet10", CellType::Tet10, Formulation::Displacement},
                                         FormulationCase{"hex8", CellType::Hex8, Formulation::Displacement},
                                         FormulationCase{"hex8_mean_dilatation", CellType::Hex8,
                                                         Formulation::MeanDilatation}),
                         [](const testing::TestParamInfo<FormulationCase>& i) { return i.param.name; });

TEST(ViscoelasticAssemblyInput, SmallStrainModelWithHistoryIsRejected) {
  Model m = viscoelastic_box(CellType::Hex8, Formulation::Displacement);
  m.kinematics = Kinematics::SmallStrain;
  const std::string msg = test::input_error_message([&] { StaticSolver solver(m); });
  EXPECT_TRUE(contains(msg, "region 'block'")) << msg;
  EXPECT_TRUE(contains(msg, "finite kinematics")) << msg;
  Problem p(viscoelastic_box(CellType::Hex8, Formulation::Displacement));
  EXPECT_THROW(p.assembler.set_time_step(-1.0), std::invalid_argument);
  EXPECT_THROW(p.assembler.set_time_step(kNaN), std::invalid_argument);
}

#ifdef _OPENMP
bool bit_identical(const VecX& a, const VecX& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}

// 2048 cells in 8 colours: enough cells per colour for the parallel loop to run.
TEST(ViscoelasticAssemblyDeterminism, OneAndTwoThreadsGiveBitIdenticalResultsAndHistory) {
  Model m = viscoelastic_box(CellType::Hex8, Formulation::MeanDilatation, 1);
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 1.0, 0.5), 16, 16, 8, CellType::Hex8});
  Problem p(std::move(m));
  p.assembler.set_time_step(0.1);
  VecX r;
  p.assembler.evaluate(random_displacement(p.model.mesh, H_default, 0.002, 6), 1.0, &r, nullptr);
  p.assembler.commit_history();
  p.assembler.set_time_step(0.2);
  const VecX u = random_displacement(p.model.mesh, H_default, 0.002, 7);
  const int saved = omp_get_max_threads();
  struct Snapshot {
    VecX r;
    SpMat K;
    History trial;
  } one, two;
  omp_set_num_threads(1);
  p.assembler.evaluate(u, 1.0, &one.r, &one.K);
  one.trial = p.history(false);
  omp_set_num_threads(2);
  p.assembler.evaluate(u, 1.0, &two.r, &two.K);
  two.trial = p.history(false);
  omp_set_num_threads(saved);
  EXPECT_TRUE(bit_identical(one.r, two.r));
  EXPECT_TRUE(bit_identical(Eigen::Map<const VecX>(one.K.valuePtr(), one.K.nonZeros()),
                            Eigen::Map<const VecX>(two.K.valuePtr(), two.K.nonZeros())));
  EXPECT_TRUE(one.trial == two.trial);
}
#endif

// ---------------------------------------------------------------------------------------------------
// History in the solver

NewtonSettings tight() {
  NewtonSettings newton;
  newton.residual_tolerance = 1e-12;
  return newton;
}

// Sum of the (reaction) forces over the nodes of a surface.
Vec3 surface_force(const Model& m, const VecX& r, const std::string& surface) {
  Vec3 f = Vec3::Zero();
  for (Index v : facet_set_nodes(m.mesh.facet_set(surface))) f += r.segment<3>(3 * v);
  return f;
}

// A homogeneous strain F = I + G (uniaxial and shear parts, with a volume change) is reached in a first
// step of 1 ms and held with every face prescribed; the reaction on the unit face xmax is P e_x with
// P = F (S_vol + S_iso (1 + sum beta_i exp(-(t - t1/2) / tau_i))) at every step, whatever its length.
TEST(ViscoelasticSolver, HeldHomogeneousStrainRelaxesExactlyAsThePronySeries) {
  const auto base = std::make_shared<NeoHookean>(1e3, 1e4);
  Mat3 G;
  G << 0.15, 0.2, 0.0, 0.0, -0.05, 0.0, 0.0, 0.0, 0.0;
  const Mat3 F = Mat3::Identity() + G;
  const double t1 = 1e-3;
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Hex8});
  m.materials = {viscoelastic(base)};
  test::prescribe_all_faces(m,
                            [=](const Vec3& X, double t) { return Vec3(std::min(t / t1, 1.0) * (G * X)); });
  SteppingSettings stepping;
  stepping.times = {t1, 0.01, 0.03, 0.1, 0.2, 0.5, 1.0, 2.0, 4.0, 8.0, 20.0};
  StaticSolver solver(m, tight(), stepping);

  const Mat3 S_iso = plain_stress(*base, F, EnergyPart::WithoutVolumetric);
  const Mat3 S_vol = plain_stress(*base, F) - S_iso;
  std::vector<double> times;
  double worst = 0.0, decay = 0.0;
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX&) {
    times.push_back(rec.time);
    const Vec3 force = surface_force(m, solver.reactions(rec.time), "xmax");
    const Vec3 exact = F * (S_vol + relaxation_factor(two_terms, rec.time - 0.5 * t1) * S_iso).col(0);
    worst = std::max(worst, (force - exact).norm() / exact.norm());
    if (rec.step == 1) decay = force.norm();
    if (rec.time == stepping.times.back()) decay /= force.norm();
  });
  ASSERT_TRUE(report.completed) << report.message;
  EXPECT_EQ(times, stepping.times);
  RecordProperty("max_relative_error", fmt::format("{:.3e}", worst));
  EXPECT_LT(worst, 1e-10);
  EXPECT_GT(decay, 1.2) << "the test needs substantial relaxation";
}

// Uniaxial creep of one Hex8 under a dead traction sigma on xmax, applied in 0.1 ms and held, rollers on
// the opposite faces; one branch (beta = 2, tau = 1 s). At sigma = 1e-6 mu the strain is small, so the
// reference is the standard linear solid: eps(t) = sigma / (9 K) + sigma / 3 J_G(t), with the shear creep
// compliance J_G(t) = 1/mu - (1/mu - 1/G0) exp(-(t - t1/2) / tau_c), G0 = (1 + beta) mu,
// tau_c = (1 + beta) tau. Returns max |u_x - L eps| over the steps of length h that follow.
double creep_error(double h) {
  const double mu = 1e3, K = 5e3, beta = 2.0, tau = 1.0, sigma = 1e-3, t1 = 1e-4, end = 12.0;
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 1, 1, 1, CellType::Hex8});
  m.materials = {viscoelastic(std::make_shared<NeoHookean>(mu, K), {{beta, tau}})};
  m.supports = {roller_support("xmin", 0), roller_support("ymin", 1), roller_support("zmin", 2)};
  m.tractions = {
      {"xmax", [=](const Vec3&, double t) { return Vec3(sigma * std::min(t / t1, 1.0), 0.0, 0.0); }}};
  SteppingSettings stepping;
  stepping.times = {t1};
  for (int k = 1; t1 + k * h <= end + 1e-9; ++k) stepping.times.push_back(t1 + k * h);
  // Default Newton tolerance: at this tiny stress round-off in S (~1e-16 mu) is 1e-10 of the load.
  StaticSolver solver(m, {}, stepping);
  const Index corner = facet_set_nodes(m.mesh.facet_set("xmax")).front();
  const double G0 = (1.0 + beta) * mu, tau_c = (1.0 + beta) * tau;
  double error = 0.0;
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX& u) {
    if (rec.step == 1) return;
    const double J_G = 1.0 / mu - (1.0 / mu - 1.0 / G0) * std::exp(-(rec.time - 0.5 * t1) / tau_c);
    error = std::max(error, std::abs(u[3 * corner] - (sigma / (9.0 * K) + sigma / 3.0 * J_G)));
  });
  EXPECT_TRUE(report.completed) << report.message;
  return error;
}

// The update is the midpoint rule of the hereditary integral, second order in h. For the standard linear
// solid under constant stress it decays by (exp(-x) + beta exp(-x/2)) / (1 + beta exp(-x/2)) per step
// (x = h / tau) instead of exp(-x / (1 + beta)): a log error of beta (beta - 1) x^3 / (24 (1 + beta)^3)
// per step. Summed over t / h steps and weighted by the decaying creep amplitude (max of
// (t / tau) exp(-t / tau_c) at t = tau_c), the deviatoric strain error is at most
// sigma / (3 mu) beta^2 |beta - 1| / (24 e (1 + beta)^3) x^2 to leading order; the test allows 1.25 times
// that. The finite-strain terms, of order strain^2 ~ 1e-13 m, are 2 % of the smallest error measured.
TEST(ViscoelasticSolver, CreepUnderDeadLoadFollowsTheStandardLinearSolidToSecondOrderInTheStep) {
  const double mu = 1e3, beta = 2.0, tau = 1.0, sigma = 1e-3;
  const double coefficient = sigma / (3.0 * mu) * beta * beta * std::abs(beta - 1.0) /
                             (24.0 * std::exp(1.0) * std::pow(1.0 + beta, 3));
  std::vector<double> errors;
  for (double h : {0.5, 0.25, 0.125}) {
    errors.push_back(creep_error(h));
    const double bound = 1.25 * coefficient * (h / tau) * (h / tau);
    RecordProperty(fmt::format("max_error_h_{}", h),
                   fmt::format("{:.3e} (bound {:.3e})", errors.back(), bound));
    EXPECT_LT(errors.back(), bound) << "h = " << h;
    EXPECT_GT(errors.back(), 0.5 * bound) << "h = " << h << ": the estimate should be sharp";
  }
  for (std::size_t i = 1; i < errors.size(); ++i) {
    EXPECT_GT(errors[i - 1] / errors[i], 3.5) << "halving the step should quarter the error";
    EXPECT_LT(errors[i - 1] / errors[i], 4.5);
  }
}

// A non-uniform follower pressure on a block fixed at its base. The load is applied in one step of 1 us:
// the response is then the elastic one of the base with the instantaneous modulus mu (1 + sum beta_i
// exp(-dt/(2 tau_i))). Held for much longer than every tau, it is the elastic solution of the base.
class ViscoelasticLimits : public testing::TestWithParam<FormulationCase> {};

TEST_P(ViscoelasticLimits, InstantaneousAndLongTimeResponsesAreTheElasticSolutions) {
  const double mu = 1e3, K = 2e4, t1 = 1e-6;
  auto model = [&](MaterialPtr material) {
    Model m;
    m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 1.0, 0.5), 2, 2, 2, GetParam().type});
    m.formulation = GetParam().formulation;
    m.materials = {std::move(material)};
    m.supports = {fixed_support("zmin")};
    m.pressures = {
        {"zmax", [=](const Vec3& X, double t) { return 100.0 * std::min(t / t1, 1.0) * (1.0 + X.x()); }}};
    return m;
  };
  auto elastic_solution = [&](double shear_modulus) {
    const Model m = model(std::make_shared<NeoHookean>(shear_modulus, K));
    SteppingSettings stepping;
    stepping.times = {t1};
    StaticSolver solver(m, tight(), stepping);
    EXPECT_TRUE(solver.run().completed);
    return VecX(solver.displacement());
  };

  const Model m = model(viscoelastic(std::make_shared<NeoHookean>(mu, K)));
  SteppingSettings stepping;
  stepping.times = {t1, 1e-3, 0.01, 0.1, 1.0, 10.0, 100.0, 1e4};
  StaticSolver solver(m, tight(), stepping);
  VecX first;
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX& u) {
    if (rec.step == 1) first = u;
  });
  ASSERT_TRUE(report.completed) << report.message;
  ASSERT_EQ(report.steps.front().time, t1) << "the first step must not be cut";

  double instantaneous = mu;
  for (const PronyTerm& term : two_terms) instantaneous += mu * term.beta * std::exp(-0.5 * t1 / term.tau);
  const VecX glassy = elastic_solution(instantaneous), relaxed = elastic_solution(mu);
  EXPECT_LT((first - glassy).norm(), 1e-8 * glassy.norm());
  EXPECT_LT((solver.displacement() - relaxed).norm(), 1e-8 * relaxed.norm());
  EXPECT_GT((relaxed - glassy).norm(), 0.3 * relaxed.norm()) << "the two limits must differ";
}

INSTANTIATE_TEST_SUITE_P(Formulations, ViscoelasticLimits,
                         testing::Values(FormulationCase{"tet10", CellType::Tet10, Formulation::Displacement},
                                         FormulationCase{"hex8_mean_dilatation", CellType::Hex8,
                                                         Formulation::MeanDilatation}),
                         [](const testing::TestParamInfo<FormulationCase>& i) { return i.param.name; });

// Largest platen force while the top of a block fixed at its base is pushed down by 15 % over ramp_time
// in ten equal steps.
double peak_platen_force(MaterialPtr material, double ramp_time) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet10});
  m.materials = {std::move(material)};
  m.supports = {fixed_support("zmin"),
                prescribed_displacement("zmax", {true, true, true}, [=](const Vec3&, double t) {
                  return Vec3(0.0, 0.0, -0.15 * std::min(t / ramp_time, 1.0));
                })};
  SteppingSettings stepping;
  for (int k = 1; k <= 10; ++k) stepping.times.push_back(ramp_time * k / 10);
  StaticSolver solver(m, tight(), stepping);
  double peak = 0.0;
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX&) {
    peak = std::max(peak, std::abs(surface_force(m, solver.reactions(rec.time), "zmax").z()));
  });
  EXPECT_TRUE(report.completed) << report.message;
  return peak;
}

// Loading in 1 ms (much shorter than every tau) meets the instantaneous stiffness, loading over 100 s nearly
// the long-term one; an elastic solid does not notice the rate.
TEST(ViscoelasticSolver, FastLoadingGivesAHigherPeakForceThanSlowLoadingOnlyWhenViscoelastic) {
  const double mu = 1e3, K = 2e4, fast = 1e-3, slow = 100.0;
  const auto base = std::make_shared<NeoHookean>(mu, K);
  const auto visco = viscoelastic(base);
  const double visco_fast = peak_platen_force(visco, fast), visco_slow = peak_platen_force(visco, slow);
  const double elastic_fast = peak_platen_force(base, fast), elastic_slow = peak_platen_force(base, slow);
  const double glassy = peak_platen_force(std::make_shared<NeoHookean>(mu * (1.0 + two_terms_sum), K), fast);
  RecordProperty("fast_over_slow", fmt::format("{:.4f}", visco_fast / visco_slow));
  RecordProperty("fast_over_glassy", fmt::format("{:.5f}", visco_fast / glassy));
  RecordProperty("slow_over_long_term", fmt::format("{:.5f}", visco_slow / elastic_slow));
  EXPECT_GT(visco_fast, 1.5 * visco_slow);
  EXPECT_NEAR(elastic_fast, elastic_slow, 1e-10 * elastic_slow);
  // The limits: a little below the instantaneous response (relaxation during 1 ms), a little above the
  // long-term one (the lag of the isochoric stress, sum beta_i tau_i / ramp_time ~ 1 %).
  EXPECT_LT(visco_fast, glassy);
  EXPECT_GT(visco_fast, 0.99 * glassy);
  EXPECT_GT(visco_slow, elastic_slow);
  EXPECT_LT(visco_slow, 1.02 * elastic_slow);
}

// Squashing a nearly incompressible viscoelastic block by 60 % in one step inverts cells, so the solver
// cuts it. The failed attempts must leave no trace in the history: solving the same steps again, now
// listed as explicit times so that none is cut, gives the same state and the same held-load relaxation.
TEST(ViscoelasticSolver, CutStepsRestartFromTheCommittedHistory) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet10});
  m.materials = {viscoelastic(std::make_shared<NeoHookean>(1e3, 1e5))};
  m.supports = {fixed_support("zmin"),
                prescribed_displacement("zmax", {true, true, true}, [](const Vec3&, double t) {
                  return Vec3(0.0, 0.0, -0.6 * std::min(t / 0.1, 1.0));
                })};
  SteppingSettings cut;
  cut.times = {0.1, 0.3};
  StaticSolver first(m, {}, cut);
  const SolveReport report = first.run();
  ASSERT_TRUE(report.completed) << report.message;
  ASSERT_GT(report.steps.front().cuts, 0) << "the test needs a step that is cut";
  SteppingSettings listed;
  for (const StepRecord& rec : report.steps) listed.times.push_back(rec.time);
  StaticSolver second(m, {}, listed);
  const SolveReport again = second.run();
  ASSERT_TRUE(again.completed) << again.message;
  for (const StepRecord& rec : again.steps) EXPECT_EQ(rec.cuts, 0) << "step " << rec.step;
  EXPECT_LT((second.displacement() - first.displacement()).norm(), 1e-7 * first.displacement().norm());
  const double force = surface_force(m, first.reactions(0.3), "zmax").z();
  EXPECT_NEAR(surface_force(m, second.reactions(0.3), "zmax").z(), force, 1e-7 * std::abs(force));
}

}  // namespace
}  // namespace piriform
