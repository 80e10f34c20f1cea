// Builds the posterior-hip model with Gmsh and OpenCASCADE: conforming layered regions, the piriformis
// band and the sciatic nerve, per-cell fibres, named surfaces, and optionally a .msh file.
#pragma once

#include <filesystem>

#include "engine/mesh/mesh.hpp"
#include "meshes/anatomy/anatomy_spec.hpp"

namespace piriform {

struct AnatomyOutput {
  std::filesystem::path msh;  // empty: no file. Written to a temporary name, then renamed
};

// Meshes on one thread: Gmsh's parallel meshing gives a different mesh on every run, and a model must be
// reproducible. Throws InputError for a degenerate parameter set (before meshing) or when Gmsh fails.
Mesh generate_anatomy(const AnatomySpec& spec, const AnatomyOutput& output = {});

// Unit fibre direction of each generated region (zero for skin and fat, which are isotropic).
Vec3 anatomy_fibre(const AnatomySpec& spec, std::string_view region);

}  // namespace piriform
