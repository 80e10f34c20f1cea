// Unit tests of the hyperelastic materials: stresses and tangents against finite differences of the
// energy, symmetry, objectivity, small-strain limits, closed-form homogeneous deformations, parameter checks.
#include <gtest/gtest.h>

#include <Eigen/Geometry>
#include <Eigen/LU>
#include <cmath>
#include <functional>
#include <limits>
#include <ostream>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "engine/common/error.hpp"
#include "engine/materials/fibre.hpp"
#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/moduli.hpp"
#include "engine/materials/mooney_rivlin.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"
#include "engine/materials/volumetric.hpp"

namespace piriform {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------------------------------------------
// Helpers

double rel_err(const auto& value, const auto& reference) {
  return (value - reference).norm() / std::max(reference.norm(), 1e-300);
}

Mat3 first_pk(const Material& m, const Mat3& F, const Vec3& a0, EnergyPart part) {
  Mat3 S;
  m.stress(F, a0, S, nullptr, part);
  return F * S;
}

// dW/dF by central differences of every component F_iJ.
Mat3 fd_first_pk(const Material& m, const Mat3& F, const Vec3& a0, EnergyPart part, double h = 1e-6) {
  Mat3 P;
  for (int i = 0; i < 3; ++i)
    for (int J = 0; J < 3; ++J) {
      Mat3 Fp = F, Fm = F;
      Fp(i, J) += h;
      Fm(i, J) -= h;
      P(i, J) = (m.energy(Fp, a0, part) - m.energy(Fm, a0, part)) / (2.0 * h);
    }
  return P;
}

// A_iJkL = d_ik S_JL + F_iI F_kK CC_IJKL with CC_IJKL = CC(voigt(I,J), voigt(K,L)); row i*3+J, column k*3+L.
Mat9 first_elasticity(const Material& m, const Mat3& F, const Vec3& a0, EnergyPart part) {
  Mat3 S;
  Mat6 CC;
  m.stress(F, a0, S, &CC, part);
  Mat9 A = Mat9::Zero();
  for (int i = 0; i < 3; ++i)
    for (int J = 0; J < 3; ++J)
      for (int k = 0; k < 3; ++k)
        for (int L = 0; L < 3; ++L) {
          double a = (i == k) ? S(J, L) : 0.0;
          for (int I = 0; I < 3; ++I)
            for (int K = 0; K < 3; ++K) a += F(i, I) * F(k, K) * CC(voigt_index(I, J), voigt_index(K, L));
          A(3 * i + J, 3 * k + L) = a;
        }
  return A;
}

Mat9 fd_first_elasticity(const Material& m, const Mat3& F, const Vec3& a0, EnergyPart part, double h = 1e-6) {
  Mat9 A;
  for (int k = 0; k < 3; ++k)
    for (int L = 0; L < 3; ++L) {
      Mat3 Fp = F, Fm = F;
      Fp(k, L) += h;
      Fm(k, L) -= h;
      const Mat3 dP = (first_pk(m, Fp, a0, part) - first_pk(m, Fm, a0, part)) / (2.0 * h);
      for (int i = 0; i < 3; ++i)
        for (int J = 0; J < 3; ++J) A(3 * i + J, 3 * k + L) = dP(i, J);
    }
  return A;
}

Mat3 random_rotation(std::mt19937& rng) {
  std::normal_distribution<double> n(0.0, 1.0);
  Eigen::Quaterniond q(n(rng), n(rng), n(rng), n(rng));
  q.normalize();
  return q.toRotationMatrix();
}

// Small-strain isotropic tangent (Hooke): (K - 2 mu / 3) I (x) I + 2 mu II.
Mat6 hooke(double mu, double K) {
  const Mat3 I = Mat3::Identity();
  return (K - 2.0 * mu / 3.0) * tensor4::outer(I, I) + 2.0 * mu * tensor4::sym_identity();
}

// Cauchy stress sigma = J^-1 F S F^T.
Mat3 cauchy(const Material& m, const Mat3& F) {
  Mat3 S;
  m.stress(F, Vec3::Zero(), S, nullptr);
  return F * S * F.transpose() / F.determinant();
}

Mat3 uniaxial_isochoric(double stretch) {
  return Vec3(stretch, 1.0 / std::sqrt(stretch), 1.0 / std::sqrt(stretch)).asDiagonal();
}

Mat3 simple_shear(double gamma) {
  Mat3 F = Mat3::Identity();
  F(0, 1) = gamma;
  return F;
}

// ---------------------------------------------------------------------------------------------------
// The materials under test

struct Case {
  std::string label;
  MaterialPtr material;
  Vec3 a0 = Vec3::Zero();
  bool decoupled = true;  // has a volumetric split U(J)
  double i4_min = -kInf;  // random deformations keep a0.C a0 in (i4_min, i4_max): away from the fibre switch
  double i4_max = kInf;
};

// Moduli of order one and a moderate K / mu so that the deviatoric and volumetric parts are both well
// resolved by the finite differences.
std::vector<Case> all_cases() {
  const auto nh = std::make_shared<NeoHookean>(2.0, 20.0);
  const Vec3 fibre(1.0, 2.0, 0.5);  // deliberately not unit: the decorator normalises it
  return {
      {"NeoHookeanLogSquared", nh},
      {"NeoHookeanQuadratic", std::make_shared<NeoHookean>(2.0, 20.0, VolumetricKind::Quadratic)},
      {"NeoHookeanSimoTaylor", std::make_shared<NeoHookean>(2.0, 20.0, VolumetricKind::SimoTaylor)},
      {"CompressibleNeoHookean", std::make_shared<CompressibleNeoHookean>(Lame{.lambda = 5.0, .mu = 2.0}),
       Vec3::Zero(), false},
      {"MooneyRivlin", std::make_shared<MooneyRivlin>(1.0, 0.4, 15.0)},
      {"MooneyRivlinSimoTaylor", std::make_shared<MooneyRivlin>(0.7, 0.3, 15.0, VolumetricKind::SimoTaylor)},
      {"OgdenNerve", std::make_shared<Ogden>(kNerveOgdenMu / 1e3, kNerveOgdenAlpha, 100.0)},
      {"OgdenNegativeAlpha", std::make_shared<Ogden>(1.5, -2.5, 20.0, VolumetricKind::Quadratic)},
      {"OgdenSoftTissue", std::make_shared<Ogden>(1.0, kSoftTissueOgdenAlpha, 20.0)},
      {"StVenantKirchhoff", std::make_shared<StVenantKirchhoff>(Lame{.lambda = 3.0, .mu = 2.0}), Vec3::Zero(),
       false},
      {"FibreTension", std::make_shared<FibreReinforced>(nh, 5.0, 3.0), fibre, true, 1.05, kInf},
      {"FibreCompression", std::make_shared<FibreReinforced>(nh, 5.0, 3.0), fibre, true, -kInf, 0.95},
  };
}

// F = Q (I + H), H uniform in [-0.3, 0.3], with det F in [0.7, 1.4] and the fibre condition of the case.
std::vector<Mat3> random_deformations(const Case& c, unsigned seed, int count = 5) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(-0.3, 0.3);
  const Vec3 a = c.a0.squaredNorm() > 0.0 ? Vec3(c.a0.normalized()) : Vec3::Zero();
  std::vector<Mat3> out;
  while (static_cast<int>(out.size()) < count) {
    Mat3 H;
    for (int i = 0; i < 9; ++i) H(i) = u(rng);
    const Mat3 F = random_rotation(rng) * (Mat3::Identity() + H);
    const double J = F.determinant();
    if (J < 0.7 || J > 1.4) continue;
    if (a.squaredNorm() > 0.0) {
      const double I4 = (F * a).squaredNorm();
      if (!(I4 > c.i4_min && I4 < c.i4_max)) continue;
    }
    out.push_back(F);
  }
  return out;
}

