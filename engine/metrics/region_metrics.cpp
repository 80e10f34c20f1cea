#include "engine/metrics/region_metrics.hpp"

#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "engine/common/error.hpp"

namespace piriform {
namespace {

using FaceKey = std::array<Index, 4>;

FaceKey face_key(const Index* cell, const LocalFace& face, int corners) {
  FaceKey key{-1, -1, -1, -1};
  for (int i = 0; i < corners; ++i) key[i] = cell[face.nodes[i]];
  // Insertion sort: std::sort on at most four entries trips a GCC 12 -Warray-bounds false positive.
  for (int i = 1; i < corners; ++i)
    for (int j = i; j > 0 && key[j - 1] > key[j]; --j) std::swap(key[j - 1], key[j]);
  return key;
}

Vec3 cell_centroid(const Mesh& mesh, Index c) {
  Vec3 x = Vec3::Zero();
  const int corners = num_corners(mesh.cell_type);
  for (int i = 0; i < corners; ++i) x += mesh.X.col(mesh.cell(c)[i]);
  return x / corners;
}

// Largest compressive principal stress (positive) in the plane normal to the unit vector a.
double transverse_compression(const Mat3& sigma, const Vec3& a) {
  const Vec3 helper = std::abs(a.x()) < 0.9 ? Vec3::UnitX() : Vec3::UnitY();
  const Vec3 e1 = a.cross(helper).normalized(), e2 = a.cross(e1);
  const double s11 = e1.dot(sigma * e1), s22 = e2.dot(sigma * e2), s12 = e1.dot(sigma * e2);
  const double centre = 0.5 * (s11 + s22), radius = std::hypot(0.5 * (s11 - s22), s12);
  return -(centre - radius);
}

}  // namespace

RegionMetrics::RegionMetrics(const Mesh& mesh, std::string_view region) : region_(region) {
  const int r = mesh.region_id(region);
  for (Index c = 0; c < mesh.num_cells(); ++c)
    if (mesh.cell_region[c] == r) cells_.push_back(c);
  if (cells_.empty()) throw InputError("region '" + region_ + "' has no cells");

  const std::vector<double> volumes = cell_volumes(mesh);
  Vec3 fibre_sum = Vec3::Zero();
  bool fibres = mesh.fibre.cols() > 0;
  for (Index c : cells_) {
    const Vec3 f = mesh.fibre_of(c);
    fibres = fibres && f.squaredNorm() > 0.0;
    // Fibres are directions: flip each onto the first one's side before summing.
    if (fibres) fibre_sum += volumes[c] * (f.dot(mesh.fibre_of(cells_[0])) < 0.0 ? -f : f);
  }
  if (fibres) {
    axis_ = fibre_sum.normalized();
  } else {
    // Nodes rather than cell centroids: a tetrahedral split of a symmetric region has skewed centroids.
    std::vector<Index> nodes;
    for (Index c : cells_) nodes.insert(nodes.end(), mesh.cell(c), mesh.cell(c) + mesh.nodes_per_cell());
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    Vec3 centre = Vec3::Zero();
    for (Index v : nodes) centre += mesh.X.col(v) / static_cast<double>(nodes.size());
    Mat3 scatter = Mat3::Zero();
    for (Index v : nodes) {
      const Vec3 d = mesh.X.col(v) - centre;
      scatter += d * d.transpose();
    }
    axis_ = Eigen::SelfAdjointEigenSolver<Mat3>(scatter).eigenvectors().col(2);
  }

  Eigen::Index largest = 0;
  axis_.cwiseAbs().maxCoeff(&largest);
  if (axis_[largest] < 0.0) axis_ = -axis_;

  double s_min = std::numeric_limits<double>::infinity(), s_max = -s_min;
  for (Index c : cells_)
    for (int i = 0; i < mesh.nodes_per_cell(); ++i) {
      const double s = mesh.X.col(mesh.cell(c)[i]).dot(axis_);
      s_min = std::min(s_min, s);
      s_max = std::max(s_max, s);
    }
  length_ = s_max - s_min;
  for (Index c : cells_) {
    cell_s_.push_back(cell_centroid(mesh, c).dot(axis_) - s_min);
    const Vec3 f = mesh.fibre_of(c);
    cell_axis_.push_back(fibres ? Vec3(f.dot(axis_) < 0.0 ? -f : f) : axis_);
  }

  // The region's faces seen once from inside; a face of another cell with the same corners is interface.
  const auto& local = local_faces(mesh.cell_type);
  const int corners = num_corners(facet_type(mesh.cell_type));
  std::map<FaceKey, Face> own;
  for (Index c : cells_)
    for (const LocalFace& lf : local) {
      Face face;
      face.inside = c;
      face.num_corners = corners;
      for (int i = 0; i < corners; ++i) face.corners[i] = mesh.cell(c)[lf.nodes[i]];
      auto [it, inserted] = own.try_emplace(face_key(mesh.cell(c), lf, corners), face);
      if (!inserted) own.erase(it);  // shared by two region cells: inside the region
    }
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    if (mesh.cell_region[c] == r) continue;
    for (const LocalFace& lf : local) {
      auto it = own.find(face_key(mesh.cell(c), lf, corners));
      if (it != own.end()) it->second.outside = c;
    }
  }
  for (auto& [key, face] : own) {
    if (face.outside < 0) continue;
    Vec3 x = Vec3::Zero();
    for (int i = 0; i < corners; ++i) x += mesh.X.col(face.corners[i]);
    face.s = (x / corners).dot(axis_) - s_min;
    faces_.push_back(face);
  }
}

