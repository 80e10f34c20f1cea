// Unit tests of the mesh: structured box and cylinder-sector generators (counts, volumes, facet sets and
// their orientation, shared mid-edge nodes, curved geometry), boundary facets, and Mesh::validate.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <set>
#include <string>

#include "engine/common/error.hpp"
#include "engine/model/tissue_block.hpp"
#include "support.hpp"

namespace piriform {
namespace {

const CellType volume_types[] = {CellType::Tet4, CellType::Tet10, CellType::Hex8, CellType::Hex20};

std::string type_name(const testing::TestParamInfo<CellType>& info) {
  return std::string(cell_type_name(info.param));
}

// Area of a plane facet from its corners (exact for plane triangles and plane quadrilaterals).
double facet_area(const Mesh& mesh, const FacetSet& set, Index f) {
  const Index* v = set.facet(f);
  const Vec3 x0 = mesh.X.col(v[0]), x1 = mesh.X.col(v[1]), x2 = mesh.X.col(v[2]);
  if (num_corners(set.type) == 3) return 0.5 * (x1 - x0).cross(x2 - x0).norm();
  const Vec3 x3 = mesh.X.col(v[3]);
  return 0.5 * (x2 - x0).cross(x3 - x1).norm();
}

double total_volume(const Mesh& mesh) {
  double v = 0.0;
  for (double c : cell_volumes(mesh)) v += c;
  return v;
}

// Nodes of a structured nx x ny x nz grid of the given type, counted analytically.
Index structured_node_count(CellType type, Index nx, Index ny, Index nz) {
  const Index corners = (nx + 1) * (ny + 1) * (nz + 1);
  switch (type) {
    case CellType::Tet4:
    case CellType::Hex8:
      return corners;
    case CellType::Hex20:  // corners + one node per grid edge
      return corners + nx * (ny + 1) * (nz + 1) + (nx + 1) * ny * (nz + 1) + (nx + 1) * (ny + 1) * nz;
    case CellType::Tet10:  // grid edges + one diagonal per grid face + one per hexahedron: a (2n+1)^3 lattice
      return (2 * nx + 1) * (2 * ny + 1) * (2 * nz + 1);
    default:
      return -1;
  }
}

class BoxMeshTest : public testing::TestWithParam<CellType> {};

TEST_P(BoxMeshTest, CountsVolumeAndSharedMidEdgeNodes) {
  const CellType type = GetParam();
  const Vec3 lo(-0.5, 0.25, 1.0), hi(1.5, 1.0, 1.6);
  const Mesh mesh = box_mesh({lo, hi, 3, 2, 4, type});
  EXPECT_NO_THROW(mesh.validate());
  EXPECT_EQ(mesh.cell_type, type);
  const bool tet = type == CellType::Tet4 || type == CellType::Tet10;
  EXPECT_EQ(mesh.num_cells(), (tet ? 6 : 1) * 3 * 2 * 4);
  // A mid-edge node duplicated per cell (instead of shared) would inflate this count.
  EXPECT_EQ(mesh.num_nodes(), structured_node_count(type, 3, 2, 4));
  const Vec3 d = hi - lo;
  EXPECT_NEAR(total_volume(mesh), d.prod(), 1e-13 * d.prod());
  for (double v : cell_volumes(mesh)) EXPECT_GT(v, 0.0);
  // No two nodes coincide.
  std::set<std::array<long long, 3>> positions;
  for (Index i = 0; i < mesh.num_nodes(); ++i)
    positions.insert({std::llround(mesh.X(0, i) * 1e9), std::llround(mesh.X(1, i) * 1e9),
                      std::llround(mesh.X(2, i) * 1e9)});
  EXPECT_EQ(static_cast<Index>(positions.size()), mesh.num_nodes());
  EXPECT_EQ(mesh.region_names, std::vector<std::string>{"block"});
  EXPECT_EQ(mesh.region_id("block"), 0);
}

TEST_P(BoxMeshTest, NamedFacetSetsLieOnTheirPlanesAndPointOutwards) {
  const CellType type = GetParam();
  const Vec3 lo(-0.5, 0.25, 1.0), hi(1.5, 1.0, 1.6);
  const int n[3] = {3, 2, 4};
  const Vec3 size = hi - lo;
  const Mesh mesh = box_mesh({lo, hi, n[0], n[1], n[2], type});
  const bool tet = type == CellType::Tet4 || type == CellType::Tet10;
  const char* names[3][2] = {{"xmin", "xmax"}, {"ymin", "ymax"}, {"zmin", "zmax"}};
  ASSERT_EQ(mesh.facet_sets.size(), 6u);
  for (int d = 0; d < 3; ++d)
    for (int side = 0; side < 2; ++side) {
      SCOPED_TRACE(names[d][side]);
      const FacetSet& set = mesh.facet_set(names[d][side]);
      EXPECT_EQ(set.type, facet_type(type));
      ASSERT_GT(set.size(), 0);
      const int d1 = (d + 1) % 3, d2 = (d + 2) % 3;
      EXPECT_EQ(set.size(), (tet ? 2 : 1) * n[d1] * n[d2]);
      const double plane = side == 0 ? lo[d] : hi[d];
      const Vec3 outward = (side == 0 ? -1.0 : 1.0) * Vec3::Unit(d);
      double area = 0.0;
      for (Index f = 0; f < set.size(); ++f) {
        for (int a = 0; a < num_nodes(set.type); ++a) EXPECT_NEAR(mesh.X(d, set.facet(f)[a]), plane, 1e-14);
        EXPECT_NEAR((facet_normal(mesh, set, f) - outward).norm(), 0.0, 1e-12) << "facet " << f;
        area += facet_area(mesh, set, f);
      }
      EXPECT_NEAR(area, size[d1] * size[d2], 1e-13);
    }
}

TEST_P(BoxMeshTest, BoundaryFacetsCoverTheSurfaceOnceAndPointOutwards) {
  const CellType type = GetParam();
  const Vec3 lo(0, 0, 0), hi(2.0, 1.0, 0.5);
  const Mesh mesh = box_mesh({lo, hi, 2, 3, 2, type});
  const FacetSet boundary = boundary_facets(mesh);
  EXPECT_EQ(boundary.type, facet_type(type));
  Index named = 0;
  for (const auto& s : mesh.facet_sets) named += s.size();
  EXPECT_EQ(boundary.size(), named);
  const Vec3 size = hi - lo;
  double area = 0.0;
  const Vec3 centre = 0.5 * (lo + hi);
  for (Index f = 0; f < boundary.size(); ++f) {
    area += facet_area(mesh, boundary, f);
    // On a box the outward normal is the axis along which the centroid is furthest from the centre.
    const Vec3 c = facet_centroid(mesh, boundary, f), nrm = facet_normal(mesh, boundary, f);
    const Vec3 rel = (c - centre).cwiseQuotient(0.5 * size);
    Index axis;
    rel.cwiseAbs().maxCoeff(&axis);
    EXPECT_NEAR(nrm[axis], rel[axis] > 0 ? 1.0 : -1.0, 1e-12) << "facet " << f;
  }
  EXPECT_NEAR(area, 2.0 * (size[0] * size[1] + size[1] * size[2] + size[0] * size[2]), 1e-12);
}

TEST_P(BoxMeshTest, GradedGridLinesAreKept) {
  const std::vector<double> xs = {0.0, 0.1, 0.3, 0.7}, ys = {0.0, 0.5}, zs = {-1.0, -0.2, 0.0};
  const Mesh mesh = box_mesh(xs, ys, zs, GetParam());
  EXPECT_EQ(mesh.num_nodes(), structured_node_count(GetParam(), 3, 1, 2));
  EXPECT_NEAR(total_volume(mesh), 0.7 * 0.5 * 1.0, 1e-14);
  EXPECT_THROW(box_mesh({0.0, 0.2, 0.1}, ys, zs, GetParam()), InputError);
  EXPECT_THROW(box_mesh({0.0}, ys, zs, GetParam()), InputError);
}

// tissue_block_nodes is documented as the node count of tissue_block(spec) without building it.
TEST_P(BoxMeshTest, TissueBlockNodeEstimateMatchesTheMesh) {
  TissueBlockSpec spec;
  spec.cells_xy = 3;
  spec.cells_skin = 1;
  spec.cells_fat = 1;
  spec.cells_muscle = 2;
  spec.type = GetParam();
  EXPECT_EQ(tissue_block_nodes(spec), tissue_block(spec).mesh.num_nodes());
}

INSTANTIATE_TEST_SUITE_P(VolumeTypes, BoxMeshTest, testing::ValuesIn(volume_types), type_name);

// ---------------------------------------------------------------------------------------------------
// Cylinder sector

double sector_volume_error(CellType type, int n) {
  CylinderSectorSpec spec;
  spec.nr = 2;
  spec.nt = n;
  spec.nz = 1;
  spec.type = type;
  const Mesh mesh = cylinder_sector_mesh(spec);
  const double exact = 0.5 * spec.angle * (spec.ro * spec.ro - spec.ri * spec.ri) * spec.length;
  return std::abs(total_volume(mesh) - exact) / exact;
}

class CylinderSectorTest : public testing::TestWithParam<CellType> {};

TEST_P(CylinderSectorTest, VolumeConvergesToTheSectorVolume) {
  const CellType type = GetParam();
  const double e2 = sector_volume_error(type, 2), e4 = sector_volume_error(type, 4),
               e8 = sector_volume_error(type, 8);
  EXPECT_LT(e4, e2);
  EXPECT_LT(e8, e4);
  if (order(type) == 1) {
    // Straight chords: second order in the angular spacing.
    EXPECT_NEAR(e4 / e8, 4.0, 0.3);
    EXPECT_LT(e8, 1e-2);
  } else {
    // Mid-nodes on the arcs: much better than the chords, and at least fourth order.
    EXPECT_GT(e4 / e8, 12.0);
    EXPECT_LT(e8, 1e-5);
    EXPECT_LT(e8, 1e-2 * sector_volume_error(type == CellType::Tet10 ? CellType::Tet4 : CellType::Hex8, 8));
  }
}

TEST_P(CylinderSectorTest, FacetSetsLieOnTheirSurfaces) {
  CylinderSectorSpec spec;
  spec.ri = 0.5;
  spec.ro = 0.8;
  spec.angle = 1.2;
  spec.length = 0.3;
  spec.nr = 2;
  spec.nt = 3;
  spec.nz = 2;
  spec.type = GetParam();
  const Mesh mesh = cylinder_sector_mesh(spec);
  EXPECT_NO_THROW(mesh.validate());
  for (const char* name : {"inner", "outer", "theta0", "theta1", "zmin", "zmax"})
    ASSERT_TRUE(mesh.has_facet_set(name)) << name;
  EXPECT_FALSE(mesh.has_facet_set("xmin"));
  auto radius = [&](Index v) { return std::hypot(mesh.X(0, v), mesh.X(1, v)); };
  for (const auto& [name, r, sign] :
       {std::tuple{"inner", spec.ri, -1.0}, std::tuple{"outer", spec.ro, 1.0}}) {
    const FacetSet& set = mesh.facet_set(name);
    ASSERT_GT(set.size(), 0) << name;
    for (Index v : set.nodes) EXPECT_NEAR(radius(v), r, 1e-14) << name << " node " << v;
    for (Index f = 0; f < set.size(); ++f) {
      const Vec3 c = facet_centroid(mesh, set, f);
      const Vec3 radial = Vec3(c[0], c[1], 0.0).normalized();
      EXPECT_GT(sign * facet_normal(mesh, set, f).dot(radial), 0.9) << name << " facet " << f;
    }
  }
  for (Index v : mesh.facet_set("theta0").nodes) EXPECT_NEAR(mesh.X(1, v), 0.0, 1e-15);
  const Vec3 cut_normal(-std::sin(spec.angle), std::cos(spec.angle), 0.0);
  for (Index v : mesh.facet_set("theta1").nodes) EXPECT_NEAR(Vec3(mesh.X.col(v)).dot(cut_normal), 0.0, 1e-14);
  for (Index v : mesh.facet_set("zmax").nodes) EXPECT_NEAR(mesh.X(2, v), spec.length, 1e-15);
  // Every node lies inside the annulus.
  for (Index v = 0; v < mesh.num_nodes(); ++v) {
    EXPECT_GE(radius(v), spec.ri - 1e-14);
    EXPECT_LE(radius(v), spec.ro + 1e-14);
  }
}

INSTANTIATE_TEST_SUITE_P(VolumeTypes, CylinderSectorTest, testing::ValuesIn(volume_types), type_name);

TEST(CylinderSector, RejectsBadDimensions) {
  CylinderSectorSpec spec;
  spec.ro = spec.ri;
  EXPECT_THROW(cylinder_sector_mesh(spec), InputError);
  spec = {};
  spec.angle = 2.0 * std::numbers::pi;
  EXPECT_THROW(cylinder_sector_mesh(spec), InputError);
}

// ---------------------------------------------------------------------------------------------------
// Mesh::validate and name look-ups

Mesh small_tet4_box() { return box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet4}); }

