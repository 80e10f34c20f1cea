// Massage stroke loads: validation, the footprint's placement and normalisation per time, and step times.
#include "engine/loads/stroke.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <numbers>

#include "engine/common/error.hpp"
#include "engine/loads/surface_geometry.hpp"
#include "engine/loads/time_cache.hpp"

namespace piriform {

namespace {

// Surface points whose normal is more than 60 degrees from the centre's belong to another sheet of the
// surface (the far side of a fold) or to a sharp edge; a gently curved skin never turns that much under
// one footprint.
constexpr double min_facing_cos = 0.5;

// Path points may lie this far off the surface (at least): digitised or hand-placed paths sit a little
// above or below a faceted skin.
constexpr double path_tolerance = 2e-3;

// Everything that depends on t, as plain doubles so that TimeCache can share it between threads.
struct Frame {
  double amplitude;
  double scale;     // pressure at shape 1 and amplitude 1, Pa
  double integral;  // sum over the surface's quadrature points of shape * dA, m^2
  double centre[3], normal[3], direction[3], along[3], across[3];
};

Vec3 get(const double* v) { return Vec3(v[0], v[1], v[2]); }
void put(double* v, const Vec3& x) {
  for (int i = 0; i < 3; ++i) v[i] = x[i];
}

std::string mm(const Vec3& X) {
  return fmt::format("{:.4g}, {:.4g}, {:.4g} mm", 1e3 * X[0], 1e3 * X[1], 1e3 * X[2]);
}

const char* unit_of(StrokeMagnitude kind) { return kind == StrokeMagnitude::TotalForce ? "N" : "Pa"; }

void require_positive(double value, std::string_view what, std::string_view unit, double factor = 1.0) {
  if (!(value > 0.0) || !std::isfinite(value))
    throw InputError(fmt::format("{} must be positive and finite, got {:g} {}", what, factor * value, unit));
}

}  // namespace

struct StrokeLoad::Impl {
  Stroke stroke;
  std::vector<SurfacePoint> points;
  SurfaceLocator locator;
  std::vector<Vec3> path;   // projected onto the surface
  std::vector<double> arc;  // arc length at each path point
  double reach = 0.0;       // the larger semi-axis: how far the footprint extends from its centre
  TimeCache<Frame> cache;
  mutable std::atomic<bool> warned_unresolved{false};

  Impl(const Mesh& mesh, Stroke s);

