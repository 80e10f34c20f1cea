// Reference elements and quadrature: shape-function identities, Gmsh topology, quadrature exactness
// (and tightness of the declared degree), and the geometry helpers on affinely mapped cells.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "engine/common/error.hpp"
#include "engine/elements/cell_type.hpp"
#include "engine/elements/geometry.hpp"
#include "engine/elements/quadrature.hpp"
#include "engine/elements/shape.hpp"

namespace piriform {
namespace {

bool is_simplex_type(CellType t) { return detail::is_simplex(t); }

// A random point strictly inside t's reference domain.
template <CellType T>
typename Shape<T>::Point random_point(std::mt19937& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  typename Shape<T>::Point xi;
  if constexpr (detail::is_simplex(T)) {
    do {
      for (int d = 0; d < Shape<T>::dim; ++d) xi[d] = u(rng);
    } while (xi.sum() >= 1.0);
  } else {
    for (int d = 0; d < Shape<T>::dim; ++d) xi[d] = 2.0 * u(rng) - 1.0;
  }
  return xi;
}

// Runs body.template operator()<T>() for every cell type, with the type named in failure messages.
template <class F>
void for_each_type(F&& body) {
  for (CellType t : all_cell_types) {
    SCOPED_TRACE(std::string(cell_type_name(t)));
    dispatch(t, [&](auto tag) { body.template operator()<decltype(tag)::value>(); });
  }
}

// ---------------------------------------------------------------------------------------------------
// Cell types

TEST(CellType, CountsAndNames) {
  const std::map<CellType, std::tuple<int, int, int, int, std::string, int>> expected = {
      {CellType::Tri3, {3, 2, 3, 1, "tri3", 2}},   {CellType::Tri6, {6, 2, 3, 2, "tri6", 9}},
      {CellType::Quad4, {4, 2, 4, 1, "quad4", 3}}, {CellType::Quad8, {8, 2, 4, 2, "quad8", 16}},
      {CellType::Tet4, {4, 3, 4, 1, "tet4", 4}},   {CellType::Tet10, {10, 3, 4, 2, "tet10", 11}},
      {CellType::Hex8, {8, 3, 8, 1, "hex8", 5}},   {CellType::Hex20, {20, 3, 8, 2, "hex20", 17}}};
  for (const auto& [t, e] : expected) {
    SCOPED_TRACE(std::get<4>(e));
    EXPECT_EQ(num_nodes(t), std::get<0>(e));
    EXPECT_EQ(dimension(t), std::get<1>(e));
    EXPECT_EQ(num_corners(t), std::get<2>(e));
    EXPECT_EQ(order(t), std::get<3>(e));
    EXPECT_EQ(cell_type_name(t), std::get<4>(e));
    EXPECT_EQ(gmsh_element_type(t), std::get<5>(e));
    EXPECT_EQ(cell_type_from_gmsh(std::get<5>(e)), t);
    // A second-order type has exactly one node per edge beyond its corners.
    if (order(t) == 2) {
      EXPECT_EQ(num_nodes(t), num_corners(t) + static_cast<int>(local_edges(t).size()));
    }
  }
  for (int id : {0, 1, 6, 7, 8, 10, 12, 13, 14, 15, 18, 29, -1, 1000})
    EXPECT_FALSE(cell_type_from_gmsh(id).has_value()) << id;
}

TEST(CellType, FacetTypes) {
  EXPECT_EQ(facet_type(CellType::Tet4), CellType::Tri3);
  EXPECT_EQ(facet_type(CellType::Tet10), CellType::Tri6);
  EXPECT_EQ(facet_type(CellType::Hex8), CellType::Quad4);
  EXPECT_EQ(facet_type(CellType::Hex20), CellType::Quad8);
  for (CellType t : {CellType::Tri3, CellType::Tri6, CellType::Quad4, CellType::Quad8}) {
    EXPECT_THROW(facet_type(t), InputError);
    EXPECT_THROW(local_faces(t), InputError);
  }
}

// The orderings observed in gmsh 4.8.4 output (see cell_type.hpp), written out independently here.
TEST(CellType, GmshEdgeOrdering) {
  using E = std::vector<LocalEdge>;
  auto edges = [](CellType t) {
    const auto s = local_edges(t);
    return E(s.begin(), s.end());
  };
  EXPECT_EQ(edges(CellType::Tri6), (E{{0, 1}, {1, 2}, {2, 0}}));
  EXPECT_EQ(edges(CellType::Quad8), (E{{0, 1}, {1, 2}, {2, 3}, {3, 0}}));
  EXPECT_EQ(edges(CellType::Tet10), (E{{0, 1}, {1, 2}, {2, 0}, {3, 0}, {3, 2}, {3, 1}}));
  EXPECT_EQ(
      edges(CellType::Hex20),
      (E{{0, 1}, {0, 3}, {0, 4}, {1, 2}, {1, 5}, {2, 3}, {2, 6}, {3, 7}, {4, 5}, {4, 7}, {5, 6}, {6, 7}}));
  // Reference coordinates of a few mid-nodes, by hand.
  const auto tet = Shape<CellType::Tet10>::reference_nodes();
  EXPECT_EQ(tet.col(8), Eigen::Vector3d(0, 0.5, 0.5));  // edge (3,2)
  EXPECT_EQ(tet.col(9), Eigen::Vector3d(0.5, 0, 0.5));  // edge (3,1)
  const auto hex = Shape<CellType::Hex20>::reference_nodes();
  EXPECT_EQ(hex.col(9), Eigen::Vector3d(-1, 0, -1));   // edge (0,3)
  EXPECT_EQ(hex.col(10), Eigen::Vector3d(-1, -1, 0));  // edge (0,4)
  EXPECT_EQ(hex.col(19), Eigen::Vector3d(0, 1, 1));    // edge (6,7)
}

// ---------------------------------------------------------------------------------------------------
// Shape functions

TEST(Shape, KroneckerDeltaAtReferenceNodes) {
  for_each_type([]<CellType T>() {
    using S = Shape<T>;
    const auto X = S::reference_nodes();
    for (int b = 0; b < S::nodes; ++b) {
      const typename S::Values n = S::N(X.col(b));
      for (int a = 0; a < S::nodes; ++a) EXPECT_NEAR(n[a], a == b ? 1.0 : 0.0, 1e-14) << a << " at " << b;
    }
  });
}

TEST(Shape, PartitionOfUnityAndGradientsSumToZero) {
  std::mt19937 rng(1);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    for (int k = 0; k < 20; ++k) {
      const auto xi = random_point<T>(rng);
      EXPECT_NEAR(S::N(xi).sum(), 1.0, 1e-14);
      EXPECT_LT(S::dN(xi).rowwise().sum().norm(), 1e-13);
    }
  });
}

