// The engine's "linear elastic" material: the St Venant-Kirchhoff energy, whose tangent at F = I is
// Hooke's law, so small-strain analyses get linear elasticity and finite-strain ones stay objective.
#pragma once

#include "engine/materials/material.hpp"
#include "engine/materials/moduli.hpp"

namespace piriform {

// W = lambda/2 (tr E)^2 + mu E:E with E = (C - I)/2; S = lambda tr(E) I + 2 mu E and the constant
// CC = lambda I (x) I + 2 mu II.
//
// Why not W = lambda/2 (tr eps)^2 + mu eps:eps with eps = sym(F) - I: the interface returns S and CC, and
// that energy is not a function of C, so it has no S = 2 dW/dC and is not frame indifferent. Both energies
// agree to second order in the displacement gradient, and the engine's small-strain analysis uses CC at
// F = I, which is exactly the isotropic Hooke tensor. At finite strain SVK is objective but softens and
// loses stability in strong compression (stretches below ~0.58), so use it for stiff regions (bone) and
// small strains, not for soft tissue.
//
// No volumetric split: volumetric() is null and EnergyPart::WithoutVolumetric throws std::logic_error.
class StVenantKirchhoff final : public Material {
 public:
  // mu > 0 and K = lambda + 2 mu / 3 > 0. Throws InputError otherwise.
  explicit StVenantKirchhoff(const Lame& lame);
  // E > 0, -1 < nu < 0.5; e.g. bone E = 7 GPa, nu = 0.3 (Int Wound J 2018;15:402).
  explicit StVenantKirchhoff(const YoungPoisson& young_poisson);

  std::string name() const override { return "StVenantKirchhoff"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  bool frame_indifferent() const override { return true; }
  double shear_modulus() const override { return mu_; }
  double bulk_modulus() const override { return lambda_ + 2.0 * mu_ / 3.0; }
  double lame_lambda() const { return lambda_; }

 private:
  double lambda_;
  double mu_;
  Mat6 CC_;  // constant tangent
};

// The name the rest of the engine uses for its small-strain material.
using LinearElastic = StVenantKirchhoff;

}  // namespace piriform
