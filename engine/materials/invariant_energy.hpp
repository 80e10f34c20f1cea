// Closed-form S and CC for isotropic decoupled energies W = Psi(I1bar, I2bar) + U(J) (Holzapfel 2000,
// Nonlinear Solid Mechanics, sections 6.4-6.6), and the fourth-order Voigt helpers the materials share.
#pragma once

#include <string_view>

#include "engine/common/types.hpp"
#include "engine/materials/material.hpp"
#include "engine/materials/volumetric.hpp"

namespace piriform {

// Fourth-order tensors with both minor symmetries stored as 6x6 Voigt matrices M(a, b) = T_ijkl with
// (i, j) = voigt pair a and (k, l) = voigt pair b. Because the material tangent maps engineering shear
// strains, no factors of 2 enter M itself; the double contraction of two such tensors is
// M1 * diag(1,1,1,2,2,2) * M2.
namespace tensor4 {

// A (x) B
inline Mat6 outer(const Mat3& A, const Mat3& B) { return to_voigt(A) * to_voigt(B).transpose(); }

// (A (.) A)_ijkl = (A_ik A_jl + A_il A_jk) / 2 (Holzapfel's notation); C^-1 (.) C^-1 = -dC^-1/dC.
inline Mat6 odot(const Mat3& A) {
  Mat6 M;
  for (int a = 0; a < 6; ++a) {
    const int i = voigt_i[a], j = voigt_j[a];
    for (int b = 0; b < 6; ++b) {
      const int k = voigt_i[b], l = voigt_j[b];
      M(a, b) = 0.5 * (A(i, k) * A(j, l) + A(i, l) * A(j, k));
    }
  }
  return M;
}

// Symmetric fourth-order identity: I_ijkl = (d_ik d_jl + d_il d_jk) / 2.
inline Mat6 sym_identity() {
  Mat6 M = Mat6::Zero();
  M.diagonal() << 1.0, 1.0, 1.0, 0.5, 0.5, 0.5;
  return M;
}

// Weights that turn a Voigt stress-like vector into one that contracts with another by a plain dot product.
inline Vec6 shear_weights() {
  Vec6 w;
  w << 1.0, 1.0, 1.0, 2.0, 2.0, 2.0;
  return w;
}

}  // namespace tensor4

// Kinematic quantities of the multiplicative split F = J^(1/3) Fbar (Holzapfel section 6.4).
// Precondition: det F > 0.
struct DecoupledKinematics {
  explicit DecoupledKinematics(const Mat3& F);

  double J;      // det F
  double Jm23;   // J^(-2/3)
  Mat3 C;        // F^T F
  Mat3 Cinv;     // C^-1
  Mat3 Cbar;     // J^(-2/3) C
  double I1bar;  // tr Cbar
  double I2bar;  // (I1bar^2 - tr(Cbar^2)) / 2
};

// Derivatives of the isochoric energy Psi(I1bar, I2bar).
struct InvariantDerivatives {
  double d1 = 0.0;   // dPsi/dI1bar
  double d2 = 0.0;   // dPsi/dI2bar
  double d11 = 0.0;  // d2Psi/dI1bar2
  double d12 = 0.0;  // d2Psi/dI1bar dI2bar
  double d22 = 0.0;  // d2Psi/dI2bar2
};

// Sets S = S_iso and, if CC is not null, CC = CC_iso of an energy Psi(I1bar, I2bar).
void isochoric_invariant_response(const DecoupledKinematics& k, const InvariantDerivatives& d, Mat3& S,
                                  Mat6* CC);

// Adds the volumetric response of U(J): S += J p C^-1, CC += J p~ C^-1 (x) C^-1 - 2 J p C^-1 (.) C^-1.
void add_volumetric_response(double J, const Mat3& Cinv, const VolumetricFunction& vol, Mat3& S, Mat6* CC);

// Isochoric response plus, when vol is not null, the volumetric one.
void decoupled_invariant_response(const DecoupledKinematics& k, const InvariantDerivatives& d,
                                  const VolumetricFunction* vol, Mat3& S, Mat6* CC);

// Constructor check shared by the decoupled materials: K > 0 and a known kind.
void check_volumetric(std::string_view material, const VolumetricFunction& vol);

// Materials without a volumetric split cannot honour EnergyPart::WithoutVolumetric: asking for it is a
// programming error of the caller (it should have checked volumetric() for null), so throw logic_error.
void require_full_energy(EnergyPart part, std::string_view material);

}  // namespace piriform
