// Unit tests of the global assembly: the tangent is the derivative of the residual (every element type and
// formulation, fibres, small strain, follower pressure), the residual is the gradient of the energy, the
// sparsity pattern and colouring, bit-for-bit determinism (also across thread counts), the load vectors'
// sign conventions, and the count of unrestrained rigid-body modes.
#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/assembly/assembler.hpp"
#include "engine/assembly/solid_kernel.hpp"
#include "engine/materials/fibre.hpp"
#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"
#include "support.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace piriform {
namespace {

test::QuietLog quiet;

struct Problem : test::AssembledModel {
  using AssembledModel::AssembledModel;

  VecX residual(const VecX& u, double t = 1.0) const {
    VecX r;
    const Evaluation ev = assembler.evaluate(u, t, &r, nullptr);
    EXPECT_EQ(ev.inverted_cells, 0);
    return r;
  }
  VecX free_part(const VecX& full) const {
    VecX f;
    dofs.gather(full, f);
    return f;
  }
  VecX full_from_free(const VecX& free) const {
    VecX full = VecX::Zero(dofs.num_dofs());
    dofs.scatter(free, full);
    return full;
  }
  SpMat tangent(const VecX& u, LoadStiffness mode = LoadStiffness::Symmetric, VecX* r = nullptr,
                double t = 1.0) const {
    SpMat K;
    VecX r_local;
    const Evaluation ev = assembler.evaluate(u, t, r ? r : &r_local, &K, false, mode);
    EXPECT_EQ(ev.inverted_cells, 0);
    return K;
  }
};

// u = H X + noise: a homogeneous strain of a few percent plus random nodal motion of `noise` times the
// cell size h (mid-edge nodes move independently, so second-order cells become curved).
VecX random_displacement(const Mesh& mesh, const Mat3& H, double noise, double h, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  VecX u(3 * mesh.num_nodes());
  for (Index v = 0; v < mesh.num_nodes(); ++v)
    u.segment<3>(3 * v) = H * mesh.X.col(v) + noise * h * Vec3(U(rng), U(rng), U(rng));
  return u;
}

VecX random_vector(Index n, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> U(-1.0, 1.0);
  VecX v(n);
  for (Index i = 0; i < n; ++i) v[i] = U(rng);
  return v;
}

const Mat3 H_default = (Mat3() << 0.04, 0.01, -0.02, 0.015, -0.03, 0.01, -0.01, 0.02, 0.025).finished();

// Relative difference between K v and the central difference of the free residual along v.
double tangent_fd_error(const Problem& p, const VecX& u, const VecX& v_free, LoadStiffness mode,
                        double eps = 1e-6) {
  const SpMat K = p.tangent(u, mode);
  const VecX Kv = K * v_free;
  const VecX v = p.full_from_free(v_free);
  const VecX fd = (p.free_part(p.residual(u + eps * v)) - p.free_part(p.residual(u - eps * v))) / (2.0 * eps);
  return (Kv - fd).norm() / Kv.norm();
}

// ---------------------------------------------------------------------------------------------------
// Tangent against finite differences of the residual, for every element type, formulation and kinematics

struct TangentCase {
  std::string name;
  CellType type;
  Formulation formulation = Formulation::Displacement;
  Kinematics kinematics = Kinematics::Finite;
  std::function<MaterialPtr()> material;
  bool fibres = false;
};

std::ostream& operator<<(std::ostream& os, const TangentCase& c) { return os << c.name; }

MaterialPtr neo_hookean() { return std::make_shared<NeoHookean>(1e3, 5e4); }

Model box_model(const TangentCase& c) {
  Model model;
  model.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), 2, 2, 2, c.type});
  model.materials = {c.material()};
  model.formulation = c.formulation;
  model.kinematics = c.kinematics;
  model.supports = {fixed_support("zmin"), roller_support("xmin", 0)};
  if (c.fibres) {
    // A different unit fibre in every cell, within ~30 degrees of x so that a 4 % stretch along x keeps
    // every fibre in tension (away from the switch at I4 = 1).
    std::mt19937 rng(11);
    std::uniform_real_distribution<double> U(-0.5, 0.5);
    model.mesh.fibre.resize(3, model.mesh.num_cells());
    for (Index cell = 0; cell < model.mesh.num_cells(); ++cell)
      model.mesh.fibre.col(cell) = Vec3(1.0, U(rng), U(rng)).normalized();
  }
  model.validate();
  return model;
}

