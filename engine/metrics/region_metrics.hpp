// How hard a tissue region (the sciatic nerve) is squeezed at one state: the pressure the surrounding
// tissue exerts on its surface, the stresses inside it, and its stretch along its axis, with where along
// the axis each peak lies.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/metrics/cell_state.hpp"

namespace piriform {

// Pressures are positive in compression, Pa; positions s are arc lengths along the region's axis, m.
struct RegionMetricValues {
  // p = -n . sigma . n on the region's surface (the epineurium for the nerve), n the current outward normal.
  double interface_pressure_peak = 0.0, interface_pressure_mean = 0.0, interface_pressure_peak_s = 0.0;
  // -tr(sigma) / 3 inside the region.
  double hydrostatic_peak = 0.0, hydrostatic_mean = 0.0, hydrostatic_peak_s = 0.0;
  // The largest compressive principal stress in the plane across the current axis.
  double transverse_peak = 0.0, transverse_mean = 0.0, transverse_peak_s = 0.0;
  // |F A|: stretch of material lines along the axis A.
  double stretch_max = 1.0, stretch_mean = 1.0, stretch_max_s = 0.0;
};

class RegionMetrics {
 public:
  // The region's axis A is the volume-weighted mean of its cells' fibre directions when they have fibres
  // (the nerve's fibres run along it), otherwise the principal axis of its nodes, signed so that its
  // largest component is positive. s = 0 at the region's end with the smallest X . A. Throws InputError
  // for an unknown region.
  RegionMetrics(const Mesh& mesh, std::string_view region);

  // Means: interface pressure over the current surface area, the others over the current volume. The
  // interface is every face of the region shared with a cell of another region; faces on the model's
  // boundary (a nerve cut by the model's edge) are not part of it. Each face takes the average of the
  // two cells' stresses, whose normal component is continuous across the face in the exact solution.
  RegionMetricValues evaluate(const Mesh& mesh, const CellState& state, const VecX& u) const;

  // The largest interface pressure in each of `bins` equal intervals of arc length over [0, length()]
  // (NaN for an interval without interface faces): the pressure profile along the nerve, Pa.
  std::vector<double> interface_profile(const Mesh& mesh, const std::vector<Vec6>& cauchy, const VecX& u,
                                        int bins) const;

  const std::string& region() const { return region_; }
  const Vec3& axis() const { return axis_; }
  double length() const { return length_; }  // extent of the region along the axis, m
  Index num_cells() const { return static_cast<Index>(cells_.size()); }
  Index num_interface_faces() const { return static_cast<Index>(faces_.size()); }

 private:
  struct Face {
    Index inside = -1, outside = -1;
    std::array<Index, 4> corners{};
    int num_corners = 3;
    double s = 0.0;
  };
  // -n . sigma . n on face f and its current area.
  std::pair<double, double> face_pressure(const Mesh& mesh, const Face& f, const std::vector<Vec6>& cauchy,
                                          const VecX& u) const;
  std::string region_;
  Vec3 axis_ = Vec3::UnitY();
  double length_ = 0.0;
  std::vector<Index> cells_;
  std::vector<Vec3> cell_axis_;  // reference direction A per region cell (its fibre, or the region's axis)
  std::vector<double> cell_s_;
  std::vector<Face> faces_;
};

}  // namespace piriform
