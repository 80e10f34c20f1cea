// Decoupled Mooney-Rivlin solid, W = C10 (I1bar - 3) + C01 (I2bar - 3) + U(J).
#pragma once

#include "engine/materials/material.hpp"

namespace piriform {

// Small-strain shear modulus mu = 2 (C10 + C01). C01 = 0 gives the decoupled neo-Hookean solid.
class MooneyRivlin final : public Material {
 public:
  // C10 >= 0, C01 >= 0 and C10 + C01 > 0 (Pa): the conditions under which the isochoric energy is
  // polyconvex (Ball 1977), so fits with a negative constant, which can lose ellipticity at moderate strain,
  // are rejected. K > 0 (Pa). Throws InputError otherwise.
  MooneyRivlin(double C10, double C01, double K, VolumetricKind kind = VolumetricKind::LogSquared);

  std::string name() const override { return "MooneyRivlin"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  const VolumetricFunction* volumetric() const override { return &vol_; }
  double shear_modulus() const override { return 2.0 * (C10_ + C01_); }
  double bulk_modulus() const override { return vol_.K; }

 private:
  double C10_;
  double C01_;
  VolumetricFunction vol_;
};

}  // namespace piriform