// Lets GoogleTest name a failing case instead of dumping its bytes.
void PrintTo(const Case& c, std::ostream* os) { *os << c.label; }

class MaterialTest : public ::testing::TestWithParam<Case> {};

TEST_P(MaterialTest, StressIsDerivativeOfEnergy) {
  const Case& c = GetParam();
  for (const Mat3& F : random_deformations(c, 11)) {
    const Mat3 P = first_pk(*c.material, F, c.a0, EnergyPart::All);
    EXPECT_LT(rel_err(P, fd_first_pk(*c.material, F, c.a0, EnergyPart::All)), 1e-6) << "F =\n" << F;
  }
}

TEST_P(MaterialTest, TangentIsDerivativeOfStress) {
  const Case& c = GetParam();
  for (const Mat3& F : random_deformations(c, 12)) {
    const Mat9 A = first_elasticity(*c.material, F, c.a0, EnergyPart::All);
    EXPECT_LT(rel_err(A, fd_first_elasticity(*c.material, F, c.a0, EnergyPart::All)), 1e-5) << "F =\n" << F;
  }
}

TEST_P(MaterialTest, PartWithoutVolumetric) {
  const Case& c = GetParam();
  const Material& m = *c.material;
  const auto Fs = random_deformations(c, 13, 3);
  if (!c.decoupled) {
    EXPECT_EQ(m.volumetric(), nullptr);
    Mat3 S;
    EXPECT_THROW(m.energy(Fs[0], c.a0, EnergyPart::WithoutVolumetric), std::logic_error);
    EXPECT_THROW(m.stress(Fs[0], c.a0, S, nullptr, EnergyPart::WithoutVolumetric), std::logic_error);
    return;
  }
  const VolumetricFunction* vol = m.volumetric();
  ASSERT_NE(vol, nullptr);
  EXPECT_DOUBLE_EQ(vol->K, m.bulk_modulus());
  for (const Mat3& F : Fs) {
    const double J = F.determinant();
    EXPECT_NEAR(m.energy(F, c.a0) - m.energy(F, c.a0, EnergyPart::WithoutVolumetric), vol->U(J),
                1e-12 * std::abs(m.energy(F, c.a0)));
    const Mat3 P = first_pk(m, F, c.a0, EnergyPart::WithoutVolumetric);
    EXPECT_LT(rel_err(P, fd_first_pk(m, F, c.a0, EnergyPart::WithoutVolumetric)), 1e-6);
    const Mat9 A = first_elasticity(m, F, c.a0, EnergyPart::WithoutVolumetric);
    EXPECT_LT(rel_err(A, fd_first_elasticity(m, F, c.a0, EnergyPart::WithoutVolumetric)), 1e-5);
    // The isochoric stress is deviatoric: S_iso : C = 0.
    Mat3 S;
    m.stress(F, Vec3::Zero(), S, nullptr, EnergyPart::WithoutVolumetric);
    EXPECT_NEAR(S.cwiseProduct(F.transpose() * F).sum(), 0.0, 1e-12 * S.norm());
  }
}

