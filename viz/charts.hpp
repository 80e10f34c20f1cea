// Charts of a run's nerve metrics: interface pressure over time against the thresholds with the stroke
// force on a second axis, and the pressure along the nerve over time as a heat map.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/results/results_reader.hpp"
#include "viz/cutaway.hpp"

namespace piriform::viz {

bool has_nerve_metrics(const results::ResultsFile& file);

// Peak (solid) and mean (dashed) interface pressure of each run in mmHg with the first run's thresholds;
// with one run, its stroke force on the right axis. Throws InputError for a run without nerve metrics.
void render_nerve_pressure_chart(const std::vector<const results::ResultsFile*>& runs,
                                 const std::filesystem::path& png, PictureSize size = {});

// The largest interface pressure in each slice of the nerve (rows: arc length) at each time (columns,
// interpolated linearly between output steps), mmHg.
void render_nerve_pressure_map(const results::ResultsFile& file, const std::filesystem::path& png,
                               PictureSize size = {});

}  // namespace piriform::viz
