// VTU export of one output step, for tools that read VTK files but not XDMF.
#pragma once

#include <filesystem>

#include "engine/results/results_reader.hpp"

namespace piriform::viz {

// Writes "<path>.tmp" and renames it, so a reader never sees a half-written file. Throws InputError
// naming the path when it cannot be written, and for a step that is not completed.
void export_vtu(const results::ResultsFile& file, int step, const std::filesystem::path& path);

}  // namespace piriform::viz
