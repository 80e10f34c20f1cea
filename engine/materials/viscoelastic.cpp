// Viscoelastic material: the Prony-series recurrence for the internal stresses, its algorithmic tangent, and
// the conversion from relaxing fractions.
#include "engine/materials/viscoelastic.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <utility>

#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/moduli.hpp"

namespace piriform {

std::vector<PronyTerm> prony_terms_from_fractions(const std::vector<PronyFraction>& fractions) {
  double sum = 0.0;
  for (std::size_t i = 0; i < fractions.size(); ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    require_nonnegative("Prony series", "g" + index + " (relaxing fraction)", fractions[i].g);
    require_positive("Prony series", "tau" + index + " (relaxation time, s)", fractions[i].tau);
    sum += fractions[i].g;
  }
  // At sum g = 1 the material relaxes completely (a fluid): no long-term solid to take as the base.
  if (!(sum < 1.0)) throw_bad_parameter("Prony series", "sum of g (relaxing fractions)", "a value < 1", sum);
  std::vector<PronyTerm> terms;
  for (const PronyFraction& f : fractions) terms.push_back({f.g / (1.0 - sum), f.tau});
  return terms;
}

Viscoelastic::Viscoelastic(MaterialPtr base, std::vector<PronyTerm> terms)
    : base_(std::move(base)), terms_(std::move(terms)) {
  if (base_ == nullptr)
    throw InputError("Viscoelastic: parameter base (long-term material) is null; expected a material");
  // The branches relax the isochoric stress only, which needs the split W = W_iso + U(J).
  if (base_->volumetric() == nullptr)
    throw InputError("Viscoelastic: the base material '" + base_->name() +
                     "' has no decoupled volumetric energy U(J); expected a decoupled material such as "
                     "NeoHookean, MooneyRivlin or Ogden");
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    const std::string index = "[" + std::to_string(i) + "]";
    require_nonnegative("Viscoelastic", "beta" + index + " (relative branch strength)", terms_[i].beta);
    require_positive("Viscoelastic", "tau" + index + " (relaxation time, s)", terms_[i].tau);
  }
}

double Viscoelastic::energy(const Mat3& F, const Vec3& a0, EnergyPart part) const {
  return base_->energy(F, a0, part);
}

void Viscoelastic::stress(const Mat3& F, const Vec3& a0, Mat3& S, Mat6* CC, EnergyPart part) const {
  base_->stress(F, a0, S, CC, part);
}

void Viscoelastic::initial_history(double* h) const {
  // The reference state is stress free and at rest.
  std::fill(h, h + history_size(), 0.0);
}

double Viscoelastic::instantaneous_shear_modulus() const {
  double factor = 1.0;
  for (const PronyTerm& term : terms_) factor += term.beta;
  return factor * long_term_shear_modulus();
}

void Viscoelastic::stress_history(const Mat3& F, const Vec3& a0, double dt, const double* h_n, double* h_new,
                                  Mat3& S, Mat6* CC, EnergyPart part) const {
  Mat3 S_iso;
  base_->stress(F, a0, S_iso, CC, EnergyPart::WithoutVolumetric);
  const int m = static_cast<int>(terms_.size());
  const Vec6 s_iso = to_voigt(S_iso);
  const Eigen::Map<const Vec6> s_iso_n(h_n + 6 * m);
  Vec6 s = s_iso;
  double factor = 1.0;
  for (int i = 0; i < m; ++i) {
    const double beta = terms_[i].beta, half_decay = std::exp(-0.5 * dt / terms_[i].tau);
    // Holzapfel 2000, section 6.10 (Simo 1987, CMAME 60:153): midpoint rule for the convolution.
    const Vec6 H =
        (half_decay * half_decay) * Eigen::Map<const Vec6>(h_n + 6 * i) - (beta * half_decay) * s_iso_n;
    const Vec6 Q = H + (beta * half_decay) * s_iso;
    if (h_new != nullptr) Eigen::Map<Vec6>(h_new + 6 * i) = Q;
    s += Q;
    factor += beta * half_decay;
  }
  if (h_new != nullptr) Eigen::Map<Vec6>(h_new + 6 * m) = s_iso;
  S = from_voigt(s);
  if (CC != nullptr) *CC *= factor;
  if (part == EnergyPart::All) {
    const Mat3 C = F.transpose() * F;
    add_volumetric_response(F.determinant(), C.inverse(), *base_->volumetric(), S, CC);
  }
}

}  // namespace piriform
