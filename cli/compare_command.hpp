// `piriform compare A.h5 B.h5 ... -o DIR`: runs side by side in one picture with one colour scale, their
// nerve pressure over time in one chart, and a table of their numbers (CSV and Markdown).
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace piriform::cli {

struct CompareOptions {
  std::vector<std::string> files;
  std::string output = ".";
  std::string name = "comparison";
  int width = 1800, height = 1100;
};

CLI::App* add_compare_command(CLI::App& app, CompareOptions& options);
int run_compare(const CompareOptions& options);

}  // namespace piriform::cli