TEST_P(MaterialTest, TangentHasMajorSymmetry) {
  const Case& c = GetParam();
  for (const Mat3& F : random_deformations(c, 14)) {
    Mat3 S;
    Mat6 CC;
    c.material->stress(F, c.a0, S, &CC);
    EXPECT_LT((CC - CC.transpose()).norm(), 1e-12 * CC.norm());
    EXPECT_LT((S - S.transpose()).norm(), 1e-12 * S.norm());
  }
}

TEST_P(MaterialTest, StressWithoutTangentMatchesStressWithTangent) {
  const Case& c = GetParam();
  for (const Mat3& F : random_deformations(c, 15, 2)) {
    Mat3 S1, S2;
    Mat6 CC;
    c.material->stress(F, c.a0, S1, nullptr);
    c.material->stress(F, c.a0, S2, &CC);
    EXPECT_EQ(S1, S2);
  }
}

TEST_P(MaterialTest, ReferenceStateIsStressFreeWithHookeTangent) {
  const Case& c = GetParam();
  const Material& m = *c.material;
  const Mat3 I = Mat3::Identity();
  Mat3 S;
  Mat6 CC;
  m.stress(I, c.a0, S, &CC);
  EXPECT_LT(S.norm(), 1e-12 * m.shear_modulus());
  EXPECT_NEAR(m.energy(I, c.a0), 0.0, 1e-14 * m.shear_modulus());
  const Mat6 H = hooke(m.shear_modulus(), m.bulk_modulus());
  EXPECT_LT(rel_err(CC, H), 1e-10) << "CC =\n" << CC << "\nexpected\n" << H;
}