TEST(MeshValidate, AcceptsGeneratedMeshes) {
  for (CellType t : volume_types)
    EXPECT_NO_THROW(box_mesh({Vec3::Zero(), Vec3::Ones(), 1, 2, 1, t}).validate());
}

TEST(MeshValidate, RejectsOutOfRangeNodeNumber) {
  Mesh mesh = small_tet4_box();
  mesh.cells[5] = mesh.num_nodes();
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("refers to node"), std::string::npos)
      << test::input_error_message([&] { mesh.validate(); });
  mesh = small_tet4_box();
  mesh.cells[0] = -1;
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("refers to node -1"), std::string::npos);
  mesh = small_tet4_box();
  mesh.facet_sets[2].nodes[0] = mesh.num_nodes() + 3;
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("surface 'ymin' refers to node"),
            std::string::npos);
}

TEST(MeshValidate, RejectsWrongRegionCountOrNumber) {
  Mesh mesh = small_tet4_box();
  mesh.cell_region.pop_back();
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("region entries"), std::string::npos);
  mesh = small_tet4_box();
  mesh.cell_region[3] = 1;  // only region 0 exists
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("region number 1"), std::string::npos);
}

TEST(MeshValidate, RejectsConnectivityOfTheWrongLength) {
  Mesh mesh = small_tet4_box();
  mesh.cells.pop_back();
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("not a multiple of 4"),
            std::string::npos);
}

