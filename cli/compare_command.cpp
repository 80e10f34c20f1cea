#include "cli/compare_command.hpp"

#include <fmt/format.h>

#include <filesystem>

#include "cli/scenario/run_table.hpp"
#include "engine/common/atomic_file.hpp"
#include "engine/common/error.hpp"
#include "engine/results/results_reader.hpp"
#include "viz/charts.hpp"
#include "viz/comparison.hpp"
#include "viz/display.hpp"

namespace piriform::cli {

CLI::App* add_compare_command(CLI::App& app, CompareOptions& o) {
  auto* cmd =
      app.add_subcommand("compare", "Compare runs: one picture, one chart and a table (CSV, Markdown)");
  cmd->add_option("files", o.files, "Results files (.h5), two or more")->required()->expected(2, 12);
  cmd->add_option("-o,--output", o.output, "Directory for the outputs (created if missing)")
      ->capture_default_str();
  cmd->add_option("--name", o.name, "File name stem of the outputs")->capture_default_str();
  cmd->add_option("--width", o.width, "Picture width, pixels")
      ->check(CLI::Range(640, 7680))
      ->capture_default_str();
  cmd->add_option("--height", o.height, "Picture height, pixels")
      ->check(CLI::Range(480, 4320))
      ->capture_default_str();
  return cmd;
}

int run_compare(const CompareOptions& o) {
  std::vector<results::ResultsFile> files;
  for (const auto& path : o.files) {
    files.push_back(results::open_results(path));
    const auto& f = files.back();
    if (f.steps_completed < 1) throw InputError(fmt::format("'{}' has no completed output step", path));
    if (f.status != "completed")
      fmt::print("note: '{}' is {} ({} of {} steps): compared over the steps it has\n", path, f.status,
                 f.steps_completed, f.steps_planned);
  }
  std::error_code ec;
  std::filesystem::create_directories(o.output, ec);
  if (!std::filesystem::is_directory(o.output))
    throw InputError(fmt::format("cannot create the output directory '{}'", o.output));
  const std::filesystem::path dir = o.output;

  const auto columns = scenario::run_columns(files.front().thresholds_pa);
  std::vector<scenario::RunRow> rows;
  for (const auto& f : files) rows.push_back(scenario::run_row(f, files.front().thresholds_pa.size()));
  write_file_atomically(dir / (o.name + ".csv"), scenario::csv_table(columns, rows));
  const std::string markdown = scenario::markdown_table(columns, rows);
  write_file_atomically(dir / (o.name + ".md"), markdown);

  std::vector<const results::ResultsFile*> runs;
  for (const auto& f : files) runs.push_back(&f);
  const viz::Display display;
  const viz::PictureSize size{o.width, o.height};
  const auto range = viz::render_comparison(runs, dir / (o.name + ".png"), size);
  bool chart = true;
  for (const auto& f : files) chart = chart && viz::has_nerve_metrics(f);
  if (chart) viz::render_nerve_pressure_chart(runs, dir / (o.name + "-nerve-pressure.png"), size);

  fmt::print("{}\n", markdown);
  fmt::print("wrote {0}.png (one colour scale, 0 to {1:.2f} kPa){2}, {0}.csv, {0}.md\n",
             (dir / o.name).string(), range.hi / 1e3,
             chart ? fmt::format(", {}-nerve-pressure.png", (dir / o.name).string()) : "");
  return 0;
}

}  // namespace piriform::cli