TEST(Shape, GradientsMatchFiniteDifferences) {
  std::mt19937 rng(2);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    const double h = 1e-6;
    for (int k = 0; k < 20; ++k) {
      const auto xi = random_point<T>(rng);
      const typename S::Gradients g = S::dN(xi);
      for (int d = 0; d < S::dim; ++d) {
        typename S::Point p = xi, m = xi;
        p[d] += h;
        m[d] -= h;
        const typename S::Values fd = (S::N(p) - S::N(m)) / (2 * h);
        EXPECT_LT((g.row(d).transpose() - fd).norm(), 1e-8) << "direction " << d;
      }
    }
  });
}

TEST(Shape, RuntimeAndCompileTimeAgree) {
  std::mt19937 rng(3);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    for (int k = 0; k < 5; ++k) {
      const auto xi = random_point<T>(rng);
      double n[21], g[61];  // one spare entry past the largest type
      std::fill(std::begin(n), std::end(n), -7.0);
      std::fill(std::begin(g), std::end(g), -7.0);
      shape_values(T, xi.data(), n);
      shape_gradients(T, xi.data(), g);
      const typename S::Values nc = S::N(xi);
      const typename S::Gradients gc = S::dN(xi);
      for (int a = 0; a < S::nodes; ++a) {
        EXPECT_EQ(n[a], nc[a]);
        for (int d = 0; d < S::dim; ++d) EXPECT_EQ(g[a * S::dim + d], gc(d, a));
      }
      EXPECT_EQ(n[S::nodes], -7.0);  // nothing written past the end
      EXPECT_EQ(g[S::nodes * S::dim], -7.0);
    }
  });
}

