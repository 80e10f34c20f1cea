#include "engine/materials/invariant_energy.hpp"

#include <Eigen/LU>
#include <cmath>
#include <stdexcept>
#include <string>

#include "engine/materials/moduli.hpp"

namespace piriform {

DecoupledKinematics::DecoupledKinematics(const Mat3& F) {
  J = F.determinant();
  Jm23 = 1.0 / std::cbrt(J * J);
  C = F.transpose() * F;
  Cinv = C.inverse();
  Cbar = Jm23 * C;
  I1bar = Cbar.trace();
  I2bar = 0.5 * (I1bar * I1bar - (Cbar * Cbar).trace());
}

void isochoric_invariant_response(const DecoupledKinematics& k, const InvariantDerivatives& d, Mat3& S,
                                  Mat6* CC) {
  const Mat3 I = Mat3::Identity();
  // Fictitious stress Sbar = 2 dPsi/dCbar = gamma1 I + gamma2 Cbar (Holzapfel section 6.4, invariant form).
  const double gamma1 = 2.0 * (d.d1 + k.I1bar * d.d2);
  const double gamma2 = -2.0 * d.d2;
  const Mat3 Sbar = gamma1 * I + gamma2 * k.Cbar;
  // S_iso = J^(-2/3) DEV Sbar, DEV(.) = (.) - (1/3)[(.):C] C^-1 (section 6.4); J^(-2/3) Sbar:C = Sbar:Cbar.
  const double trace_bar = Sbar.cwiseProduct(k.Cbar).sum();
  S = k.Jm23 * Sbar - (trace_bar / 3.0) * k.Cinv;
  if (CC == nullptr) return;

  // Fictitious elasticity tensor Cbar4 = 4 J^(-4/3) d2Psi/dCbar dCbar (eq. 6.169), written in the
  // invariants with the coefficients delta1..delta4 of section 6.6.
  const double delta1 = 4.0 * (d.d11 + 2.0 * k.I1bar * d.d12 + d.d2 + k.I1bar * k.I1bar * d.d22);
  const double delta2 = -4.0 * (d.d12 + k.I1bar * d.d22);
  const double delta3 = 4.0 * d.d22;
  const double delta4 = -4.0 * d.d2;
  // Projection P = I - (1/3) C^-1 (x) C (section 6.4); in Voigt P:X:P^T = Q X Q^T, Q = P diag(1,1,1,2,2,2).
  // Cbar4 is a sum of outer products and the identity, so Q Cbar4 Q^T is assembled from the projected
  // vectors Q I and Q Cbar; for the identity, Q Isym Q^T = Isym - (C^-1 (x) C + C (x) C^-1)/3
  // + (C:C) C^-1 (x) C^-1 / 9.
  const Vec6 ci = to_voigt(k.Cinv), cv = to_voigt(k.C);
  const Vec6 wc = cv.cwiseProduct(tensor4::shear_weights());
  const auto project = [&](const Vec6& x) -> Vec6 { return x - (wc.dot(x) / 3.0) * ci; };
  const Vec6 qI = project(to_voigt(I)), qC = project(to_voigt(k.Cbar));
  const Mat6 QCQ = (k.Jm23 * k.Jm23) *
                   (delta1 * qI * qI.transpose() + delta2 * (qI * qC.transpose() + qC * qI.transpose()) +
                    delta3 * qC * qC.transpose() +
                    delta4 * (tensor4::sym_identity() - (ci * cv.transpose() + cv * ci.transpose()) / 3.0 +
                              (wc.dot(cv) / 9.0) * ci * ci.transpose()));
  // Ptilde = C^-1 (.) C^-1 - (1/3) C^-1 (x) C^-1 (eq. 6.170).
  const Mat6 Ptilde = tensor4::odot(k.Cinv) - (1.0 / 3.0) * tensor4::outer(k.Cinv, k.Cinv);
  // CC_iso = P:Cbar4:P^T + (2/3) Tr(J^(-2/3) Sbar) Ptilde - (2/3)(C^-1 (x) S_iso + S_iso (x) C^-1)
  // (eq. 6.168).
  *CC = QCQ + (2.0 / 3.0) * trace_bar * Ptilde -
        (2.0 / 3.0) * (tensor4::outer(k.Cinv, S) + tensor4::outer(S, k.Cinv));
}

void add_volumetric_response(double J, const Mat3& Cinv, const VolumetricFunction& vol, Mat3& S, Mat6* CC) {
  const double p = vol.dU(J);
  // S_vol = J p C^-1 (section 6.4).
  S += J * p * Cinv;
  if (CC == nullptr) return;
  // CC_vol = J p~ C^-1 (x) C^-1 - 2 J p C^-1 (.) C^-1 with p~ = p + J dp/dJ (section 6.6, before eq. 6.168).
  const double p_tilde = p + J * vol.d2U(J);
  *CC += J * p_tilde * tensor4::outer(Cinv, Cinv) - 2.0 * J * p * tensor4::odot(Cinv);
}

void decoupled_invariant_response(const DecoupledKinematics& k, const InvariantDerivatives& d,
                                  const VolumetricFunction* vol, Mat3& S, Mat6* CC) {
  isochoric_invariant_response(k, d, S, CC);
  if (vol != nullptr) add_volumetric_response(k.J, k.Cinv, *vol, S, CC);
}

void check_volumetric(std::string_view material, const VolumetricFunction& vol) {
  require_positive(material, "K (bulk modulus)", vol.K);
  switch (vol.kind) {
    case VolumetricKind::LogSquared:
    case VolumetricKind::Quadratic:
    case VolumetricKind::SimoTaylor:
      return;
  }
  throw_bad_parameter(material, "volumetric kind", "LogSquared, Quadratic or SimoTaylor",
                      static_cast<double>(static_cast<int>(vol.kind)));
}

void require_full_energy(EnergyPart part, std::string_view material) {
  if (part == EnergyPart::WithoutVolumetric)
    throw std::logic_error(std::string(material) +
                           ": EnergyPart::WithoutVolumetric requested, but this energy has no volumetric "
                           "split (volumetric() is null); ask for EnergyPart::All");
}

}  // namespace piriform
