// A frame sequence of a run for teaching: the cut-away at every output step with one colour range, and an
// MP4 made from it when ffmpeg is installed.
#pragma once

#include <filesystem>

#include "engine/results/results_reader.hpp"
#include "viz/cutaway.hpp"

namespace piriform::viz {

struct Frames {
  int count = 0;
  std::filesystem::path movie;  // empty without ffmpeg
};

Frames render_frames(const results::ResultsFile& file, const std::filesystem::path& dir,
                     PictureSize size = {});

}  // namespace piriform::viz
