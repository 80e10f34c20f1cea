// `piriform info RESULTS.h5`: what a results file holds and the run's summary, for complete, failed and
// killed runs alike.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct InfoOptions {
  std::string file;
  bool provenance = false;
};

CLI::App* add_info_command(CLI::App& app, InfoOptions& options);
int run_info(const InfoOptions& options);

}  // namespace piriform::cli
