// The piriform command line: a thin layer that parses options, builds a model with the engine and
// reports. Subcommands arrive with the features behind them.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <cmath>
#include <csignal>
#include <map>

#include "cli/compare_command.hpp"
#include "cli/export_command.hpp"
#include "cli/info_command.hpp"
#include "cli/mesh_command.hpp"
#include "cli/render_command.hpp"
#include "cli/run_command.hpp"
#include "cli/sweep_command.hpp"
#include "cli/version.hpp"
#include "engine/common/error.hpp"
#include "engine/model/tissue_block.hpp"
#include "engine/solver/static_solver.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace {

using namespace piriform;

struct BlockOptions {
  std::string cell = "tet10";
  int cells_xy = 12;
  double pressure_kpa = 2.0;
  double radius_mm = 15.0;
  int steps = 10;
  std::string solver = "cholmod";
};

int run_block(const BlockOptions& o) {
  static const std::map<std::string, CellType> cells = {{"tet4", CellType::Tet4},
                                                        {"tet10", CellType::Tet10},
                                                        {"hex8", CellType::Hex8},
                                                        {"hex20", CellType::Hex20}};
  static const std::map<std::string, LinearSolverKind> solvers = {{"cholmod", LinearSolverKind::Cholmod},
                                                                  {"ldlt", LinearSolverKind::LDLT},
                                                                  {"cg", LinearSolverKind::CG},
                                                                  {"lu", LinearSolverKind::LU}};
  TissueBlockSpec spec;
  spec.type = cells.at(o.cell);
  spec.cells_xy = o.cells_xy;
  spec.pressure = o.pressure_kpa * 1e3;
  spec.patch_radius = o.radius_mm * 1e-3;
  Model model = tissue_block(spec);
  if (spec.type == CellType::Hex8) model.formulation = Formulation::MeanDilatation;

  NewtonSettings newton;
  newton.linear.kind = solvers.at(o.solver);
  StaticSolver solver(model, newton, {1.0, o.steps, 10});
  fmt::print("tissue block: {} {} cells, {} nodes, {} free dofs, {} colours, solver {}\n",
             model.mesh.num_cells(), cell_type_name(model.mesh.cell_type), model.mesh.num_nodes(),
             solver.dofs().num_free(), solver.assembler().sparsity().num_colours(),
             linear_solver_name(newton.linear.kind));
  const SolveReport report = solver.run();

  const VecX& u = solver.displacement();
  double max_down = 0.0;
  for (Index v = 0; v < model.mesh.num_nodes(); ++v) max_down = std::max(max_down, -u[3 * v + 2]);
  int iterations = 0;
  for (const auto& s : report.steps) iterations += s.iterations;
  fmt::print("\n{} after {} steps ({} Newton iterations) in {:.2f} s wall\n",
             report.completed ? "completed" : "STOPPED", report.steps.size(), iterations,
             report.wall_seconds);
  fmt::print("patch pressure {:.2f} kPa ({:.1f} mmHg) over r < {:.1f} mm; skin indentation {:.2f} mm\n",
             o.pressure_kpa, o.pressure_kpa / 0.13332, o.radius_mm, 1e3 * max_down);
  if (!report.completed) {
    fmt::print(stderr, "error: {}\n", report.message);
    return 3;
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"piriform: soft tissue over the piriformis and sciatic nerve under massage strokes"};
  app.set_version_flag("--version", fmt::format("piriform {} ({})", cli::kVersion, cli::kGitRevision));
  app.require_subcommand(1);
  int threads = 0;
  bool verbose = false;
  app.add_option("--threads", threads, "OpenMP threads (default: all cores)")->check(CLI::NonNegativeNumber);
  app.add_flag("-v,--verbose", verbose, "debug log");

  BlockOptions block;
  auto* cmd = app.add_subcommand("block", "Placeholder run: a layered tissue block under a pressure patch");
  cmd->add_option("--cell", block.cell, "Cell type")
      ->check(CLI::IsMember({"tet4", "tet10", "hex8", "hex20"}))
      ->capture_default_str();
  cmd->add_option("--cells", block.cells_xy, "Grid cells across the block")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--pressure-kpa", block.pressure_kpa, "Patch pressure, kPa")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option("--radius-mm", block.radius_mm, "Patch radius, mm")
      ->check(CLI::PositiveNumber)
      ->capture_default_str();
  cmd->add_option("--steps", block.steps, "Load steps")->check(CLI::PositiveNumber)->capture_default_str();
  cmd->add_option("--solver", block.solver, "Linear solver")
      ->check(CLI::IsMember({"cholmod", "ldlt", "cg", "lu"}))
      ->capture_default_str();

  cli::MeshOptions mesh;
  auto* mesh_cmd = cli::add_mesh_command(app, mesh);
  cli::RunOptions run;
  auto* run_cmd = cli::add_run_command(app, run);
  cli::InfoOptions info;
  auto* info_cmd = cli::add_info_command(app, info);
  cli::CompareOptions compare;
  auto* compare_cmd = cli::add_compare_command(app, compare);
  cli::RenderOptions render;
  auto* render_cmd = cli::add_render_command(app, render);
  cli::ExportOptions export_options;
  auto* export_cmd = cli::add_export_command(app, export_options);
  cli::SweepOptions sweep;
  auto* sweep_cmd = cli::add_sweep_command(app, sweep);

  CLI11_PARSE(app, argc, argv);
  // A file-size limit (ulimit -f) must surface as a write error with a message, not kill the program.
  std::signal(SIGXFSZ, SIG_IGN);
  spdlog::set_pattern("[%H:%M:%S] %^%l%$ %v");
  spdlog::set_level(verbose ? spdlog::level::debug : spdlog::level::info);
#ifdef _OPENMP
  if (threads > 0) omp_set_num_threads(threads);
#endif
  try {
    if (cmd->parsed()) return run_block(block);
    if (mesh_cmd->parsed()) return cli::run_mesh(mesh, *mesh_cmd);
    if (run_cmd->parsed()) {
      std::string command_line;
      for (int i = 0; i < argc; ++i) command_line += (i ? " " : "") + std::string(argv[i]);
      return cli::run_scenario(run, verbose, command_line);
    }
    if (info_cmd->parsed()) return cli::run_info(info);
    if (export_cmd->parsed()) return cli::run_export(export_options);
    if (render_cmd->parsed()) return cli::run_render(render);
    if (compare_cmd->parsed()) return cli::run_compare(compare);
    if (sweep_cmd->parsed()) return cli::run_sweep(sweep);
  } catch (const InputError& e) {
    fmt::print(stderr, "error: {}\n", e.what());
    return 2;
  } catch (const SolverError& e) {
    fmt::print(stderr, "solver error: {}\n", e.what());
    return 3;
  }
  return 0;
}
