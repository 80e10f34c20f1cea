#include "engine/materials/volumetric.hpp"

#include <cmath>

namespace piriform {

// All three satisfy U(1) = U'(1) = 0 and U''(1) = K, so K is the small-strain bulk modulus whatever the
// kind. Precondition: J > 0 (the element rejects inverted points before asking for the energy).

double VolumetricFunction::U(double J) const {
  switch (kind) {
    case VolumetricKind::LogSquared: {
      const double lnJ = std::log(J);
      return 0.5 * K * lnJ * lnJ;
    }
    case VolumetricKind::Quadratic:
      return 0.5 * K * (J - 1.0) * (J - 1.0);
    case VolumetricKind::SimoTaylor:
      return 0.25 * K * (J * J - 1.0 - 2.0 * std::log(J));
  }
  return 0.0;
}

double VolumetricFunction::dU(double J) const {
  switch (kind) {
    case VolumetricKind::LogSquared:
      return K * std::log(J) / J;
    case VolumetricKind::Quadratic:
      return K * (J - 1.0);
    case VolumetricKind::SimoTaylor:
      return 0.5 * K * (J - 1.0 / J);
  }
  return 0.0;
}

double VolumetricFunction::d2U(double J) const {
  switch (kind) {
    case VolumetricKind::LogSquared:
      return K * (1.0 - std::log(J)) / (J * J);
    case VolumetricKind::Quadratic:
      return K;
    case VolumetricKind::SimoTaylor:
      return 0.5 * K * (1.0 + 1.0 / (J * J));
  }
  return 0.0;
}

}  // namespace piriform
