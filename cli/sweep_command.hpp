// `piriform sweep plan|run|slurm|status|merge`: parameter sweeps over a base scenario, run as one child
// `piriform run` per run, locally in parallel, over MPI ranks, or as a Slurm job array.
#pragma once

#include <CLI/CLI.hpp>
#include <string>

namespace piriform::cli {

struct SweepOptions {
  std::string sweep;      // sweep file
  std::string directory;  // sweep directory (plan/run/slurm: -o; status/merge: positional)
  int show = 10;          // plan: runs listed
  int jobs = 1;           // run: runs at a time (per MPI rank with --mpi)
  int run_threads = 0;    // run: OpenMP threads per run; 0: cores / jobs
  bool mpi = false;
  int task = 0, tasks = 1;  // run: this process does the runs with index % tasks == task
  int array_size = 0;       // slurm: tasks in the array; 0: one per run
  std::string time, partition;
  int cpus_per_task = 1;
  bool submit = false;
  CLI::App *plan = nullptr, *run = nullptr, *slurm = nullptr, *status = nullptr, *merge = nullptr;
};

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& options);
int run_sweep(SweepOptions& options);

}  // namespace piriform::cli
