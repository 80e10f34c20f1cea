#include "engine/materials/neo_hookean.hpp"

#include <Eigen/LU>
#include <cmath>

#include "engine/materials/invariant_energy.hpp"

namespace piriform {

namespace {

Lame checked_lame(const Lame& p, std::string_view material) {
  require_positive(material, "mu (shear modulus)", p.mu);
  if (!std::isfinite(p.lambda) || !(bulk_modulus_from_lame(p) > 0.0))
    throw_bad_parameter(material, "lambda (first Lame constant)",
                        "a finite value > -2 mu / 3 (so that K > 0)", p.lambda);
  return p;
}

Lame checked_lame(const YoungPoisson& p, std::string_view material) {
  check_young_poisson(p, material);
  return lame_from_young(p);
}

}  // namespace

NeoHookean::NeoHookean(double mu, double K, VolumetricKind kind) : mu_(mu), vol_{kind, K} {
  require_positive("NeoHookean", "mu (shear modulus)", mu);
  check_volumetric("NeoHookean", vol_);
}

double NeoHookean::energy(const Mat3& F, const Vec3& /*a0*/, EnergyPart part) const {
  const double J = F.determinant();
  const double I1bar = (F.transpose() * F).trace() / std::cbrt(J * J);
  const double W = 0.5 * mu_ * (I1bar - 3.0);
  return part == EnergyPart::All ? W + vol_.U(J) : W;
}

void NeoHookean::stress(const Mat3& F, const Vec3& /*a0*/, Mat3& S, Mat6* CC, EnergyPart part) const {
  const DecoupledKinematics k(F);
  InvariantDerivatives d;
  d.d1 = 0.5 * mu_;
  decoupled_invariant_response(k, d, part == EnergyPart::All ? &vol_ : nullptr, S, CC);
}

CompressibleNeoHookean::CompressibleNeoHookean(const Lame& lame) {
  const Lame p = checked_lame(lame, "CompressibleNeoHookean");
  mu_ = p.mu;
  lambda_ = p.lambda;
}

CompressibleNeoHookean::CompressibleNeoHookean(const YoungPoisson& young_poisson)
    : CompressibleNeoHookean(checked_lame(young_poisson, "CompressibleNeoHookean")) {}

double CompressibleNeoHookean::energy(const Mat3& F, const Vec3& /*a0*/, EnergyPart part) const {
  require_full_energy(part, "CompressibleNeoHookean");
  const double lnJ = std::log(F.determinant());
  return 0.5 * mu_ * ((F.transpose() * F).trace() - 3.0) - mu_ * lnJ + 0.5 * lambda_ * lnJ * lnJ;
}

void CompressibleNeoHookean::stress(const Mat3& F, const Vec3& /*a0*/, Mat3& S, Mat6* CC,
                                    EnergyPart part) const {
  require_full_energy(part, "CompressibleNeoHookean");
  const double lnJ = std::log(F.determinant());
  const Mat3 Cinv = (F.transpose() * F).inverse();
  // S = mu (I - C^-1) + lambda ln J C^-1 (Bonet & Wood 2008, section 6.4.3).
  S = mu_ * (Mat3::Identity() - Cinv) + lambda_ * lnJ * Cinv;
  // CC = lambda C^-1 (x) C^-1 + 2 (mu - lambda ln J) C^-1 (.) C^-1, the second term from -dC^-1/dC
  // (Bonet & Wood 2008, section 6.4.3).
  if (CC != nullptr)
    *CC = lambda_ * tensor4::outer(Cinv, Cinv) + 2.0 * (mu_ - lambda_ * lnJ) * tensor4::odot(Cinv);
}

}  // namespace piriform