class TangentTest : public testing::TestWithParam<TangentCase> {};

TEST_P(TangentTest, TangentIsTheDerivativeOfTheResidual) {
  const Problem p(box_model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 3);
  for (unsigned seed : {1u, 2u, 3u}) {
    const VecX v = 0.01 * random_vector(p.dofs.num_free(), seed);
    const double err = tangent_fd_error(p, u, v, LoadStiffness::Symmetric);
    EXPECT_LT(err, 1e-6) << "direction " << seed;
  }
}

TEST_P(TangentTest, TangentIsSymmetricWithoutFollowerLoads) {
  const Problem p(box_model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 4);
  const Eigen::MatrixXd K(p.tangent(u));
  EXPECT_LT((K - K.transpose()).norm(), 1e-12 * K.norm());
}

TEST_P(TangentTest, ResidualIsTheGradientOfTheEnergy) {
  const Problem p(box_model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 5);
  VecX r;
  const Evaluation ev = p.assembler.evaluate(u, 1.0, &r, nullptr, true);
  ASSERT_EQ(ev.inverted_cells, 0);
  EXPECT_GT(ev.energy, 0.0);
  auto energy = [&](const VecX& w) {
    VecX rr;
    return p.assembler.evaluate(w, 1.0, &rr, nullptr, true).energy;
  };
  // Directional derivatives along random directions over all dofs (supports only choose the free ones),
  // and along the free dofs alone.
  for (unsigned seed : {7u, 8u, 9u}) {
    VecX v = 0.01 * random_vector(p.dofs.num_dofs(), seed);
    if (seed == 9u) v = p.full_from_free(p.free_part(v));
    const double eps = 1e-4;
    const double fd = (energy(u + eps * v) - energy(u - eps * v)) / (2.0 * eps);
    EXPECT_NEAR(r.dot(v), fd, 1e-7 * std::abs(r.dot(v))) << "direction " << seed;
  }
}

// Asking for the tangent does not change the residual.
TEST_P(TangentTest, EvaluationWithoutTangentGivesTheSameResidual) {
  const Problem p(box_model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 6);
  VecX r1, r2;
  SpMat K;
  p.assembler.evaluate(u, 1.0, &r1, nullptr);
  p.assembler.evaluate(u, 1.0, &r2, &K);
  EXPECT_TRUE(r1 == r2);
}

const TangentCase tangent_cases[] = {
    {"tet4", CellType::Tet4, Formulation::Displacement, Kinematics::Finite, neo_hookean},
    {"tet10", CellType::Tet10, Formulation::Displacement, Kinematics::Finite, neo_hookean},
    {"hex8", CellType::Hex8, Formulation::Displacement, Kinematics::Finite, neo_hookean},
    {"hex20", CellType::Hex20, Formulation::Displacement, Kinematics::Finite, neo_hookean},
    {"hex8_mean_dilatation", CellType::Hex8, Formulation::MeanDilatation, Kinematics::Finite, neo_hookean},
    {"tet10_fibres", CellType::Tet10, Formulation::Displacement, Kinematics::Finite,
     [] { return std::make_shared<FibreReinforced>(neo_hookean(), 5e3, 10.0); }, true},
    {"hex8_mean_dilatation_fibres", CellType::Hex8, Formulation::MeanDilatation, Kinematics::Finite,
     [] { return std::make_shared<FibreReinforced>(neo_hookean(), 5e3, 10.0); }, true},
    {"hex8_ogden", CellType::Hex8, Formulation::Displacement, Kinematics::Finite,
     [] { return std::make_shared<Ogden>(kNerveOgdenMu, kNerveOgdenAlpha, 5e5); }},
    {"tet4_compressible_neo_hookean", CellType::Tet4, Formulation::Displacement, Kinematics::Finite,
     [] {
       return std::make_shared<CompressibleNeoHookean>(YoungPoisson{1e4, 0.3});
     }},
    {"tet10_small_strain", CellType::Tet10, Formulation::Displacement, Kinematics::SmallStrain,
     [] {
       return std::make_shared<StVenantKirchhoff>(YoungPoisson{1e4, 0.3});
     }},
    {"hex20_small_strain", CellType::Hex20, Formulation::Displacement, Kinematics::SmallStrain,
     [] {
       return std::make_shared<StVenantKirchhoff>(YoungPoisson{1e4, 0.3});
     }},
};