TEST_P(MaterialTest, FrameIndifference) {
  const Case& c = GetParam();
  const Material& m = *c.material;
  EXPECT_TRUE(m.frame_indifferent());
  std::mt19937 rng(16);
  for (const Mat3& F : random_deformations(c, 17)) {
    const Mat3 Q = random_rotation(rng);
    EXPECT_NEAR(m.energy(Q * F, c.a0), m.energy(F, c.a0), 1e-12 * std::abs(m.energy(F, c.a0)));
    Mat3 S, SQ;
    Mat6 CC, CCQ;
    m.stress(F, c.a0, S, &CC);
    m.stress(Q * F, c.a0, SQ, &CCQ);
    EXPECT_LT(rel_err(SQ, S), 1e-10);
    EXPECT_LT(rel_err(CCQ, CC), 1e-10);
  }
}

INSTANTIATE_TEST_SUITE_P(Materials, MaterialTest, ::testing::ValuesIn(all_cases()),
                         [](const ::testing::TestParamInfo<Case>& param_info) {
                           return param_info.param.label;
                         });

// ---------------------------------------------------------------------------------------------------
// Closed-form homogeneous isochoric deformations (J = 1): the pressure cancels in the differences.

TEST(ClosedForm, NeoHookeanUniaxialAndSimpleShear) {
  const double mu = 2.0;
  const NeoHookean decoupled(mu, 50.0);
  const CompressibleNeoHookean compressible(Lame{.lambda = 30.0, .mu = mu});
  for (const Material* m :
       {static_cast<const Material*>(&decoupled), static_cast<const Material*>(&compressible)}) {
    for (double l : {0.6, 1.0 + 1e-3, 1.7}) {
      const Mat3 s = cauchy(*m, uniaxial_isochoric(l));
      const double expected = mu * (l * l - 1.0 / l);
      EXPECT_NEAR(s(0, 0) - s(1, 1), expected, 1e-10 * std::abs(expected)) << m->name() << " stretch " << l;
      EXPECT_NEAR(s(1, 1) - s(2, 2), 0.0, 1e-10 * std::abs(expected));
    }
    for (double g : {0.05, 0.4, 1.3}) {
      const Mat3 s = cauchy(*m, simple_shear(g));
      EXPECT_NEAR(s(0, 1), mu * g, 1e-10 * mu * g) << m->name() << " shear " << g;
      EXPECT_NEAR(s(0, 0) - s(1, 1), mu * g * g, 1e-10 * mu * g * g) << m->name() << " shear " << g;
    }
  }
}

TEST(ClosedForm, MooneyRivlinUniaxialAndSimpleShear) {
  const double C10 = 1.1, C01 = 0.35;
  const MooneyRivlin m(C10, C01, 40.0);
  for (double l : {0.6, 1.7, 2.5}) {
    const Mat3 s = cauchy(m, uniaxial_isochoric(l));
    const double expected = 2.0 * (l * l - 1.0 / l) * (C10 + C01 / l);
    EXPECT_NEAR(s(0, 0) - s(1, 1), expected, 1e-10 * std::abs(expected)) << "stretch " << l;
  }
  for (double g : {0.05, 0.4, 1.3}) {
    const Mat3 s = cauchy(m, simple_shear(g));
    EXPECT_NEAR(s(0, 1), 2.0 * (C10 + C01) * g, 1e-10 * (C10 + C01) * g) << "shear " << g;
    EXPECT_NEAR(s(0, 0) - s(1, 1), 2.0 * (C10 + C01) * g * g, 1e-10 * (C10 + C01) * g * g);
    EXPECT_NEAR(s(1, 1) - s(2, 2), -2.0 * C01 * g * g, 1e-10 * C01 * g * g);
  }
}

