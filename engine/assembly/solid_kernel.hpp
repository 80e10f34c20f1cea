// Element kernels of the solid: energy, internal force and tangent stiffness of one cell, with
// fixed-size Eigen types per cell type so nothing is allocated inside the element loop.
#pragma once

#include <Eigen/LU>
#include <array>

#include "engine/assembly/cell_geometry.hpp"
#include "engine/elements/shape.hpp"
#include "engine/materials/invariant_energy.hpp"
#include "engine/materials/material.hpp"
#include "engine/model/model.hpp"

namespace piriform {

// Internal variables of one cell's quadrature points for history-dependent materials: the state committed
// at the start of the step (read), where the state after the step goes (written), and the step length.
struct CellHistory {
  double dt = 0.0;  // s
  int size = 0;     // doubles per quadrature point; 0 for materials without history
  const double* committed = nullptr;
  double* trial = nullptr;

  const double* committed_at(int q) const { return size > 0 ? committed + q * size : nullptr; }
  double* trial_at(int q) const { return size > 0 ? trial + q * size : nullptr; }
};

// Volume ratios at or below this count as inverted: a cell crushed to a billionth of its volume carries
// vanishing forces under pressure loads, so Newton could otherwise "converge" on a collapsed state.
inline constexpr double collapsed_J = 1e-9;

template <CellType T>
struct SolidKernel {
  static constexpr int n = Shape<T>::nodes;
  static constexpr int nd = 3 * n;
  using Grad = Eigen::Matrix<double, 3, n>;
  using Disp = Eigen::Matrix<double, 3, n>;
  using Vec = Eigen::Matrix<double, nd, 1>;
  using Mat = Eigen::Matrix<double, nd, nd>;
  using BMat = Eigen::Matrix<double, 6, nd>;

  struct Out {
    double energy = 0.0;
    double min_J = 1.0;
    bool inverted = false;
  };

  // Strain-displacement matrix of dE (Voigt, engineering shear) for dF = du_a (x) g_a:
  // dE_IJ = sym(F^T dF)_IJ (Bonet & Wood 2008, eq. 9.11).
  static void strain_displacement(const Mat3& F, const Grad& G, BMat& B) {
    for (int a = 0; a < n; ++a)
      for (int i = 0; i < 3; ++i) {
        const int c = 3 * a + i;
        B(0, c) = F(i, 0) * G(0, a);
        B(1, c) = F(i, 1) * G(1, a);
        B(2, c) = F(i, 2) * G(2, a);
        B(3, c) = F(i, 0) * G(1, a) + F(i, 1) * G(0, a);
        B(4, c) = F(i, 1) * G(2, a) + F(i, 2) * G(1, a);
        B(5, c) = F(i, 0) * G(2, a) + F(i, 2) * G(0, a);
      }
  }

  // The stiffness is accumulated over the quadrature points in component blocks, Kc[p](a, b) = K(3a+i, 3b+k)
  // for the Voigt pair p = (i, k), i <= k: each block is a product of small dense matrices with depth 3,
  // which vectorises, where the Voigt B^T CC B form multiplies mostly by zeros. store() writes the
  // interleaved element matrix once per cell.
  using Block = Eigen::Matrix<double, n, n>;
  using Blocks = std::array<Block, 6>;

  static void set_zero(Blocks& Kc) {
    for (Block& m : Kc) m.setZero();
  }

  // Voigt matrix of the push-forward tau = F S F^T, tau_v = P S_v: P = (F (.) F) diag(1,1,1,2,2,2), the
  // shear columns doubled because S_v holds each off-diagonal component once. Strains pull back with P^T,
  // so the Kirchhoff-rate tangent J c is P CC P^T (the push-forward of CC; Bonet & Wood 2008, ch. 6).
  static Mat6 push_forward(const Mat3& F) { return tensor4::odot(F) * tensor4::shear_weights().asDiagonal(); }