INSTANTIATE_TEST_SUITE_P(Cases, TangentTest, testing::ValuesIn(tangent_cases),
                         [](const testing::TestParamInfo<TangentCase>& i) { return i.param.name; });

// The assembled energy is the quadrature sum of W(F, a0) with each cell's own fibre, and the fibres carry
// load (I4 > 1), so the fibre cases above exercise the fibre terms.
TEST(Fibres, EachCellUsesItsOwnFibre) {
  const TangentCase tc{"",
                       CellType::Tet10,
                       Formulation::Displacement,
                       Kinematics::Finite,
                       [] { return std::make_shared<FibreReinforced>(neo_hookean(), 5e3, 10.0); },
                       true};
  const Problem p(box_model(tc));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 19);
  VecX r;
  const double assembled = p.assembler.evaluate(u, 1.0, &r, nullptr, true).energy;
  const Mesh& mesh = p.model.mesh;
  const CellGeometry& geo = p.assembler.geometry();
  const Material& mat = *p.model.materials[0];
  double direct = 0.0, without_fibres = 0.0;
  for (Index c = 0; c < mesh.num_cells(); ++c)
    for (int q = 0; q < geo.num_points(); ++q) {
      const Eigen::Map<const Eigen::Matrix3Xd> G(geo.grad(c, q), 3, geo.nodes());
      Mat3 F = Mat3::Identity();
      for (int a = 0; a < geo.nodes(); ++a) F += u.segment<3>(3 * mesh.cell(c)[a]) * G.col(a).transpose();
      direct += geo.weight(c, q) * mat.energy(F, mesh.fibre_of(c));
      without_fibres += geo.weight(c, q) * mat.energy(F, Vec3::Zero());
    }
  EXPECT_NEAR(assembled, direct, 1e-12 * direct);
  EXPECT_GT(direct - without_fibres, 0.1 * without_fibres);
}

// A small-strain residual is linear: with the constrained dofs at zero, r_f = K_ff u_f.
TEST(SmallStrain, ResidualIsLinearInTheDisplacement) {
  TangentCase c{"", CellType::Hex8, Formulation::Displacement, Kinematics::SmallStrain, [] {
                  return std::make_shared<StVenantKirchhoff>(YoungPoisson{1e4, 0.3});
                }};
  const Problem p(box_model(c));
  const VecX uf = 0.01 * random_vector(p.dofs.num_free(), 9);
  const VecX u = p.full_from_free(uf);
  const SpMat K = p.tangent(u);
  const VecX r = p.free_part(p.residual(u));
  EXPECT_LT((K * uf - r).norm(), 1e-12 * r.norm());
}

// ---------------------------------------------------------------------------------------------------
// Follower pressure

class PressureTest : public testing::TestWithParam<CellType> {
 protected:
  static Model model(CellType type) {
    Model m;
    m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), 2, 2, 2, type});
    m.materials = {neo_hookean()};
    m.supports = {fixed_support("zmin")};
    // Non-uniform, and large enough (of the order of the shear modulus) that its stiffness matters.
    auto p = [](const Vec3& X, double t) { return t * 600.0 * (1.0 + 0.5 * X.x() - 0.3 * X.y()); };
    m.pressures = {{"zmax", p}, {"xmax", p}};
    return m;
  }
};

TEST_P(PressureTest, FullLoadStiffnessIsTheDerivativeOfTheResidual) {
  const Problem p(model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 12);
  for (unsigned seed : {1u, 2u}) {
    const VecX v = 0.01 * random_vector(p.dofs.num_free(), seed);
    EXPECT_LT(tangent_fd_error(p, u, v, LoadStiffness::Full), 1e-6) << "direction " << seed;
    // The symmetric approximation is not the derivative: the comparison is sensitive to the load part.
    EXPECT_GT(tangent_fd_error(p, u, v, LoadStiffness::Symmetric), 1e-4) << "direction " << seed;
    EXPECT_GT(tangent_fd_error(p, u, v, LoadStiffness::None), 1e-4) << "direction " << seed;
  }
}

