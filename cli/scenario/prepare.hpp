// From a checked scenario to a solvable model: the mesh (generated or read), materials per region with the
// tissue state applied, supports, loads, the stroke, and the step times.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "cli/scenario/scenario.hpp"
#include "engine/model/model.hpp"
#include "engine/solver/static_solver.hpp"

namespace piriform::scenario {

struct PreparedRun {
  Model model;
  std::shared_ptr<const StrokeLoad> stroke;  // null without a stroke
  SteppingSettings stepping;
  double mesh_seconds = 0.0;
  std::vector<std::string> metric_regions;  // checked against the mesh, defaults applied
};

// Throws InputError naming the scenario field for regions and surfaces the model does not have.
PreparedRun prepare(const Scenario& scenario);

}  // namespace piriform::scenario