TEST(ClosedForm, OgdenUniaxial) {
  for (const auto& [mu, alpha] : {std::pair{kNerveOgdenMu, kNerveOgdenAlpha}, std::pair{3.0, -2.0}}) {
    const Ogden m(mu, alpha, 100.0 * mu);
    for (double l : {0.6, 0.9, 1.3}) {
      const Mat3 s = cauchy(m, uniaxial_isochoric(l));
      const double expected = 2.0 * mu / alpha * (std::pow(l, alpha) - std::pow(l, -alpha / 2.0));
      EXPECT_NEAR(s(0, 0) - s(1, 1), expected, 1e-10 * std::abs(expected))
          << "alpha " << alpha << " stretch " << l;
    }
  }
}

TEST(ClosedForm, OgdenWithAlphaTwoIsNeoHookean) {
  // alpha = 2: (2 mu / 4)(sum lambdabar^2 - 3) = mu/2 (I1bar - 3), so the two codes must agree exactly.
  const Ogden og(2.0, 2.0, 20.0, VolumetricKind::SimoTaylor);
  const NeoHookean nh(2.0, 20.0, VolumetricKind::SimoTaylor);
  for (const Mat3& F : random_deformations({"", nullptr}, 19)) {
    Mat3 S1, S2;
    Mat6 C1, C2;
    og.stress(F, Vec3::Zero(), S1, &C1);
    nh.stress(F, Vec3::Zero(), S2, &C2);
    EXPECT_NEAR(og.energy(F, Vec3::Zero()), nh.energy(F, Vec3::Zero()), 1e-12 * nh.energy(F, Vec3::Zero()));
    EXPECT_LT(rel_err(S1, S2), 1e-10);
    EXPECT_LT(rel_err(C1, C2), 1e-10);
  }
}

TEST(ClosedForm, StVenantKirchhoffUniaxialStrain) {
  const StVenantKirchhoff m(YoungPoisson{.E = 7e9, .nu = 0.3});  // bone (Int Wound J 2018)
  const double s = 1.01;
  Mat3 S;
  m.stress(Vec3(s, 1.0, 1.0).asDiagonal(), Vec3::Zero(), S, nullptr);
  const double E11 = 0.5 * (s * s - 1.0);
  const double lambda = m.lame_lambda(), mu = m.shear_modulus();
  EXPECT_NEAR(S(0, 0), (lambda + 2.0 * mu) * E11, 1e-12 * (lambda + 2.0 * mu) * E11);
  EXPECT_NEAR(S(1, 1), lambda * E11, 1e-12 * lambda * E11);
  EXPECT_NEAR(S(0, 1), 0.0, 1e-6);
}

// ---------------------------------------------------------------------------------------------------
// Principal stretches: coincident and nearly coincident eigenvalues of C.

TEST(OgdenCoincidentStretches, FiniteAndConsistentWithFiniteDifferences) {
  const Ogden m(kNerveOgdenMu / 1e3, kNerveOgdenAlpha, 100.0);
  std::mt19937 rng(20);
  const Mat3 Q = random_rotation(rng);
  const std::vector<Mat3> Fs = {
      Mat3::Identity(),
      uniaxial_isochoric(1.3),                            // two equal stretches
      uniaxial_isochoric(0.8),                            // two equal stretches, compression
      Vec3(1.2, 0.9, 0.9).asDiagonal(),                   // two equal, J != 1
      Mat3(1.1 * Mat3::Identity()),                       // three equal, J != 1
      Mat3(Q * uniaxial_isochoric(1.3) * Q.transpose()),  // equal up to rounding after the rotation
      Vec3(1.2, 0.9, 0.9 * (1.0 + 3e-7)).asDiagonal(),    // inside the coincidence tolerance
      Vec3(1.2, 0.9, 0.9 * (1.0 + 3e-6)).asDiagonal(),    // just outside it
  };
  for (const Mat3& F : Fs) {
    Mat3 S;
    Mat6 CC;
    m.stress(F, Vec3::Zero(), S, &CC);
    ASSERT_TRUE(S.allFinite() && CC.allFinite()) << "F =\n" << F;
    const Mat3 P = first_pk(m, F, Vec3::Zero(), EnergyPart::All);
    const Mat3 P_fd = fd_first_pk(m, F, Vec3::Zero(), EnergyPart::All);
    // At F = I the stress is zero: compare against the modulus instead.
    EXPECT_LT((P - P_fd).norm(), 1e-6 * std::max(P_fd.norm(), m.shear_modulus())) << "F =\n" << F;
    const Mat9 A = first_elasticity(m, F, Vec3::Zero(), EnergyPart::All);
    EXPECT_LT(rel_err(A, fd_first_elasticity(m, F, Vec3::Zero(), EnergyPart::All)), 1e-5) << "F =\n" << F;
    const Mat9 Aiso = first_elasticity(m, F, Vec3::Zero(), EnergyPart::WithoutVolumetric);
    EXPECT_LT(rel_err(Aiso, fd_first_elasticity(m, F, Vec3::Zero(), EnergyPart::WithoutVolumetric)), 1e-5)
        << "F =\n"
        << F;
  }
}