TEST(MeshValidate, RejectsNonUnitFibreButAcceptsUnitAndZero) {
  Mesh mesh = small_tet4_box();
  mesh.fibre = Eigen::Matrix3Xd::Zero(3, mesh.num_cells());
  mesh.fibre.col(0) = Vec3(0.6, 0.8, 0.0);
  EXPECT_NO_THROW(mesh.validate());
  mesh.fibre.col(7) = Vec3(1.0, 1.0, 0.0);
  const std::string msg = test::input_error_message([&] { mesh.validate(); });
  EXPECT_NE(msg.find("fibre direction of cell 7"), std::string::npos) << msg;
  mesh.fibre = Eigen::Matrix3Xd::Zero(3, mesh.num_cells() - 1);
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("fibre directions"), std::string::npos);
}

TEST(MeshValidate, RejectsInvertedCell) {
  Mesh mesh = small_tet4_box();
  std::swap(mesh.cells[4 * 5 + 1], mesh.cells[4 * 5 + 2]);  // cell 5 turned inside out
  const std::string msg = test::input_error_message([&] { mesh.validate(); });
  EXPECT_NE(msg.find("cell 5 is inverted or degenerate"), std::string::npos) << msg;
  EXPECT_NE(msg.find("1 such cells"), std::string::npos) << msg;
  // A flat (degenerate) hexahedron too.
  Mesh hex = box_mesh({Vec3::Zero(), Vec3::Ones(), 1, 1, 1, CellType::Hex8});
  for (int a = 4; a < 8; ++a) hex.X(2, hex.cells[a]) = 0.0;
  EXPECT_NE(test::input_error_message([&] { hex.validate(); }).find("cell 0 is inverted or degenerate"),
            std::string::npos);
}