TEST_P(PressureTest, SymmetricLoadStiffnessIsTheSymmetricPartOfTheFullOne) {
  const Problem p(model(GetParam()));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 13);
  const Eigen::MatrixXd full(p.tangent(u, LoadStiffness::Full)), sym(p.tangent(u, LoadStiffness::Symmetric)),
      none(p.tangent(u, LoadStiffness::None));
  const double scale = full.norm();
  EXPECT_LT((sym - 0.5 * (full + full.transpose())).norm(), 1e-13 * scale);
  EXPECT_LT((sym - sym.transpose()).norm(), 1e-13 * scale);
  // The load stiffness is not negligible and not symmetric.
  EXPECT_GT((full - full.transpose()).norm(), 1e-3 * scale);
  EXPECT_GT((sym - none).norm(), 1e-4 * scale);
  // None is the material and geometric stiffness alone: the same as the model without pressures.
  Model bare = model(GetParam());
  bare.pressures.clear();
  const Problem q(std::move(bare));
  EXPECT_LT((Eigen::MatrixXd(q.tangent(u)) - none).norm(), 1e-13 * scale);
}

TEST_P(PressureTest, ExternalForceOfUniformPressurePushesIntoTheBody) {
  Model m = model(GetParam());
  m.pressures = {{"zmax", [](const Vec3&, double t) { return 250.0 * t; }}};
  m.tractions = {{"xmax", [](const Vec3&, double t) { return Vec3(10.0 * t, -20.0 * t, 5.0 * t); }}};
  const Problem p(std::move(m));
  const VecX u0 = VecX::Zero(p.dofs.num_dofs());
  VecX f;
  p.assembler.external_force(u0, 2.0, f);
  Vec3 total = Vec3::Zero();
  for (Index v = 0; v < p.model.mesh.num_nodes(); ++v) total += f.segment<3>(3 * v);
  const double area_z = 1.0 * 0.8, area_x = 0.8 * 0.6;
  const Vec3 expected = Vec3(0, 0, -500.0 * area_z) + 2.0 * Vec3(10.0, -20.0, 5.0) * area_x;
  EXPECT_LT((total - expected).norm(), 1e-12 * expected.norm()) << total.transpose();
  // The residual is f_int - f_ext, and f_int = 0 in the reference configuration.
  EXPECT_LT((p.residual(u0, 2.0) + f).norm(), 1e-12 * f.norm());
  // A follower load turns with the surface: rotate the whole body by 90 degrees about x.
  const Mat3 R = Eigen::AngleAxisd(M_PI / 2, Vec3::UnitX()).toRotationMatrix();
  VecX ur(p.dofs.num_dofs());
  for (Index v = 0; v < p.model.mesh.num_nodes(); ++v)
    ur.segment<3>(3 * v) = (R - Mat3::Identity()) * p.model.mesh.X.col(v);
  p.assembler.external_force(ur, 2.0, f);
  total.setZero();
  for (Index v = 0; v < p.model.mesh.num_nodes(); ++v) total += f.segment<3>(3 * v);
  const Vec3 expected_rotated = R * Vec3(0, 0, -500.0 * area_z) + 2.0 * Vec3(10.0, -20.0, 5.0) * area_x;
  EXPECT_LT((total - expected_rotated).norm(), 1e-12 * expected.norm()) << total.transpose();
}

INSTANTIATE_TEST_SUITE_P(VolumeTypes, PressureTest,
                         testing::Values(CellType::Tet4, CellType::Tet10, CellType::Hex8, CellType::Hex20),
                         [](const testing::TestParamInfo<CellType>& i) {
                           return std::string(cell_type_name(i.param));
                         });

// ---------------------------------------------------------------------------------------------------
// The predictor's lift: K_full (all dofs, cells only) times a direction on the constrained dofs

TEST(Lift, IsTheFullTangentTimesTheDirection) {
  TangentCase c{"", CellType::Tet10, Formulation::Displacement, Kinematics::Finite, neo_hookean};
  const Problem p(box_model(c));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 14);
  VecX d = VecX::Zero(p.dofs.num_dofs());
  const VecX rnd = random_vector(p.dofs.num_dofs(), 15);
  for (Index dof : p.dofs.constrained_dofs()) d[dof] = 0.01 * rnd[dof];
  VecX r, lift;
  SpMat K;
  p.assembler.evaluate(u, 1.0, &r, &K, false, LoadStiffness::Symmetric, &d, &lift);
  const double eps = 1e-6;
  const VecX fd = (p.residual(u + eps * d) - p.residual(u - eps * d)) / (2.0 * eps);
  EXPECT_LT((lift - fd).norm(), 1e-6 * fd.norm());
  EXPECT_THROW(p.assembler.evaluate(u, 1.0, &r, nullptr, false, LoadStiffness::Symmetric, &d, &lift),
               std::logic_error);
}

