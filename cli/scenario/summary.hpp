// The run summary: peak nerve compression (kPa and mmHg) and where, time above each threshold, the
// pressure-time integral, peak stretch, solver statistics and output paths; printed by `piriform run` at
// the end and by `piriform info` from a results file, from the same data.
#pragma once

#include <string>

#include "engine/results/results_reader.hpp"

namespace piriform::scenario {

// The summary as text (several lines, ending in a newline), from a results file as read back.
std::string format_summary(const results::ResultsFile& file);

}  // namespace piriform::scenario