TEST(MeshValidate, RejectsFacetSetOfTheWrongType) {
  Mesh mesh = small_tet4_box();
  mesh.facet_sets[1].type = CellType::Tri6;
  const std::string msg = test::input_error_message([&] { mesh.validate(); });
  EXPECT_NE(msg.find("surface 'xmax' has tri6 facets"), std::string::npos) << msg;
  EXPECT_NE(msg.find("need tri3"), std::string::npos) << msg;
  Mesh hex = box_mesh({Vec3::Zero(), Vec3::Ones(), 1, 1, 1, CellType::Hex20});
  hex.facet_sets[0].type = CellType::Quad4;
  EXPECT_NE(test::input_error_message([&] { hex.validate(); }).find("need quad8"), std::string::npos);
}

TEST(MeshValidate, RejectsSurfaceCellType) {
  Mesh mesh = small_tet4_box();
  mesh.cell_type = CellType::Quad4;
  EXPECT_NE(test::input_error_message([&] { mesh.validate(); }).find("volume cells"), std::string::npos);
}

TEST(MeshLookup, UnknownNamesListTheKnownOnes) {
  Mesh mesh = small_tet4_box();
  mesh.region_names = {"skin", "fat"};
  EXPECT_EQ(mesh.region_id("fat"), 1);
  std::string msg = test::input_error_message([&] { (void)mesh.region_id("bone"); });
  EXPECT_NE(msg.find("'bone'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("skin, fat"), std::string::npos) << msg;
  EXPECT_EQ(&mesh.facet_set("zmax"), &mesh.facet_sets[5]);
  msg = test::input_error_message([&] { (void)mesh.facet_set("top"); });
  EXPECT_NE(msg.find("'top'"), std::string::npos) << msg;
  EXPECT_NE(msg.find("xmin, xmax, ymin, ymax, zmin, zmax"), std::string::npos) << msg;
  mesh.facet_sets.clear();
  msg = test::input_error_message([&] { (void)mesh.facet_set("top"); });
  EXPECT_NE(msg.find("(none)"), std::string::npos) << msg;
}

TEST(MeshHelpers, FacetSetNodesAreSortedAndUnique) {
  const Mesh mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 1, CellType::Hex20});
  const auto nodes = facet_set_nodes(mesh.facet_set("zmax"));
  EXPECT_TRUE(std::is_sorted(nodes.begin(), nodes.end()));
  EXPECT_EQ(std::adjacent_find(nodes.begin(), nodes.end()), nodes.end());
  EXPECT_EQ(static_cast<Index>(nodes.size()), 9 + 12);  // 3x3 corners + 12 edges of a 2x2 quad grid
  for (Index v : nodes) EXPECT_EQ(mesh.X(2, v), 1.0);
}

TEST(MeshHelpers, SelectFacetsKeepsMatchingFacets) {
  const Mesh mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 2, 2, 2, CellType::Tet10});
  const FacetSet top = select_facets(mesh, boundary_facets(mesh), "top",
                                     [](const Vec3&, const Vec3& n) { return n.z() > 0.5; });
  EXPECT_EQ(top.name, "top");
  EXPECT_EQ(top.nodes, mesh.facet_set("zmax").nodes);
}

}  // namespace
}  // namespace piriform