// ---------------------------------------------------------------------------------------------------
// Inverted cells are reported, not assembled

TEST(Evaluation, ReportsInvertedCells) {
  TangentCase c{"", CellType::Tet4, Formulation::Displacement, Kinematics::Finite, neo_hookean};
  const Problem p(box_model(c));
  VecX u = VecX::Zero(p.dofs.num_dofs());
  // Push the centre node (shared by all cells around it) through the bottom face.
  Index centre = -1;
  for (Index v = 0; v < p.model.mesh.num_nodes(); ++v)
    if ((p.model.mesh.X.col(v) - Vec3(0.5, 0.4, 0.3)).norm() < 1e-12) centre = v;
  ASSERT_GE(centre, 0);
  u[3 * centre + 2] = -0.5;
  VecX r;
  SpMat K;
  const Evaluation ev = p.assembler.evaluate(u, 1.0, &r, &K);
  EXPECT_GT(ev.inverted_cells, 0);
  EXPECT_LE(ev.min_J, 0.0);
  ASSERT_GE(ev.first_inverted, 0);
  const Index* cell = p.model.mesh.cell(ev.first_inverted);
  EXPECT_NE(std::find(cell, cell + 4, centre), cell + 4) << "the first inverted cell touches the moved node";
  const Evaluation ok = p.assembler.evaluate(VecX::Zero(p.dofs.num_dofs()), 1.0, &r, &K);
  EXPECT_EQ(ok.inverted_cells, 0);
  EXPECT_EQ(ok.first_inverted, -1);
  EXPECT_DOUBLE_EQ(ok.min_J, 1.0);
}

// ---------------------------------------------------------------------------------------------------
// Sparsity and colouring

// Dense reference: element matrices from the kernel scattered by equation number, with no pattern.
template <CellType T>
Eigen::MatrixXd dense_reference_tangent(const Problem& p, const VecX& u) {
  using Kernel = SolidKernel<T>;
  const Mesh& mesh = p.model.mesh;
  const CellGeometry& geo = p.assembler.geometry();
  Eigen::MatrixXd K = Eigen::MatrixXd::Zero(p.dofs.num_free(), p.dofs.num_free());
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    typename Kernel::Disp ue;
    const Index* v = mesh.cell(c);
    for (int a = 0; a < Kernel::n; ++a) ue.col(a) = u.segment<3>(3 * v[a]);
    typename Kernel::Mat Ke = Kernel::Mat::Zero();
    Kernel::finite(geo, c, ue, *p.model.materials[0], mesh.fibre_of(c), nullptr, &Ke, false);
    for (int a = 0; a < Kernel::n; ++a)
      for (int i = 0; i < 3; ++i)
        for (int b = 0; b < Kernel::n; ++b)
          for (int k = 0; k < 3; ++k) {
            const Index row = p.dofs.eq(3 * v[a] + i), col = p.dofs.eq(3 * v[b] + k);
            if (row >= 0 && col >= 0) K(row, col) += Ke(3 * a + i, 3 * b + k);
          }
  }
  return K;
}

// Colouring: more than one colour, every cell in exactly one block and once, no two blocks of a colour
// share a node.
void check_colouring(const SparsityPattern& sp, const Mesh& mesh) {
  EXPECT_GT(sp.num_colours(), 1);
  ASSERT_EQ(static_cast<int>(sp.colour_offsets().size()), sp.num_colours() + 1);
  EXPECT_EQ(sp.colour_offsets().front(), 0);
  EXPECT_EQ(sp.colour_offsets().back(), static_cast<Index>(sp.coloured_blocks().size()));
  std::vector<int> seen(mesh.num_cells(), 0);
  for (int colour = 0; colour < sp.num_colours(); ++colour) {
    EXPECT_LT(sp.colour_offsets()[colour], sp.colour_offsets()[colour + 1]) << "empty colour " << colour;
    std::map<Index, Index> owner;  // node -> block of this colour that holds it
    for (Index i = sp.colour_offsets()[colour]; i < sp.colour_offsets()[colour + 1]; ++i) {
      const Index b = sp.coloured_blocks()[i];
      EXPECT_LE(sp.block_end(b) - sp.block_begin(b), sp.cells_per_block());
      for (Index c = sp.block_begin(b); c < sp.block_end(b); ++c) {
        ++seen[c];
        for (int a = 0; a < mesh.nodes_per_cell(); ++a) {
          const auto [it, inserted] = owner.emplace(mesh.cell(c)[a], b);
          EXPECT_TRUE(inserted || it->second == b) << "colour " << colour << " has blocks " << it->second
                                                   << " and " << b << " sharing node " << mesh.cell(c)[a];
        }
      }
    }
  }
  EXPECT_EQ(std::count(seen.begin(), seen.end(), 1), mesh.num_cells()) << "cells not coloured exactly once";
}