  double length() const { return arc.back(); }
  Frame frame(double t) const {
    return cache.get(t, [this](double time) { return compute(time); });
  }
  Frame compute(double t) const;
  Frame place(double s, int sign) const;
  double travelled(double t) const {
    return stroke.travel.empty() ? 0.0 : std::clamp(interpolate(stroke.travel, t), 0.0, length());
  }
  int travel_sign(double t) const;
  double shape(const Frame& f, const Vec3& X) const;
};

// The footprint's shape at X ignoring which way the surface faces there: the caller checks that.
double StrokeLoad::Impl::shape(const Frame& f, const Vec3& X) const {
  const Vec3 r = X - get(f.centre);
  if (std::abs(r.dot(get(f.normal))) > reach) return 0.0;
  const Footprint& fp = stroke.footprint;
  const double a = r.dot(get(f.along)) / fp.semi_axis_along, b = r.dot(get(f.across)) / fp.semi_axis_across;
  const double rho2 = a * a + b * b;
  if (rho2 >= 1.0) return 0.0;
  switch (fp.distribution) {
    case PressureDistribution::Uniform:
      return 1.0;
    case PressureDistribution::Hertz:
      return std::sqrt(1.0 - rho2);
    case PressureDistribution::GaussianEdge: {
      const double flat = 1.0 - fp.edge_width, rho = std::sqrt(rho2);
      if (rho <= flat) return 1.0;
      const double s = (rho - flat) / (fp.edge_width / 3.0);
      return std::exp(-0.5 * s * s);
    }
  }
  return 0.0;
}

// Direction of travel from the sign of the travel schedule's slope at t: the current slope, else the
// latest non-zero one before t, else the first after it (forward when the schedule never moves).
int StrokeLoad::Impl::travel_sign(double t) const {
  const auto& k = stroke.travel;
  if (k.size() < 2) return 1;
  auto slope = [&](std::size_t i) { return k[i + 1].value - k[i].value; };
  std::size_t i = 0;
  while (i + 2 < k.size() && k[i + 1].t <= t) ++i;
  if (t >= k.front().t)
    for (std::size_t j = i + 1; j-- > 0;)
      if (slope(j) != 0.0) return slope(j) > 0.0 ? 1 : -1;
  for (std::size_t j = 0; j + 1 < k.size(); ++j)
    if (slope(j) != 0.0) return slope(j) > 0.0 ? 1 : -1;
  return 1;
}

// The footprint at arc length s, travelling forwards (sign 1) or backwards, with the integral of its
// shape over the surface; amplitude and scale are left to the caller.
Frame StrokeLoad::Impl::place(double s, int sign) const {
  Vec3 P = path[0], tangent = Vec3::Zero();
  if (path.size() > 1) {
    const std::size_t segments = path.size() - 1;
    std::size_t k = 0;
    if (sign > 0) {
      while (k + 1 < segments && arc[k + 1] <= s) ++k;
    } else {
      k = segments - 1;
      while (k > 0 && arc[k] >= s) --k;
    }
    const Vec3 chord = path[k + 1] - path[k];
    P = path[k] + ((s - arc[k]) / (arc[k + 1] - arc[k])) * chord;
    tangent = sign * chord.normalized();
  }
  const SurfaceLocator::Hit hit = locator.closest(P);
  const Vec3 c = hit.point;

  // Tangent plane: normals of the surface within `reach`, weighted by area and by 1 - (d / reach)^2 so
  // that the plane turns smoothly as the footprint moves; the closest facet's normal when no point is near.
  Vec3 sum = Vec3::Zero();
  const double reach2 = reach * reach;
  for (const SurfacePoint& q : points) {
    const double d2 = (q.X - c).squaredNorm();
    if (d2 < reach2 && q.normal.dot(hit.normal) >= min_facing_cos)
      sum += (q.dA * (1.0 - d2 / reach2)) * q.normal;
  }
  const Vec3 n = sum.norm() > 0.0 ? Vec3(sum.normalized()) : hit.normal;

  auto in_plane = [&](const Vec3& v) { return Vec3(v - v.dot(n) * n); };
  Vec3 d = in_plane(tangent);
  if (d.norm() < 1e-3) d = in_plane(std::abs(n.x()) > 0.9 ? Vec3::UnitY() : Vec3::UnitX());
  d.normalize();
  const double theta = stroke.footprint.orientation;
  const Vec3 along = std::cos(theta) * d + std::sin(theta) * n.cross(d);

  Frame f{};
  put(f.centre, c);
  put(f.normal, n);
  put(f.direction, d);
  put(f.along, along);
  put(f.across, n.cross(along));
  for (const SurfacePoint& q : points)
    if (q.normal.dot(n) >= min_facing_cos) f.integral += q.dA * shape(f, q.X);
  return f;
}

Frame StrokeLoad::Impl::compute(double t) const {
  Frame f = place(travelled(t), travel_sign(t));
  f.amplitude = interpolate(stroke.amplitude, t);
  const Footprint& fp = stroke.footprint;
  const double ellipse = std::numbers::pi * fp.semi_axis_along * fp.semi_axis_across;
  if (stroke.magnitude_kind == StrokeMagnitude::PeakPressure)
    f.scale = stroke.magnitude;
  else if (f.integral > 0.0)
    f.scale = (stroke.magnitude_kind == StrokeMagnitude::TotalForce ? stroke.magnitude
                                                                    : stroke.magnitude * ellipse) /
              f.integral;
  if (f.integral <= 0.0) {
    f.scale = 0.0;
    if (!warned_unresolved.exchange(true))
      spdlog::warn(
          "stroke on '{}': at t = {:g} s the footprint covers no quadrature point of the surface, so "
          "it applies no load; refine the mesh or enlarge the footprint",
          stroke.surface, t);
  }
  return f;
}

StrokeLoad::Impl::Impl(const Mesh& mesh, Stroke s)
    : stroke(std::move(s)),
      points(surface_quadrature_points(mesh, mesh.facet_set(stroke.surface))),
      locator(mesh, mesh.facet_set(stroke.surface)) {
  const FacetSet& set = mesh.facet_set(stroke.surface);
  if (set.size() == 0) throw InputError(fmt::format("stroke surface '{}' has no facets", stroke.surface));
  const std::string kind = stroke.magnitude_kind == StrokeMagnitude::TotalForce     ? "force"
                           : stroke.magnitude_kind == StrokeMagnitude::MeanPressure ? "mean pressure"
                                                                                    : "peak pressure";
  require_positive(stroke.magnitude, fmt::format("stroke magnitude ({})", kind),
                   unit_of(stroke.magnitude_kind));
  const Footprint& fp = stroke.footprint;
  require_positive(fp.semi_axis_along, "footprint semi_axis_along", "mm", 1e3);
  require_positive(fp.semi_axis_across, "footprint semi_axis_across", "mm", 1e3);
  if (!std::isfinite(fp.orientation))
    throw InputError(fmt::format("footprint orientation must be finite, got {} rad", fp.orientation));
  if (fp.distribution == PressureDistribution::GaussianEdge && !(fp.edge_width > 0.0 && fp.edge_width <= 1.0))
    throw InputError(fmt::format("footprint edge_width must be in (0, 1], got {:g}", fp.edge_width));
  if (!(stroke.friction >= 0.0) || !std::isfinite(stroke.friction))
    throw InputError(fmt::format("stroke friction must be >= 0 and finite, got {:g}", stroke.friction));
  validate_knots(stroke.amplitude, "amplitude", true);
  if (stroke.path.empty()) throw InputError("stroke path has no points");
  if (stroke.path.size() > 1 && stroke.travel.empty())
    throw InputError(
        fmt::format("a stroke whose path has {} points needs a travel schedule", stroke.path.size()));
  if (!stroke.travel.empty()) validate_knots(stroke.travel, "travel", false);

  const double min_axis = std::min(fp.semi_axis_along, fp.semi_axis_across);
  reach = std::max(fp.semi_axis_along, fp.semi_axis_across);
  const double tolerance = std::max(path_tolerance, 0.5 * min_axis);
  for (std::size_t i = 0; i < stroke.path.size(); ++i) {
    const Vec3& P = stroke.path[i];
    if (!P.allFinite()) throw InputError(fmt::format("path point {} has a non-finite coordinate", i));
    const SurfaceLocator::Hit hit = locator.closest(P);
    if (hit.distance > tolerance)
      throw InputError(
          fmt::format("path point {} ({}) is {:.3g} mm from surface '{}' (at most {:.3g} mm is accepted)", i,
                      mm(P), 1e3 * hit.distance, stroke.surface, 1e3 * tolerance));
    path.push_back(hit.point);
  }
  arc.assign(1, 0.0);
  for (std::size_t i = 1; i < path.size(); ++i) {
    const double len = (path[i] - path[i - 1]).norm();
    if (len <= 1e-6 * min_axis)
      throw InputError(fmt::format("path points {} and {} coincide on surface '{}' ({})", i - 1, i,
                                   stroke.surface, mm(path[i])));
    arc.push_back(arc.back() + len);
  }

  // The footprint must cover some quadrature point wherever it goes, or it could not apply its load:
  // check every path point and every half of the smaller semi-axis between them.
  std::vector<double> samples{0.0};
  for (std::size_t k = 0; k + 1 < path.size(); ++k) {
    const double len = arc[k + 1] - arc[k];
    const int m = static_cast<int>(std::ceil(len / (0.5 * min_axis)));
    for (int i = 1; i <= m; ++i) samples.push_back(arc[k] + len * i / m);
  }
  for (double at : samples) {
    const Frame f = place(at, 1);
    if (f.integral <= 0.0)
      throw InputError(fmt::format(
          "the footprint ({:.3g} x {:.3g} mm) covers no quadrature point of surface '{}' at {:.3g} mm along "
          "the path ({}); the surface's facets are up to {:.3g} mm across: refine the mesh or enlarge the "
          "footprint",
          2e3 * fp.semi_axis_along, 2e3 * fp.semi_axis_across, stroke.surface, 1e3 * at, mm(get(f.centre)),
          1e3 * locator.max_facet_size()));
  }
}

StrokeLoad::StrokeLoad(const Mesh& mesh, Stroke stroke)
    : impl_(std::make_shared<const Impl>(mesh, std::move(stroke))) {}

const Stroke& StrokeLoad::stroke() const { return impl_->stroke; }
double StrokeLoad::path_length() const { return impl_->length(); }

double StrokeLoad::amplitude(double t) const { return impl_->frame(t).amplitude; }
Vec3 StrokeLoad::centre(double t) const { return get(impl_->frame(t).centre); }
Vec3 StrokeLoad::normal(double t) const { return get(impl_->frame(t).normal); }
Vec3 StrokeLoad::direction(double t) const { return get(impl_->frame(t).direction); }
Vec3 StrokeLoad::along_axis(double t) const { return get(impl_->frame(t).along); }

double StrokeLoad::pressure(const Vec3& X, double t) const {
  const Frame f = impl_->frame(t);
  if (f.amplitude == 0.0 || f.scale == 0.0) return 0.0;
  const double g = impl_->shape(f, X);
  if (g == 0.0 || impl_->locator.closest(X).normal.dot(get(f.normal)) < min_facing_cos) return 0.0;
  return f.amplitude * f.scale * g;
}

Vec3 StrokeLoad::traction(const Vec3& X, double t) const {
  const Frame f = impl_->frame(t);
  if (f.amplitude == 0.0 || f.scale == 0.0) return Vec3::Zero();
  const double g = impl_->shape(f, X);
  if (g == 0.0) return Vec3::Zero();
  const Vec3 n0 = impl_->locator.closest(X).normal;
  if (n0.dot(get(f.normal)) < min_facing_cos) return Vec3::Zero();
  const double p = f.amplitude * f.scale * g;
  return -p * n0 + (impl_->stroke.friction * p) * get(f.direction);
}

Vec3 StrokeLoad::resultant(double t) const {
  Vec3 sum = Vec3::Zero();
  for (const SurfacePoint& q : impl_->points) sum += q.dA * traction(q.X, t);
  return sum;
}

double StrokeLoad::normal_force(double t) const {
  const Frame f = impl_->frame(t);
  return f.amplitude * f.scale * f.integral;
}

double StrokeLoad::peak_pressure(double t) const {
  const Frame f = impl_->frame(t);
  return f.amplitude * f.scale;
}

double StrokeLoad::contact_area(double t) const {
  const Footprint& fp = impl_->stroke.footprint;
  return amplitude(t) > 0.0 ? std::numbers::pi * fp.semi_axis_along * fp.semi_axis_across : 0.0;
}

double StrokeLoad::mean_pressure(double t) const {
  const double area = contact_area(t);
  return area > 0.0 ? normal_force(t) / area : 0.0;
}

TractionLoad StrokeLoad::as_traction_load() const {
  return {impl_->stroke.surface, [self = *this](const Vec3& X, double t) { return self.traction(X, t); }};
}

std::vector<double> StrokeLoad::step_times(double t_begin, double t_end, double fraction,
                                           int ramp_steps) const {
  if (!std::isfinite(t_begin) || !std::isfinite(t_end) || !(t_end > t_begin))
    throw InputError(
        fmt::format("step_times: the end time {:g} s must be after the start time {:g} s", t_end, t_begin));
  if (!(fraction > 0.0) || !std::isfinite(fraction))
    throw InputError(
        fmt::format("step_times: the travel fraction must be positive and finite, got {:g}", fraction));
  if (ramp_steps < 1)
    throw InputError(fmt::format("step_times: ramp_steps must be >= 1, got {}", ramp_steps));
  const Stroke& s = impl_->stroke;
  const double L = impl_->length();

  // Breakpoints: every knot, and where the travel schedule crosses 0 or the path's end (where clamping
  // starts or stops), so that amplitude and clamped travel are linear between consecutive breakpoints.
  std::vector<double> breaks{t_end};
  auto add = [&](double t) {
    if (t > t_begin && t < t_end) breaks.push_back(t);
  };
  for (const Knot& k : s.amplitude) add(k.t);
  for (std::size_t i = 0; i < s.travel.size(); ++i) {
    add(s.travel[i].t);
    if (i + 1 == s.travel.size()) continue;
    const Knot &a = s.travel[i], &b = s.travel[i + 1];
    for (double level : {0.0, L})
      if ((a.value - level) * (b.value - level) < 0.0)
        add(a.t + (level - a.value) / (b.value - a.value) * (b.t - a.t));
  }
  std::sort(breaks.begin(), breaks.end());
  breaks.erase(std::unique(breaks.begin(), breaks.end()), breaks.end());

  const Footprint& fp = s.footprint;
  const double max_travel = fraction * std::min(fp.semi_axis_along, fp.semi_axis_across);
  std::vector<double> out;
  double prev = t_begin;
  for (double b : breaks) {
    const double a0 = interpolate(s.amplitude, prev), a1 = interpolate(s.amplitude, b);
    int n = 1;
    // An unloaded footprint may move in one step (the hand returning between strokes).
    if (a0 != 0.0 || a1 != 0.0) {
      const double moved = std::abs(impl_->travelled(b) - impl_->travelled(prev));
      n = std::max(n, static_cast<int>(std::ceil(moved / max_travel - 1e-9)));
    }
    if (a0 != a1) n = std::max(n, ramp_steps);
    for (int i = 1; i < n; ++i) out.push_back(prev + (b - prev) * i / n);
    out.push_back(b);
    prev = b;
  }
  return out;
}

}  // namespace piriform
