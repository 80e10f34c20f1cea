// A sweep directory: manifest.csv (run ids and parameter values), runs/<id>/scenario.yaml with the run's
// results, and the merged summary (summary.csv, summary.h5). Layout documented in scenarios/SWEEPS.md.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "cli/scenario/sweep.hpp"

namespace piriform::scenario {

struct Manifest {
  std::vector<std::string> parameters;         // axis names
  std::vector<std::string> ids;                // run ids in run order
  std::vector<std::vector<std::string>> rows;  // per run: one value per parameter
};

Manifest sweep_manifest(const Sweep& sweep);
std::string manifest_csv(const Manifest& manifest);
// Throws InputError naming the file when DIR/manifest.csv is missing or malformed.
Manifest read_manifest(const std::filesystem::path& dir);

// Writes the manifest and every run's scenario.yaml, leaving files with the same content untouched (so that
// array tasks starting together do not write over each other). Throws InputError when the directory holds
// a different sweep.
void prepare_sweep_dir(const Sweep& sweep, const std::filesystem::path& dir);

std::filesystem::path run_dir(const std::filesystem::path& dir, const std::string& id);
std::filesystem::path run_scenario_file(const std::filesystem::path& dir, const std::string& id);
std::filesystem::path run_results_file(const std::filesystem::path& dir, const std::string& id);
std::filesystem::path run_error_file(const std::filesystem::path& dir, const std::string& id);

// "completed" (its results file says so), "failed" (the solver stopped, or the run exited with an error:
// runs/<id>/error.txt), "incomplete" (killed while running) or "pending" (not started).
std::string run_status(const std::filesystem::path& dir, const std::string& id);

struct MergeReport {
  std::size_t completed = 0, failed = 0, incomplete = 0, pending = 0;
};

// Writes DIR/summary.csv and DIR/summary.h5: one row per run with its parameters, status and the metrics of
// run_row. The same directory always gives byte-identical files.
MergeReport merge_sweep(const std::filesystem::path& dir);

}  // namespace piriform::scenario
