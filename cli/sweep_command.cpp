// `piriform sweep`: plans a sweep, runs it (local processes, MPI ranks asking rank 0's counter for the next
// run, or Slurm array tasks), reports its status and merges the results into one summary.
#include "cli/sweep_command.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <deque>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <thread>

#include "cli/scenario/sweep.hpp"
#include "cli/scenario/sweep_dir.hpp"
#include "engine/common/atomic_file.hpp"
#include "engine/common/error.hpp"

#ifdef PIRIFORM_HAVE_MPI
#include <mpi.h>
#endif

namespace piriform::cli {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

fs::path sweep_directory(const SweepOptions& o, const scenario::Sweep& sw) {
  return fs::absolute(o.directory.empty() ? fs::path("sweeps") / sw.name : fs::path(o.directory));
}

scenario::Sweep load_checked(const SweepOptions& o) {
  scenario::Sweep sw = scenario::load_sweep(o.sweep);
  scenario::check_sweep_runs(sw);
  return sw;
}

std::string self_executable() {
  std::error_code ec;
  const fs::path p = fs::read_symlink("/proc/self/exe", ec);
  if (ec) throw InputError("cannot find the piriform executable (/proc/self/exe) to start runs");
  return p.string();
}

int available_cores() {
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) return std::max(1, CPU_COUNT(&set));
  return std::max(1u, std::thread::hardware_concurrency());
}

std::string tail_lines(const fs::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::deque<std::string> last;
  std::string line;
  while (std::getline(in, line)) {
    last.push_back(line);
    if (last.size() > lines) last.pop_front();
  }
  std::string out;
  for (const auto& l : last) out += l + "\n";
  return out;
}

// Runs sweep runs as child `piriform run` processes, up to `jobs` at a time, taking run indices from
// `next` until it has none. `poll` is called while waiting (MPI progress). Returns the number that failed.
class Executor {
 public:
  Executor(fs::path dir, const scenario::Manifest& m, int jobs, int threads)
      : dir_(std::move(dir)), manifest_(m), jobs_(jobs), threads_(threads), exe_(self_executable()) {}

  int execute(const std::function<std::optional<std::size_t>()>& next, const std::function<void()>& poll,
              std::size_t total, const std::string& who) {
    std::vector<Child> running;
    bool more = true;
    int failed = 0;
    std::size_t finished = 0;
    while (true) {
      while (more && static_cast<int>(running.size()) < jobs_) {
        const auto index = next();
        if (!index) {
          more = false;
          break;
        }
        running.push_back(launch(*index));
      }
      if (running.empty()) break;
      int wstatus = 0;
      const pid_t pid = ::waitpid(-1, &wstatus, WNOHANG);
      if (pid == 0 || (pid < 0 && errno == EINTR)) {
        if (poll) poll();
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        continue;
      }
      if (pid < 0) throw InputError(fmt::format("waiting for runs: {}", std::strerror(errno)));
      const auto it =
          std::find_if(running.begin(), running.end(), [&](const Child& c) { return c.pid == pid; });
      if (it == running.end()) continue;
      const Child child = *it;
      running.erase(it);
      ++finished;
      const double seconds = std::chrono::duration<double>(Clock::now() - child.start).count();
      const std::string& id = manifest_.ids[child.index];
      if (WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0) {
        fmt::print("{}[{}/{}] run {} completed ({:.1f} s)\n", who, finished, total, id, seconds);
      } else {
        ++failed;
        const std::string how = WIFEXITED(wstatus) ? fmt::format("exit status {}", WEXITSTATUS(wstatus))
                                                   : fmt::format("killed by signal {}", WTERMSIG(wstatus));
        write_file_atomically(scenario::run_error_file(dir_, id),
                              fmt::format("run {} failed: {}; the end of its log ({}):\n{}", id, how,
                                          (scenario::run_dir(dir_, id) / "log.txt").string(),
                                          tail_lines(scenario::run_dir(dir_, id) / "log.txt", 20)));
        fmt::print("{}[{}/{}] run {} FAILED ({}, {:.1f} s): see {}\n", who, finished, total, id, how, seconds,
                   scenario::run_error_file(dir_, id).string());
      }
      std::fflush(stdout);
    }
    return failed;
  }

 private:
  struct Child {
    std::size_t index;
    pid_t pid;
    Clock::time_point start;
  };

