// S and CC of isotropic energies written in principal stretches, W(lambda1, lambda2, lambda3), from their
// first and second derivatives (Holzapfel 2000, Nonlinear Solid Mechanics, sections 6.5-6.6).
#pragma once

#include "engine/common/types.hpp"

namespace piriform {

struct PrincipalStretches {
  Vec3 lambda;  // principal stretches lambda_a = sqrt(eigenvalue a of C)
  Mat3 N;       // column a: the unit reference principal direction N_a
};

// Eigen-decomposition of C = F^T F (Eigen::SelfAdjointEigenSolver; no heap allocation).
PrincipalStretches principal_stretches(const Mat3& C);

// Given dW[a] = dW/dlambda_a and d2W(a, b) = d2W/dlambda_a dlambda_b at the stretches, sets
// S = sum_a S_a N_a (x) N_a with S_a = (1/lambda_a) dW/dlambda_a and, when CC is not null,
//   CC = sum_ab (1/lambda_b) dS_a/dlambda_b N_a (x) N_a (x) N_b (x) N_b
//      + sum_{a != b} (S_b - S_a)/(lambda_b^2 - lambda_a^2) (N_a (x) N_b (x) N_a (x) N_b + N_a (x) N_b (x)
//      N_b (x) N_a)
// (eq. 6.196). For coincident stretches the quotient takes its L'Hopital limit (given with eq. 6.196),
// (dS_b/dlambda_b - dS_a/dlambda_b) / (2 lambda_b), averaged over the two orderings of the pair so that
// the error for nearly equal stretches is second order in their difference. W must be isotropic
// (symmetric in the stretches), which is what makes that limit exist.
void principal_stretch_response(const PrincipalStretches& ps, const Vec3& dW, const Mat3& d2W, Mat3& S,
                                Mat6* CC);

// Chain rule for a decoupled energy Psi(lambdabar_1, lambdabar_2, lambdabar_3) with lambdabar_a =
// J^(-1/3) lambda_a and J = lambda_1 lambda_2 lambda_3 (section 6.4): from the derivatives with respect to
// the modified stretches (dPsi_bar, d2Psi_bar, evaluated at lambdabar) to those with respect to the
// stretches, which principal_stretch_response takes.
void isochoric_to_stretch_derivatives(const Vec3& lambda, const Vec3& dPsi_bar, const Mat3& d2Psi_bar,
                                      Vec3& dW, Mat3& d2W);

}  // namespace piriform
