// The generator's parameters by name, with their dimension, so that command-line flags, parameter files
// and scenario files set them the same way ("piriformis_thickness: 11.6 mm").
#pragma once

#include <span>
#include <string>
#include <string_view>

#include "engine/common/units.hpp"
#include "meshes/anatomy/anatomy_spec.hpp"

namespace piriform {

struct AnatomyParameter {
  std::string_view name;  // snake_case; the command-line flag is the same with dashes
  Dimension dimension;
  std::string_view unit;  // unit used to print it
  double& (*field)(AnatomySpec&);
  std::string_view help;
};

std::span<const AnatomyParameter> anatomy_parameters();

// Sets one parameter from text with units, plus the non-numeric `preset` (coarse, medium, fine), `variant`
// (A, B) and `order` (1, 2). Throws InputError naming the parameter and what was expected; unknown names
// list the known ones.
void set_anatomy_parameter(AnatomySpec& spec, std::string_view name, std::string_view text);

// Every parameter with its current value, one "name: value unit" line each.
std::string describe_anatomy(const AnatomySpec& spec);

}  // namespace piriform
