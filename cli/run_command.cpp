#include "cli/run_command.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "cli/progress.hpp"
#include "cli/scenario/prepare.hpp"
#include "engine/model/anatomy_model.hpp"

namespace piriform::cli {
namespace {

constexpr double kMmHg = 133.322;

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
  return cmd;
}

int run_scenario(const RunOptions& o, bool verbose) {
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

  NewtonSettings newton;
  StaticSolver solver(run.model, newton, run.stepping);
  Progress progress(static_cast<int>(run.stepping.times.size()), run.stepping.end_time);
  if (!verbose) spdlog::set_level(spdlog::level::warn);
  double skin_down = 0.0, nerve_down = 0.0;
  const auto skin = s.anatomy ? facet_set_nodes(mesh.facet_set(anatomy::kSkinSurface)) : std::vector<Index>{};
  std::vector<Index> nerve;
  if (s.anatomy) {
    const int r = mesh.region_id(anatomy::kNerve);
    for (Index c = 0; c < mesh.num_cells(); ++c)
      if (mesh.cell_region[c] == r)
        nerve.insert(nerve.end(), mesh.cell(c), mesh.cell(c) + mesh.nodes_per_cell());
    std::sort(nerve.begin(), nerve.end());
    nerve.erase(std::unique(nerve.begin(), nerve.end()), nerve.end());
  }
  const SolveReport report = solver.run([&](const StepRecord& rec, const VecX& u) {
    for (Index v : skin) skin_down = std::max(skin_down, -u[3 * v + 2]);
    for (Index v : nerve) nerve_down = std::max(nerve_down, -u[3 * v + 2]);
    // Cut steps add converged sub-steps: progress counts the planned step ends reached.
    const auto& times = run.stepping.times;
    const auto reached = std::upper_bound(times.begin(), times.end(), rec.time * (1 + 1e-12)) - times.begin();
    progress.step(static_cast<int>(reached), rec.time, rec.iterations, rec.cuts);
  });
  progress.finish();
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);

  int iterations = 0, cuts = 0;
  for (const auto& step : report.steps) iterations += step.iterations, cuts += step.cuts;
  fmt::print("{} after {} steps: {} Newton iterations, {} step cuts, {:.1f} s wall ({})\n",
             report.completed ? "completed" : "STOPPED", report.steps.size(), iterations, cuts,
             report.wall_seconds, report.linear_solver);
  if (s.anatomy)
    fmt::print(
        "  deepest skin indentation {:.2f} mm; largest nerve displacement towards the ischium {:.2f} mm\n",
        1e3 * skin_down, 1e3 * nerve_down);
  if (!report.completed) {
    fmt::print(stderr, "error: {}\n", report.message);
    return 3;
  }
  return 0;
}

}  // namespace piriform::cli
