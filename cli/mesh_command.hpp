// `piriform mesh`: generate the posterior-hip model (preset, variant, parameter file, flags) or check an
// existing .msh file, and print a one-screen summary.
#pragma once

#include <CLI/CLI.hpp>
#include <map>
#include <string>

namespace piriform::cli {

struct MeshOptions {
  std::string preset = "coarse";
  std::string variant = "A";
  std::string parameter_file;
  std::string output = "anatomy.msh";
  bool overwrite = false;
  std::string check;
  std::string unit = "m";
  std::map<std::string, std::string> parameters;  // flag values by parameter name
};

CLI::App* add_mesh_command(CLI::App& app, MeshOptions& options);
int run_mesh(const MeshOptions& options, const CLI::App& command);

}  // namespace piriform::cli
