// Finite-strain viscoelasticity with internal stress variables (Simo 1987; Holzapfel 2000, section 6.10):
// a decoupled hyperelastic base gives the long-term response, Prony branches relax the isochoric stress.
#pragma once

#include <vector>

#include "engine/materials/material.hpp"

namespace piriform {

// One relaxation branch: beta is its strength relative to the base (long-term) isochoric response,
// tau > 0 its relaxation time in s.
struct PronyTerm {
  double beta = 0.0;
  double tau = 1.0;
};

// One term of the "fraction" form G(t) = G0 (1 - sum g_i (1 - exp(-t / tau_i))) (Abaqus *VISCOELASTIC):
// g_i is the fraction of the instantaneous modulus G0 that relaxes with time tau_i.
struct PronyFraction {
  double g = 0.0;
  double tau = 1.0;
};

// Converts fractions g_i into strengths beta_i = g_i / (1 - sum g) relative to the long-term response
// G_inf = G0 (1 - sum g), so that Viscoelastic(base with G_inf, terms) has G(t) = G_inf (1 + sum beta_i
// exp(-t / tau_i)) = the fraction form. Needs g_i >= 0, sum g < 1 and tau_i > 0; throws InputError otherwise.
std::vector<PronyTerm> prony_terms_from_fractions(const std::vector<PronyFraction>& fractions);

// S = S_vol + S_iso_inf + sum_i Q_i, where S_vol and S_iso_inf are the base's volumetric and isochoric
// stresses and the internal (non-equilibrium) stresses follow Q_i' + Q_i / tau_i = beta_i d/dt S_iso_inf.
// Over a step of length dt the update is the recurrence of Holzapfel 2000, section 6.10:
//   H_i = exp(-dt / tau_i) Q_i^n - beta_i exp(-dt / (2 tau_i)) S_iso^n,
//   Q_i^{n+1} = H_i + beta_i exp(-dt / (2 tau_i)) S_iso^{n+1},
// which is exact while the strain is held, and its algorithmic tangent is
//   CC = CC_vol + (1 + sum_i beta_i exp(-dt / (2 tau_i))) CC_iso.
// A step strain therefore meets the instantaneous isochoric response (1 + sum beta_i) S_iso_inf and relaxes
// to S_iso_inf; the bulk response is elastic.
//
// History per quadrature point: Q_i (6 Voigt components) for every branch, then S_iso^n (6 components).
//
// The viscous branches dissipate and have no stored-energy potential, so energy() and stress() (the
// history-free entry points) are the base's, i.e. the long-term equilibrium response, as are
// shear_modulus() and bulk_modulus(). The static solver's convergence and line search use the residual
// (du . R), never the energy, so they stay valid for this material.
class Viscoelastic final : public Material {
 public:
  // base must have a decoupled volumetric energy (volumetric() not null); every beta_i >= 0 and tau_i > 0,
  // both finite. Throws InputError otherwise.
  Viscoelastic(MaterialPtr base, std::vector<PronyTerm> terms);

  std::string name() const override { return "Viscoelastic(" + base_->name() + ")"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  const VolumetricFunction* volumetric() const override { return base_->volumetric(); }
  bool frame_indifferent() const override { return base_->frame_indifferent(); }
  // The long-term (equilibrium) moduli; see instantaneous_shear_modulus() for the glassy one.
  double shear_modulus() const override { return long_term_shear_modulus(); }
  double bulk_modulus() const override { return base_->bulk_modulus(); }

  int history_size() const override { return 6 * (static_cast<int>(terms_.size()) + 1); }
  void initial_history(double* h) const override;
  void stress_history(const Mat3& F, const Vec3& a0, double dt, const double* h_n, double* h_new, Mat3& S,
                      Mat6* CC, EnergyPart part = EnergyPart::All) const override;

  double long_term_shear_modulus() const { return base_->shear_modulus(); }
  // (1 + sum beta_i) times the long-term modulus: the response to a sudden strain.
  double instantaneous_shear_modulus() const;

  const Material& base() const { return *base_; }
  const std::vector<PronyTerm>& terms() const { return terms_; }

 private:
  MaterialPtr base_;
  std::vector<PronyTerm> terms_;
};

}  // namespace piriform
