// First-order decoupled Ogden solid, W = (2 mu / alpha^2)(lambdabar_1^alpha + lambdabar_2^alpha +
// lambdabar_3^alpha - 3) + U(J), evaluated in principal stretches (used for nerve in transverse compression).
#pragma once

#include "engine/materials/material.hpp"

namespace piriform {

// Peripheral nerve in transverse compression, first-order Ogden fit (Main et al. 2011, J Biomech 44:863).
// The fit gives no bulk modulus; the scenario supplies K.
inline constexpr double kNerveOgdenMu = 12.9e3;  // Pa
inline constexpr double kNerveOgdenAlpha = 6.5;

// Strain-stiffening exponent of fat and muscle: first-order Ogden with the cited small-strain shear
// modulus (neo-Hookean is the alpha = 2 member of the family). Assumption: MR elastography shows gluteal
// fat and muscle stiffening under compression (J Mech Behav Biomed Mater 2023), but there is no published
// exponent for them. Measured on the coarse model, a static 9.5 N thumb over the nerve (viscoelastic,
// 1 s ramp): neo-Hookean sinks ~5 mm per N and stops converging beyond ~5 N (24 mm); alpha = 6.5 (the
// nerve's, Main et al. 2011) indents 29 mm, 10 indents 23 mm, 15 indents 19 mm and 20 indents 16 mm.
// 15 puts the thumb mid-way in 1-2.5 cm, our (unpublished, assumed) range for a firm thumb; with 10 the glide
// of stroke-over-nerve.yaml stopped converging 7 mm into the stroke whatever the step length. Override per
// region in a scenario (materials.<region>: {model: ogden, mu, alpha, bulk_modulus}).
inline constexpr double kSoftTissueOgdenAlpha = 15.0;

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
