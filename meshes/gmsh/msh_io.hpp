// Reading Gmsh MSH 4 files into a Mesh: physical volumes become named regions, physical surfaces on the
// boundary become outward-oriented facet sets, and an element-data view named "fibre" gives fibres.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include "engine/mesh/mesh.hpp"

namespace piriform {

// `length_unit`: metres per file unit (1e-3 for a model drawn in millimetres). Throws InputError naming
// the file and the problem: missing or unreadable file, not a mesh, MSH version other than 4, truncated
// sections, no physical volumes, mixed or unsupported element types, empty physical groups.
Mesh read_msh(const std::filesystem::path& path, double length_unit = 1.0);

// Gmsh's tag of every node and cell of a Mesh built from a Gmsh model.
struct GmshNumbering {
  std::vector<std::size_t> nodes, cells;
};

// The mesh of the current Gmsh model (inside a GmshSession), as read_msh builds it. `numbering`, when
// given, receives the Gmsh tags. `source` names the model in error messages. `validate` false leaves
// Mesh::validate() to a caller that repairs cells first.
Mesh mesh_from_gmsh_model(const std::string& source, double length_unit, GmshNumbering* numbering = nullptr,
                          bool validate = true);

}  // namespace piriform
