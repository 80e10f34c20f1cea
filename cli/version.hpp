// The program's version and the git revision it was configured from, for --version and results files.
// Defined in a source file CMake generates (cli/version.cpp.in), so a new revision recompiles one file.
#pragma once

namespace piriform::cli {

extern const char* const kVersion;
extern const char* const kGitRevision;

}  // namespace piriform::cli
