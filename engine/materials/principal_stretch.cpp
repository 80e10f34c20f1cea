#include "engine/materials/principal_stretch.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>

#include "engine/materials/invariant_energy.hpp"

namespace piriform {

namespace {

// Relative stretch difference below which two stretches count as coincident. Eigenvalues of C carry
// absolute errors of a few ulps of |C|, so the difference quotient loses about eps/tol of its digits;
// the averaged limit formula errs by O(tol^2). 1e-6 keeps both near 1e-10.
constexpr double kCoincidentStretch = 1e-6;

}  // namespace

PrincipalStretches principal_stretches(const Mat3& C) {
  Eigen::SelfAdjointEigenSolver<Mat3> eig(C);
  PrincipalStretches ps;
  ps.lambda = eig.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  ps.N = eig.eigenvectors();
  return ps;
}

void principal_stretch_response(const PrincipalStretches& ps, const Vec3& dW, const Mat3& d2W, Mat3& S,
                                Mat6* CC) {
  const Vec3& lam = ps.lambda;
  Vec3 Sa;  // principal values of S: S_a = (1/lambda_a) dW/dlambda_a
  for (int a = 0; a < 3; ++a) Sa[a] = dW[a] / lam[a];

  S.setZero();
  Vec6 n[3];  // Voigt form of N_a (x) N_a
  for (int a = 0; a < 3; ++a) {
    const Vec3 Na = ps.N.col(a);
    const Mat3 M = Na * Na.transpose();
    n[a] = to_voigt(M);
    S += Sa[a] * M;
  }
  if (CC == nullptr) return;

  // dS_a/dlambda_b = -delta_ab dW_a / lambda_a^2 + d2W_ab / lambda_a.
  Mat3 dS;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) dS(a, b) = d2W(a, b) / lam[a] - (a == b ? dW[a] / (lam[a] * lam[a]) : 0.0);

  CC->setZero();
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) *CC += (dS(a, b) / lam[b]) * n[a] * n[b].transpose();

  // Summing the ordered pairs (a, b) and (b, a) of the second term of eq. 6.196 gives, per unordered pair,
  // coefficient * M_ab (x) M_ab with M_ab = N_a (x) N_b + N_b (x) N_a.
  for (int a = 0; a < 3; ++a) {
    for (int b = a + 1; b < 3; ++b) {
      double coeff;
      if (std::abs(lam[b] - lam[a]) <= kCoincidentStretch * std::max(lam[a], lam[b])) {
        coeff = 0.5 * ((dS(b, b) - dS(a, b)) / (2.0 * lam[b]) + (dS(a, a) - dS(b, a)) / (2.0 * lam[a]));
      } else {
        coeff = (Sa[b] - Sa[a]) / (lam[b] * lam[b] - lam[a] * lam[a]);
      }
      const Vec3 Na = ps.N.col(a), Nb = ps.N.col(b);
      const Vec6 m = to_voigt(Na * Nb.transpose() + Nb * Na.transpose());
      *CC += coeff * m * m.transpose();
    }
  }
}

void isochoric_to_stretch_derivatives(const Vec3& lambda, const Vec3& dPsi_bar, const Mat3& d2Psi_bar,
                                      Vec3& dW, Mat3& d2W) {
  const double Jm13 = 1.0 / std::cbrt(lambda.prod());
  const Vec3 lbar = Jm13 * lambda;
  // M(a, b) = dlambdabar_a/dlambda_b = lambdabar_a (delta_ab - 1/3) / lambda_b.
  Mat3 M;
  for (int a = 0; a < 3; ++a)
    for (int b = 0; b < 3; ++b) M(a, b) = lbar[a] * ((a == b ? 1.0 : 0.0) - 1.0 / 3.0) / lambda[b];
  dW = M.transpose() * dPsi_bar;
  // d2W_bc = sum_ad d2Psi_bar_ad M_ab M_dc + sum_a dPsi_bar_a dM_ab/dlambda_c, with
  // dM_ab/dlambda_c = lambdabar_a (delta_ab - 1/3) / lambda_b * ((delta_ac - 1/3) / lambda_c - delta_bc /
  // lambda_b).
  d2W = M.transpose() * d2Psi_bar * M;
  for (int b = 0; b < 3; ++b)
    for (int c = 0; c < 3; ++c)
      for (int a = 0; a < 3; ++a) {
        const double dab = (a == b ? 1.0 : 0.0) - 1.0 / 3.0;
        const double dac = (a == c ? 1.0 : 0.0) - 1.0 / 3.0;
        d2W(b, c) +=
            dPsi_bar[a] * lbar[a] * dab / lambda[b] * (dac / lambda[c] - (b == c ? 1.0 / lambda[b] : 0.0));
      }
}

}  // namespace piriform
