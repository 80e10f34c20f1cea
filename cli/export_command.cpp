#include "cli/export_command.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/common/error.hpp"
#include "engine/common/units.hpp"
#include "engine/results/results_reader.hpp"
#include "viz/export_vtu.hpp"

namespace piriform::cli {

CLI::App* add_export_command(CLI::App& app, ExportOptions& o) {
  auto* cmd = app.add_subcommand("export", "Write one output step of a results file as VTU");
  cmd->add_option("file", o.file, "Results file (.h5)")->required();
  cmd->add_option("-o,--output", o.output, "VTU file to write")->required();
  auto* step =
      cmd->add_option("--step", o.step, "Output step (0 is the undeformed state; default: the last)");
  auto* time = cmd->add_option("--time", o.time, "The output step nearest this time, e.g. \"2.5 s\"");
  auto* peak = cmd->add_flag("--peak", o.peak, "The step of the largest nerve interface pressure");
  step->excludes(time)->excludes(peak);
  time->excludes(peak);
  return cmd;
}

int run_export(const ExportOptions& o) {
  const results::ResultsFile f = results::open_results(o.file);
  if (f.steps_completed == 0) throw InputError(fmt::format("'{}' has no completed output step", o.file));
  int step = f.steps_completed - 1;
  if (o.step >= 0) {
    if (o.step >= f.steps_completed)
      throw InputError(
          fmt::format("--step {}: '{}' has output steps 0 to {}", o.step, o.file, f.steps_completed - 1));
    step = o.step;
  } else if (!o.time.empty()) {
    const double t = parse_quantity(o.time, Dimension::Time);
    const auto nearest = std::min_element(f.times.begin(), f.times.end(), [t](double a, double b) {
      return std::abs(a - t) < std::abs(b - t);
    });
    step = static_cast<int>(nearest - f.times.begin());
  } else if (o.peak) {
    const auto it = f.series.find("nerve/interface_pressure_peak");
    if (it == f.series.end()) throw InputError(fmt::format("--peak: '{}' has no nerve metrics", o.file));
    const auto& v = it->second.values;
    step = static_cast<int>(std::max_element(v.begin(), v.end()) - v.begin());
  }
  viz::export_vtu(f, step, o.output);
  fmt::print("wrote {} (output step {}, t = {:.4g} s)\n", o.output, step, f.times[step]);
  return 0;
}

}  // namespace piriform::cli
