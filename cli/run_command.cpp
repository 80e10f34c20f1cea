#include "cli/run_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include "cli/progress.hpp"
#include "cli/scenario/prepare.hpp"
#include "cli/scenario/record.hpp"
#include "cli/scenario/summary.hpp"
#include "cli/version.hpp"
#include "engine/common/error.hpp"
#include "engine/common/units.hpp"
#include "engine/results/results_reader.hpp"

namespace piriform::cli {
namespace {

constexpr double kMmHg = 133.322;

std::string now_utc() {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&t, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

std::string stroke_line(const Stroke& s) {
  const char* kinds[] = {"force", "mean pressure", "peak pressure"};
  const auto k = static_cast<int>(s.magnitude_kind);
  const std::string magnitude =
      k == 0 ? fmt::format("{:.3g} N", s.magnitude)
             : fmt::format("{:.3g} kPa ({:.0f} mmHg)", s.magnitude / 1e3, s.magnitude / kMmHg);
  double length = 0.0;
  for (std::size_t i = 1; i < s.path.size(); ++i) length += (s.path[i] - s.path[i - 1]).norm();
  return fmt::format("{} {}, footprint {:.0f} x {:.0f} mm, path {:.0f} mm, friction {:.2g}, {:.1f} s",
                     kinds[k], magnitude, 2e3 * s.footprint.semi_axis_along,
                     2e3 * s.footprint.semi_axis_across, 1e3 * length, s.friction, s.amplitude.back().t);
}

}  // namespace

CLI::App* add_run_command(CLI::App& app, RunOptions& o) {
  auto* cmd = app.add_subcommand("run", "Run a scenario file (scenarios/*.yaml)");
  cmd->add_option("scenario", o.scenario, "Scenario file")->required();
  cmd->add_option("--max-travel", o.max_travel,
                  "Override steps.max_travel: footprint travel per step in units of its smaller semi-axis")
      ->check(CLI::PositiveNumber);
  cmd->add_flag("--check", o.check_only, "Load and check the scenario and build its model, then stop");
  cmd->add_option("-o,--output", o.output, "Directory for the results (overrides output.directory)");
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing results file");
  cmd->add_option("--until", o.until, "Stop at this simulated time, e.g. \"2 s\" (the results say so)");
  cmd->add_option("--steps", o.steps, "Stop after this many time steps (the results say so)")
      ->check(CLI::PositiveNumber);
  return cmd;
}

int run_scenario(const RunOptions& o, bool verbose, const std::string& command_line) {
  scenario::Scenario s = scenario::load_scenario(o.scenario);
  if (o.max_travel > 0.0) s.stepping.max_travel = o.max_travel;
  fmt::print("scenario: {} ({})\n", s.name, o.scenario);
  fmt::print("  tissue {}, {} materials{}\n", scenario::tissue_state_name(s.tissue),
             s.viscoelastic ? "viscoelastic" : "elastic", s.materials.empty() ? "" : " with overrides");
  if (s.stroke) fmt::print("  stroke: {}\n", stroke_line(*s.stroke));

  scenario::PreparedRun run = scenario::prepare(s);
  const Mesh& mesh = run.model.mesh;
  fmt::print("  model: {} {} cells, {} nodes ({} DOF){}; {} time steps to t = {:.3g} s\n", mesh.num_cells(),
             cell_type_name(mesh.cell_type), mesh.num_nodes(), 3 * mesh.num_nodes(),
             s.anatomy ? fmt::format(", meshed in {:.1f} s", run.mesh_seconds) : "",
             run.stepping.times.size(), run.stepping.end_time);
  if (o.check_only) return 0;

  // --until and --steps keep the first steps of the schedule (at least one).
  auto& times = run.stepping.times;
  std::size_t kept = times.size();
  if (!o.until.empty()) {
    const double until = parse_quantity(o.until, Dimension::Time);
    if (!(until > 0.0)) throw InputError("--until: expected a positive time, got '" + o.until + "'");
    kept = std::max<std::size_t>(
        1, std::upper_bound(times.begin(), times.end(), until * (1 + 1e-12)) - times.begin());
  }
  if (o.steps > 0) kept = std::min(kept, static_cast<std::size_t>(o.steps));
  if (kept < times.size()) {
    times.resize(kept);
    run.stepping.end_time = times.back();
  }

  const std::filesystem::path directory =
      o.output.empty() ? s.output_directory : std::filesystem::path(o.output);
  const std::filesystem::path file = directory / (s.output_name + ".h5");
  // A directory named on the command line is made (with its parents); a missing output.directory of a
  // scenario file is reported by the results writer instead, as a likely typo.
  if (!o.output.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec)
      throw InputError(
          fmt::format("-o/--output: cannot create directory '{}' ({})", directory.string(), ec.message()));
  }
  std::vector<std::pair<std::string, std::string>> provenance = {
      {"piriform_version", kVersion},
      {"git_revision", kGitRevision},
      {"date", now_utc()},
      {"command", command_line},
      {"newton_residual_tolerance", fmt::format("{:g}", NewtonSettings{}.residual_tolerance)},
      {"max_travel", fmt::format("{:g}", s.stepping.max_travel)},
      {"max_cuts", fmt::format("{}", run.stepping.max_cuts)},
      {"until", o.until.empty() ? "end of schedule" : o.until},
      {"steps", o.steps > 0 ? fmt::format("{}", o.steps) : "all"}};
  scenario::RunRecorder recorder(s, run, file, o.overwrite, std::move(provenance));
  fmt::print("  results: {} (ParaView: {})\n", file.string(), recorder.xdmf_file().string());

  Progress progress(static_cast<int>(run.stepping.times.size()), run.stepping.end_time);
  if (!verbose) spdlog::set_level(spdlog::level::warn);
  SolveReport report;
  try {
    StaticSolver solver(run.model, NewtonSettings{}, run.stepping);
    report = solver.run([&](const StepRecord& rec, const VecX& u) {
      recorder.on_step(rec, u, solver.assembler());
      // Cut steps add converged sub-steps: progress counts the planned step ends reached.
      const auto reached =
          std::upper_bound(times.begin(), times.end(), rec.time * (1 + 1e-12)) - times.begin();
      progress.step(static_cast<int>(reached), rec.time, rec.iterations, rec.cuts);
    });
  } catch (const std::exception& e) {
    // The file says why the run ended; the steps written stay readable.
    progress.finish();
    recorder.finish(false, e.what());
    throw;
  }
  progress.finish();
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);
  recorder.finish(report.completed, report.completed ? "" : report.message);

  int iterations = 0, cuts = 0;
  for (const auto& step : report.steps) iterations += step.iterations, cuts += step.cuts;
  fmt::print("{} after {} steps: {} Newton iterations, {} step cuts, {:.1f} s wall ({})\n",
             report.completed ? "completed" : "STOPPED", report.steps.size(), iterations, cuts,
             report.wall_seconds, report.linear_solver);
  fmt::print("{}", scenario::format_summary(results::open_results(file)));
  fmt::print("ParaView: paraview {}    Python: scripts/plot-nerve-pressure {}\n",
             recorder.xdmf_file().string(), file.string());
  if (!report.completed) {
    fmt::print(stderr, "error: {} (the results file keeps the {} steps written)\n", report.message,
               recorder.steps_written());
    return 3;
  }
  return 0;
}

}  // namespace piriform::cli