TEST(OgdenCoincidentStretches, TangentContinuousAcrossCoincidenceThreshold) {
  // Nearly equal stretches take the difference quotient or its limit; either way CC must approach its
  // value at exact coincidence, without the cancellation blow-up of (S_b - S_a)/(lambda_b^2 - lambda_a^2).
  const Ogden m(kNerveOgdenMu / 1e3, kNerveOgdenAlpha, 100.0);
  Mat3 S0;
  Mat6 CC0;
  m.stress(Vec3(1.2, 0.9, 0.9).asDiagonal(), Vec3::Zero(), S0, &CC0);
  for (double d : {1e-14, 1e-12, 1e-10, 1e-8, 3e-7, 3e-6, 1e-5}) {
    Mat3 S;
    Mat6 CC;
    m.stress(Vec3(1.2, 0.9, 0.9 * (1.0 + d)).asDiagonal(), Vec3::Zero(), S, &CC);
    EXPECT_LT(rel_err(CC, CC0), 1e-9 + 100.0 * d) << "relative stretch difference " << d;
  }
}

// ---------------------------------------------------------------------------------------------------
// Fibre reinforcement

TEST(FibreReinforced, NoContributionWithoutFibreTension) {
  const auto base = std::make_shared<NeoHookean>(2.0, 20.0);
  const FibreReinforced m(base, 5.0, 3.0);
  const Vec3 a0(0.0, 0.0, 1.0);
  const std::vector<std::pair<Mat3, Vec3>> inactive = {
      {Vec3(1.3, 1.0, 0.8).asDiagonal(), a0},            // fibre compressed (I4 = 0.64)
      {Vec3(1.3, 1.0, 1.0).asDiagonal(), a0},            // fibre at its rest length (I4 = 1)
      {Vec3(1.0, 1.0, 1.5).asDiagonal(), Vec3::Zero()},  // stretched, but no fibre at this point
  };
  for (const auto& [F, a] : inactive) {
    Mat3 S, Sb;
    Mat6 CC, CCb;
    m.stress(F, a, S, &CC);
    base->stress(F, a, Sb, &CCb);
    EXPECT_EQ(m.energy(F, a), base->energy(F, a));
    EXPECT_EQ(S, Sb);
    EXPECT_EQ(CC, CCb);
  }
}

