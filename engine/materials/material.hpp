// Hyperelastic material interface: a strain energy W(F) per unit reference volume, with the second
// Piola-Kirchhoff stress S = 2 dW/dC and the material tangent CC = 4 d2W/dCdC derived from it.
#pragma once

#include <memory>
#include <string>

#include "engine/common/types.hpp"
#include "engine/materials/volumetric.hpp"

namespace piriform {

// Which part of the energy to evaluate. Decoupled materials split W = W_iso(F) + U(J); the mean-dilatation
// Hex8 element evaluates U at the element's mean dilatation instead of the point value, so it asks for
// the part without U.
enum class EnergyPart { All, WithoutVolumetric };

class Material {
 public:
  virtual ~Material() = default;

  virtual std::string name() const = 0;

  // W(F) in Pa (J/m^3). a0 is the unit fibre direction in the reference configuration (ignored by
  // isotropic materials; zero means "no fibre").
  virtual double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const = 0;

  // S (3x3, symmetric) and, when CC is not null, the material tangent in Voigt form (11,22,33,12,23,13):
  // dS_voigt = CC * dE_voigt with engineering shear in dE (dE = dC/2).
  virtual void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
                      EnergyPart part = EnergyPart::All) const = 0;

  // The decoupled volumetric function U(J), or null when the energy is not split that way.
  virtual const VolumetricFunction* volumetric() const { return nullptr; }

  // False only for energies that are not objective (the small-strain linear elastic energy).
  virtual bool frame_indifferent() const { return true; }

  // Small-strain moduli at F = I, for estimates (time steps, contact, checks) and reports.
  virtual double shear_modulus() const = 0;
  virtual double bulk_modulus() const = 0;
};

using MaterialPtr = std::shared_ptr<const Material>;

}  // namespace piriform
