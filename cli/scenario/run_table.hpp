// One row of numbers per run, read from its results file: the nerve's peak pressures, time above each
// threshold, pressure-time integral, peak stretch, stroke force, skin indentation and solver statistics;
// as CSV and Markdown tables for comparisons (and sweep summaries).
#pragma once

#include <string>
#include <vector>

#include "engine/results/results_reader.hpp"

namespace piriform::scenario {

struct Column {
  std::string name, unit;
};

struct RunRow {
  std::string run;             // results file name without extension
  std::string status;          // completed, failed, running
  std::vector<double> values;  // one per column; NaN where the run has no such quantity
};

// The columns for runs with these thresholds (the first run's thresholds name the threshold columns).
std::vector<Column> run_columns(const std::vector<std::pair<std::string, double>>& thresholds_pa);
// The row of a results file for those columns: time above threshold k uses the run's own k-th threshold.
RunRow run_row(const results::ResultsFile& file, std::size_t thresholds);

std::string csv_table(const std::vector<Column>& columns, const std::vector<RunRow>& rows);
std::string markdown_table(const std::vector<Column>& columns, const std::vector<RunRow>& rows);

}  // namespace piriform::scenario
