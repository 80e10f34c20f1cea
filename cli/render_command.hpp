// `piriform render RESULTS.h5 -o DIR`: the pictures of a run (cut-away at peak nerve pressure, nerve
// pressure over time, pressure along the nerve over time, a frame sequence of the stroke).
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct RenderOptions {
  std::string file, output = ".";
  int step = -1;  // -1: the step of peak nerve pressure
  bool frames = false;
  int width = 1600, height = 1000;
};

CLI::App* add_render_command(CLI::App& app, RenderOptions& options);
int run_render(const RenderOptions& options);

}  // namespace piriform::cli