template <CellType T>
void check_sparsity() {
  const TangentCase tc{"", T, Formulation::Displacement, Kinematics::Finite, neo_hookean};
  Model model = box_model(tc);
  // Supports that leave some nodes with one or two free components, so the scatter map's partial masks
  // are exercised.
  model.supports = {fixed_support("zmin"), roller_support("xmin", 0), roller_support("ymax", 1)};
  const Problem p(std::move(model));
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.3, 16);
  const SpMat K = p.tangent(u);
  const SpMat& P = p.assembler.sparsity().pattern();
  ASSERT_EQ(K.rows(), p.dofs.num_free());
  ASSERT_EQ(K.cols(), p.dofs.num_free());
  ASSERT_EQ(K.nonZeros(), P.nonZeros());

  // Structural symmetry: the transpose has the same pattern.
  const SpMat Pt = P.transpose();
  ASSERT_EQ(Pt.nonZeros(), P.nonZeros());
  EXPECT_TRUE(std::equal(P.outerIndexPtr(), P.outerIndexPtr() + P.outerSize() + 1, Pt.outerIndexPtr()));
  EXPECT_TRUE(std::equal(P.innerIndexPtr(), P.innerIndexPtr() + P.nonZeros(), Pt.innerIndexPtr()));
  // Rows sorted and unique in every column.
  for (Index j = 0; j < P.outerSize(); ++j)
    for (int k = P.outerIndexPtr()[j] + 1; k < P.outerIndexPtr()[j + 1]; ++k)
      EXPECT_LT(P.innerIndexPtr()[k - 1], P.innerIndexPtr()[k]);

  // Every nonzero of the dense reference lies in the pattern, and the values agree.
  const Eigen::MatrixXd ref = dense_reference_tangent<T>(p, u);
  Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic> in_pattern =
      Eigen::Matrix<bool, Eigen::Dynamic, Eigen::Dynamic>::Constant(ref.rows(), ref.cols(), false);
  for (Index j = 0; j < P.outerSize(); ++j)
    for (SpMat::InnerIterator it(P, j); it; ++it) in_pattern(it.row(), it.col()) = true;
  Index missing = 0, structural_zeros = 0;
  for (Index j = 0; j < ref.cols(); ++j)
    for (Index i = 0; i < ref.rows(); ++i) {
      if (ref(i, j) != 0.0 && !in_pattern(i, j)) ++missing;
      if (in_pattern(i, j) && ref(i, j) == 0.0) ++structural_zeros;
    }
  EXPECT_EQ(missing, 0);
  EXPECT_LT(structural_zeros, P.nonZeros() / 10) << "pattern much wider than the element couplings";
  EXPECT_LT((Eigen::MatrixXd(K) - ref).norm(), 1e-13 * ref.norm());

  check_colouring(p.assembler.sparsity(), p.model.mesh);
}

TEST(Sparsity, Tet4PatternCoversTheCouplingsAndColoursAreIndependent) { check_sparsity<CellType::Tet4>(); }
TEST(Sparsity, Tet10PatternCoversTheCouplingsAndColoursAreIndependent) { check_sparsity<CellType::Tet10>(); }
TEST(Sparsity, Hex8PatternCoversTheCouplingsAndColoursAreIndependent) { check_sparsity<CellType::Hex8>(); }
TEST(Sparsity, Hex20PatternCoversTheCouplingsAndColoursAreIndependent) { check_sparsity<CellType::Hex20>(); }

