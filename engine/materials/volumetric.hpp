// Volumetric energy U(J) of decoupled (nearly incompressible) materials and its derivatives.
#pragma once

namespace piriform {

enum class VolumetricKind {
  LogSquared,  // U = K/2 (ln J)^2           (Simo & Hughes 1998; default)
  Quadratic,   // U = K/2 (J - 1)^2
  SimoTaylor,  // U = K/4 (J^2 - 1 - 2 ln J) (Simo & Taylor 1982)
};

struct VolumetricFunction {
  VolumetricKind kind = VolumetricKind::LogSquared;
  double K = 0.0;  // bulk modulus, Pa (U''(1) = K for every kind)

  double U(double J) const;
  double dU(double J) const;   // dU/dJ = volumetric pressure p
  double d2U(double J) const;  // d2U/dJ2
};

}  // namespace piriform