TEST(Shape, DispatchSelectsTheRuntimeType) {
  for (CellType t : all_cell_types) {
    const auto [type, nodes] = dispatch(t, [](auto tag) {
      return std::pair<CellType, int>(Shape<decltype(tag)::value>::type, Shape<decltype(tag)::value>::nodes);
    });
    EXPECT_EQ(type, t);
    EXPECT_EQ(nodes, num_nodes(t));
  }
}

TEST(Shape, LinearCompleteness) {
  std::mt19937 rng(4);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    const auto X = S::reference_nodes();
    for (int k = 0; k < 10; ++k) {
      const auto xi = random_point<T>(rng);
      EXPECT_LT((X * S::N(xi) - xi).norm(), 1e-14);
      const Eigen::Matrix<double, S::dim, S::dim> J = X * S::dN(xi).transpose();
      EXPECT_LT((J - Eigen::Matrix<double, S::dim, S::dim>::Identity()).norm(), 1e-13);
    }
  });
}

// A quadratic with every monomial of degree <= 2 present.
template <int D>
double quadratic(const Eigen::Matrix<double, D, 1>& x) {
  double f = 0.3 + 0.7 * x[0] - 1.1 * x[1] + 0.9 * x[0] * x[0] - 1.3 * x[0] * x[1] + 0.4 * x[1] * x[1];
  if constexpr (D == 3) f += 0.5 * x[2] + 1.7 * x[2] * x[2] - 0.6 * x[0] * x[2] + 0.8 * x[1] * x[2];
  return f;
}

TEST(Shape, QuadraticCompletenessOfSecondOrderTypes) {
  std::mt19937 rng(5);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    const auto X = S::reference_nodes();
    typename S::Values f;
    for (int a = 0; a < S::nodes; ++a) f[a] = quadratic<S::dim>(X.col(a));
    double worst = 0.0;
    for (int k = 0; k < 10; ++k) {
      const auto xi = random_point<T>(rng);
      worst = std::max(worst, std::abs(S::N(xi).dot(f) - quadratic<S::dim>(xi)));
    }
    if (order(T) == 2) {
      EXPECT_LT(worst, 1e-13);
    } else {
      EXPECT_GT(worst, 1e-3);
    }  // first-order types cannot, so the check above has teeth
  });
}

// ---------------------------------------------------------------------------------------------------
// Quadrature

double factorial(int n) { return n <= 1 ? 1.0 : n * factorial(n - 1); }

// Exact integral of x^a y^b z^c over t's reference domain.
double exact_monomial(CellType t, int a, int b, int c) {
  if (is_simplex_type(t)) {
    if (dimension(t) == 2) return factorial(a) * factorial(b) / factorial(a + b + 2);
    return factorial(a) * factorial(b) * factorial(c) / factorial(a + b + c + 3);
  }
  auto line = [](int p) { return p % 2 ? 0.0 : 2.0 / (p + 1); };
  return line(a) * line(b) * (dimension(t) == 3 ? line(c) : 1.0);
}

double integrate_monomial(const QuadratureRule& r, int a, int b, int c) {
  double s = 0.0;
  for (std::size_t q = 0; q < r.size(); ++q)
    s += r.weights[q] * std::pow(r.points[q][0], a) * std::pow(r.points[q][1], b) *
         std::pow(r.points[q][2], c);
  return s;
}

// Largest error over all monomials of total degree exactly p.
double worst_error(CellType t, const QuadratureRule& r, int p) {
  double worst = 0.0;
  const int cmax = dimension(t) == 3 ? p : 0;
  for (int c = 0; c <= cmax; ++c)
    for (int a = 0; a <= p - c; ++a) {
      const int b = p - c - a;
      worst = std::max(worst, std::abs(integrate_monomial(r, a, b, c) - exact_monomial(t, a, b, c)));
    }
  return worst;
}

bool inside(CellType t, const Eigen::Vector3d& x) {
  const int D = dimension(t);
  if (D == 2 && x[2] != 0.0) return false;
  if (is_simplex_type(t)) return x.head(D).minCoeff() > 0.0 && x.head(D).sum() < 1.0;
  return x.head(D).cwiseAbs().maxCoeff() < 1.0;
}

