// Supports and surface loads on named facet sets: fixed, roller and prescribed-displacement conditions,
// pressure as a follower load, and dead surface tractions.
#pragma once

#include <array>
#include <functional>
#include <string>

#include "engine/common/types.hpp"

namespace piriform {

// u_i = value(X, t)_i on every node of the surface (X: its reference position), for each component i
// with components[i] set.
struct DirichletCondition {
  std::string surface;
  std::array<bool, 3> components{true, true, true};
  std::function<Vec3(const Vec3& X, double t)> value;  // m; empty means zero
};

DirichletCondition fixed_support(std::string surface);
// Zero normal displacement on a plane surface whose normal is a coordinate axis (axis 0, 1 or 2).
DirichletCondition roller_support(std::string surface, int axis);
DirichletCondition prescribed_displacement(std::string surface, std::array<bool, 3> components,
                                           std::function<Vec3(const Vec3& X, double t)> value);

// Pressure p(X, t) in Pa acting on the current (deformed) surface along the inward normal: positive
// pressure pushes into the body. X is the reference position of the surface point.
struct PressureLoad {
  std::string surface;
  std::function<double(const Vec3& X, double t)> pressure;
};

// A dead traction t(X, t) in Pa per unit reference area, fixed in direction.
struct TractionLoad {
  std::string surface;
  std::function<Vec3(const Vec3& X, double t)> traction;
};

}  // namespace piriform
