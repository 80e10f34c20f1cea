#include "engine/model/tissue_block.hpp"

#include <fmt/format.h>

#include "engine/common/error.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/mesh/structured.hpp"

namespace piriform {

namespace {
void append_lines(std::vector<double>& lines, double from, double to, int cells) {
  for (int i = lines.empty() ? 0 : 1; i <= cells; ++i) lines.push_back(from + (to - from) * i / cells);
}
}  // namespace

Index tissue_block_nodes(const TissueBlockSpec& s) {
  const Index n = s.cells_xy, m = s.cells_skin + s.cells_fat + s.cells_muscle;
  const Index corners = (n + 1) * (n + 1) * (m + 1);
  switch (s.type) {
    case CellType::Tet10:  // the Kuhn split puts a node at every point of the doubled grid
      return (2 * n + 1) * (2 * n + 1) * (2 * m + 1);
    case CellType::Hex20:  // serendipity: corners and one node per grid edge
      return corners + 2 * n * (n + 1) * (m + 1) + (n + 1) * (n + 1) * m;
    default:
      return corners;
  }
}

Model tissue_block(const TissueBlockSpec& s) {
  if (!(s.width > 0 && s.skin > 0 && s.fat > 0 && s.muscle > 0 && s.patch_radius > 0))
    throw InputError("tissue block: width, layer thicknesses and patch radius must be positive");
  if (s.cells_xy < 1 || s.cells_skin < 1 || s.cells_fat < 1 || s.cells_muscle < 1)
    throw InputError("tissue block: every direction and layer needs at least one cell");
  std::vector<double> xy, z;
  append_lines(xy, -s.width / 2, s.width / 2, s.cells_xy);
  const double z_fat = -s.skin, z_muscle = -s.skin - s.fat, z_base = -s.skin - s.fat - s.muscle;
  append_lines(z, z_base, z_muscle, s.cells_muscle);
  append_lines(z, z_muscle, z_fat, s.cells_fat);
  append_lines(z, z_fat, 0.0, s.cells_skin);

  Model model;
  model.mesh = box_mesh(xy, xy, z, s.type);
  Mesh& mesh = model.mesh;
  mesh.region_names = {"skin", "fat", "muscle"};
  const int nc = num_corners(mesh.cell_type);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    double zc = 0.0;
    for (int a = 0; a < nc; ++a) zc += mesh.X(2, mesh.cell(c)[a]) / nc;
    mesh.cell_region[c] = zc > z_fat ? 0 : (zc > z_muscle ? 1 : 2);
  }
  // mu = 2 C10; C10 = 4 / 0.4 / 0.225 kPa, K = 666.7 / 66.7 / 37.5 kPa (nu ~ 0.494).
  model.materials = {std::make_shared<NeoHookean>(8000.0, 666.7e3),
                     std::make_shared<NeoHookean>(800.0, 66.7e3),
                     std::make_shared<NeoHookean>(450.0, 37.5e3)};
  model.supports = {fixed_support("zmin"), roller_support("xmin", 0), roller_support("xmax", 0),
                    roller_support("ymin", 1), roller_support("ymax", 1)};
  const double q = s.pressure, a = s.patch_radius;
  model.pressures = {
      {"zmax", [q, a](const Vec3& X, double t) { return X.head<2>().norm() < a ? q * t : 0.0; }}};
  return model;
}

}  // namespace piriform
