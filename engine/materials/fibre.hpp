// Anisotropic fibre reinforcement added to any base material: an HGO-type exponential energy of the
// fibre stretch, active only when the fibre is in tension.
#pragma once

#include "engine/materials/material.hpp"

namespace piriform {

// W = W_base(F) + Psi_f(I4), Psi_f = k1 / (2 k2) (exp(k2 (I4 - 1)^2) - 1) for I4 > 1 and 0 otherwise
// (Holzapfel, Gasser & Ogden 2000, J Elasticity 61:1), with I4 = a.C a, a = a0/|a0|.
//
// I4 uses the full C, not the isochoric Cbar: Nolan et al. 2014 (J Mech Behav Biomed Mater 39:48) show
// that the split form gives an unphysical response to volume change (a sphere of the anisotropic solid
// under hydrostatic tension stays a sphere), so the fibre term is not decoupled. It still belongs to the part
// without U(J), so both EnergyPart values include it; volumetric() forwards to the base.
//
// Fibres resist only tension (they buckle in compression), hence the switch at I4 = 1; Psi_f is C1 there
// (Psi_f' = 0 at I4 = 1) but its tangent jumps from 0 to 4 k1 a(x)a(x)a(x)a. At F = I the fibre is
// inactive, so shear_modulus() and bulk_modulus() are the base's. A zero a0 means no fibre at that point.
// The history of a history-dependent base (e.g. a viscoelastic matrix) is passed through; the fibre term
// itself is elastic.
class FibreReinforced final : public Material {
 public:
  // base not null; k1 >= 0 (Pa); k2 > 0 (dimensionless). Throws InputError otherwise.
  FibreReinforced(MaterialPtr base, double k1, double k2);

  std::string name() const override { return "FibreReinforced(" + base_->name() + ")"; }
  double energy(const Mat3& F, const Vec3& a0, EnergyPart part = EnergyPart::All) const override;
  void stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC,
              EnergyPart part = EnergyPart::All) const override;
  const VolumetricFunction* volumetric() const override { return base_->volumetric(); }
  bool frame_indifferent() const override { return base_->frame_indifferent(); }
  double shear_modulus() const override { return base_->shear_modulus(); }
  double bulk_modulus() const override { return base_->bulk_modulus(); }
  int history_size() const override { return base_->history_size(); }
  void initial_history(double* h) const override { base_->initial_history(h); }
  void stress_history(const Mat3& F, const Vec3& a0, double dt, const double* h_n, double* h_new, Mat3& S,
                      Mat6* CC, EnergyPart part = EnergyPart::All) const override;

  const Material& base() const { return *base_; }
  double k1() const { return k1_; }
  double k2() const { return k2_; }

 private:
  // S += S_f and CC += CC_f of the fibre term.
  void add_fibre_response(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC) const;

  MaterialPtr base_;
  double k1_;
  double k2_;
};

}  // namespace piriform
