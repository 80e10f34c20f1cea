#include "engine/materials/mooney_rivlin.hpp"

#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/moduli.hpp"

namespace piriform {

MooneyRivlin::MooneyRivlin(double C10, double C01, double K, VolumetricKind kind)
    : C10_(C10), C01_(C01), vol_{kind, K} {
  require_nonnegative("MooneyRivlin", "C10", C10);
  require_nonnegative("MooneyRivlin", "C01", C01);
  if (!(C10 + C01 > 0.0))
    throw_bad_parameter("MooneyRivlin", "C10 + C01", "> 0 (shear modulus 2 (C10 + C01) must be positive)",
                        C10 + C01);
  check_volumetric("MooneyRivlin", vol_);
}

double MooneyRivlin::energy(const Mat3& F, const Vec3& /*a0*/, EnergyPart part) const {
  const DecoupledKinematics k(F);
  const double W = C10_ * (k.I1bar - 3.0) + C01_ * (k.I2bar - 3.0);
  return part == EnergyPart::All ? W + vol_.U(k.J) : W;
}

void MooneyRivlin::stress(const Mat3& F, const Vec3& /*a0*/, Mat3& S, Mat6* CC, EnergyPart part) const {
  const DecoupledKinematics k(F);
  InvariantDerivatives d;
  d.d1 = C10_;
  d.d2 = C01_;
  decoupled_invariant_response(k, d, part == EnergyPart::All ? &vol_ : nullptr, S, CC);
}

}  // namespace piriform