  // Spatial stiffness: K_aibk += h_aj (c_ijkl + delta_ik tau_jl) h_bl, with h = F^-T grad_X N the spatial
  // gradients, c the weighted Kirchhoff-rate tangent (Voigt) and tau the weighted Kirchhoff stress, whose
  // term is the geometric stiffness (Bonet & Wood 2008, ch. 9, with dv = J dV).
  static void add_stiffness(const Grad& h, const Mat6& c, const Mat3* tau, Blocks& Kc) {
    // h^T stored column by column so that the products below load contiguous packets.
    const Eigen::Matrix<double, n, 3> ht = h.transpose();
    for (int p = 0; p < 6; ++p) {
      const int i = voigt_i[p], k = voigt_j[p];
      Mat3 A;
      for (int j = 0; j < 3; ++j)
        for (int l = 0; l < 3; ++l) A(j, l) = c(voigt_index(i, j), voigt_index(k, l));
      if (tau != nullptr && i == k) A += *tau;
      const Grad Ah = A.lazyProduct(h);
      Kc[p].noalias() += ht.lazyProduct(Ah);
    }
  }

  // The finite-strain stiffness of one quadrature point from the material response (S, CC) at F, weight w.
  // h = F^-T G are the spatial gradients.
  static void add_finite_stiffness(const Mat3& F, const Mat3& S, const Mat6& CC, const Grad& h, double w,
                                   Blocks& Kc) {
    const Mat6 P = push_forward(F);
    const Mat6 c = w * P.lazyProduct(CC).lazyProduct(P.transpose());
    const Mat3 tau = w * F * S * F.transpose();
    add_stiffness(h, c, &tau, Kc);
  }

  // K(3a+i, 3b+k) from the blocks; blocks with i > k are the transposes of (k, i).
  static void store(const Blocks& Kc, Mat& K) {
    for (int p = 0; p < 6; ++p) {
      const int i = voigt_i[p], k = voigt_j[p];
      for (int b = 0; b < n; ++b)
        for (int a = 0; a < n; ++a) {
          K(3 * a + i, 3 * b + k) += Kc[p](a, b);
          if (i != k) K(3 * b + k, 3 * a + i) += Kc[p](a, b);
        }
    }
  }

  // Total Lagrangian displacement formulation: r = int P : grad N dV, K = int B^T CC B + geometric.
  static Out finite(const CellGeometry& geo, Index c, const Disp& u, const Material& mat, const Vec3& a0,
                    Vec* r, Mat* K, bool want_energy, const CellHistory& history = {}) {
    Out out;
    Mat3 S;
    Mat6 CC;
    Blocks Kc;
    if (K) set_zero(Kc);
    for (int q = 0; q < geo.num_points(); ++q) {
      const Eigen::Map<const Grad> G(geo.grad(c, q));
      const double w = geo.weight(c, q);
      const Mat3 F = Mat3::Identity() + u * G.transpose();
      const double J = F.determinant();
      out.min_J = std::min(out.min_J, J);
      if (!(J > collapsed_J)) {
        out.inverted = true;
        return out;
      }
      mat.stress_history(F, a0, history.dt, history.committed_at(q), history.trial_at(q), S,
                         K ? &CC : nullptr);
      if (want_energy) out.energy += w * mat.energy(F, a0);
      if (r) Eigen::Map<Disp>(r->data()).noalias() += w * (F * S) * G;
      if (K) add_finite_stiffness(F, S, CC, F.inverse().transpose() * G, w, Kc);
    }
    if (K) store(Kc, *K);
    return out;
  }

  // Geometrically linear analysis: sigma = CC(I) : eps, r = int B0^T sigma, K = int B0^T CC B0. Materials
  // with history are not supported here (the assembler rejects them).
  static Out small_strain(const CellGeometry& geo, Index c, const Disp& u, const Material& mat,
                          const Vec3& a0, Vec* r, Mat* K, bool want_energy) {
    Out out;
    Mat3 S;
    Mat6 CC;
    BMat B;
    Blocks Kc;
    if (K) set_zero(Kc);
    const Mat3 I = Mat3::Identity();
    for (int q = 0; q < geo.num_points(); ++q) {
      const Eigen::Map<const Grad> G(geo.grad(c, q));
      const double w = geo.weight(c, q);
      mat.stress(I, a0, S, &CC);
      strain_displacement(I, G, B);
      const Vec6 eps = B * Eigen::Map<const Vec>(u.data());
      const Vec6 sigma = CC * eps;
      if (want_energy) out.energy += 0.5 * w * eps.dot(sigma);
      if (r) r->noalias() += w * (B.transpose() * sigma);
      if (K) add_stiffness(G, w * CC, nullptr, Kc);
    }
    if (K) store(Kc, *K);
    return out;
  }