TEST(FibreReinforced, TensionAddsTheExponentialEnergy) {
  const auto base = std::make_shared<MooneyRivlin>(1.0, 0.2, 20.0);
  const double k1 = 5.0, k2 = 3.0;
  const FibreReinforced m(base, k1, k2);
  const double s = 1.2;
  const Mat3 F = Vec3(1.0, 1.0, s).asDiagonal();
  const Vec3 a0(0.0, 0.0, 2.0);  // length 2: only the direction counts
  const double I4 = s * s;
  const double e = I4 - 1.0;
  EXPECT_NEAR(m.energy(F, a0) - base->energy(F, a0), k1 / (2.0 * k2) * (std::exp(k2 * e * e) - 1.0), 1e-12);
  // The fibre term is not volumetric, so it stays in the part without U(J).
  EXPECT_NEAR(
      m.energy(F, a0, EnergyPart::WithoutVolumetric) - base->energy(F, a0, EnergyPart::WithoutVolumetric),
      k1 / (2.0 * k2) * (std::exp(k2 * e * e) - 1.0), 1e-12);
  Mat3 S, Sb;
  m.stress(F, a0, S, nullptr);
  base->stress(F, a0, Sb, nullptr);
  EXPECT_NEAR(S(2, 2) - Sb(2, 2), 2.0 * k1 * e * std::exp(k2 * e * e), 1e-12);
  EXPECT_NEAR((S - Sb).norm(), std::abs(S(2, 2) - Sb(2, 2)), 1e-12);
  EXPECT_EQ(m.volumetric(), base->volumetric());
  EXPECT_EQ(m.name(), "FibreReinforced(MooneyRivlin)");
}

// ---------------------------------------------------------------------------------------------------
// Volumetric functions and moduli

TEST(Volumetric, NormalisedAtJEqualOneAndDerivativesConsistent) {
  for (VolumetricKind kind :
       {VolumetricKind::LogSquared, VolumetricKind::Quadratic, VolumetricKind::SimoTaylor}) {
    const VolumetricFunction v{kind, 7.0};
    EXPECT_EQ(v.U(1.0), 0.0);
    EXPECT_EQ(v.dU(1.0), 0.0);
    EXPECT_DOUBLE_EQ(v.d2U(1.0), 7.0);
    const double h = 1e-6;
    for (double J : {0.6, 0.95, 1.3}) {
      EXPECT_NEAR(v.dU(J), (v.U(J + h) - v.U(J - h)) / (2 * h), 1e-7 * std::max(1.0, std::abs(v.dU(J))));
      EXPECT_NEAR(v.d2U(J), (v.dU(J + h) - v.dU(J - h)) / (2 * h), 1e-7 * v.d2U(J));
    }
  }
  EXPECT_NEAR((VolumetricFunction{VolumetricKind::LogSquared, 2.0}.U(std::exp(0.5))), 0.25, 1e-15);
  EXPECT_NEAR((VolumetricFunction{VolumetricKind::Quadratic, 2.0}.U(1.5)), 0.25, 1e-15);
  EXPECT_NEAR((VolumetricFunction{VolumetricKind::SimoTaylor, 4.0}.U(2.0)), 3.0 - 2.0 * std::log(2.0), 1e-15);
}

TEST(Moduli, Conversions) {
  const double E = 7e9, nu = 0.3;
  const double mu = shear_modulus_from_young(E, nu);
  const double K = bulk_modulus_from_young(E, nu);
  const double lambda = lame_lambda_from_young(E, nu);
  const auto near = [](double value, double expected) {
    return std::abs(value - expected) <= 1e-14 * std::abs(expected);
  };
  EXPECT_TRUE(near(mu, E / 2.6)) << mu;
  EXPECT_TRUE(near(K, E / 1.2)) << K;
  EXPECT_TRUE(near(lambda, K - 2.0 * mu / 3.0)) << lambda;
  EXPECT_TRUE(near(poisson_ratio_from_shear_bulk(mu, K), nu));
  EXPECT_TRUE(near(young_modulus_from_shear_bulk(mu, K), E));
  EXPECT_TRUE(near(bulk_modulus_from_shear(mu, nu), K));
  const Lame l = lame_from_young({E, nu});
  EXPECT_EQ(l.mu, mu);
  EXPECT_EQ(l.lambda, lambda);
  EXPECT_TRUE(near(bulk_modulus_from_lame(l), K));
  // Muscle preset: C10 = 0.225 kPa (mu = 0.45 kPa), nu = 0.494 -> K ~ 37.5 kPa (Int Wound J 2018, Table 3).
  EXPECT_NEAR(bulk_modulus_from_shear(450.0, 0.494), 37.5e3, 0.01 * 37.5e3);
}

