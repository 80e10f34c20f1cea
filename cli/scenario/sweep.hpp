// Parameter sweeps: a sweep file (YAML) names a base scenario and axes of values; each run is the base
// scenario with one value per axis set at the axis's field path. Fields are documented in
// scenarios/SWEEPS.md.
#pragma once

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <vector>

namespace piriform::scenario {

struct SweepAxis {
  std::string name;      // column name in the manifest and summary; default: the path
  std::string path;      // field path in the base scenario, "loads[0].value[2]"
  std::string location;  // "<sweep file>:<line>: axes[i]", for errors found when runs are checked
  std::vector<YAML::Node> values;
  std::vector<std::string> texts;  // the values as one-line YAML, for the manifest
};

struct SweepRun {
  std::string id;                   // zero-padded index, also the run's directory name
  std::vector<std::size_t> choice;  // per axis: the index of its value
};

struct Sweep {
  std::filesystem::path file;
  std::filesystem::path base;  // the base scenario file
  YAML::Node base_tree;
  std::string name;
  std::vector<SweepAxis> axes;
  std::vector<SweepRun> runs;  // in run order
};

// Reads a sweep file and expands its axes into runs. Throws InputError "<file>:<line>: <field>: <expected>";
// a path the base scenario does not have is an "unknown parameter path".
Sweep load_sweep(const std::filesystem::path& file);

// The scenario of run `index` as YAML text: the base with each axis value set and a relative model.mesh made
// absolute (so that the text can live anywhere); output.name is `output_name`.
std::string run_scenario_text(const Sweep& sweep, std::size_t index, const std::string& output_name);

// Loads every run's scenario with the scenario loader (in a temporary directory), so that wrong units and
// out-of-range values are reported before anything runs; errors name the sweep file, the axis and the run.
void check_sweep_runs(const Sweep& sweep);

// Every field the sweep loader accepts, for the reference page and its test.
std::vector<std::string> sweep_fields();

}  // namespace piriform::scenario
