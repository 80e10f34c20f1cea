// Writer of the HDF5 results file of a run. Every dataset is created at its final size before the first
// solve, so a run killed at any moment leaves a readable file whose first `steps_completed` steps are valid.
#pragma once

#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "engine/mesh/mesh.hpp"

namespace piriform::results {

enum class Location { Node, Cell };

// A field stored per output step: one row of `components` values per node or per cell.
struct FieldSpec {
  std::string name;  // dataset name under /fields, no '/'
  Location location = Location::Node;
  int components = 1;
  std::string unit;
  std::string description;
};

// A scalar time series: one double per output step. The name may contain one '/' (a group under /series).
struct SeriesSpec {
  std::string name;
  std::string unit;
  std::string description;
};

// Everything the file holds apart from the per-step values; fixes every dataset's size.
struct ResultsLayout {
  const Mesh* mesh = nullptr;
  std::vector<double> times;  // s, planned output times (usually starting with 0); size = number of steps
  std::vector<FieldSpec> fields;
  std::vector<SeriesSpec> series;
  std::string scenario_text;  // the full scenario YAML
  std::string scenario_path;
  std::vector<std::pair<std::string, std::string>> provenance;  // attributes of /provenance
  std::vector<std::pair<std::string, double>> thresholds_pa;    // name -> pressure threshold, Pa
};

// Solver statistics of one output step.
struct StepInfo {
  double time = 0;  // s
  int iterations = 0;
  int cuts = 0;
  double residual = 0;
  double wall_seconds = 0;
  std::vector<double> residual_history;  // the file keeps the last residual_history_capacity entries
};

inline constexpr int residual_history_capacity = 64;
inline constexpr int results_format_version = 1;

class ResultsWriter {
 public:
  // Creates the file with every dataset at its final size and reserves its disk space. Throws InputError
  // (naming the path) when the output directory is missing, not a directory or not writable, when the file
  // exists and overwrite is false, when HDF5 cannot create it, or when the disk space cannot be reserved
  // (the partial file is removed then); and for layouts with invalid or duplicate names.
  ResultsWriter(const std::filesystem::path& file, const ResultsLayout& layout, bool overwrite);
  // Closes the file; its status stays "running" unless finish() was called.
  ~ResultsWriter();
  ResultsWriter(ResultsWriter&&) noexcept;
  ResultsWriter& operator=(ResultsWriter&&) noexcept;

  // Writes output step `index`, which must equal steps_written() (steps are written in order). fields: one
  // span per layout field, (nodes or cells) x components values, row-major; series: one value per layout
  // series. The step counts as written only once this returns. Throws std::logic_error on a wrong index or
  // wrong sizes, InputError when HDF5 cannot write.
  void write_step(int index, const StepInfo& info, std::span<const std::span<const double>> fields,
                  std::span<const double> series);
  // Sets status "completed" or "failed" and the message (cut to 256 bytes), flushes and closes the file.
  void finish(bool completed, const std::string& message);

  int steps_written() const;
  int steps_planned() const;
  const std::filesystem::path& path() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace piriform::results
