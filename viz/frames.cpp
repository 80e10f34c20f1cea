#include "viz/frames.hpp"

#include <fmt/format.h>
#include <vtkRenderWindow.h>

#include <algorithm>
#include <cstdlib>

#include "engine/common/error.hpp"
#include "viz/png.hpp"

namespace piriform::viz {

Frames render_frames(const results::ResultsFile& file, const std::filesystem::path& dir, PictureSize size) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (!std::filesystem::is_directory(dir))
    throw InputError(fmt::format("cannot create the frame directory '{}'", dir.string()));
  // One colour range for the whole sequence, so colours mean the same in every frame.
  PressureRange range{0.0, 1.0};
  for (int s = 0; s < file.steps_completed; ++s)
    range.hi = std::max(range.hi, default_pressure_range(file, s).hi);
  Frames out;
  for (int s = 0; s < file.steps_completed; ++s) {
    Picture picture = cutaway_picture(file, s, range, "cut along the nerve", size);
    write_png(
        picture.window, dir / fmt::format("frame-{:04d}.png", s),
        {{"piriform:step", std::to_string(s)},
         {"piriform:pressure_range_kpa", fmt::format("{:.9g} {:.9g}", range.lo / 1e3, range.hi / 1e3)}});
    ++out.count;
  }
  if (std::system("command -v ffmpeg >/dev/null 2>&1") == 0) {
    const auto movie = dir / "stroke.mp4";
    const std::string command = fmt::format(
        "ffmpeg -loglevel error -y -framerate 8 -i '{}/frame-%04d.png' -vf "
        "'scale=trunc(iw/2)*2:trunc(ih/2)*2' "
        "-pix_fmt yuv420p '{}'",
        dir.string(), movie.string());
    if (std::system(command.c_str()) == 0) out.movie = movie;
  }
  return out;
}

}  // namespace piriform::viz
