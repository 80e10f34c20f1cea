// Mesh-quality metrics: scaled Jacobian, aspect ratio and minimum det J per cell and over a mesh (to find
// distorted or folded cells before a solve), and the reference volume of every region.
#pragma once

#include <vector>

#include "engine/mesh/mesh.hpp"

namespace piriform {

// Quality of one cell in the reference configuration. The shape metrics use the corner nodes only (the
// straight-sided cell); min_det_j also sees the mid-edge nodes of curved Tet10/Hex20 cells.
struct CellQuality {
  // Tetrahedra: min over the 4 corners of sqrt(2) det[e1 e2 e3] / (|e1| |e2| |e3|), e_i the edges leaving
  // the corner; hexahedra: min over the 8 corners of det[e1/|e1| e2/|e2| e3/|e3|]. 1 for the regular
  // tetrahedron and the cube, 0 for a flat cell, negative for an inverted one.
  double scaled_jacobian;
  // Tetrahedra: circumradius / (3 inradius); hexahedra: longest / shortest edge. 1 at best, infinite for
  // a cell of zero volume (tetrahedra) or with a zero-length edge (hexahedra).
  double aspect_ratio;
  // Minimum of det(dX/dxi) over the default quadrature points and the nodes of the cell.
  double min_det_j;
};

struct MeshQuality {
  double min_scaled_jacobian = 1;
  Index worst_jacobian_cell = -1;  // -1 only for a mesh without cells; the first cell on ties
  double max_aspect_ratio = 1;
  Index worst_aspect_cell = -1;
  Index non_positive_cells = 0;  // cells whose det J <= 0 at any quadrature point or corner
  Index first_non_positive = -1;
};

// Quality of cell c. Throws InputError for a mesh of 2-D cells or c out of range.
CellQuality cell_quality(const Mesh& mesh, Index c);

// The worst cells over the whole mesh. A cell is non-positive when min_det_j <= 0 or its corner scaled
// Jacobian <= 0 (or either is NaN). Throws InputError for a mesh of 2-D cells.
MeshQuality mesh_quality(const Mesh& mesh);

// Reference volume of each region number (sum of the signed cell volumes), m^3; one entry per region
// name. Throws InputError for region numbers outside the region names.
std::vector<double> region_volumes(const Mesh& mesh);

}  // namespace piriform
