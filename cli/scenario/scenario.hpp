// A scenario: everything about one run, read from a YAML file (model, tissue state, materials, supports,
// loads, stroke, time stepping, thresholds, output), checked field by field.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/bc/boundary_conditions.hpp"
#include "engine/loads/stroke.hpp"
#include "engine/materials/material.hpp"
#include "meshes/anatomy/anatomy_spec.hpp"

namespace piriform::scenario {

enum class TissueState { Healthy, TightPiriformis, SensitisedNerve };

struct Stepping {
  int steps = 10;               // plain loads: equal steps up to end_time
  double end_time = 1.0;        // s; a stroke ends when its schedule ends
  double max_travel = 0.25;     // stroke: footprint travel per step, in units of its smaller semi-axis
  int ramp_steps = 4;           // stroke: steps per ramp of the amplitude
  double max_step = 10.0;       // s: longest step (holds relax viscoelastic tissue)
  bool end_time_given = false;  // a stroke runs to its schedule's end unless end_time is given
  int max_cuts = 8;
};

struct Scenario {
  std::filesystem::path file;
  std::string text;  // the whole file, for provenance
  std::string name, description;
  std::vector<std::string> sources;

  std::optional<AnatomySpec> anatomy;  // generated model, or
  std::filesystem::path mesh_file;     // a .msh file (relative paths are relative to the scenario file)
  double mesh_unit = 1.0;              // metres per file unit

  TissueState tissue = TissueState::Healthy;
  std::map<std::string, MaterialPtr> materials;      // overrides by region
  std::map<std::string, std::string> material_path;  // region -> field path, for errors
  bool viscoelastic = true;                          // reference materials with their Prony series
  std::vector<DirichletCondition> supports;          // empty: the anatomy's defaults
  std::vector<PressureLoad> pressures;
  std::vector<TractionLoad> tractions;
  std::optional<Stroke> stroke;
  std::string stroke_location;  // "file:line: stroke", for errors found when the stroke meets the mesh
  // Every surface the scenario names, with the field ("file:line: path") that names it.
  std::vector<std::pair<std::string, std::string>> surface_references;
  Stepping stepping;
  std::vector<double> thresholds;  // Pa
  std::filesystem::path output_directory = "results";
  std::string output_name;  // file name stem of the results; default: the scenario file's stem
  // Regions whose compression is reported (nerve metrics); default: the nerve of an anatomy model, and a
  // region named "nerve" of a .msh model if there is one.
  std::vector<std::string> metric_regions;
  std::string metric_regions_location;  // "file:line: output.regions", for errors against the mesh
};

// Reads and checks a scenario file. Throws InputError "<file>:<line>: <field path>: <what was expected>".
Scenario load_scenario(const std::filesystem::path& file);

// Every field path the loader accepts ("stroke.footprint.along", "materials.<region>.shear_modulus", ...),
// for the reference page and its test.
std::vector<std::string> scenario_fields();

std::string_view tissue_state_name(TissueState state);

}  // namespace piriform::scenario
