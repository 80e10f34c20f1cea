#include "cli/render_command.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "engine/common/error.hpp"
#include "engine/results/results_reader.hpp"
#include "viz/charts.hpp"
#include "viz/cutaway.hpp"
#include "viz/display.hpp"
#include "viz/frames.hpp"

namespace piriform::cli {

CLI::App* add_render_command(CLI::App& app, RenderOptions& o) {
  auto* cmd = app.add_subcommand("render", "Pictures of a results file (PNG; starts its own Xvfb if needed)");
  cmd->add_option("file", o.file, "Results file (.h5)")->required();
  cmd->add_option("-o,--output", o.output, "Directory for the pictures (created if missing)")
      ->capture_default_str();
  cmd->add_option("--step", o.step, "Output step of the cut-away (default: peak nerve pressure)");
  cmd->add_flag("--frames", o.frames, "Also a frame per output step (and an MP4 when ffmpeg is installed)");
  cmd->add_option("--width", o.width, "Picture width, pixels")
      ->check(CLI::Range(320, 7680))
      ->capture_default_str();
  cmd->add_option("--height", o.height, "Picture height, pixels")
      ->check(CLI::Range(240, 4320))
      ->capture_default_str();
  return cmd;
}

int run_render(const RenderOptions& o) {
  const results::ResultsFile f = results::open_results(o.file);
  if (f.steps_completed < 1)
    throw InputError(fmt::format("'{}' has no completed output step to render", o.file));
  if (f.status != "completed")
    fmt::print("note: '{}' is {} ({} of {} steps): rendering the steps it has\n", o.file, f.status,
               f.steps_completed, f.steps_planned);
  if (o.step >= f.steps_completed)
    throw InputError(
        fmt::format("--step {}: '{}' has output steps 0 to {}", o.step, o.file, f.steps_completed - 1));
  std::error_code ec;
  std::filesystem::create_directories(o.output, ec);
  if (!std::filesystem::is_directory(o.output))
    throw InputError(fmt::format("cannot create the output directory '{}'", o.output));

  const viz::Display display;
  const std::string stem = std::filesystem::path(o.file).stem().string();
  const std::filesystem::path dir = o.output;
  const viz::PictureSize size{o.width, o.height};
  const int step = o.step >= 0 ? o.step : viz::peak_step(f);
  const auto cutaway = dir / (stem + "-cutaway.png");
  viz::render_cutaway(f, step, {}, cutaway, size);
  fmt::print("wrote {} (step {}, t = {:.3g} s)\n", cutaway.string(), step, f.times[step]);
  if (viz::has_nerve_metrics(f)) {
    const auto chart = dir / (stem + "-nerve-pressure.png");
    viz::render_nerve_pressure_chart({&f}, chart, size);
    fmt::print("wrote {}\n", chart.string());
    const auto map = dir / (stem + "-nerve-map.png");
    viz::render_nerve_pressure_map(f, map, size);
    fmt::print("wrote {}\n", map.string());
  }
  if (o.frames) {
    const auto frames = viz::render_frames(f, dir / (stem + "-frames"), size);
    fmt::print("wrote {} frames to {}{}\n", frames.count, (dir / (stem + "-frames")).string(),
               frames.movie.empty() ? " (no ffmpeg: no MP4)" : ", and " + frames.movie.string());
  }
  return 0;
}

}  // namespace piriform::cli
