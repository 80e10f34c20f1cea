// `piriform export RESULTS.h5 -o STEP.vtu`: one output step as a VTK file (ParaView, VisIt, PyVista).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct ExportOptions {
  std::string file, output;
  int step = -1;      // output step; -1: see time / peak, else the last completed step
  std::string time;   // "2.5 s": the step nearest this time
  bool peak = false;  // the step of the largest nerve interface pressure
};

CLI::App* add_export_command(CLI::App& app, ExportOptions& options);
int run_export(const ExportOptions& options);

}  // namespace piriform::cli
