// Several runs side by side: each run's cut-away at its moment of peak nerve pressure, all with one colour
// scale, so a picture answers "Swedish vs deep tissue" or "over the nerve vs beside it" at a glance.
#pragma once

#include <filesystem>
#include <vector>

#include "engine/results/results_reader.hpp"
#include "viz/cutaway.hpp"

namespace piriform::viz {

// Returns the common colour range used.
PressureRange render_comparison(const std::vector<const results::ResultsFile*>& runs,
                                const std::filesystem::path& png, PictureSize size = {});

}  // namespace piriform::viz
