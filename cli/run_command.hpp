// `piriform run SCENARIO.yaml`: load and check a scenario, build its model, solve it with a progress bar
// and print a summary.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct RunOptions {
  std::string scenario;
  double max_travel = 0.0;  // > 0: override steps.max_travel
  bool check_only = false;
};

CLI::App* add_run_command(CLI::App& app, RunOptions& options);
int run_scenario(const RunOptions& options, bool verbose);

}  // namespace piriform::cli
