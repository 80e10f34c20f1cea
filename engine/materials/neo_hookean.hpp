// Neo-Hookean solids: the decoupled nearly incompressible form used for soft tissue, and the compressible
// form of Bonet & Wood with no volumetric split.
#pragma once

#include "engine/materials/material.hpp"
#include "engine/materials/moduli.hpp"

namespace piriform {

// W = mu/2 (I1bar - 3) + U(J), I1bar = J^(-2/3) tr C; the isochoric term is Holzapfel 2000, section 6.5.
// Soft-tissue presets give C10 = mu/2, e.g. buttock skin / fat / muscle C10 = 4 / 0.4 / 0.225 kPa with
// K = 666.7 / 66.7 / 37.5 kPa (Int Wound J 2018;15:402, Table 3).
class NeoHookean final : public Material {
 public:
  // mu: small-strain shear modulus (Pa) > 0; K: bulk modulus (Pa) > 0. Throws InputError otherwise.
  NeoHookean(double mu, double K, VolumetricKind kind = VolumetricKind::LogSquared);

  std::string name() const override { return "NeoHookean"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  const VolumetricFunction* volumetric() const override { return &vol_; }
  double shear_modulus() const override { return mu_; }
  double bulk_modulus() const override { return vol_.K; }

 private:
  double mu_;
  VolumetricFunction vol_;
};

// W = mu/2 (I1 - 3) - mu ln J + lambda/2 (ln J)^2 (Bonet & Wood 2008, Nonlinear Continuum Mechanics for
// Finite Element Analysis, 2nd ed., section 6.4.3). It has no volumetric split: volumetric() is null and
// asking for EnergyPart::WithoutVolumetric throws std::logic_error.
class CompressibleNeoHookean final : public Material {
 public:
  // mu > 0 and K = lambda + 2 mu / 3 > 0 (lambda itself may be negative). Throws InputError otherwise.
  explicit CompressibleNeoHookean(const Lame& lame);
  // E > 0, -1 < nu < 0.5.
  explicit CompressibleNeoHookean(const YoungPoisson& young_poisson);

  std::string name() const override { return "CompressibleNeoHookean"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  double shear_modulus() const override { return mu_; }
  double bulk_modulus() const override { return lambda_ + 2.0 * mu_ / 3.0; }

 private:
  double mu_;
  double lambda_;
};

}  // namespace piriform
