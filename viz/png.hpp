// PNG files from VTK render windows, written under a temporary name and renamed, with text chunks that
// say what the picture shows (colour-map range, step, time) so tests and scripts can check them.
#pragma once

#include <vtkRenderWindow.h>

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace piriform::viz {

using PngText = std::vector<std::pair<std::string, std::string>>;

// Renders the window and writes it. Throws InputError naming the path when it cannot be written.
void write_png(vtkRenderWindow* window, const std::filesystem::path& path, const PngText& text = {});

// The text chunks of a PNG file (key, value), for tests.
PngText read_png_text(const std::filesystem::path& path);

}  // namespace piriform::viz
