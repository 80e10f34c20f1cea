#include "engine/materials/ogden.hpp"

#include <Eigen/Eigenvalues>
#include <Eigen/LU>
#include <cmath>

#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/moduli.hpp"
#include "engine/materials/principal_stretch.hpp"

namespace piriform {

Ogden::Ogden(double mu, double alpha, double K, VolumetricKind kind) : mu_(mu), alpha_(alpha), vol_{kind, K} {
  require_positive("Ogden", "mu (shear modulus)", mu);
  if (!(alpha != 0.0) || !std::isfinite(alpha))
    throw_bad_parameter("Ogden", "alpha (exponent)", "a finite value != 0", alpha);
  check_volumetric("Ogden", vol_);
}

double Ogden::energy(const Mat3& F, const Vec3& /*a0*/, EnergyPart part) const {
  const double J = F.determinant();
  const Mat3 C = F.transpose() * F;
  Eigen::SelfAdjointEigenSolver<Mat3> eig(C, Eigen::EigenvaluesOnly);
  // lambdabar_a^alpha = (J^(-2/3) c_a)^(alpha/2), c_a the eigenvalues of C.
  const double Jm23 = 1.0 / std::cbrt(J * J);
  double sum = 0.0;
  for (int a = 0; a < 3; ++a) sum += std::pow(Jm23 * eig.eigenvalues()[a], 0.5 * alpha_);
  const double W = 2.0 * mu_ / (alpha_ * alpha_) * (sum - 3.0);
  return part == EnergyPart::All ? W + vol_.U(J) : W;
}

void Ogden::stress(const Mat3& F, const Vec3& /*a0*/, Mat3& S, Mat6* CC, EnergyPart part) const {
  const Mat3 C = F.transpose() * F;
  const PrincipalStretches ps = principal_stretches(C);
  const Vec3 lbar = ps.lambda / std::cbrt(ps.lambda.prod());
  // dPsi/dlambdabar_a = (2 mu / alpha) lambdabar_a^(alpha - 1); the energy is a sum over a, so the
  // second derivatives are diagonal.
  Vec3 dPsi_bar;
  Mat3 d2Psi_bar = Mat3::Zero();
  for (int a = 0; a < 3; ++a) {
    const double p = std::pow(lbar[a], alpha_ - 2.0);
    dPsi_bar[a] = 2.0 * mu_ / alpha_ * p * lbar[a];
    d2Psi_bar(a, a) = 2.0 * mu_ / alpha_ * (alpha_ - 1.0) * p;
  }
  Vec3 dW;
  Mat3 d2W;
  isochoric_to_stretch_derivatives(ps.lambda, dPsi_bar, d2Psi_bar, dW, d2W);
  principal_stretch_response(ps, dW, d2W, S, CC);
  if (part == EnergyPart::All) add_volumetric_response(F.determinant(), C.inverse(), vol_, S, CC);
}

}  // namespace piriform