TEST(Sparsity, BlocksOfSeveralCellsAreColouredIndependently) {
  const Mesh mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), 4, 4, 3, CellType::Tet10});
  Model model;
  model.mesh = mesh;
  model.materials = {neo_hookean()};
  model.supports = {fixed_support("zmin")};
  const DofMap dofs = DofMap::from_model(model);
  for (Index size : {2, 5, 7}) {
    const SparsityPattern sp(mesh, dofs, size);
    EXPECT_EQ(sp.cells_per_block(), size);
    check_colouring(sp, mesh);
  }
}

// ---------------------------------------------------------------------------------------------------
// Determinism

struct Snapshot {
  VecX r, lift;
  SpMat K;
  double energy = 0.0;
};

Snapshot evaluate_once(const Problem& p, const VecX& u, const VecX& d) {
  Snapshot s;
  s.energy = p.assembler.evaluate(u, 1.0, &s.r, &s.K, true, LoadStiffness::Full, &d, &s.lift).energy;
  return s;
}

bool bit_identical(const VecX& a, const VecX& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), sizeof(double) * a.size()) == 0;
}
bool bit_identical(const SpMat& a, const SpMat& b) {
  return a.nonZeros() == b.nonZeros() &&
         std::memcmp(a.valuePtr(), b.valuePtr(), sizeof(double) * a.nonZeros()) == 0 &&
         std::equal(a.innerIndexPtr(), a.innerIndexPtr() + a.nonZeros(), b.innerIndexPtr());
}

// 1152 cells: enough for the thread team and for blocks of two cells.
Model determinism_model() {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), 8, 6, 4, CellType::Tet10});
  m.materials = {std::make_shared<FibreReinforced>(neo_hookean(), 5e3, 10.0)};
  m.mesh.fibre = Eigen::Matrix3Xd::Zero(3, m.mesh.num_cells());
  m.mesh.fibre.row(0).setOnes();
  m.supports = {fixed_support("zmin")};
  m.pressures = {{"zmax", [](const Vec3& X, double t) { return t * 300.0 * (1.0 + X.x()); }}};
  return m;
}

TEST(Determinism, RepeatedEvaluationsAreBitIdentical) {
  const Problem p(determinism_model());
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.2, 17);
  VecX d = VecX::Zero(p.dofs.num_dofs());
  for (Index dof : p.dofs.constrained_dofs()) d[dof] = 1e-3;
  const Snapshot a = evaluate_once(p, u, d), b = evaluate_once(p, u, d);
  EXPECT_TRUE(bit_identical(a.r, b.r));
  EXPECT_TRUE(bit_identical(a.K, b.K));
  EXPECT_TRUE(bit_identical(a.lift, b.lift));
  EXPECT_EQ(a.energy, b.energy);
}

#ifdef _OPENMP
TEST(Determinism, OneAndTwoThreadsGiveBitIdenticalResults) {
  const Problem p(determinism_model());
  const VecX u = random_displacement(p.model.mesh, H_default, 0.02, 0.2, 18);
  VecX d = VecX::Zero(p.dofs.num_dofs());
  for (Index dof : p.dofs.constrained_dofs()) d[dof] = 1e-3;
  const int saved = omp_get_max_threads();
  omp_set_num_threads(1);
  const Snapshot one = evaluate_once(p, u, d);
  omp_set_num_threads(2);
  const Snapshot two = evaluate_once(p, u, d);
  omp_set_num_threads(saved);
  ASSERT_EQ(one.K.nonZeros(), two.K.nonZeros());
  EXPECT_LT((one.r - two.r).norm(), 1e-12 * one.r.norm());
  EXPECT_LT((Eigen::Map<const VecX>(one.K.valuePtr(), one.K.nonZeros()) -
             Eigen::Map<const VecX>(two.K.valuePtr(), two.K.nonZeros()))
                .norm(),
            1e-12 * one.K.norm());
  ASSERT_GT(p.assembler.sparsity().cells_per_block(), 1);
  // The colouring fixes the summation order of every entry, so the results are in fact identical.
  EXPECT_TRUE(bit_identical(one.r, two.r));
  EXPECT_TRUE(bit_identical(one.K, two.K));
  EXPECT_TRUE(bit_identical(one.lift, two.lift));
  EXPECT_EQ(one.energy, two.energy);
}
#endif

// ---------------------------------------------------------------------------------------------------
// Rigid-body modes

