#include "engine/bc/boundary_conditions.hpp"

#include <fmt/format.h>

#include "engine/common/error.hpp"

namespace piriform {

DirichletCondition fixed_support(std::string surface) { return {std::move(surface), {true, true, true}, {}}; }

DirichletCondition roller_support(std::string surface, int axis) {
  if (axis < 0 || axis > 2)
    throw InputError(
        fmt::format("roller on '{}': axis must be 0 (x), 1 (y) or 2 (z), got {}", surface, axis));
  DirichletCondition bc{std::move(surface), {false, false, false}, {}};
  bc.components[axis] = true;
  return bc;
}

DirichletCondition prescribed_displacement(std::string surface, std::array<bool, 3> components,
                                           std::function<Vec3(const Vec3& X, double t)> value) {
  return {std::move(surface), components, std::move(value)};
}

}  // namespace piriform