TEST(Quadrature, ExactToDeclaredDegreeAndNoFurther) {
  for (CellType t : all_cell_types) {
    const int max_degree = is_simplex_type(t) ? 5 : 9;
    for (int degree = 0; degree <= max_degree; ++degree) {
      SCOPED_TRACE(std::string(cell_type_name(t)) + " degree " + std::to_string(degree));
      const QuadratureRule r = quadrature(t, degree);
      EXPECT_EQ(r.dim, dimension(t));
      EXPECT_GE(r.degree, std::max(degree, 1));
      ASSERT_EQ(r.points.size(), r.weights.size());
      ASSERT_EQ(r.size(), r.weights.size());
      for (int p = 0; p <= r.degree; ++p)
        EXPECT_LT(worst_error(t, r, p), 1e-14) << "monomials of degree " << p;
      EXPECT_GT(worst_error(t, r, r.degree + 1), 1e-7) << "the rule is exact beyond its declared degree";
      for (std::size_t q = 0; q < r.size(); ++q) {
        EXPECT_GT(r.weights[q], 0.0) << q;
        EXPECT_TRUE(inside(t, r.points[q])) << r.points[q].transpose();
      }
    }
  }
}

TEST(Quadrature, PointCounts) {
  // Tensor rules: smallest n with 2n - 1 >= degree, per direction.
  EXPECT_EQ(quadrature(CellType::Hex8, 9).size(), 125u);
  EXPECT_EQ(quadrature(CellType::Quad4, 4).size(), 9u);
  EXPECT_EQ(quadrature(CellType::Tri3, 1).size(), 1u);
  EXPECT_EQ(quadrature(CellType::Tri3, 2).size(), 3u);
  EXPECT_EQ(quadrature(CellType::Tri3, 4).size(), 6u);
  EXPECT_EQ(quadrature(CellType::Tri3, 5).size(), 7u);
  EXPECT_EQ(quadrature(CellType::Tet4, 2).size(), 4u);
  EXPECT_EQ(quadrature(CellType::Tet4, 3).size(), 8u);
  EXPECT_EQ(quadrature(CellType::Tet4, 5).size(), 14u);
}

TEST(Quadrature, DefaultRules) {
  const std::map<CellType, std::pair<std::size_t, int>> expected = {
      {CellType::Tet4, {1, 1}},   {CellType::Tet10, {4, 2}}, {CellType::Hex8, {8, 3}},
      {CellType::Hex20, {27, 5}}, {CellType::Tri3, {3, 2}},  {CellType::Tri6, {6, 4}},
      {CellType::Quad4, {4, 3}},  {CellType::Quad8, {9, 5}}};
  for (const auto& [t, e] : expected) {
    SCOPED_TRACE(std::string(cell_type_name(t)));
    const QuadratureRule r = default_quadrature(t);
    EXPECT_EQ(r.size(), e.first);
    EXPECT_EQ(r.degree, e.second);
  }
}

TEST(Quadrature, UnsupportedDegreeNamesTypeAndDegree) {
  for (auto [t, degree] : {std::pair{CellType::Tet10, 6}, std::pair{CellType::Tri6, 11},
                           std::pair{CellType::Hex20, 10}, std::pair{CellType::Quad4, -1}}) {
    try {
      quadrature(t, degree);
      ADD_FAILURE() << "no exception for " << cell_type_name(t) << " degree " << degree;
    } catch (const InputError& e) {
      const std::string msg = e.what();
      EXPECT_NE(msg.find(std::string(cell_type_name(t))), std::string::npos) << msg;
      EXPECT_NE(msg.find(std::to_string(degree)), std::string::npos) << msg;
    }
  }
}

// ---------------------------------------------------------------------------------------------------
// Faces

