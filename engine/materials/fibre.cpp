#include "engine/materials/fibre.hpp"

#include <cmath>
#include <utility>

#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/moduli.hpp"

namespace piriform {

namespace {

// Unit fibre direction, or false when a0 is zero (no fibre at this point).
bool unit_fibre(const Vec3& a0, Vec3& a) {
  const double n = a0.norm();
  if (!(n > 0.0)) return false;
  a = a0 / n;
  return true;
}

}  // namespace

FibreReinforced::FibreReinforced(MaterialPtr base, double k1, double k2)
    : base_(std::move(base)), k1_(k1), k2_(k2) {
  if (base_ == nullptr)
    throw InputError("FibreReinforced: parameter base (matrix material) is null; expected a material");
  require_nonnegative("FibreReinforced", "k1 (fibre stiffness)", k1);
  require_positive("FibreReinforced", "k2 (fibre exponent)", k2);
}

double FibreReinforced::energy(const Mat3& F, const Vec3& a0, EnergyPart part) const {
  double W = base_->energy(F, a0, part);
  Vec3 a;
  if (!unit_fibre(a0, a)) return W;
  const double I4 = (F * a).squaredNorm();  // a.C a
  if (I4 > 1.0) {
    const double e = I4 - 1.0;
    W += k1_ / (2.0 * k2_) * (std::exp(k2_ * e * e) - 1.0);
  }
  return W;
}

void FibreReinforced::stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC, EnergyPart part) const {
  base_->stress(F, a0, S, CC, part);
  add_fibre_response(F, a0, S, CC);
}

void FibreReinforced::stress_history(const Mat3& F, const Vec3& a0, double dt, const double* h_n,
                                     double* h_new, Mat3& S, Mat6* CC, EnergyPart part) const {
  base_->stress_history(F, a0, dt, h_n, h_new, S, CC, part);
  add_fibre_response(F, a0, S, CC);
}

void FibreReinforced::add_fibre_response(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC) const {
  Vec3 a;
  if (!unit_fibre(a0, a)) return;
  const double I4 = (F * a).squaredNorm();
  if (!(I4 > 1.0)) return;
  const double e = I4 - 1.0;
  const double x = std::exp(k2_ * e * e);
  const double dPsi = k1_ * e * x;                               // dPsi_f/dI4
  const double d2Psi = k1_ * x * (1.0 + 2.0 * k2_ * e * e);      // d2Psi_f/dI4^2
  const Mat3 A = a * a.transpose();                              // dI4/dC = a (x) a
  S += 2.0 * dPsi * A;                                           // S_f = 2 Psi_f' a (x) a
  if (CC != nullptr) *CC += 4.0 * d2Psi * tensor4::outer(A, A);  // CC_f = 4 Psi_f'' A (x) A
}

}  // namespace piriform
