// Material interface: a strain energy W(F) per unit reference volume, with the second Piola-Kirchhoff
// stress S = 2 dW/dC and the material tangent CC = 4 d2W/dCdC derived from it, and optional internal
// variables per quadrature point for history-dependent (viscoelastic) materials.
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

  // History-dependent (inelastic) materials keep internal variables at every quadrature point. The
  // assembler stores history_size() doubles per point, starts them from initial_history(), passes the
  // state committed at the end of the last converged step, and commits the updated state only when a
  // step converges, so a retried (cut) step starts again from the committed state. Hyperelastic
  // materials have no history and keep these defaults.
  virtual int history_size() const { return 0; }
  virtual void initial_history(double* /*h*/) const {}

  // S and CC at F after a step of length dt (s) from the committed history h_n; writes the updated history
  // to h_new when it is not null. CC is the algorithmic tangent dS/dE of the update at fixed h_n.
  virtual void stress_history(const Mat3& F, const Vec3& a0, double /*dt*/, const double* /*h_n*/,
                              double* /*h_new*/, Mat3& S, Mat6* CC, EnergyPart part = EnergyPart::All) const {
    stress(F, a0, S, CC, part);
  }
};

using MaterialPtr = std::shared_ptr<const Material>;

}  // namespace piriform
