// Benchmarks of the mechanics core: element kernel, global assembly, factorisation and solve, and a full
// nonlinear solve of the tissue block under a pressure patch. Figures are recorded in bench/README.md.
#include <benchmark/benchmark.h>
#include <spdlog/cfg/env.h>
#include <spdlog/spdlog.h>

#include <random>

#include "engine/assembly/solid_kernel.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/model/tissue_block.hpp"
#include "engine/solver/static_solver.hpp"

namespace piriform {
namespace {

// A tissue block with about `dofs` degrees of freedom (Tet10, nine cell layers).
TissueBlockSpec block_of_size(int dofs) {
  TissueBlockSpec spec;
  spec.cells_skin = 1;
  spec.cells_fat = 3;
  spec.cells_muscle = 5;
  spec.cells_xy = 2;
  while (3 * tissue_block_nodes(spec) < dofs) ++spec.cells_xy;
  return spec;
}

// A displacement field of a few percent strain, so the kernels see a genuinely deformed state.
VecX wavy_displacement(const Mesh& mesh, double amplitude) {
  VecX u(3 * mesh.num_nodes());
  for (Index v = 0; v < mesh.num_nodes(); ++v) {
    const Vec3 X = mesh.X.col(v);
    u.segment<3>(3 * v) = amplitude * Vec3(std::sin(40 * X[1]), std::sin(30 * X[2]), std::sin(50 * X[0]));
  }
  return u;
}

void BM_Tet10Kernel(benchmark::State& state) {
  Model model = tissue_block({});
  const CellGeometry geo(model.mesh);
  const NeoHookean mat(800.0, 66.7e3);
  const VecX u = wavy_displacement(model.mesh, 1e-4);
  using Kernel = SolidKernel<CellType::Tet10>;
  Kernel::Disp ue;
  Kernel::Vec re;
  Kernel::Mat Ke;
  Index c = 0;
  for (auto _ : state) {
    for (int a = 0; a < Kernel::n; ++a) ue.col(a) = u.segment<3>(3 * model.mesh.cell(c)[a]);
    re.setZero();
    Ke.setZero();
    benchmark::DoNotOptimize(Kernel::finite(geo, c, ue, mat, Vec3::Zero(), &re, &Ke, false));
    benchmark::DoNotOptimize(Ke.data());
    c = (c + 1) % model.mesh.num_cells();
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["qp_per_s"] =
      benchmark::Counter(double(state.iterations()) * geo.num_points(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Tet10Kernel);

void BM_Assembly(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  Model model = tissue_block(block_of_size(static_cast<int>(state.range(0))));
  const DofMap dofs = DofMap::from_model(model);
  const Assembler assembler(model, dofs);
  const VecX u = wavy_displacement(model.mesh, 1e-4);
  VecX r;
  SpMat K = assembler.sparsity().pattern();
  for (auto _ : state) {
    assembler.evaluate(u, 1.0, &r, &K);
    benchmark::DoNotOptimize(K.valuePtr());
  }
  const double cells = model.mesh.num_cells();
  state.counters["dofs"] = dofs.num_free();
  state.counters["cells_per_s"] = benchmark::Counter(cells * state.iterations(), benchmark::Counter::kIsRate);
  state.counters["qp_per_s"] = benchmark::Counter(
      cells * assembler.geometry().num_points() * state.iterations(), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_Assembly)->Arg(30000)->Arg(100000)->Arg(300000)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_FactorizeAndSolve(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  Model model = tissue_block(block_of_size(static_cast<int>(state.range(0))));
  const DofMap dofs = DofMap::from_model(model);
  const Assembler assembler(model, dofs);
  VecX r, rf;
  SpMat K = assembler.sparsity().pattern();
  assembler.evaluate(VecX::Zero(dofs.num_dofs()), 1.0, &r, &K);
  dofs.gather(r, rf);
  const auto kind = static_cast<LinearSolverKind>(state.range(1));
  auto solver = make_linear_solver({kind});
  solver->analyze(K);
  VecX x;
  for (auto _ : state) {
    solver->factorize(K);
    solver->solve(rf, x);
    benchmark::DoNotOptimize(x.data());
  }
  state.SetLabel(linear_solver_name(kind));
  state.counters["dofs"] = dofs.num_free();
}
BENCHMARK(BM_FactorizeAndSolve)
    ->Args({30000, int(LinearSolverKind::Cholmod)})
    ->Args({100000, int(LinearSolverKind::Cholmod)})
    ->Args({100000, int(LinearSolverKind::CG)})
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

// The nonlinear block: 10 load steps of a 2 kPa patch (palm, r = 15 mm) on skin, fat and muscle.
void BM_NonlinearBlock(benchmark::State& state) {
  spdlog::set_level(spdlog::level::warn);
  spdlog::cfg::load_env_levels();  // SPDLOG_LEVEL=info shows the solver's step and iteration log
  Model model = tissue_block(block_of_size(static_cast<int>(state.range(0))));
  int iterations = 0;
  Index dofs = 0;
  for (auto _ : state) {
    StaticSolver solver(model, {}, {1.0, 10, 10});
    const SolveReport report = solver.run();
    if (!report.completed) state.SkipWithError(report.message.c_str());
    iterations = 0;
    for (const auto& s : report.steps) iterations += s.iterations;
    dofs = solver.dofs().num_free();
  }
  state.counters["dofs"] = dofs;
  state.counters["newton_iterations"] = iterations;
}
// 300k dofs is left out: one direct factorisation there takes minutes on two cores (bench/README.md).
BENCHMARK(BM_NonlinearBlock)->Arg(30000)->Arg(100000)->Iterations(1)->Unit(benchmark::kSecond)->UseRealTime();

}  // namespace
}  // namespace piriform
