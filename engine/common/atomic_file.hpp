// Small text outputs (tables, manifests) written so that a reader never sees half a file: to a temporary
// name in the same directory, flushed, then renamed over the target.
#pragma once

#include <filesystem>
#include <string_view>

namespace piriform {

// Throws InputError naming the path when the file cannot be written.
void write_file_atomically(const std::filesystem::path& path, std::string_view text);

}  // namespace piriform
