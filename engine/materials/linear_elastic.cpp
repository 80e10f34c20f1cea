#include "engine/materials/linear_elastic.hpp"

#include <cmath>

#include "engine/materials/invariant_energy.hpp"

namespace piriform {

namespace {

Lame checked(const Lame& p) {
  require_positive("StVenantKirchhoff", "mu (shear modulus)", p.mu);
  if (!std::isfinite(p.lambda) || !(bulk_modulus_from_lame(p) > 0.0))
    throw_bad_parameter("StVenantKirchhoff", "lambda (first Lame constant)",
                        "a finite value > -2 mu / 3 (so that K > 0)", p.lambda);
  return p;
}

Lame checked(const YoungPoisson& p) {
  check_young_poisson(p, "StVenantKirchhoff");
  return lame_from_young(p);
}

}  // namespace

StVenantKirchhoff::StVenantKirchhoff(const Lame& lame) {
  const Lame p = checked(lame);
  lambda_ = p.lambda;
  mu_ = p.mu;
  const Mat3 I = Mat3::Identity();
  CC_ = lambda_ * tensor4::outer(I, I) + 2.0 * mu_ * tensor4::sym_identity();
}

StVenantKirchhoff::StVenantKirchhoff(const YoungPoisson& young_poisson)
    : StVenantKirchhoff(checked(young_poisson)) {}

double StVenantKirchhoff::energy(const Mat3& F, const Vec3& /*a0*/, EnergyPart part) const {
  require_full_energy(part, "StVenantKirchhoff");
  const Mat3 E = 0.5 * (F.transpose() * F - Mat3::Identity());
  const double trE = E.trace();
  return 0.5 * lambda_ * trE * trE + mu_ * E.squaredNorm();
}

void StVenantKirchhoff::stress(const Mat3& F, const Vec3& /*a0*/, Mat3& S, Mat6* CC, EnergyPart part) const {
  require_full_energy(part, "StVenantKirchhoff");
  const Mat3 E = 0.5 * (F.transpose() * F - Mat3::Identity());
  S = lambda_ * E.trace() * Mat3::Identity() + 2.0 * mu_ * E;
  if (CC != nullptr) *CC = CC_;
}

}  // namespace piriform
