// Shape functions of the reference elements: fixed-size and inline for the element kernels (Shape<T>),
// a runtime entry point for code that only knows the CellType, and dispatch() from one to the other.
#pragma once

#include <Eigen/Core>
#include <array>
#include <type_traits>
#include <utility>

#include "engine/elements/cell_type.hpp"

namespace piriform {

namespace detail {

constexpr bool is_simplex(CellType t) {
  return t == CellType::Tri3 || t == CellType::Tri6 || t == CellType::Tet4 || t == CellType::Tet10;
}

// Reference nodes. Simplices: the unit simplex, corner 0 at the origin and corner i at the unit vector
// e_i (Gmsh's MTriangle/MTetrahedron::getNode). Quads/hexes: [-1,1]^d, corners counter-clockwise
// from (-1,-1) in the plane, then (for hexes) the same four at zeta = +1. Mid-edge nodes sit at the
// midpoint of their edge, in local_edges() order, so this table and the topology cannot disagree.
template <CellType T>
constexpr std::array<std::array<double, dimension(T)>, num_nodes(T)> make_reference_nodes() {
  constexpr int D = dimension(T);
  std::array<std::array<double, D>, num_nodes(T)> x{};
  if constexpr (is_simplex(T)) {
    for (int i = 0; i < D; ++i) x[i + 1][i] = 1.0;
  } else {
    constexpr double ring[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};
    for (int a = 0; a < num_corners(T); ++a) {
      x[a][0] = ring[a % 4][0];
      x[a][1] = ring[a % 4][1];
      if constexpr (D == 3) x[a][2] = a < 4 ? -1.0 : 1.0;
    }
  }
  if constexpr (order(T) == 2) {
    const auto edges = local_edges(T);
    for (std::size_t e = 0; e < edges.size(); ++e)
      for (int d = 0; d < D; ++d) x[num_corners(T) + e][d] = 0.5 * (x[edges[e][0]][d] + x[edges[e][1]][d]);
  }
  return x;
}

template <CellType T>
inline constexpr auto reference_node_table = make_reference_nodes<T>();

}  // namespace detail

// Shape functions of cell type T on its reference domain (see detail::make_reference_nodes).
//   Tri3/Tet4:   barycentric coordinates L_0 = 1 - sum(xi), L_i = xi_i.
//   Tri6/Tet10:  corner a: L_a (2 L_a - 1); mid-node of edge (a,b): 4 L_a L_b.
//   Quad4/Hex8:  prod_d (1 + xi_d c_d) / 2, c the corner's coordinates.
//   Quad8/Hex20: serendipity family (Zienkiewicz & Taylor, The Finite Element Method, vol. 1):
//                corner: prod_d (1 + xi_d c_d) / 2^D * (sum_d xi_d c_d - (D - 1));
//                mid-node with c_m = 0: (1 - xi_m^2) prod_{d != m} (1 + xi_d c_d) / 2^(D-1).
template <CellType T>
struct Shape {
  static constexpr CellType type = T;
  static constexpr int nodes = num_nodes(T);
  static constexpr int dim = dimension(T);
  using Point = Eigen::Matrix<double, dim, 1>;
  using Values = Eigen::Matrix<double, nodes, 1>;
  using Gradients = Eigen::Matrix<double, dim, nodes>;  // column a = gradient of N_a w.r.t. xi

  static Values N(const Point& xi) {
    Values n;
    eval(xi, &n, nullptr);
    return n;
  }

  static Gradients dN(const Point& xi) {
    Gradients g;
    eval(xi, nullptr, &g);
    return g;
  }

  static Gradients reference_nodes() {
    // Copied through a plain array: GCC 12 at -O3 mis-vectorises the direct element-wise copy from the
    // constexpr table into the Eigen matrix (a Tet4 corner read back as zero).
    Gradients x;
    const auto& table = detail::reference_node_table<T>;
    for (int a = 0; a < nodes; ++a) x.col(a) = Eigen::Map<const Point>(table[a].data());
    return x;
  }

