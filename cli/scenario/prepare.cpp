#include "cli/scenario/prepare.hpp"

#include <fmt/format.h>

#include <chrono>

#include "engine/common/error.hpp"
#include "engine/model/anatomy_model.hpp"
#include "meshes/anatomy/generate_anatomy.hpp"
#include "meshes/gmsh/msh_io.hpp"

namespace piriform::scenario {
namespace {

std::string names_of(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

// Plain loads: equal steps. A stroke: the stroke's own step times (knots, travel per step, ramps), no step
// longer than max_step, and optionally steps on to end_time after the stroke.
std::vector<double> step_times(const Scenario& s, const StrokeLoad* stroke) {
  const Stepping& st = s.stepping;
  std::vector<double> times;
  if (!stroke) {
    for (int i = 1; i <= st.steps; ++i) times.push_back(st.end_time * i / st.steps);
    return times;
  }
  const double end = s.stroke->amplitude.back().t;
  const double last = st.end_time_given ? std::max(st.end_time, end) : end;
  const std::vector<double> base = stroke->step_times(0.0, last, st.max_travel, st.ramp_steps);
  double previous = 0.0;
  for (double t : base) {
    if (t <= previous) continue;
    const int pieces = static_cast<int>(std::ceil((t - previous) / st.max_step - 1e-9));
    for (int k = 1; k < pieces; ++k) times.push_back(previous + (t - previous) * k / pieces);
    times.push_back(t);
    previous = t;
  }
  return times;
}

}  // namespace

PreparedRun prepare(const Scenario& s) {
  PreparedRun run;
  const auto start = std::chrono::steady_clock::now();
  Mesh mesh = s.anatomy ? generate_anatomy(*s.anatomy) : read_msh(s.mesh_file, s.mesh_unit);
  run.mesh_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::string model_name = s.anatomy ? std::string("the generated anatomy") : s.mesh_file.string();

  for (const auto& [region, material] : s.materials) {
    const auto& names = mesh.region_names;
    if (std::find(names.begin(), names.end(), region) == names.end())
      throw InputError(fmt::format("{}: no region '{}' in {} (regions: {})", s.material_path.at(region),
                                   region, model_name, names_of(names)));
  }
  for (const auto& region : s.metric_regions) {
    const auto& names = mesh.region_names;
    if (std::find(names.begin(), names.end(), region) == names.end())
      throw InputError(fmt::format("{}: no region '{}' in {} (regions: {})", s.metric_regions_location,
                                   region, model_name, names_of(names)));
  }
  run.metric_regions = s.metric_regions;
  if (s.metric_regions_location.empty()) {
    const auto& names = mesh.region_names;
    if (std::find(names.begin(), names.end(), "nerve") != names.end()) run.metric_regions = {"nerve"};
  }
  std::vector<std::string> surfaces;
  for (const auto& set : mesh.facet_sets) surfaces.push_back(set.name);
  for (const auto& [surface, where] : s.surface_references)
    if (!mesh.has_facet_set(surface))
      throw InputError(fmt::format("{}: no surface '{}' in {} (surfaces: {})", where, surface, model_name,
                                   names_of(surfaces)));

  Model& model = run.model;
  model.mesh = std::move(mesh);
  for (const auto& region : model.mesh.region_names) {
    if (const auto it = s.materials.find(region); it != s.materials.end()) {
      model.materials.push_back(it->second);
    } else if (s.tissue == TissueState::TightPiriformis && region == anatomy::kPiriformis) {
      model.materials.push_back(anatomy::tight_piriformis_material(s.viscoelastic));
    } else {
      try {
        model.materials.push_back(anatomy::reference_material(region, s.viscoelastic));
      } catch (const InputError&) {
        throw InputError(
            fmt::format("{}: materials: region '{}' of {} has no reference material; give "
                        "materials.{}",
                        s.file.string(), region, model_name, region));
      }
    }
  }
  if (s.supports.empty()) {
    model.supports = anatomy::default_supports();
  } else {
    model.supports = s.supports;
  }
  model.pressures = s.pressures;
  model.tractions = s.tractions;
  if (s.stroke) {
    std::shared_ptr<const StrokeLoad> stroke;
    try {
      stroke = std::make_shared<const StrokeLoad>(model.mesh, *s.stroke);
    } catch (const InputError& e) {
      throw InputError(fmt::format("{}: {}", s.stroke_location, e.what()));
    }
    model.tractions.push_back(stroke->as_traction_load());
    run.stroke = stroke;
  }
  model.validate();
  run.stepping.times = step_times(s, run.stroke.get());
  run.stepping.end_time = run.stepping.times.back();
  run.stepping.steps = static_cast<int>(run.stepping.times.size());
  run.stepping.max_cuts = s.stepping.max_cuts;
  return run;
}

}  // namespace piriform::scenario