template <CellType T>
void check_faces() {
  using S = Shape<T>;
  constexpr CellType F = facet_type(T) == CellType::Tri6    ? CellType::Tri3
                         : facet_type(T) == CellType::Quad8 ? CellType::Quad4
                                                            : facet_type(T);
  const auto X = S::reference_nodes();
  const Eigen::Vector3d centroid = X.leftCols(num_corners(T)).rowwise().mean();
  const auto& faces = local_faces(T);
  ASSERT_EQ(faces.size(), T == CellType::Tet4 || T == CellType::Tet10 ? 4u : 6u);

  std::set<std::set<int>> distinct;
  std::map<std::set<int>, int> edge_count;  // corner pair -> number of faces it bounds
  std::map<int, int> mid_count;
  for (const auto& f : faces) {
    ASSERT_EQ(f.type, facet_type(T));
    ASSERT_EQ(static_cast<int>(f.nodes.size()), num_nodes(f.type));
    distinct.insert(std::set<int>(f.nodes.begin(), f.nodes.end()));
    const int nc = num_corners(f.type);
    const Eigen::Vector3d c0 = X.col(f.nodes[0]);
    const Eigen::Vector3d n = (X.col(f.nodes[1]) - c0).cross(X.col(f.nodes[nc - 1]) - c0);
    ASSERT_GT(n.norm(), 0.0);
    Eigen::Vector3d face_centroid = Eigen::Vector3d::Zero();
    for (int i = 0; i < nc; ++i) {
      EXPECT_NEAR((X.col(f.nodes[i]) - c0).dot(n), 0.0, 1e-14) << "corner " << i << " off the face plane";
      face_centroid += X.col(f.nodes[i]) / nc;
      edge_count[{f.nodes[i], f.nodes[(i + 1) % nc]}]++;
    }
    EXPECT_GT(n.dot(face_centroid - centroid), 0.0) << "normal points into the cell";
    for (int i = nc; i < num_nodes(f.type); ++i) mid_count[f.nodes[i]]++;

    // Facet node k, mapped from the facet's reference nodes through the face corners (a bilinear map
    // for a flat face), must be the cell node the face lists at position k.
    const auto facet_ref = Shape<facet_type(T)>::reference_nodes();
    for (int k = 0; k < num_nodes(f.type); ++k) {
      const auto Nc = Shape<F>::N(facet_ref.col(k));
      Eigen::Vector3d x = Eigen::Vector3d::Zero();
      for (int i = 0; i < nc; ++i) x += Nc[i] * X.col(f.nodes[i]);
      EXPECT_LT((x - X.col(f.nodes[k])).norm(), 1e-14) << "facet node " << k;
    }

    // The facet's own shape functions on the face's nodes give the same outward area normal.
    using SF = Shape<facet_type(T)>;
    NodeCoords<facet_type(T)> Xf;
    for (int k = 0; k < SF::nodes; ++k) Xf.col(k) = X.col(f.nodes[k]);
    const typename SF::Point mid = SF::reference_nodes().leftCols(nc).rowwise().mean();
    const FacetFrame frame = facet_frame<facet_type(T)>(Xf, SF::dN(mid));
    EXPECT_GT(frame.area_normal.dot(face_centroid - centroid), 0.0);
  }
  EXPECT_EQ(distinct.size(), faces.size()) << "a face is listed twice";

  // Every cell edge bounds exactly two faces, and nothing else does.
  const auto edges = local_edges(T);
  EXPECT_EQ(edge_count.size(), edges.size());
  for (std::size_t e = 0; e < edges.size(); ++e) {
    const std::set<int> edge{edges[e][0], edges[e][1]};
    EXPECT_EQ(edge_count[edge], 2) << "edge " << e;
    if (order(T) == 2) {
      EXPECT_EQ(mid_count[num_corners(T) + static_cast<int>(e)], 2) << "mid-node of edge " << e;
    }
  }
  if (order(T) == 2) {
    EXPECT_EQ(mid_count.size(), edges.size());
  }
}

TEST(LocalFaces, Tet4) { check_faces<CellType::Tet4>(); }
TEST(LocalFaces, Tet10) { check_faces<CellType::Tet10>(); }
TEST(LocalFaces, Hex8) { check_faces<CellType::Hex8>(); }
TEST(LocalFaces, Hex20) { check_faces<CellType::Hex20>(); }

// Gmsh's own face lists (MTetrahedron::faces_tetra, MHexahedron::faces_hexa, MTetrahedron10::
// getFaceVertices), written out independently.
TEST(LocalFaces, MatchGmsh) {
  using V = std::vector<int>;
  auto nodes = [](CellType t) {
    std::vector<V> out;
    for (const auto& f : local_faces(t)) out.push_back(f.nodes);
    return out;
  };
  EXPECT_EQ(nodes(CellType::Tet4), (std::vector<V>{{0, 2, 1}, {0, 1, 3}, {0, 3, 2}, {3, 1, 2}}));
  EXPECT_EQ(nodes(CellType::Tet10),
            (std::vector<V>{{0, 2, 1, 6, 5, 4}, {0, 1, 3, 4, 9, 7}, {0, 3, 2, 7, 8, 6}, {3, 1, 2, 9, 5, 8}}));
  EXPECT_EQ(nodes(CellType::Hex20), (std::vector<V>{{0, 3, 2, 1, 9, 13, 11, 8},
                                                    {0, 1, 5, 4, 8, 12, 16, 10},
                                                    {0, 4, 7, 3, 10, 17, 15, 9},
                                                    {1, 2, 6, 5, 11, 14, 18, 12},
                                                    {2, 3, 7, 6, 13, 15, 19, 14},
                                                    {4, 5, 6, 7, 16, 18, 19, 17}}));
}

