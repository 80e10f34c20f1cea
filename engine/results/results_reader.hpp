// Reader of piriform results files (complete, failed, or cut short by a crash): everything but the field
// values is read at open; field values are read one step at a time.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/mesh/mesh.hpp"
#include "engine/results/results_file.hpp"

namespace piriform::results {

struct SeriesData {
  std::string unit;
  std::string description;
  std::vector<double> values;  // completed steps only
};

struct ResultsFile {
  std::filesystem::path path;
  std::string status;  // "running" (still running, or killed), "completed" or "failed"
  std::string status_message;
  int steps_planned = 0;
  int steps_completed = 0;
  std::vector<double> planned_times;         // s, every planned output time
  std::vector<double> times;                 // s, the completed steps' times
  std::vector<StepInfo> steps;               // completed steps only
  std::vector<FieldSpec> fields;             // in layout order
  std::map<std::string, SeriesData> series;  // by name, "group/name" for grouped series
  Mesh mesh;                                 // nodes, cells (Gmsh order), regions, cell type, surfaces
  std::string scenario_text;
  std::string scenario_path;
  std::vector<std::pair<std::string, std::string>> provenance;  // in layout order
  std::vector<std::pair<std::string, double>> thresholds_pa;

  // Throws InputError listing the fields there are when `name` is not one of them.
  const FieldSpec& field(std::string_view name) const;
  // The values of a field at a completed step: (nodes or cells) x components, row-major. Throws InputError
  // for unknown fields and steps that are not completed.
  std::vector<double> read_field(std::string_view name, int step) const;
};

// Throws InputError naming the path when the file is missing, is not HDF5, is not a piriform results file,
// has an unsupported format_version, or lacks a dataset the format requires.
ResultsFile open_results(const std::filesystem::path& path);

}  // namespace piriform::results
