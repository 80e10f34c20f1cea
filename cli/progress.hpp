// Progress of a run: on a terminal, one line redrawn in place (bar, step, simulated time, ETA); otherwise
// (a log file, a batch job) one plain line per step.
#pragma once

#include <chrono>
#include <cstdio>
#include <string>

namespace piriform::cli {

class Progress {
 public:
  Progress(int steps, double end_time, std::FILE* out = stdout);
  bool interactive() const { return interactive_; }
  void step(int done, double time, int iterations, int cuts);
  void finish();

 private:
  int steps_;
  double end_time_;
  std::FILE* out_;
  bool interactive_;
  std::chrono::steady_clock::time_point start_;
};

}  // namespace piriform::cli
