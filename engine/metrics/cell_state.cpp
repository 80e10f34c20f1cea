#include "engine/metrics/cell_state.hpp"

#include <cmath>
#include <limits>

#include "engine/materials/volumetric.hpp"

namespace piriform {
namespace {

// Per-thread buffers sized once, so the cell loop does not allocate.
struct Scratch {
  Eigen::Matrix<double, 3, Eigen::Dynamic> u;
  std::vector<Mat3> Fq;
  std::vector<double> Jq;
  Scratch(int nodes, int points) : u(3, nodes), Fq(points), Jq(points) {}
};

void small_strain_cell(const Model& model, const CellGeometry& geo, Index c, const Scratch& w, Vec6& cauchy,
                       double& volume, Mat3& F_mean) {
  const Material& mat = *model.materials[model.mesh.cell_region[c]];
  Mat3 S;
  Mat6 CC;
  mat.stress(Mat3::Identity(), model.mesh.fibre_of(c), S, &CC);
  cauchy.setZero();
  F_mean.setZero();
  volume = 0.0;
  for (int q = 0; q < geo.num_points(); ++q) {
    const Eigen::Map<const Eigen::Matrix<double, 3, Eigen::Dynamic>> G(geo.grad(c, q), 3, geo.nodes());
    const Mat3 H = w.u * G.transpose();
    const Mat3 eps = 0.5 * (H + H.transpose());
    Vec6 e = to_voigt(eps);
    e.tail<3>() *= 2.0;  // engineering shear
    const double wq = geo.weight(c, q);
    cauchy += wq * (CC * e);
    F_mean += wq * (Mat3::Identity() + H);
    volume += wq;
  }
  cauchy /= volume;
  F_mean /= volume;
}

void finite_cell(const Model& model, const Assembler& assembler, Index c, Scratch& w, Vec6& cauchy,
                 double& volume, Mat3& F_mean) {
  const CellGeometry& geo = assembler.geometry();
  const Material& mat = *model.materials[model.mesh.cell_region[c]];
  const Vec3 a0 = model.mesh.fibre_of(c);
  const int nq = geo.num_points();
  double V = 0.0, v = 0.0;
  F_mean.setZero();
  for (int q = 0; q < nq; ++q) {
    const Eigen::Map<const Eigen::Matrix<double, 3, Eigen::Dynamic>> G(geo.grad(c, q), 3, geo.nodes());
    w.Fq[q] = Mat3::Identity() + w.u * G.transpose();
    w.Jq[q] = w.Fq[q].determinant();
    V += geo.weight(c, q);
    v += geo.weight(c, q) * w.Jq[q];
    F_mean += geo.weight(c, q) * w.Fq[q];
  }
  F_mean /= V;
  volume = v;
  for (int q = 0; q < nq; ++q)
    if (!(w.Jq[q] > 0.0)) {
      cauchy.setConstant(std::numeric_limits<double>::quiet_NaN());
      return;
    }
  // Mean dilatation: the volumetric stress is the cell's pressure U'(v / V) (Bonet & Wood 2008, §8.6.5).
  const bool mean_dilatation = model.formulation == Formulation::MeanDilatation;
  const double p_cell = mean_dilatation ? mat.volumetric()->dU(v / V) : 0.0;
  const EnergyPart part = mean_dilatation ? EnergyPart::WithoutVolumetric : EnergyPart::All;
  Mat3 sigma = Mat3::Zero(), S;
  for (int q = 0; q < nq; ++q) {
    // dt = 0 from the committed history reproduces the committed stress (see Material::stress_history).
    mat.stress_history(w.Fq[q], a0, 0.0, assembler.committed_history(c, q), nullptr, S, nullptr, part);
    const Mat3& F = w.Fq[q];
    // sigma J dV = F S F^T dV: the J of the current volume cancels the 1 / J of the push-forward.
    sigma += geo.weight(c, q) * (F * S * F.transpose());
  }
  sigma /= v;
  if (mean_dilatation) sigma.diagonal().array() += p_cell;
  cauchy = to_voigt(sigma);
}

}  // namespace

void recover_cell_state(const Model& model, const Assembler& assembler, const VecX& u, CellState& out) {
  const Mesh& mesh = model.mesh;
  const Index cells = mesh.num_cells();
  out.cauchy.resize(cells);
  out.volume.resize(cells);
  out.F.resize(cells);
  const int n = mesh.nodes_per_cell(), nq = assembler.geometry().num_points();
  const bool small_strain = model.kinematics == Kinematics::SmallStrain;
#pragma omp parallel
  {
    Scratch w(n, nq);
#pragma omp for schedule(static)
    for (Index c = 0; c < cells; ++c) {
      const Index* nodes = mesh.cell(c);
      for (int a = 0; a < n; ++a) w.u.col(a) = u.segment<3>(3 * static_cast<Eigen::Index>(nodes[a]));
      if (small_strain)
        small_strain_cell(model, assembler.geometry(), c, w, out.cauchy[c], out.volume[c], out.F[c]);
      else
        finite_cell(model, assembler, c, w, out.cauchy[c], out.volume[c], out.F[c]);
    }
  }
}

double hydrostatic_pressure(const Vec6& s) { return -(s[0] + s[1] + s[2]) / 3.0; }

double von_mises(const Vec6& s) {
  const double d =
      (s[0] - s[1]) * (s[0] - s[1]) + (s[1] - s[2]) * (s[1] - s[2]) + (s[2] - s[0]) * (s[2] - s[0]);
  return std::sqrt(0.5 * d + 3.0 * (s[3] * s[3] + s[4] * s[4] + s[5] * s[5]));
}

}  // namespace piriform
