// `piriform run SCENARIO.yaml`: load and check a scenario, build its model, solve it with a progress bar,
// record the results file (HDF5 + XDMF) and print the summary.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct RunOptions {
  std::string scenario;
  double max_travel = 0.0;  // > 0: override steps.max_travel
  bool check_only = false;
  std::string output;  // overrides output.directory
  bool overwrite = false;
  std::string until;  // "2 s": stop at this simulated time (checks and tests)
  int steps = 0;      // > 0: stop after this many planned steps
};

CLI::App* add_run_command(CLI::App& app, RunOptions& options);
int run_scenario(const RunOptions& options, bool verbose, const std::string& command_line);

}  // namespace piriform::cli