// ---------------------------------------------------------------------------------------------------
// Geometry helpers

TEST(Geometry, AffineCellJacobianAndGradients) {
  Mat3 A;
  A << 2.0, 0.3, -0.2, 0.1, 1.5, 0.4, -0.3, 0.2, 0.8;
  const Vec3 b(0.5, -1.0, 2.0);
  const Vec3 grad(1.3, -0.7, 2.1);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    if constexpr (S::dim == 3) {
      const NodeCoords<T> X = (A * S::reference_nodes()).colwise() + b;
      Eigen::Matrix<double, S::nodes, 1> field;
      for (int a = 0; a < S::nodes; ++a) field[a] = grad.dot(X.col(a)) + 4.0;
      double volume = 0.0;
      const QuadratureRule r = default_quadrature(T);
      for (std::size_t q = 0; q < r.size(); ++q) {
        const typename S::Point xi = r.points[q];
        const typename S::Gradients dN = S::dN(xi);
        const Mat3 J = jacobian<T>(X, dN);
        EXPECT_LT((J - A).norm(), 1e-13);
        EXPECT_NEAR(jacobian_determinant(J), A.determinant(), 1e-13);
        const PhysicalGradients<T> dNdX = physical_gradients<T>(J, dN);
        EXPECT_LT((dNdX * field - grad).norm(), 1e-12);
        // Gradients of the identity map: sum_a x_a (x) grad N_a = I.
        EXPECT_LT((X * dNdX.transpose() - Mat3::Identity()).norm(), 1e-12);
        PhysicalGradients<T> g2 = PhysicalGradients<T>::Zero();  // GCC 12 cannot see map_gradients fill it
        const double det = map_gradients<T>(X, dN, g2);
        EXPECT_EQ(det, jacobian_determinant(J));
        EXPECT_LT((g2 - dNdX).norm(), 1e-14);
        volume += r.weights[q] * det;
      }
      const double ref_volume = detail::is_simplex(T) ? 1.0 / 6.0 : 8.0;
      EXPECT_NEAR(volume, ref_volume * A.determinant(), 1e-12);
    }
  });
}

TEST(Geometry, AffineFacetFrame) {
  Eigen::Matrix<double, 3, 2> A;
  A << 1.0, 0.2, -0.5, 2.0, 0.3, 0.7;
  const Vec3 b(1.0, 2.0, 3.0);
  for_each_type([&]<CellType T>() {
    using S = Shape<T>;
    if constexpr (S::dim == 2) {
      const NodeCoords<T> X = (A * S::reference_nodes()).colwise() + b;
      std::mt19937 rng(7);
      for (int k = 0; k < 5; ++k) {
        const auto xi = random_point<T>(rng);
        const FacetFrame f = facet_frame<T>(X, S::dN(xi));
        EXPECT_LT((f.t_xi - A.col(0)).norm(), 1e-13);
        EXPECT_LT((f.t_eta - A.col(1)).norm(), 1e-13);
        EXPECT_LT((f.area_normal - A.col(0).cross(A.col(1))).norm(), 1e-13);
      }
      // Area = sum w |n|.
      const double ref_area = detail::is_simplex(T) ? 0.5 : 4.0;
      double area = 0.0;
      const QuadratureRule r = default_quadrature(T);
      for (std::size_t q = 0; q < r.size(); ++q) {
        const typename S::Point xi = r.points[q].head<2>();
        area += r.weights[q] * facet_frame<T>(X, S::dN(xi)).area_normal.norm();
      }
      EXPECT_NEAR(area, ref_area * A.col(0).cross(A.col(1)).norm(), 1e-12);
    }
  });
}

}  // namespace
}  // namespace piriform