  // Mean dilatation (Simo, Taylor & Pister 1985; Bonet & Wood 2008 §8.6.5): the volumetric energy is
  // evaluated at theta = v / V, the cell's current over reference volume, as if the pressure were one
  // constant per cell (Q1/P0 after condensing the pressure). Pi_e = int W_iso(F) dV + V U(theta).
  // Its Hessian stays symmetric, so Cholesky still applies.
  static Out mean_dilatation(const CellGeometry& geo, Index c, const Disp& u, const Material& mat,
                             const Vec3& a0, Vec* r, Mat* K, bool want_energy,
                             const CellHistory& history = {}) {
    Out out;
    const VolumetricFunction& vol = *mat.volumetric();
    constexpr int max_points = 27;
    std::array<Mat3, max_points> Fq;
    std::array<double, max_points> Jq;
    double V = 0.0, v = 0.0;
    for (int q = 0; q < geo.num_points(); ++q) {
      const Eigen::Map<const Grad> G(geo.grad(c, q));
      Fq[q] = Mat3::Identity() + u * G.transpose();
      Jq[q] = Fq[q].determinant();
      out.min_J = std::min(out.min_J, Jq[q]);
      if (!(Jq[q] > collapsed_J)) {
        out.inverted = true;
        return out;
      }
      V += geo.weight(c, q);
      v += geo.weight(c, q) * Jq[q];
    }
    const double theta = v / V;
    const double p = vol.dU(theta), kappa = vol.d2U(theta);
    if (want_energy) out.energy = V * vol.U(theta);

    Mat3 S;
    Mat6 CC;
    Blocks Kc;
    if (K) set_zero(Kc);
    Vec b = Vec::Zero();  // d v / d u
    for (int q = 0; q < geo.num_points(); ++q) {
      const Eigen::Map<const Grad> G(geo.grad(c, q));
      const double w = geo.weight(c, q);
      const Mat3& F = Fq[q];
      const double J = Jq[q];
      const Grad h = F.inverse().transpose() * G;  // spatial gradients dN/dx
      mat.stress_history(F, a0, history.dt, history.committed_at(q), history.trial_at(q), S,
                         K ? &CC : nullptr, EnergyPart::WithoutVolumetric);
      if (want_energy) out.energy += w * mat.energy(F, a0, EnergyPart::WithoutVolumetric);
      // dJ/dF = J F^-T (Holzapfel 2000, eq. 2.125).
      Eigen::Map<Disp>(b.data()).noalias() += (w * J) * h;
      if (r) Eigen::Map<Disp>(r->data()).noalias() += w * (F * S) * G;
      if (K) {
        add_finite_stiffness(F, S, CC, h, w, Kc);
        // p d2J/dFdF : (g_a, g_b) = p J (h_a h_b^T - h_b h_a^T).
        const double pJw = p * J * w;
        for (int bb = 0; bb < n; ++bb)
          for (int a = 0; a <= bb; ++a)
            K->template block<3, 3>(3 * a, 3 * bb) +=
                pJw * (h.col(a) * h.col(bb).transpose() - h.col(bb) * h.col(a).transpose());
      }
    }
    if (r) r->noalias() += p * b;
    if (K) {
      store(Kc, *K);
      K->template triangularView<Eigen::Upper>() += (kappa / V) * (b * b.transpose());
      K->template triangularView<Eigen::StrictlyLower>() = K->transpose();
    }
    return out;
  }
};

}  // namespace piriform