int rigid_modes(std::vector<DirichletCondition> supports, CellType type = CellType::Hex8) {
  Model m;
  m.mesh = box_mesh({Vec3::Zero(), Vec3(1.0, 0.8, 0.6), 2, 2, 2, type});
  m.materials = {neo_hookean()};
  m.supports = std::move(supports);
  return unrestrained_rigid_modes(m.mesh, DofMap::from_model(m));
}

TEST(RigidModes, CountsTheMotionsTheSupportsLeaveFree) {
  EXPECT_EQ(rigid_modes({}), 6);
  EXPECT_EQ(rigid_modes({fixed_support("zmin")}), 0);
  EXPECT_EQ(rigid_modes({fixed_support("xmax")}, CellType::Tet10), 0);
  // A roller on one plane removes the normal translation and the two rotations that tilt the plane.
  EXPECT_EQ(rigid_modes({roller_support("zmin", 2)}), 3);
  EXPECT_EQ(rigid_modes({roller_support("zmin", 2), roller_support("zmax", 2)}), 3);
  EXPECT_EQ(rigid_modes({roller_support("zmin", 2), roller_support("xmin", 0)}), 1);  // y translation
  EXPECT_EQ(rigid_modes({roller_support("zmin", 2), roller_support("xmin", 0), roller_support("ymin", 1)}),
            0);
  EXPECT_EQ(rigid_modes({roller_support("xmin", 0), roller_support("xmax", 0), roller_support("ymin", 1),
                         roller_support("ymax", 1)}),
            1);  // z translation only
  // A tangential component on a plane: x fixed on z = 0 removes only the x translation and the rotation
  // about z (the rotation about y moves the plane uniformly in x).
  EXPECT_EQ(rigid_modes({roller_support("zmin", 0)}), 4);
  EXPECT_EQ(rigid_modes({prescribed_displacement("zmax", {true, true, false}, {})}), 3);
}

TEST(RigidModes, PointSupports) {
  const Mesh mesh = box_mesh({Vec3::Zero(), Vec3::Ones(), 1, 1, 1, CellType::Hex8});
  auto modes = [&](std::vector<std::pair<Index, int>> fixed) {
    std::vector<char> c(3 * mesh.num_nodes(), 0);
    for (auto [node, comp] : fixed) c[3 * node + comp] = 1;
    return unrestrained_rigid_modes(mesh, DofMap(mesh.num_nodes(), c));
  };
  EXPECT_EQ(modes({}), 6);
  EXPECT_EQ(modes({{0, 0}, {0, 1}, {0, 2}}), 3);                          // one pinned point
  EXPECT_EQ(modes({{0, 0}, {0, 1}, {0, 2}, {6, 0}, {6, 1}, {6, 2}}), 1);  // two: rotation about their line
  // The classic 3-2-1 statically determinate support.
  EXPECT_EQ(modes({{0, 0}, {0, 1}, {0, 2}, {1, 1}, {1, 2}, {3, 2}}), 0);
}

TEST(DofMap, NumbersFreeDofsNodeByNode) {
  std::vector<char> c = {0, 1, 0, 1, 1, 1, 0, 0, 1};
  const DofMap dofs(3, c);
  EXPECT_EQ(dofs.num_dofs(), 9);
  EXPECT_EQ(dofs.num_free(), 4);
  EXPECT_EQ(dofs.eq(0), 0);
  EXPECT_EQ(dofs.eq(1), -1);
  EXPECT_EQ(dofs.eq(2), 1);
  EXPECT_EQ(dofs.eq(6), 2);
  EXPECT_EQ(dofs.eq(7), 3);
  EXPECT_EQ(dofs.free_mask(0), 0b101);
  EXPECT_EQ(dofs.free_mask(1), 0);
  EXPECT_EQ(dofs.free_mask(2), 0b011);
  EXPECT_EQ(dofs.constrained_dofs(), (std::vector<Index>{1, 3, 4, 5, 8}));
  VecX full = VecX::LinSpaced(9, 1.0, 9.0), free;
  dofs.gather(full, free);
  EXPECT_EQ(free, (VecX(4) << 1, 3, 7, 8).finished());
  VecX back = VecX::Zero(9);
  dofs.scatter(2.0 * free, back);
  EXPECT_EQ(back, (VecX(9) << 2, 0, 6, 0, 0, 0, 14, 16, 0).finished());
}

}  // namespace
}  // namespace piriform
