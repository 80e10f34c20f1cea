// Unit tests of the mesh-quality metrics: scaled Jacobian and aspect ratio against hand-computed values for
// regular, flattened, stretched, sheared and inverted cells, folded curved cells, and region volumes.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <numbers>
#include <string>
#include <utility>
#include <vector>

#include "engine/elements/shape.hpp"
#include "engine/mesh/quality.hpp"
#include "support.hpp"

namespace piriform {
namespace {

std::string type_name(const testing::TestParamInfo<CellType>& info) {
  return std::string(cell_type_name(info.param));
}

// A mesh of one cell per (A, b): the reference element's nodes mapped by X = A xi + b, so mid-edge nodes
// sit at the midpoints of straight edges.
Mesh affine_cells(CellType type, const std::vector<std::pair<Mat3, Vec3>>& maps) {
  Mesh mesh;
  mesh.cell_type = type;
  mesh.region_names = {"block"};
  const Eigen::Matrix3Xd ref = dispatch(type, [](auto tag) -> Eigen::Matrix3Xd {
    if constexpr (dimension(decltype(tag)::value) == 3)
      return Shape<decltype(tag)::value>::reference_nodes();
    else
      return {};
  });
  const Index n = static_cast<Index>(ref.cols());
  mesh.X.resize(3, n * static_cast<Index>(maps.size()));
  Index v = 0;
  for (const auto& [A, b] : maps) {
    for (Index a = 0; a < n; ++a, ++v) {
      mesh.X.col(v) = A * ref.col(a) + b;
      mesh.cells.push_back(v);
    }
    mesh.cell_region.push_back(0);
  }
  return mesh;
}

// The map taking the unit reference tetrahedron's corners 0, e1, e2, e3 to x0..x3.
std::pair<Mat3, Vec3> tet_map(const Vec3& x0, const Vec3& x1, const Vec3& x2, const Vec3& x3) {
  Mat3 A;
  A << x1 - x0, x2 - x0, x3 - x0;
  return {A, x0};
}

// Unit-side tetrahedron on an equilateral base in z = 0, apex at height h above the base centroid
// (h = sqrt(2/3): regular).
std::pair<Mat3, Vec3> apex_tet(double h) {
  const double s3 = std::sqrt(3.0);
  return tet_map(Vec3(0, 0, 0), Vec3(1, 0, 0), Vec3(0.5, s3 / 2, 0), Vec3(0.5, s3 / 6, h));
}

// The map from the reference hexahedron [-1,1]^3 onto the image of the unit cube [0,1]^3 under A.
std::pair<Mat3, Vec3> hex_map(const Mat3& A) { return {0.5 * A, 0.5 * A * Vec3::Ones()}; }

class TetQualityTest : public testing::TestWithParam<CellType> {};

TEST_P(TetQualityTest, RegularTetrahedronHasScaledJacobianAndAspectRatioOne) {
  const Mesh mesh = affine_cells(GetParam(), {apex_tet(std::sqrt(2.0 / 3.0))});
  const CellQuality q = cell_quality(mesh, 0);
  EXPECT_NEAR(q.scaled_jacobian, 1.0, 1e-12);
  EXPECT_NEAR(q.aspect_ratio, 1.0, 1e-12);
  // det J = 6 V = 6 / (6 sqrt 2) for a unit-side regular tetrahedron, at every point.
  EXPECT_NEAR(q.min_det_j, 1.0 / std::numbers::sqrt2, 1e-12);
}

TEST_P(TetQualityTest, FlatteningATetDrivesScaledJacobianToZeroAndAspectRatioUp) {
  // By hand for apex height h (lateral edge L = sqrt(1/3 + h^2) < 1, so the base corners have the largest
  // edge-length product 1 * 1 * L): scaled Jacobian = sqrt(2) 6 V / L = sqrt(6) h / (2 L); circumradius
  // R = L^2 / (2 h), inradius r = 3 V / A = (sqrt(3) h / 4) / (sqrt(3) / 4 + 1.5 sqrt(h^2 + 1/12)).
  //   h = 0.1:  scaled Jacobian 0.2090199042874853,  R / (3 r) = 11.778053000881174
  //   h = 0.01: scaled Jacobian 0.02121002217084776, R / (3 r) = 1111.7777778077505
  const CellQuality q1 = cell_quality(affine_cells(GetParam(), {apex_tet(0.1)}), 0);
  const CellQuality q2 = cell_quality(affine_cells(GetParam(), {apex_tet(0.01)}), 0);
  EXPECT_NEAR(q1.scaled_jacobian, 0.2090199042874853, 1e-12);
  EXPECT_NEAR(q2.scaled_jacobian, 0.02121002217084776, 1e-12);
  EXPECT_NEAR(q1.aspect_ratio, 11.778053000881174, 1e-12 * 11.8);
  EXPECT_NEAR(q2.aspect_ratio, 1111.7777778077505, 1e-10 * 1112);
  const CellQuality flat = cell_quality(affine_cells(GetParam(), {apex_tet(0.0)}), 0);
  EXPECT_EQ(flat.scaled_jacobian, 0.0);
  EXPECT_EQ(flat.aspect_ratio, std::numeric_limits<double>::infinity());
}

TEST_P(TetQualityTest, InvertedTetIsCountedNonPositive) {
  // Cell 1 is the regular tetrahedron with corners 1 and 2 swapped: by hand scaled Jacobian -1 and
  // det J = -6 V = -1/sqrt(2); the radius ratio does not depend on orientation.
  const auto good = apex_tet(std::sqrt(2.0 / 3.0));
  Mat3 swapped = good.first;
  swapped.col(0).swap(swapped.col(1));
  const Mesh mesh = affine_cells(GetParam(), {good, {swapped, good.second}, good});
  const CellQuality q = cell_quality(mesh, 1);
  EXPECT_NEAR(q.scaled_jacobian, -1.0, 1e-12);
  EXPECT_NEAR(q.min_det_j, -1.0 / std::numbers::sqrt2, 1e-12);
  EXPECT_NEAR(q.aspect_ratio, 1.0, 1e-12);
  const MeshQuality m = mesh_quality(mesh);
  EXPECT_EQ(m.non_positive_cells, 1);
  EXPECT_EQ(m.first_non_positive, 1);
  EXPECT_EQ(m.worst_jacobian_cell, 1);
  EXPECT_NEAR(m.min_scaled_jacobian, -1.0, 1e-12);
}

INSTANTIATE_TEST_SUITE_P(Tets, TetQualityTest, testing::Values(CellType::Tet4, CellType::Tet10), type_name);

TEST(MeshQualityTest, Tet10WithAMidsideNodePastTheOppositeFaceIsNonPositiveDespiteStraightCorners) {
  Mesh mesh = affine_cells(CellType::Tet10, {{Mat3::Identity(), Vec3::Zero()}});
  // Straight reference tetrahedron first: J = I everywhere. Corner scaled Jacobian by hand: corner 0 has
  // unit edges (sqrt 2 * 1 / 1), the others edges 1, sqrt 2, sqrt 2 (sqrt 2 * 1 / 2): minimum sqrt(2)/2.
  const CellQuality straight = cell_quality(mesh, 0);
  EXPECT_NEAR(straight.min_det_j, 1.0, 1e-14);
  EXPECT_NEAR(straight.scaled_jacobian, std::numbers::sqrt2 / 2, 1e-14);
  EXPECT_EQ(mesh_quality(mesh).non_positive_cells, 0);

  // Mid-node 4 of edge (0,1) moved from (0.5, 0, 0) through the cell to (0.5, 0.7, 0.7), beyond the face
  // x + y + z = 1. By hand at corner 1 (L1 = 1): dX/dxi = [(1,-2.8,-2.8) (0,-1.8,-2.8) (0,-2.8,-1.8)],
  // det = 1.8^2 - 2.8^2 = -4.6.
  mesh.X.col(4) = Vec3(0.5, 0.7, 0.7);
  const CellQuality folded = cell_quality(mesh, 0);
  EXPECT_NEAR(folded.scaled_jacobian, std::numbers::sqrt2 / 2, 1e-14);
  EXPECT_LE(folded.min_det_j, -4.6 + 1e-12);
  const MeshQuality m = mesh_quality(mesh);
  EXPECT_EQ(m.non_positive_cells, 1);
  EXPECT_EQ(m.first_non_positive, 0);

  // The same node slid along its edge to (0.8, 0, 0) instead: X = xi + 0.3 e1 N4 with N4 = 4 L0 L1, so by
  // hand det J = 1 + 1.2 (L0 - L1). That is -0.2 at corner 1 but at least 1 - 1.2 * 0.447 > 0 at the
  // 4-point rule's points (L0 - L1 in {0, +-0.447}): only the nodal samples see this fold.
  mesh.X.col(4) = Vec3(0.8, 0.0, 0.0);
  const CellQuality slid = cell_quality(mesh, 0);
  EXPECT_NEAR(slid.scaled_jacobian, std::numbers::sqrt2 / 2, 1e-14);
  EXPECT_NEAR(slid.min_det_j, -0.2, 1e-12);
  EXPECT_EQ(mesh_quality(mesh).non_positive_cells, 1);
}

class HexQualityTest : public testing::TestWithParam<CellType> {};

TEST_P(HexQualityTest, UnitCubeHasScaledJacobianAndAspectRatioOne) {
  const CellQuality q = cell_quality(affine_cells(GetParam(), {hex_map(Mat3::Identity())}), 0);
  EXPECT_NEAR(q.scaled_jacobian, 1.0, 1e-12);
  EXPECT_NEAR(q.aspect_ratio, 1.0, 1e-12);
  EXPECT_NEAR(q.min_det_j, 1.0 / 8.0, 1e-14);  // J = I / 2 on [-1,1]^3 -> [0,1]^3
}

TEST_P(HexQualityTest, StretchingACubeFourfoldGivesAspectRatioFourAndScaledJacobianOne) {
  const Mat3 stretch = Vec3(4.0, 1.0, 1.0).asDiagonal();
  const CellQuality q = cell_quality(affine_cells(GetParam(), {hex_map(stretch)}), 0);
  EXPECT_NEAR(q.aspect_ratio, 4.0, 1e-12);
  EXPECT_NEAR(q.scaled_jacobian, 1.0, 1e-12);
  EXPECT_NEAR(q.min_det_j, 0.5, 1e-14);  // 4 / 8
}

TEST_P(HexQualityTest, ShearedHexHasTheCosineOfTheShearAngle) {
  // Vertical edges tilted by 30 degrees in x: e_z -> (tan 30, 0, 1). Every corner sees edges e_x, e_y and
  // the tilted one, so by hand the scaled Jacobian is cos 30 = 0.8660254037844386 and the edge ratio
  // 1 / cos 30 = 1.1547005383792517; the volume (det J = 1/8) is unchanged.
  Mat3 shear = Mat3::Identity();
  shear(0, 2) = std::tan(std::numbers::pi / 6);
  const CellQuality q = cell_quality(affine_cells(GetParam(), {hex_map(shear)}), 0);
  EXPECT_NEAR(q.scaled_jacobian, 0.8660254037844386, 1e-12);
  EXPECT_NEAR(q.aspect_ratio, 1.1547005383792517, 1e-12);
  EXPECT_NEAR(q.min_det_j, 1.0 / 8.0, 1e-14);
}

TEST_P(HexQualityTest, MirroredHexIsCountedNonPositive) {
  const Mat3 mirror = Vec3(-1.0, 1.0, 1.0).asDiagonal();
  const Mesh mesh = affine_cells(GetParam(), {hex_map(Mat3::Identity()), hex_map(mirror)});
  const CellQuality q = cell_quality(mesh, 1);
  EXPECT_NEAR(q.scaled_jacobian, -1.0, 1e-12);
  EXPECT_NEAR(q.min_det_j, -1.0 / 8.0, 1e-14);
  const MeshQuality m = mesh_quality(mesh);
  EXPECT_EQ(m.non_positive_cells, 1);
  EXPECT_EQ(m.first_non_positive, 1);
}

INSTANTIATE_TEST_SUITE_P(Hexes, HexQualityTest, testing::Values(CellType::Hex8, CellType::Hex20), type_name);

TEST(MeshQualityTest, WorstCellsOfAPerturbedTet10BoxMatchCellQuality) {
  Mesh mesh = box_mesh({Vec3(0, 0, 0), Vec3(1.0, 0.75, 0.5), 4, 3, 2, CellType::Tet10});
  // Unperturbed, every cell is the Kuhn tetrahedron (0,0,0), (h,0,0), (h,h,0), (h,h,h) of a cube of side h:
  // by hand 6 V = h^3 over the largest corner edge-length product h * sqrt(2) h * sqrt(3) h, so scaled
  // Jacobian sqrt(2) / sqrt(6) = 1/sqrt(3) = 0.5773502691896258; R = sqrt(3) h / 2, r = 3 V / A with
  // A = (1 + sqrt(2)) h^2, so R / (3 r) = sqrt(3) (1 + sqrt(2)) / 3 = 1.3938468501173515.
  const MeshQuality uniform = mesh_quality(mesh);
  EXPECT_NEAR(uniform.min_scaled_jacobian, 0.5773502691896258, 1e-12);
  EXPECT_NEAR(uniform.max_aspect_ratio, 1.3938468501173515, 1e-12);

  perturb_interior_nodes(mesh, 0.25, 0.3, 11);
  const MeshQuality m = mesh_quality(mesh);
  ASSERT_GE(m.worst_jacobian_cell, 0);
  ASSERT_GE(m.worst_aspect_cell, 0);
  EXPECT_EQ(m.non_positive_cells, 0);
  EXPECT_EQ(m.first_non_positive, -1);
  EXPECT_EQ(cell_quality(mesh, m.worst_jacobian_cell).scaled_jacobian, m.min_scaled_jacobian);
  EXPECT_EQ(cell_quality(mesh, m.worst_aspect_cell).aspect_ratio, m.max_aspect_ratio);
  double best_jacobian = -1.0, best_aspect = std::numeric_limits<double>::infinity();
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    const CellQuality q = cell_quality(mesh, c);
    EXPECT_GE(q.scaled_jacobian, m.min_scaled_jacobian) << "cell " << c;
    EXPECT_LE(q.aspect_ratio, m.max_aspect_ratio) << "cell " << c;
    EXPECT_GT(q.min_det_j, 0.0) << "cell " << c;
    best_jacobian = std::max(best_jacobian, q.scaled_jacobian);
    best_aspect = std::min(best_aspect, q.aspect_ratio);
  }
  // The perturbation makes the cells differ, so the worst cell is a real choice and worse than before.
  EXPECT_GT(best_jacobian - m.min_scaled_jacobian, 0.05);
  EXPECT_GT(m.max_aspect_ratio - best_aspect, 0.05);
  EXPECT_LT(m.min_scaled_jacobian, uniform.min_scaled_jacobian);
}

TEST(MeshQualityTest, RegionVolumesSplitABoxAndSumToItsVolume) {
  // 2 x 1 x 0.5 box, cells with centroid x < 0.5 in region "left": by hand 0.5 * 1 * 0.5 = 0.25 and
  // 1.5 * 1 * 0.5 = 0.75, total 1.
  Mesh mesh = box_mesh({Vec3(0, 0, 0), Vec3(2.0, 1.0, 0.5), 4, 2, 2, CellType::Tet10});
  mesh.region_names = {"left", "right"};
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    Vec3 centroid = Vec3::Zero();
    for (int a = 0; a < 4; ++a) centroid += mesh.X.col(mesh.cell(c)[a]) / 4.0;
    mesh.cell_region[c] = centroid.x() < 0.5 ? 0 : 1;
  }
  const auto v = region_volumes(mesh);
  ASSERT_EQ(v.size(), 2u);
  EXPECT_NEAR(v[0], 0.25, 1e-12);
  EXPECT_NEAR(v[1], 0.75, 1e-12);
  EXPECT_NEAR(v[0] + v[1], 1.0, 1e-12);

  // Moving interior nodes changes the split but not the box: the total is still 1.
  perturb_interior_nodes(mesh, 0.25, 0.3, 3);
  const auto w = region_volumes(mesh);
  EXPECT_NEAR(w[0] + w[1], 1.0, 1e-12);
  EXPECT_GT(std::abs(w[0] - 0.25), 1e-6);

  mesh.cell_region[0] = 2;
  EXPECT_NE(test::input_error_message([&] { region_volumes(mesh); }).find("region number 2"),
            std::string::npos);
}

}  // namespace
}  // namespace piriform
