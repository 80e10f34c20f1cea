// Records a scenario run into its results file: at t = 0 and at every planned step end, the fields
// (displacement, stress), the compression metrics of the reported regions and the solver's statistics.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "cli/scenario/prepare.hpp"
#include "engine/metrics/region_metrics.hpp"
#include "engine/results/results_file.hpp"
#include "engine/results/xdmf.hpp"

namespace piriform::scenario {

// The series each reported region gets, "<region>/<name>", with units and descriptions.
std::vector<results::SeriesSpec> region_series(const std::string& region);

class RunRecorder {
 public:
  // Creates the results file (all errors about the output path come from here, before any solve) and
  // writes the undeformed state as step 0. provenance: name -> value pairs to store (version, revision...).
  RunRecorder(const Scenario& scenario, const PreparedRun& run, const std::filesystem::path& file,
              bool overwrite, std::vector<std::pair<std::string, std::string>> provenance);
  ~RunRecorder();

  // Call after every converged (sub-)step; writes an output step when t is a planned step end.
  void on_step(const StepRecord& record, const VecX& u, const Assembler& assembler);
  // Sets the file's status. The XDMF companion (same name, .xdmf) is rewritten after every output step,
  // so ParaView opens the steps finished so far even if the run is killed.
  void finish(bool completed, const std::string& message);

  const std::filesystem::path& file() const { return file_; }
  std::filesystem::path xdmf_file() const;
  int steps_written() const;

 private:
  void write(double t, const VecX& u, const Assembler* assembler);  // null: the undeformed state
  const PreparedRun& run_;
  std::filesystem::path file_;
  std::vector<RegionMetrics> regions_;
  std::vector<Index> skin_nodes_, stroke_nodes_;
  std::unique_ptr<results::ResultsWriter> writer_;
  results::XdmfInfo xdmf_;
  results::StepInfo pending_;  // statistics gathered over the sub-steps of the next output step
  double last_wall_ = 0.0;
  CellState state_;
  std::vector<double> displacement_, cauchy_, pressure_, mises_, stroke_pressure_, series_;
};

}  // namespace piriform::scenario