  Child launch(std::size_t index) {
    const std::string& id = manifest_.ids[index];
    std::error_code ec;
    fs::remove(scenario::run_error_file(dir_, id), ec);  // a redone run starts without its old error
    const std::string log = (scenario::run_dir(dir_, id) / "log.txt").string();
    const std::string scenario_file = scenario::run_scenario_file(dir_, id).string();
    const std::string out = scenario::run_dir(dir_, id).string();
    const std::string threads = std::to_string(threads_);
    std::fflush(stdout);
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) throw InputError(fmt::format("cannot start run {}: {}", id, std::strerror(errno)));
    if (pid == 0) {
      // A killed driver takes its runs with it, so that a resumed sweep never has two writers of one file.
      ::prctl(PR_SET_PDEATHSIG, SIGKILL);
      if (::getppid() != parent) ::_exit(126);
      const int fd = ::open(log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd >= 0) {
        ::dup2(fd, 1);
        ::dup2(fd, 2);
        ::close(fd);
      }
      ::setenv("OMP_NUM_THREADS", threads.c_str(), 1);
      const char* argv[] = {exe_.c_str(),  "run",  scenario_file.c_str(), "-o", out.c_str(),
                            "--overwrite", nullptr};
      ::execv(exe_.c_str(), const_cast<char* const*>(argv));
      std::fprintf(stderr, "cannot start %s: %s\n", exe_.c_str(), std::strerror(errno));
      ::_exit(127);
    }
    return {index, pid, Clock::now()};
  }

  fs::path dir_;
  const scenario::Manifest& manifest_;
  int jobs_, threads_;
  std::string exe_;
};

// The runs this process is responsible for (index % tasks == task) that are not completed yet.
std::vector<std::size_t> runs_to_do(const fs::path& dir, const scenario::Manifest& m, int task, int tasks,
                                    std::size_t* done) {
  std::vector<std::size_t> todo;
  *done = 0;
  for (std::size_t r = 0; r < m.ids.size(); ++r) {
    if (static_cast<int>(r % static_cast<std::size_t>(tasks)) != task) continue;
    if (scenario::run_status(dir, m.ids[r]) == "completed")
      ++*done;
    else
      todo.push_back(r);
  }
  return todo;
}

void print_merge(const fs::path& dir, const scenario::MergeReport& r) {
  fmt::print("summary: {} completed, {} failed, {} incomplete, {} pending -> {}, {}\n", r.completed, r.failed,
             r.incomplete, r.pending, (dir / "summary.csv").string(), (dir / "summary.h5").string());
}

int plan(const SweepOptions& o) {
  const scenario::Sweep sw = load_checked(o);
  const auto m = scenario::sweep_manifest(sw);
  fmt::print("sweep {}: {} runs of {} ({} axes); every run's scenario checked\n", sw.name, sw.runs.size(),
             sw.base.string(), sw.axes.size());
  fmt::print("directory: {}\n", sweep_directory(o, sw).string());
  std::vector<std::size_t> width;
  for (const auto& p : m.parameters) width.push_back(p.size());
  const std::size_t shown = std::min<std::size_t>(m.ids.size(), static_cast<std::size_t>(o.show));
  for (std::size_t r = 0; r < shown; ++r)
    for (std::size_t p = 0; p < width.size(); ++p) width[p] = std::max(width[p], m.rows[r][p].size());
  std::string header = fmt::format("{:<{}}", "run", m.ids.front().size());
  for (std::size_t p = 0; p < width.size(); ++p) header += fmt::format("  {:<{}}", m.parameters[p], width[p]);
  auto trimmed = [](std::string line) { return line.erase(line.find_last_not_of(' ') + 1); };
  fmt::print("{}\n", trimmed(header));
  for (std::size_t r = 0; r < shown; ++r) {
    std::string line = m.ids[r];
    for (std::size_t p = 0; p < width.size(); ++p) line += fmt::format("  {:<{}}", m.rows[r][p], width[p]);
    fmt::print("{}\n", trimmed(line));
  }
  if (shown < m.ids.size()) fmt::print("... and {} more\n", m.ids.size() - shown);
  return 0;
}

