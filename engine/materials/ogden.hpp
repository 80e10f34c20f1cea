// First-order decoupled Ogden solid, W = (2 mu / alpha^2)(lambdabar_1^alpha + lambdabar_2^alpha +
// lambdabar_3^alpha - 3) + U(J), evaluated in principal stretches (used for nerve in transverse compression).
#pragma once

#include "engine/materials/material.hpp"

namespace piriform {

// Peripheral nerve in transverse compression, first-order Ogden fit (Main et al. 2011, J Biomech 44:863).
// The fit gives no bulk modulus; the scenario supplies K.
inline constexpr double kNerveOgdenMu = 12.9e3;  // Pa
inline constexpr double kNerveOgdenAlpha = 6.5;

// With this normalisation mu is the small-strain shear modulus for any alpha.
class Ogden final : public Material {
 public:
  // mu > 0 (Pa), alpha != 0 (finite), K > 0 (Pa). Throws InputError otherwise.
  Ogden(double mu, double alpha, double K, VolumetricKind kind = VolumetricKind::LogSquared);

  std::string name() const override { return "Ogden"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  const VolumetricFunction* volumetric() const override { return &vol_; }
  double shear_modulus() const override { return mu_; }
  double bulk_modulus() const override { return vol_.K; }

 private:
  double mu_;
  double alpha_;
  VolumetricFunction vol_;
};

}  // namespace piriform
