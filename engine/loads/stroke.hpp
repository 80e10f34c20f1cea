// Massage stroke loads: an elliptical pressure footprint that moves along a path on the skin with a
// time-varying amplitude, normalised on the mesh so that it applies exactly the requested force.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/bc/boundary_conditions.hpp"
#include "engine/common/types.hpp"
#include "engine/loads/schedule.hpp"
#include "engine/mesh/mesh.hpp"

namespace piriform {

// Shape of the pressure over the footprint as a function of the normalised elliptical radius
// rho = sqrt((a / semi_axis_along)^2 + (b / semi_axis_across)^2), zero for rho >= 1:
enum class PressureDistribution {
  Uniform,  // 1: a flat punch-like pad
  Hertz,    // sqrt(1 - rho^2): an elastic sphere or ellipsoid (Johnson, Contact Mechanics, 1985, ch. 4)
  // 1 up to rho = 1 - edge_width, then exp(-(s / sigma)^2 / 2) with s = rho - (1 - edge_width) and
  // sigma = edge_width / 3 (1.1% left at the rim, where it is cut): a pad with a soft edge, an
  // *assumption* for finger and palm pads, whose pressure maps are not published in detail.
  GaussianEdge,
};

// What Stroke::magnitude prescribes (at amplitude 1).
enum class StrokeMagnitude {
  TotalForce,    // N: the integral of the pressure over the skin, as a pressure-mapping glove reports it
  MeanPressure,  // Pa: total force / nominal footprint area (pi * semi_axis_along * semi_axis_across)
  PeakPressure,  // Pa: the pressure at the footprint's centre (the shape's maximum)
};

struct Footprint {
  double semi_axis_along = 0.01;   // m, the footprint's "along" axis
  double semi_axis_across = 0.01;  // m
  // rad: angle of the along axis from the direction of travel (for a static hold: from +x, projected on
  // the skin), counter-clockwise seen from outside the body (right-handed about the outward normal).
  double orientation = 0.0;
  PressureDistribution distribution = PressureDistribution::Uniform;
  double edge_width = 0.25;  // GaussianEdge only, fraction of the normalised radius, in (0, 1]
};

struct Stroke {
  std::string surface;  // facet set the stroke acts on (e.g. "skin_surface")
  Footprint footprint;
  StrokeMagnitude magnitude_kind = StrokeMagnitude::TotalForce;
  double magnitude = 0.0;  // N or Pa, at amplitude 1
  // Footprint-centre positions in the reference configuration, projected onto the surface (one point:
  // a static hold). Consecutive points must differ.
  std::vector<Vec3> path;
  std::vector<Knot> amplitude;  // magnitude factor over time, >= 0; the end values hold outside the knots
  std::vector<Knot> travel;     // arc length along the path over time, m, clamped to [0, path length]
  // Tangential drag friction * p along the direction of travel (gliding strokes). It acts whenever the
  // footprint is loaded, in the direction of the latest motion (the path's direction before any).
  double friction = 0.0;
};

// A stroke prepared on a mesh. The pressure at a surface point X (reference configuration) at time t is
//   p(X, t) = amplitude(t) * scale(t) * shape(rho(X, t)),
// with rho measured in the tangent plane at the centre, whose normal is the area-weighted mean normal
// of the surface within the larger semi-axis of the centre. scale(t) makes the integral of p over the
// surface, summed with the assembler's facet quadrature, equal to the requested force exactly (to
// round-off) on any mesh, also where the footprint hangs over the surface's edge. Surface points that
// face away from the centre normal by more than 60 degrees, or lie farther off the tangent plane than
// the larger semi-axis, carry no pressure: they belong to another sheet of the surface.
//
// The object copies what it needs from the mesh (which may then move or go). Copies share one state, and
// every member may be called from several threads at once; values per time are computed once and cached.
class StrokeLoad {
 public:
  // Validates and precomputes. Throws InputError for a missing or empty surface, a non-positive
  // magnitude or footprint size, an edge_width outside (0, 1], friction < 0, bad knots, an empty path or
  // travel schedule of a moving stroke, a path point farther from the surface than
  // max(2 mm, half the smaller semi-axis), coincident consecutive path points, or a footprint that
  // covers no quadrature point of the surface somewhere along the path (a mesh far too coarse for it).
  StrokeLoad(const Mesh& mesh, Stroke stroke);

  const Stroke& stroke() const;
  double path_length() const;  // m, of the projected path

  double amplitude(double t) const;
  Vec3 centre(double t) const;      // on the surface
  Vec3 normal(double t) const;      // unit outward normal of the tangent plane at the centre
  Vec3 direction(double t) const;   // unit direction of travel in the tangent plane (orientation reference)
  Vec3 along_axis(double t) const;  // unit direction of the footprint's along axis in the tangent plane

  double pressure(const Vec3& X, double t) const;  // Pa, compressive, at a reference point X of the surface
  Vec3 traction(const Vec3& X, double t) const;    // dead traction per reference area: -p n0 + friction p d
  // Integral of traction over the surface with the assembler's facet quadrature.
  Vec3 resultant(double t) const;
  double normal_force(double t) const;  // N, the integral of p over the surface (same quadrature)

  double peak_pressure(double t) const;  // Pa, amplitude * the shape's maximum (at the centre)
  double mean_pressure(double t) const;  // Pa, normal_force / contact_area (0 when unloaded)
  double contact_area(double t) const;   // m^2, the nominal ellipse area while loaded, else 0

  // A TractionLoad on stroke().surface that shares this object, for Model::tractions.
  TractionLoad as_traction_load() const;

  // Step end times in (t_begin, t_end], increasing and ending at t_end, that include every knot in
  // between, keep the centre's travel per step <= fraction * the smaller semi-axis while loaded, and
  // give every change of amplitude (a ramp) at least ramp_steps equal steps. Throws InputError for
  // t_end <= t_begin, fraction <= 0 or ramp_steps < 1.
  std::vector<double> step_times(double t_begin, double t_end, double fraction = 0.25,
                                 int ramp_steps = 4) const;

  struct Impl;

 private:
  std::shared_ptr<const Impl> impl_;
};

}  // namespace piriform