int run_local(const SweepOptions& o) {
  const scenario::Sweep sw = load_checked(o);
  const fs::path dir = sweep_directory(o, sw);
  scenario::prepare_sweep_dir(sw, dir);
  const auto m = scenario::read_manifest(dir);
  std::size_t done = 0;
  const auto todo = runs_to_do(dir, m, o.task, o.tasks, &done);
  const int threads = o.run_threads > 0 ? o.run_threads : std::max(1, available_cores() / o.jobs);
  fmt::print("sweep {}: {} runs{}, {} completed already, {} to run, {} at a time ({} threads each) in {}\n",
             sw.name, m.ids.size(), o.tasks > 1 ? fmt::format(" (task {} of {})", o.task, o.tasks) : "", done,
             todo.size(), o.jobs, threads, dir.string());
  std::fflush(stdout);
  Executor executor(dir, m, o.jobs, threads);
  std::size_t k = 0;
  const int failed = executor.execute(
      [&]() -> std::optional<std::size_t> {
        if (k == todo.size()) return std::nullopt;
        return todo[k++];
      },
      nullptr, todo.size(), "");
  if (o.tasks == 1) {
    print_merge(dir, scenario::merge_sweep(dir));
  } else {
    fmt::print("task {} of {} done; when every task is: piriform sweep merge {}\n", o.task, o.tasks,
               dir.string());
  }
  return failed > 0 ? 3 : 0;
}