// ---------------------------------------------------------------------------------------------------
// Parameter checks

void expect_input_error(const std::function<void()>& make, const std::vector<std::string>& words) {
  try {
    make();
    ADD_FAILURE() << "no InputError; expected one naming " << ::testing::PrintToString(words);
  } catch (const InputError& e) {
    const std::string msg = e.what();
    for (const std::string& w : words)
      EXPECT_NE(msg.find(w), std::string::npos) << "'" << w << "' not in: " << msg;
  }
}

TEST(BadParameters, ThrowInputErrorNamingTheParameter) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const auto nh = std::make_shared<NeoHookean>(1.0, 10.0);
  expect_input_error([] { NeoHookean(-1.0, 10.0); }, {"NeoHookean", "mu", "> 0"});
  expect_input_error([] { NeoHookean(1.0, 0.0); }, {"NeoHookean", "K (bulk modulus)", "> 0"});
  expect_input_error([&] { NeoHookean(1.0, nan); }, {"NeoHookean", "K"});
  expect_input_error([] { NeoHookean(1.0, 10.0, static_cast<VolumetricKind>(7)); },
                     {"NeoHookean", "volumetric kind"});
  expect_input_error([] { CompressibleNeoHookean(Lame{.lambda = -5.0, .mu = 2.0}); },
                     {"CompressibleNeoHookean", "lambda", "-2 mu / 3"});
  expect_input_error([] { CompressibleNeoHookean(Lame{.lambda = 1.0, .mu = 0.0}); },
                     {"CompressibleNeoHookean", "mu"});
  expect_input_error([] { CompressibleNeoHookean(YoungPoisson{.E = 1.0, .nu = 0.5}); },
                     {"CompressibleNeoHookean", "nu", "(-1, 0.5)"});
  expect_input_error([] { MooneyRivlin(-1.0, 0.5, 10.0); }, {"MooneyRivlin", "C10", ">= 0"});
  expect_input_error([] { MooneyRivlin(1.0, -0.1, 10.0); }, {"MooneyRivlin", "C01", ">= 0"});
  expect_input_error([] { MooneyRivlin(0.0, 0.0, 10.0); }, {"MooneyRivlin", "C10 + C01"});
  expect_input_error([] { MooneyRivlin(1.0, 0.0, -10.0); }, {"MooneyRivlin", "K"});
  expect_input_error([] { Ogden(1.0, 0.0, 10.0); }, {"Ogden", "alpha", "!= 0"});
  expect_input_error([] { Ogden(0.0, 2.0, 10.0); }, {"Ogden", "mu"});
  expect_input_error([] { Ogden(1.0, 2.0, -1.0); }, {"Ogden", "K"});
  expect_input_error([] { StVenantKirchhoff(YoungPoisson{.E = -1.0, .nu = 0.3}); },
                     {"StVenantKirchhoff", "E (Young's modulus)"});
  expect_input_error([] { StVenantKirchhoff(YoungPoisson{.E = 1.0, .nu = -1.0}); },
                     {"StVenantKirchhoff", "nu", "(-1, 0.5)"});
  expect_input_error([] { StVenantKirchhoff(Lame{.lambda = 1.0, .mu = -2.0}); }, {"StVenantKirchhoff", "mu"});
  expect_input_error([] { FibreReinforced(nullptr, 1.0, 1.0); }, {"FibreReinforced", "base"});
  expect_input_error([&] { FibreReinforced(nh, -1.0, 1.0); }, {"FibreReinforced", "k1", ">= 0"});
  expect_input_error([&] { FibreReinforced(nh, 1.0, 0.0); }, {"FibreReinforced", "k2", "> 0"});
  expect_input_error([] { bulk_modulus_from_shear(1.0, 0.5); }, {"nu", "(-1, 0.5)"});
  expect_input_error([] { shear_modulus_from_young(0.0, 0.3); }, {"E", "> 0"});
  expect_input_error([] { poisson_ratio_from_shear_bulk(1.0, -3.0); }, {"K", "> 0"});
}

}  // namespace
}  // namespace piriform
