#include "engine/elements/cell_type.hpp"

#include <string>

#include "engine/common/error.hpp"

namespace piriform {

namespace detail {
void throw_bad_cell_type(CellType t) {
  throw InputError("invalid cell type value " + std::to_string(static_cast<int>(t)) +
                   " (expected one of tri3, tri6, quad4, quad8, tet4, tet10, hex8, hex20)");
}

void throw_no_facets(CellType t) {
  throw InputError(std::string("cell type ") + std::string(cell_type_name(t)) +
                   " is 2-D and has no faces (expected tet4, tet10, hex8 or hex20)");
}
}  // namespace detail

std::string_view cell_type_name(CellType t) {
  switch (t) {
    case CellType::Tri3:
      return "tri3";
    case CellType::Tri6:
      return "tri6";
    case CellType::Quad4:
      return "quad4";
    case CellType::Quad8:
      return "quad8";
    case CellType::Tet4:
      return "tet4";
    case CellType::Tet10:
      return "tet10";
    case CellType::Hex8:
      return "hex8";
    case CellType::Hex20:
      return "hex20";
  }
  detail::throw_bad_cell_type(t);
}

int gmsh_element_type(CellType t) {
  switch (t) {
    case CellType::Tri3:
      return 2;
    case CellType::Tri6:
      return 9;
    case CellType::Quad4:
      return 3;
    case CellType::Quad8:
      return 16;
    case CellType::Tet4:
      return 4;
    case CellType::Tet10:
      return 11;
    case CellType::Hex8:
      return 5;
    case CellType::Hex20:
      return 17;
  }
  detail::throw_bad_cell_type(t);
}

std::optional<CellType> cell_type_from_gmsh(int gmsh_type) {
  for (CellType t : all_cell_types)
    if (gmsh_element_type(t) == gmsh_type) return t;
  return std::nullopt;
}

namespace {

// Corner cycles of the faces, in Gmsh's face order (MTetrahedron::faces_tetra, MHexahedron::faces_hexa),
// each ordered so that (c1 - c0) x (c_last - c0) points out of the reference cell.
constexpr std::array<std::array<int, 3>, 4> tet_face_corners = {{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {3, 1, 2}}};
constexpr std::array<std::array<int, 4>, 6> hex_face_corners = {
    {{0, 3, 2, 1}, {0, 1, 5, 4}, {0, 4, 7, 3}, {1, 2, 6, 5}, {2, 3, 7, 6}, {4, 5, 6, 7}}};

// Mid-edge node of the cell edge joining corners a and b.
int mid_node(CellType cell, int a, int b) {
  const auto edges = local_edges(cell);
  for (std::size_t e = 0; e < edges.size(); ++e)
    if ((edges[e][0] == a && edges[e][1] == b) || (edges[e][0] == b && edges[e][1] == a))
      return num_corners(cell) + static_cast<int>(e);
  detail::throw_bad_cell_type(cell);
}

// The facet's edges run between consecutive corners ((0,1), (1,2), ..., (n-1,0)) in both Tri6 and
// Quad8, so the mid-nodes follow the corner cycle.
template <std::size_t C>
std::vector<LocalFace> build_faces(CellType cell, const std::span<const std::array<int, C>> corners) {
  std::vector<LocalFace> faces;
  for (const auto& c : corners) {
    LocalFace f{facet_type(cell), std::vector<int>(c.begin(), c.end())};
    if (order(cell) == 2)
      for (std::size_t i = 0; i < C; ++i) f.nodes.push_back(mid_node(cell, c[i], c[(i + 1) % C]));
    faces.push_back(std::move(f));
  }
  return faces;
}

}  // namespace

const std::vector<LocalFace>& local_faces(CellType t) {
  static const std::vector<LocalFace> tet4 = build_faces<3>(CellType::Tet4, tet_face_corners);
  static const std::vector<LocalFace> tet10 = build_faces<3>(CellType::Tet10, tet_face_corners);
  static const std::vector<LocalFace> hex8 = build_faces<4>(CellType::Hex8, hex_face_corners);
  static const std::vector<LocalFace> hex20 = build_faces<4>(CellType::Hex20, hex_face_corners);
  switch (t) {
    case CellType::Tet4:
      return tet4;
    case CellType::Tet10:
      return tet10;
    case CellType::Hex8:
      return hex8;
    case CellType::Hex20:
      return hex20;
    case CellType::Tri3:
    case CellType::Tri6:
    case CellType::Quad4:
    case CellType::Quad8:
      detail::throw_no_facets(t);
  }
  detail::throw_bad_cell_type(t);
}

}  // namespace piriform