 private:
  // Values and gradients share their intermediate factors; either output may be null.
  static void eval(const Point& xi, Values* n, Gradients* g) {
    constexpr auto& ref = detail::reference_node_table<T>;
    if constexpr (detail::is_simplex(T)) {
      double L[dim + 1];
      L[0] = 1.0 - xi.sum();
      for (int i = 0; i < dim; ++i) L[i + 1] = xi[i];
      // dL_0/dxi = -1 in every direction, dL_i/dxi_j = delta_ij.
      auto dL = [](int a, int d) { return a == 0 ? -1.0 : (a == d + 1 ? 1.0 : 0.0); };
      if constexpr (order(T) == 1) {
        if (n)
          for (int a = 0; a < nodes; ++a) (*n)[a] = L[a];
        if (g)
          for (int a = 0; a < nodes; ++a)
            for (int d = 0; d < dim; ++d) (*g)(d, a) = dL(a, d);
      } else {
        for (int a = 0; a <= dim; ++a) {
          if (n) (*n)[a] = L[a] * (2.0 * L[a] - 1.0);
          if (g)
            for (int d = 0; d < dim; ++d) (*g)(d, a) = (4.0 * L[a] - 1.0) * dL(a, d);
        }
        const auto edges = local_edges(T);
        for (int e = 0; e < static_cast<int>(edges.size()); ++e) {
          const int a = edges[e][0], b = edges[e][1], m = dim + 1 + e;
          if (n) (*n)[m] = 4.0 * L[a] * L[b];
          if (g)
            for (int d = 0; d < dim; ++d) (*g)(d, m) = 4.0 * (L[b] * dL(a, d) + L[a] * dL(b, d));
        }
      }
    } else {
      for (int a = 0; a < nodes; ++a) {
        const auto& c = ref[a];
        // f[d] = (1 + xi_d c_d) / 2, or 1 - xi_d^2 in the direction along which a mid-node's edge runs.
        double f[dim], df[dim];
        int along = -1;
        for (int d = 0; d < dim; ++d) {
          if (c[d] == 0.0) {
            along = d;
            f[d] = 1.0 - xi[d] * xi[d];
            df[d] = -2.0 * xi[d];
          } else {
            f[d] = 0.5 * (1.0 + xi[d] * c[d]);
            df[d] = 0.5 * c[d];
          }
        }
        double prod = 1.0;
        for (int d = 0; d < dim; ++d) prod *= f[d];
        auto prod_without = [&](int k) {
          double p = 1.0;
          for (int d = 0; d < dim; ++d)
            if (d != k) p *= f[d];
          return p;
        };
        if (order(T) == 1 || along >= 0) {
          // Tensor-product Lagrange corner function, or the serendipity mid-node function
          // (1 - xi_m^2) prod (1 + xi_d c_d)/2, which is 1 at its node.
          if (n) (*n)[a] = prod;
          if (g)
            for (int k = 0; k < dim; ++k) (*g)(k, a) = df[k] * prod_without(k);
        } else {
          // Serendipity corner: prod * (sum_d xi_d c_d - (D - 1)).
          double s = -(dim - 1.0);
          for (int d = 0; d < dim; ++d) s += xi[d] * c[d];
          if (n) (*n)[a] = prod * s;
          if (g)
            for (int k = 0; k < dim; ++k) (*g)(k, a) = df[k] * prod_without(k) * s + prod * c[k];
        }
      }
    }
  }
};

// Runtime type -> compile-time type: calls f(std::integral_constant<CellType, T>{}) for t's T, so
// generic code (a kernel templated on T) is instantiated once per cell type. Every instantiation of f
// must return the same type.
template <class F>
decltype(auto) dispatch(CellType t, F&& f) {
  switch (t) {
    case CellType::Tri3:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Tri3>{});
    case CellType::Tri6:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Tri6>{});
    case CellType::Quad4:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Quad4>{});
    case CellType::Quad8:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Quad8>{});
    case CellType::Tet4:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Tet4>{});
    case CellType::Tet10:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Tet10>{});
    case CellType::Hex8:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Hex8>{});
    case CellType::Hex20:
      return std::forward<F>(f)(std::integral_constant<CellType, CellType::Hex20>{});
  }
  detail::throw_bad_cell_type(t);
}

// Runtime versions of Shape<T>::N and ::dN. xi has dimension(t) entries, N has num_nodes(t) entries,
// dN is dimension(t) x num_nodes(t) column-major: dN[a * dim + d] = dN_a/dxi_d.
void shape_values(CellType t, const double* xi, double* N);
void shape_gradients(CellType t, const double* xi, double* dN);

}  // namespace piriform
