// Conversions between small-strain elastic constants, and the parameter checks that material
// constructors share (they throw InputError naming the material, the parameter and the valid range).
#pragma once

#include <cmath>
#include <sstream>
#include <string_view>

#include "engine/common/error.hpp"

namespace piriform {

// Lamé constants (lambda may be negative for auxetic materials, nu < 0).
struct Lame {
  double lambda = 0.0;
  double mu = 0.0;
};

// Young's modulus and Poisson's ratio.
struct YoungPoisson {
  double E = 0.0;
  double nu = 0.0;
};

[[noreturn]] inline void throw_bad_parameter(std::string_view owner, std::string_view parameter,
                                             std::string_view expected, double value) {
  std::ostringstream msg;
  msg.precision(17);
  msg << owner << ": parameter " << parameter << " = " << value << " is invalid; expected " << expected;
  throw InputError(msg.str());
}

// value > 0 and finite.
inline void require_positive(std::string_view owner, std::string_view parameter, double value) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw_bad_parameter(owner, parameter, "a finite value > 0", value);
}

// value >= 0 and finite.
inline void require_nonnegative(std::string_view owner, std::string_view parameter, double value) {
  if (!(value >= 0.0) || !std::isfinite(value))
    throw_bad_parameter(owner, parameter, "a finite value >= 0", value);
}

// Isotropic stability at small strain (positive shear and bulk moduli) needs -1 < nu < 1/2.
inline void require_poisson_ratio(std::string_view owner, std::string_view parameter, double nu) {
  if (!(nu > -1.0 && nu < 0.5)) throw_bad_parameter(owner, parameter, "a Poisson's ratio in (-1, 0.5)", nu);
}

inline void check_young_poisson(const YoungPoisson& p, std::string_view owner = "elastic moduli") {
  require_positive(owner, "E (Young's modulus)", p.E);
  require_poisson_ratio(owner, "nu (Poisson's ratio)", p.nu);
}

// mu = E / (2 (1 + nu))
inline double shear_modulus_from_young(double E, double nu) {
  check_young_poisson({E, nu});
  return E / (2.0 * (1.0 + nu));
}

// lambda = E nu / ((1 + nu)(1 - 2 nu))
inline double lame_lambda_from_young(double E, double nu) {
  check_young_poisson({E, nu});
  return E * nu / ((1.0 + nu) * (1.0 - 2.0 * nu));
}

// K = E / (3 (1 - 2 nu))
inline double bulk_modulus_from_young(double E, double nu) {
  check_young_poisson({E, nu});
  return E / (3.0 * (1.0 - 2.0 * nu));
}

// K = 2 mu (1 + nu) / (3 (1 - 2 nu)); e.g. nu = 0.494 gives K ~ 83 mu (soft-tissue presets).
inline double bulk_modulus_from_shear(double mu, double nu) {
  require_positive("elastic moduli", "mu (shear modulus)", mu);
  require_poisson_ratio("elastic moduli", "nu (Poisson's ratio)", nu);
  return 2.0 * mu * (1.0 + nu) / (3.0 * (1.0 - 2.0 * nu));
}

// nu = (3K - 2mu) / (2 (3K + mu))
inline double poisson_ratio_from_shear_bulk(double mu, double K) {
  require_positive("elastic moduli", "mu (shear modulus)", mu);
  require_positive("elastic moduli", "K (bulk modulus)", K);
  return (3.0 * K - 2.0 * mu) / (2.0 * (3.0 * K + mu));
}

// E = 9 K mu / (3K + mu)
inline double young_modulus_from_shear_bulk(double mu, double K) {
  require_positive("elastic moduli", "mu (shear modulus)", mu);
  require_positive("elastic moduli", "K (bulk modulus)", K);
  return 9.0 * K * mu / (3.0 * K + mu);
}

inline Lame lame_from_young(const YoungPoisson& p) {
  check_young_poisson(p);
  return {lame_lambda_from_young(p.E, p.nu), shear_modulus_from_young(p.E, p.nu)};
}

// K = lambda + 2 mu / 3 (no check: a Lame pair is checked by the material that receives it).
inline double bulk_modulus_from_lame(const Lame& p) { return p.lambda + 2.0 * p.mu / 3.0; }

}  // namespace piriform
