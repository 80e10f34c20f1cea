#include "engine/elements/quadrature.hpp"

#include <cmath>
#include <string>

#include "engine/common/error.hpp"

namespace piriform {

namespace {

// Symmetric orbits in barycentric coordinates (L_0, ..., L_d); the Cartesian reference point is
// (L_1, ..., L_d) because corner i of the reference simplex is at e_i.
void add_bary(QuadratureRule& r, double l1, double l2, double l3, double w) {
  r.points.emplace_back(l1, l2, l3);
  r.weights.push_back(w);
}

// Triangle, centroid.
void tri_s3(QuadratureRule& r, double w) { add_bary(r, 1.0 / 3.0, 1.0 / 3.0, 0.0, w); }

// Triangle, the 3 permutations of (a, a, 1 - 2a).
void tri_s21(QuadratureRule& r, double a, double w) {
  const double b = 1.0 - 2.0 * a;
  add_bary(r, a, a, 0.0, w);
  add_bary(r, b, a, 0.0, w);
  add_bary(r, a, b, 0.0, w);
}

// Tetrahedron, the 4 permutations of (a, a, a, 1 - 3a).
void tet_s31(QuadratureRule& r, double a, double w) {
  const double b = 1.0 - 3.0 * a;
  add_bary(r, a, a, a, w);
  add_bary(r, b, a, a, w);
  add_bary(r, a, b, a, w);
  add_bary(r, a, a, b, w);
}

// Tetrahedron, the 6 permutations of (a, a, b, b), b = 1/2 - a.
void tet_s22(QuadratureRule& r, double a, double w) {
  const double b = 0.5 - a;
  add_bary(r, a, b, b, w);  // L_0 = a
  add_bary(r, b, a, b, w);
  add_bary(r, b, b, a, w);
  add_bary(r, b, a, a, w);  // L_0 = b
  add_bary(r, a, b, a, w);
  add_bary(r, a, a, b, w);
}

QuadratureRule triangle(int degree) {
  QuadratureRule r{2, 0, {}, {}};
  if (degree <= 1) {
    r.degree = 1;
    tri_s3(r, 0.5);
  } else if (degree == 2) {
    // 3 interior points (Strang & Fix, An Analysis of the Finite Element Method, 1973, Table 4.1).
    r.degree = 2;
    tri_s21(r, 1.0 / 6.0, 1.0 / 6.0);
  } else if (degree <= 4) {
    // 6 points, degree 4 (Dunavant, IJNME 21:1129-1148, 1985, degree-4 rule). No positive-weight
    // degree-3 rule has fewer points (Dunavant's 4-point degree-3 rule has a negative weight).
    r.degree = 4;
    tri_s21(r, 0.445948490915964886, 0.223381589678011466 / 2);
    tri_s21(r, 0.091576213509770743, 0.109951743655321868 / 2);
  } else if (degree == 5) {
    // 7 points, degree 5, closed form (Radon 1948; Dunavant 1985, degree-5 rule).
    const double s = std::sqrt(15.0);
    r.degree = 5;
    tri_s3(r, 9.0 / 80.0);
    tri_s21(r, (6.0 - s) / 21.0, (155.0 - s) / 2400.0);
    tri_s21(r, (6.0 + s) / 21.0, (155.0 + s) / 2400.0);
  }
  return r;
}

// Two-point Gauss rule for a weight function on [0,1] with moments m[k] = int x^k w(x) dx: the nodes
// are the roots of the monic orthogonal quadratic x^2 + b x + c, the weights reproduce m[0] and m[1].
void gauss2_from_moments(const double m[4], double x[2], double w[2]) {
  const double det = m[1] * m[1] - m[0] * m[2];
  const double b = (-m[2] * m[1] + m[3] * m[0]) / det;
  const double c = (-m[1] * m[3] + m[2] * m[2]) / det;
  const double h = std::sqrt(0.25 * b * b - c);
  x[0] = -0.5 * b - h;
  x[1] = -0.5 * b + h;
  w[0] = (m[1] - x[1] * m[0]) / (x[0] - x[1]);
  w[1] = m[0] - w[0];
}

QuadratureRule tetrahedron(int degree) {
  QuadratureRule r{3, 0, {}, {}};
  if (degree <= 1) {
    r.degree = 1;
    add_bary(r, 0.25, 0.25, 0.25, 1.0 / 6.0);
  } else if (degree == 2) {
    // 4 points (Hammer, Marlowe & Stroud, Math. Tables Aids Comput. 10:130-137, 1956; Keast,
    // CMAME 55:339-348, 1986, rule 2).
    r.degree = 2;
    tet_s31(r, (5.0 - std::sqrt(5.0)) / 20.0, 1.0 / 24.0);
  } else if (degree == 3) {
    // 2x2x2 conical product rule (Stroud, Approximate Calculation of Multiple Integrals, 1971):
    // xi = (u, (1-u) v, (1-u)(1-v) w) maps the unit cube onto the tetrahedron with Jacobian
    // (1-u)^2 (1-v), so u takes 2-point Gauss-Jacobi for the weight (1-u)^2, v for (1-v) and w
    // Gauss-Legendre. The symmetric 5-point degree-3 rule (Keast rule 3) has a negative weight, and
    // the next positive symmetric rule has 14 points.
    const double mu[4] = {1.0 / 3.0, 1.0 / 12.0, 1.0 / 30.0, 1.0 / 60.0};  // int x^k (1-x)^2
    const double mv[4] = {1.0 / 2.0, 1.0 / 6.0, 1.0 / 12.0, 1.0 / 20.0};   // int x^k (1-x)
    const double mw[4] = {1.0, 1.0 / 2.0, 1.0 / 3.0, 1.0 / 4.0};           // int x^k
    double u[2], wu[2], v[2], wv[2], w[2], ww[2];
    gauss2_from_moments(mu, u, wu);
    gauss2_from_moments(mv, v, wv);
    gauss2_from_moments(mw, w, ww);
    r.degree = 3;
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        for (int k = 0; k < 2; ++k)
          add_bary(r, u[i], (1.0 - u[i]) * v[j], (1.0 - u[i]) * (1.0 - v[j]) * w[k], wu[i] * wv[j] * ww[k]);
  } else if (degree <= 5) {
    // 14 points, degree 5, positive weights, all points interior (Walkington, "Quadrature on simplices
    // of arbitrary dimension", CMU tech. report, 2000; also used by libMesh). Keast's 11-point degree-4
    // rule has a negative weight and his 15-point degree-5 rule has points on the faces.
    r.degree = 5;
    tet_s31(r, 0.31088591926330060980, 0.018781320953002641800);
    tet_s31(r, 0.092735250310891226402, 0.012248840519393658257);
    tet_s22(r, 0.045503704125649649492, 0.0070910034628469110730);
  }
  return r;
}

// n-point Gauss-Legendre on [-1,1], closed forms (Abramowitz & Stegun, Table 25.4).
void gauss_legendre(int n, double* x, double* w) {
  switch (n) {
    case 1:
      x[0] = 0.0;
      w[0] = 2.0;
      return;
    case 2:
      x[0] = -1.0 / std::sqrt(3.0);
      x[1] = -x[0];
      w[0] = w[1] = 1.0;
      return;
    case 3:
      x[0] = -std::sqrt(0.6);
      x[1] = 0.0;
      x[2] = -x[0];
      w[0] = w[2] = 5.0 / 9.0;
      w[1] = 8.0 / 9.0;
      return;
    case 4: {
      const double s = 2.0 / 7.0 * std::sqrt(6.0 / 5.0), r30 = std::sqrt(30.0);
      x[0] = -std::sqrt(3.0 / 7.0 + s);
      x[1] = -std::sqrt(3.0 / 7.0 - s);
      x[2] = -x[1];
      x[3] = -x[0];
      w[0] = w[3] = (18.0 - r30) / 36.0;
      w[1] = w[2] = (18.0 + r30) / 36.0;
      return;
    }
    case 5: {
      const double s = 2.0 * std::sqrt(10.0 / 7.0), r70 = std::sqrt(70.0);
      x[0] = -std::sqrt(5.0 + s) / 3.0;
      x[1] = -std::sqrt(5.0 - s) / 3.0;
      x[2] = 0.0;
      x[3] = -x[1];
      x[4] = -x[0];
      w[0] = w[4] = (322.0 - 13.0 * r70) / 900.0;
      w[1] = w[3] = (322.0 + 13.0 * r70) / 900.0;
      w[2] = 128.0 / 225.0;
      return;
    }
  }
}

QuadratureRule tensor_gauss(int dim, int n) {
  double x[5], w[5];
  gauss_legendre(n, x, w);
  QuadratureRule r{dim, 2 * n - 1, {}, {}};
  const int nz = dim == 3 ? n : 1;
  for (int k = 0; k < nz; ++k)
    for (int j = 0; j < n; ++j)
      for (int i = 0; i < n; ++i) {
        r.points.emplace_back(x[i], x[j], dim == 3 ? x[k] : 0.0);
        r.weights.push_back(w[i] * w[j] * (dim == 3 ? w[k] : 1.0));
      }
  return r;
}

[[noreturn]] void unsupported(CellType t, int degree, int max_degree) {
  throw InputError("no quadrature rule of degree " + std::to_string(degree) + " for " +
                   std::string(cell_type_name(t)) + " (supported degrees: 0 to " +
                   std::to_string(max_degree) + ")");
}

}  // namespace

QuadratureRule quadrature(CellType t, int degree) {
  switch (t) {
    case CellType::Tri3:
    case CellType::Tri6:
      if (degree < 0 || degree > 5) unsupported(t, degree, 5);
      return triangle(degree);
    case CellType::Tet4:
    case CellType::Tet10:
      if (degree < 0 || degree > 5) unsupported(t, degree, 5);
      return tetrahedron(degree);
    case CellType::Quad4:
    case CellType::Quad8:
    case CellType::Hex8:
    case CellType::Hex20:
      if (degree < 0 || degree > 9) unsupported(t, degree, 9);
      return tensor_gauss(dimension(t), degree / 2 + 1);  // smallest n with 2n - 1 >= degree
  }
  detail::throw_bad_cell_type(t);
}

QuadratureRule default_quadrature(CellType t) {
  switch (t) {
    case CellType::Tri3:
      return quadrature(t, 2);
    case CellType::Tri6:
      return quadrature(t, 4);
    case CellType::Quad4:
      return quadrature(t, 3);  // 2x2
    case CellType::Quad8:
      return quadrature(t, 5);  // 3x3
    case CellType::Tet4:
      return quadrature(t, 1);
    case CellType::Tet10:
      return quadrature(t, 2);
    case CellType::Hex8:
      return quadrature(t, 3);  // 2x2x2
    case CellType::Hex20:
      return quadrature(t, 5);  // 3x3x3
  }
  detail::throw_bad_cell_type(t);
}

}  // namespace piriform
