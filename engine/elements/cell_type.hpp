// The cell types the engine supports and their local topology (edges, faces) in Gmsh's node ordering,
// because meshes are read from Gmsh .msh v4 files and keep Gmsh's local numbering.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace piriform {

enum class CellType : std::uint8_t { Tri3, Tri6, Quad4, Quad8, Tet4, Tet10, Hex8, Hex20 };

inline constexpr std::array<CellType, 8> all_cell_types = {CellType::Tri3,  CellType::Tri6, CellType::Quad4,
                                                           CellType::Quad8, CellType::Tet4, CellType::Tet10,
                                                           CellType::Hex8,  CellType::Hex20};

namespace detail {
// Thrown for a CellType value outside the enumeration (a corrupted byte); never reached otherwise.
[[noreturn]] void throw_bad_cell_type(CellType t);
}  // namespace detail

constexpr int num_nodes(CellType t) {
  switch (t) {
    case CellType::Tri3:
      return 3;
    case CellType::Tri6:
      return 6;
    case CellType::Quad4:
      return 4;
    case CellType::Quad8:
      return 8;
    case CellType::Tet4:
      return 4;
    case CellType::Tet10:
      return 10;
    case CellType::Hex8:
      return 8;
    case CellType::Hex20:
      return 20;
  }
  detail::throw_bad_cell_type(t);
}

// Dimension of the reference domain: 2 for triangles and quadrilaterals (used as facets of 3-D cells).
constexpr int dimension(CellType t) {
  switch (t) {
    case CellType::Tri3:
    case CellType::Tri6:
    case CellType::Quad4:
    case CellType::Quad8:
      return 2;
    case CellType::Tet4:
    case CellType::Tet10:
    case CellType::Hex8:
    case CellType::Hex20:
      return 3;
  }
  detail::throw_bad_cell_type(t);
}

constexpr int num_corners(CellType t) {
  switch (t) {
    case CellType::Tri3:
    case CellType::Tri6:
      return 3;
    case CellType::Quad4:
    case CellType::Quad8:
    case CellType::Tet4:
    case CellType::Tet10:
      return 4;
    case CellType::Hex8:
    case CellType::Hex20:
      return 8;
  }
  detail::throw_bad_cell_type(t);
}

// Polynomial order of the geometry/displacement interpolation: 1 (corner nodes only) or 2 (plus one
// node at the middle of every edge; Quad8 and Hex20 are the serendipity elements without face/volume nodes).
constexpr int order(CellType t) {
  switch (t) {
    case CellType::Tri3:
    case CellType::Quad4:
    case CellType::Tet4:
    case CellType::Hex8:
      return 1;
    case CellType::Tri6:
    case CellType::Quad8:
    case CellType::Tet10:
    case CellType::Hex20:
      return 2;
  }
  detail::throw_bad_cell_type(t);
}

// Lower-case name used in input files and messages: "tri3", ..., "hex20".
std::string_view cell_type_name(CellType t);

namespace detail {
[[noreturn]] void throw_no_facets(CellType t);
}  // namespace detail

// Type of the faces of a 3-D cell (Tet4 -> Tri3, Tet10 -> Tri6, Hex8 -> Quad4, Hex20 -> Quad8).
// Throws InputError for the 2-D types, whose facets (lines) are not cell types here.
constexpr CellType facet_type(CellType t) {
  switch (t) {
    case CellType::Tet4:
      return CellType::Tri3;
    case CellType::Tet10:
      return CellType::Tri6;
    case CellType::Hex8:
      return CellType::Quad4;
    case CellType::Hex20:
      return CellType::Quad8;
    case CellType::Tri3:
    case CellType::Tri6:
    case CellType::Quad4:
    case CellType::Quad8:
      detail::throw_no_facets(t);
  }
  detail::throw_bad_cell_type(t);
}

// Gmsh element type ids (Gmsh reference manual, "MSH file format": 2 Tri3, 9 Tri6, 3 Quad4, 16 Quad8,
// 4 Tet4, 11 Tet10, 5 Hex8, 17 Hex20). Any other id has no CellType.
int gmsh_element_type(CellType t);
std::optional<CellType> cell_type_from_gmsh(int gmsh_type);

// Edges as pairs of local corner indices, listed in Gmsh's order. For a second-order type, edge e
// carries the mid-edge node num_corners(t) + e. Verified against gmsh 4.8.4 output (meshing a single
// tetrahedron / transfinite box with -order 2, Mesh.SecondOrderIncomplete=1, and locating every
// mid-node at the midpoint of a corner pair, for every element of the mesh):
//   Tri6:  3:(0,1) 4:(1,2) 5:(2,0)
//   Quad8: 4:(0,1) 5:(1,2) 6:(2,3) 7:(3,0)
//   Tet10: 4:(0,1) 5:(1,2) 6:(2,0) 7:(3,0) 8:(3,2) 9:(3,1)
//   Hex20: 8:(0,1) 9:(0,3) 10:(0,4) 11:(1,2) 12:(1,5) 13:(2,3) 14:(2,6) 15:(3,7)
//          16:(4,5) 17:(4,7) 18:(5,6) 19:(6,7)
// Hex20 differs from VTK's quadratic hexahedron, which lists the bottom ring, the top ring, then the
// vertical edges. Corners: Tet 0..3 positively oriented; Hex 0-1-2-3 bottom face counter-clockwise
// seen from the top, 4-7 above 0-3.
using LocalEdge = std::array<int, 2>;

namespace detail {
inline constexpr std::array<LocalEdge, 3> tri_edges = {{{0, 1}, {1, 2}, {2, 0}}};
inline constexpr std::array<LocalEdge, 4> quad_edges = {{{0, 1}, {1, 2}, {2, 3}, {3, 0}}};
inline constexpr std::array<LocalEdge, 6> tet_edges = {{{0, 1}, {1, 2}, {2, 0}, {3, 0}, {3, 2}, {3, 1}}};
inline constexpr std::array<LocalEdge, 12> hex_edges = {
    {{0, 1}, {0, 3}, {0, 4}, {1, 2}, {1, 5}, {2, 3}, {2, 6}, {3, 7}, {4, 5}, {4, 7}, {5, 6}, {6, 7}}};
}  // namespace detail

constexpr std::span<const LocalEdge> local_edges(CellType t) {
  switch (t) {
    case CellType::Tri3:
    case CellType::Tri6:
      return detail::tri_edges;
    case CellType::Quad4:
    case CellType::Quad8:
      return detail::quad_edges;
    case CellType::Tet4:
    case CellType::Tet10:
      return detail::tet_edges;
    case CellType::Hex8:
    case CellType::Hex20:
      return detail::hex_edges;
  }
  detail::throw_bad_cell_type(t);
}

// A face of a 3-D cell: its facet type and the cell-local indices of its nodes, listed in the facet
// type's own node ordering (corners, then mid-edge nodes in the facet's edge order), with the corners
// ordered so that the right-hand rule gives the normal pointing out of the cell.
struct LocalFace {
  CellType type;
  std::vector<int> nodes;
};

// Faces of a 3-D cell (Gmsh's face order). Throws InputError for the 2-D types.
const std::vector<LocalFace>& local_faces(CellType t);

}  // namespace piriform