std::pair<double, double> RegionMetrics::face_pressure(const Mesh& mesh, const Face& f,
                                                       const std::vector<Vec6>& cauchy, const VecX& u) const {
  auto x = [&](Index v) -> Vec3 { return mesh.X.col(v) + u.segment<3>(3 * static_cast<Eigen::Index>(v)); };
  // Current normal and area of the face's corner polygon (quadrilaterals: half the diagonals' product).
  const Vec3 a =
      f.num_corners == 4
          ? Vec3(0.5 * (x(f.corners[2]) - x(f.corners[0])).cross(x(f.corners[3]) - x(f.corners[1])))
          : Vec3(0.5 * (x(f.corners[1]) - x(f.corners[0])).cross(x(f.corners[2]) - x(f.corners[0])));
  const double da = a.norm();
  if (!(da > 0.0)) return {0.0, 0.0};
  const Vec3 n = a / da;
  const Mat3 sigma = 0.5 * (from_voigt(cauchy[f.inside]) + from_voigt(cauchy[f.outside]));
  // The key's corner order lost the orientation; the sign of n does not matter for n . sigma . n.
  return {-n.dot(sigma * n), da};
}

std::vector<double> RegionMetrics::interface_profile(const Mesh& mesh, const std::vector<Vec6>& cauchy,
                                                     const VecX& u, int bins) const {
  std::vector<double> profile(static_cast<std::size_t>(std::max(bins, 1)),
                              std::numeric_limits<double>::quiet_NaN());
  for (const Face& f : faces_) {
    const auto [p, da] = face_pressure(mesh, f, cauchy, u);
    if (!(da > 0.0)) continue;
    const auto bin = static_cast<std::size_t>(
        std::clamp(static_cast<int>(f.s / length_ * bins), 0, static_cast<int>(profile.size()) - 1));
    if (!(profile[bin] >= p)) profile[bin] = p;  // also replaces NaN
  }
  return profile;
}

RegionMetricValues RegionMetrics::evaluate(const Mesh& mesh, const CellState& state, const VecX& u) const {
  RegionMetricValues m;
  const double lowest = -std::numeric_limits<double>::infinity();
  m.interface_pressure_peak = m.hydrostatic_peak = m.transverse_peak = m.stretch_max = lowest;

  double area = 0.0;
  for (const Face& f : faces_) {
    const auto [p, da] = face_pressure(mesh, f, state.cauchy, u);
    if (!(da > 0.0)) continue;
    m.interface_pressure_mean += p * da;
    area += da;
    if (p > m.interface_pressure_peak) m.interface_pressure_peak = p, m.interface_pressure_peak_s = f.s;
  }
  m.interface_pressure_mean = area > 0.0 ? m.interface_pressure_mean / area : 0.0;
  if (faces_.empty()) m.interface_pressure_peak = 0.0;

  double volume = 0.0;
  m.stretch_mean = 0.0;
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    const Index c = cells_[i];
    const double v = state.volume[c];
    const Mat3 sigma = from_voigt(state.cauchy[c]);
    const Vec3 fa = state.F[c] * cell_axis_[i];
    const double stretch = fa.norm();
    const double hydro = hydrostatic_pressure(state.cauchy[c]);
    const double trans = transverse_compression(sigma, fa / stretch);
    m.hydrostatic_mean += v * hydro;
    m.transverse_mean += v * trans;
    m.stretch_mean += v * stretch;
    volume += v;
    if (hydro > m.hydrostatic_peak) m.hydrostatic_peak = hydro, m.hydrostatic_peak_s = cell_s_[i];
    if (trans > m.transverse_peak) m.transverse_peak = trans, m.transverse_peak_s = cell_s_[i];
    if (stretch > m.stretch_max) m.stretch_max = stretch, m.stretch_max_s = cell_s_[i];
  }
  m.hydrostatic_mean /= volume;
  m.transverse_mean /= volume;
  m.stretch_mean /= volume;
  return m;
}

}  // namespace piriform
