#include "cli/progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

namespace piriform::cli {
namespace {
std::string clock(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  return s >= 3600 ? fmt::format("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
                   : fmt::format("{}:{:02}", s / 60, s % 60);
}
}  // namespace

Progress::Progress(int steps, double end_time, std::FILE* out)
    : steps_(steps),
      end_time_(end_time),
      out_(out),
      interactive_(::isatty(::fileno(out)) != 0),
      start_(std::chrono::steady_clock::now()) {}

void Progress::step(int done, double time, int iterations, int cuts) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // Steps cost about the same, so the remaining wall time scales with the remaining steps.
  const double eta = done > 0 ? elapsed * (steps_ - done) / done : 0.0;
  if (interactive_) {
    constexpr int width = 30;
    const int filled = steps_ > 0 ? width * done / steps_ : width;
    fmt::print(out_, "\r[{}{}] step {}/{}  t = {:.2f} / {:.2f} s  elapsed {}  ETA {}   ",
               std::string(filled, '#'), std::string(width - filled, '.'), done, steps_, time, end_time_,
               clock(elapsed), clock(eta));
  } else {
    fmt::print(out_, "step {}/{}  t = {:.4g} s  Newton iterations {}{}  elapsed {}  ETA {}\n", done, steps_,
               time, iterations, cuts ? fmt::format("  step cuts {}", cuts) : "", clock(elapsed), clock(eta));
  }
  std::fflush(out_);
}

void Progress::finish() {
  if (interactive_) fmt::print(out_, "\n");
  std::fflush(out_);
}

}  // namespace piriform::cli