#ifdef PIRIFORM_HAVE_MPI
// Every rank runs children like the local executor; the next run comes from a counter on rank 0, read and
// incremented atomically (MPI_Fetch_and_op), so that ranks with short runs take more of them.
int run_mpi(const SweepOptions& o) {
  MPI_Init(nullptr, nullptr);
  int rank = 0, size = 1;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  // Rank 0 checks the sweep and prepares the directory; the others learn whether it worked.
  std::string error;
  fs::path dir;
  std::vector<unsigned long> todo;
  if (rank == 0) {
    try {
      const scenario::Sweep sw = load_checked(o);
      dir = sweep_directory(o, sw);
      scenario::prepare_sweep_dir(sw, dir);
      std::size_t done = 0;
      for (std::size_t r : runs_to_do(dir, scenario::read_manifest(dir), o.task, o.tasks, &done))
        todo.push_back(r);
      fmt::print("sweep {}: {} completed already, {} to run over {} MPI ranks in {}\n", sw.name, done,
                 todo.size(), size, dir.string());
      std::fflush(stdout);
    } catch (const InputError& e) {
      error = e.what();
    }
  }
  int ok = error.empty();
  MPI_Bcast(&ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
  if (!ok) {
    MPI_Finalize();
    if (rank == 0) throw InputError(error);
    return 2;
  }
  std::string dir_text = dir.string();
  unsigned long counts[2] = {dir_text.size(), todo.size()};
  MPI_Bcast(counts, 2, MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
  dir_text.resize(counts[0]);
  todo.resize(counts[1]);
  MPI_Bcast(dir_text.data(), static_cast<int>(counts[0]), MPI_CHAR, 0, MPI_COMM_WORLD);
  if (counts[1] > 0)
    MPI_Bcast(todo.data(), static_cast<int>(counts[1]), MPI_UNSIGNED_LONG, 0, MPI_COMM_WORLD);
  dir = dir_text;

  MPI_Comm node;
  MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, rank, MPI_INFO_NULL, &node);
  int ranks_here = 1;
  MPI_Comm_size(node, &ranks_here);
  MPI_Comm_free(&node);
  // Ranks bound to their own cores see only those; unbound ranks share the node's cores.
  const int cores = available_cores();
  const int share = cores == static_cast<int>(std::thread::hardware_concurrency()) ? ranks_here : 1;
  const int threads = o.run_threads > 0 ? o.run_threads : std::max(1, cores / (share * o.jobs));

  long* counter = nullptr;
  MPI_Win win;
  MPI_Win_allocate(rank == 0 ? sizeof(long) : 0, sizeof(long), MPI_INFO_NULL, MPI_COMM_WORLD, &counter, &win);
  if (rank == 0) {
    MPI_Win_lock(MPI_LOCK_EXCLUSIVE, 0, 0, win);
    *counter = 0;
    MPI_Win_unlock(0, win);
  }
  MPI_Barrier(MPI_COMM_WORLD);
  int failed = 0;
  try {
    const auto m = scenario::read_manifest(dir);
    Executor executor(dir, m, o.jobs, threads);
    failed = executor.execute(
        [&]() -> std::optional<std::size_t> {
          const long one = 1;
          long got = 0;
          MPI_Win_lock(MPI_LOCK_SHARED, 0, 0, win);
          MPI_Fetch_and_op(&one, &got, MPI_LONG, 0, 0, MPI_SUM, win);
          MPI_Win_unlock(0, win);
          if (got >= static_cast<long>(todo.size())) return std::nullopt;
          return static_cast<std::size_t>(todo[static_cast<std::size_t>(got)]);
        },
        [] {
          int flag = 0;
          MPI_Iprobe(MPI_ANY_SOURCE, MPI_ANY_TAG, MPI_COMM_WORLD, &flag, MPI_STATUS_IGNORE);
        },
        todo.size(), fmt::format("rank {}: ", rank));
  } catch (const InputError& e) {
    fmt::print(stderr, "rank {}: error: {}\n", rank, e.what());
    MPI_Abort(MPI_COMM_WORLD, 2);
  }
  int failed_total = 0;
  MPI_Reduce(&failed, &failed_total, 1, MPI_INT, MPI_SUM, 0, MPI_COMM_WORLD);
  MPI_Win_free(&win);
  if (rank == 0 && o.tasks == 1) {
    try {
      print_merge(dir, scenario::merge_sweep(dir));
    } catch (const InputError& e) {
      error = e.what();
    }
  }
  MPI_Bcast(&failed_total, 1, MPI_INT, 0, MPI_COMM_WORLD);
  MPI_Finalize();
  if (!error.empty()) throw InputError(error);
  return failed_total > 0 ? 3 : 0;
}
#endif

std::string shell_quote(const std::string& s) {
  std::string q = "'";
  for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int slurm(const SweepOptions& o) {
  const scenario::Sweep sw = load_checked(o);
  const fs::path dir = sweep_directory(o, sw);
  scenario::prepare_sweep_dir(sw, dir);
  const int runs = static_cast<int>(sw.runs.size());
  const int tasks = o.array_size > 0 ? std::min(o.array_size, runs) : runs;
  std::error_code ec;
  fs::create_directories(dir / "slurm", ec);
  std::string script = fmt::format(
      "#!/bin/bash\n"
      "# Generated by `piriform sweep slurm` for {}: a job array whose task k does the runs with index % {} "
      "== k;\n"
      "# a task that is run again skips its completed runs. Merge when all are done: piriform sweep merge "
      "{}\n"
      "#SBATCH --job-name={}\n#SBATCH --array=0-{}\n#SBATCH --output={}\n#SBATCH --cpus-per-task={}\n",
      fs::absolute(sw.file).string(), tasks, dir.string(), sw.name, tasks - 1,
      (dir / "slurm" / "task-%a.out").string(), o.cpus_per_task);
  if (!o.time.empty()) script += fmt::format("#SBATCH --time={}\n", o.time);
  if (!o.partition.empty()) script += fmt::format("#SBATCH --partition={}\n", o.partition);
  script += fmt::format(
      "exec {} sweep run {} -o {} --task \"$SLURM_ARRAY_TASK_ID\" --tasks {} -j 1 --run-threads {}\n",
      shell_quote(self_executable()), shell_quote(fs::absolute(sw.file).string()), shell_quote(dir.string()),
      tasks, o.cpus_per_task);
  const fs::path file = dir / "sweep.sbatch";
  write_file_atomically(file, script);
  fmt::print("sweep {}: {} runs as a job array of {} tasks: {}\n", sw.name, runs, tasks, file.string());
  if (!o.submit) {
    fmt::print("submit with: sbatch {}\n", file.string());
    return 0;
  }
  std::fflush(stdout);
  const pid_t pid = ::fork();
  if (pid == 0) {
    const char* argv[] = {"sbatch", file.c_str(), nullptr};
    ::execvp("sbatch", const_cast<char* const*>(argv));
    std::fprintf(stderr, "cannot run sbatch: %s\n", std::strerror(errno));
    ::_exit(127);
  }
  int wstatus = 0;
  ::waitpid(pid, &wstatus, 0);
  if (!WIFEXITED(wstatus) || WEXITSTATUS(wstatus) != 0)
    throw InputError(fmt::format("sbatch {} failed; the script is there to submit by hand", file.string()));
  return 0;
}

int status(const SweepOptions& o) {
  const fs::path dir = o.directory;
  const auto m = scenario::read_manifest(dir);
  std::map<std::string, std::vector<std::string>> by;
  for (const auto& id : m.ids) by[scenario::run_status(dir, id)].push_back(id);
  fmt::print("{}: {} runs: {} done, {} failed, {} incomplete, {} pending\n", dir.string(), m.ids.size(),
             by["completed"].size(), by["failed"].size(), by["incomplete"].size(), by["pending"].size());
  for (const auto& id : by["failed"]) {
    std::ifstream in(scenario::run_error_file(dir, id));
    std::string first;
    std::getline(in, first);
    fmt::print("  failed {}: {}\n", id, first.empty() ? "the solver stopped (see its results file)" : first);
  }
  for (const char* kind : {"incomplete", "pending"})
    if (!by[kind].empty()) fmt::print("  {}: {}\n", kind, fmt::join(by[kind], " "));
  return 0;
}

}  // namespace

CLI::App* add_sweep_command(CLI::App& app, SweepOptions& o) {
  auto* cmd = app.add_subcommand("sweep", "Parameter sweeps over a scenario (scenarios/SWEEPS.md)");
  cmd->require_subcommand(1);
  o.plan = cmd->add_subcommand("plan", "Check a sweep file and list its runs, without running anything");
  o.plan->add_option("sweep", o.sweep, "Sweep file")->required();
  o.plan->add_option("-o,--output", o.directory, "Sweep directory (default: sweeps/<name>)");
  o.plan->add_option("--show", o.show, "Runs to list")->check(CLI::NonNegativeNumber)->capture_default_str();

  o.run = cmd->add_subcommand("run", "Run a sweep (skipping completed runs) and merge its summary");
  o.run->add_option("sweep", o.sweep, "Sweep file")->required();
  o.run->add_option("-o,--output", o.directory, "Sweep directory (default: sweeps/<name>)");
  o.run->add_option("-j,--jobs", o.jobs, "Runs at a time (per rank with --mpi)")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  o.run->add_option("--run-threads", o.run_threads, "OpenMP threads per run (default: cores / jobs)")
      ->check(CLI::Range(1, 1024));
  o.run->add_flag("--mpi", o.mpi,
                  "Share the runs among MPI ranks (mpirun -n K piriform sweep run ... --mpi)");
  o.run->add_option("--task", o.task, "Do only the runs with index % tasks == task (Slurm array tasks)")
      ->check(CLI::NonNegativeNumber);
  o.run->add_option("--tasks", o.tasks, "Number of tasks sharing the sweep")->check(CLI::Range(1, 1000000));

  o.slurm = cmd->add_subcommand("slurm", "Write (and with --submit, submit) a Slurm job array for a sweep");
  o.slurm->add_option("sweep", o.sweep, "Sweep file")->required();
  o.slurm->add_option("-o,--output", o.directory, "Sweep directory (default: sweeps/<name>)");
  o.slurm->add_option("--array-size", o.array_size, "Array tasks (default: one per run)")
      ->check(CLI::Range(1, 1000000));
  o.slurm->add_option("--time", o.time, "Time limit per task (sbatch --time)");
  o.slurm->add_option("--partition", o.partition, "Partition (sbatch --partition)");
  o.slurm->add_option("--cpus-per-task", o.cpus_per_task, "Cores per task, OpenMP threads of its runs")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  o.slurm->add_flag("--submit", o.submit, "Submit the script with sbatch");

  o.status =
      cmd->add_subcommand("status", "Count a sweep directory's runs: done, failed, incomplete, pending");
  o.status->add_option("directory", o.directory, "Sweep directory")->required();
  o.merge = cmd->add_subcommand("merge", "Write summary.csv and summary.h5 of a sweep directory");
  o.merge->add_option("directory", o.directory, "Sweep directory")->required();
  return cmd;
}

int run_sweep(SweepOptions& o) {
  if (o.task >= o.tasks)
    throw InputError(fmt::format("--task: expected a task below --tasks ({}), got {}", o.tasks, o.task));
  if (o.plan->parsed()) return plan(o);
  if (o.run->parsed()) {
    if (!o.mpi) return run_local(o);
#ifdef PIRIFORM_HAVE_MPI
    return run_mpi(o);
#else
    throw InputError("--mpi: this piriform was built without MPI (install libopenmpi-dev and rebuild)");
#endif
  }
  if (o.slurm->parsed()) return slurm(o);
  if (o.status->parsed()) return status(o);
  if (o.merge->parsed()) {
    const fs::path dir = o.directory;
    print_merge(dir, scenario::merge_sweep(dir));
  }
  return 0;
}

}  // namespace piriform::cli
