// Validation, presets and exact region volumes of the posterior-hip generator.
#include "meshes/anatomy/anatomy_spec.hpp"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "engine/common/error.hpp"

namespace piriform {
namespace {

constexpr double kPi = 3.14159265358979323846;

std::string mm(double v) { return fmt::format("{:g} mm", v * 1e3); }

void require(bool ok, std::string_view field, const std::string& what) {
  if (!ok) throw InputError(fmt::format("anatomy parameter '{}': {}", field, what));
}

void require_positive(double v, std::string_view field) {
  require(std::isfinite(v) && v > 0.0, field, fmt::format("expected a positive length, got {}", mm(v)));
}

// Lower margin of the piriformis: y at a given x (a straight line through the nerve exit).
double margin_y(const AnatomySpec& s, double x) {
  return s.nerve_exit - (x - s.nerve_offset) * std::tan(s.piriformis_angle);
}

// Area of the block footprint [-W/2, W/2] x [-L/2, L/2] inside the piriformis band, by clipping the
// rectangle with the band's two half-planes (Sutherland-Hodgman).
double band_footprint_area(const AnatomySpec& s) {
  using P = std::array<double, 2>;
  std::vector<P> poly = {{-s.width / 2, -s.length / 2},
                         {s.width / 2, -s.length / 2},
                         {s.width / 2, s.length / 2},
                         {-s.width / 2, s.length / 2}};
  const P n = {std::sin(s.piriformis_angle), std::cos(s.piriformis_angle)};  // cranial normal of the band
  const P p0 = {s.nerve_offset, s.nerve_exit};
  auto clip = [&](double sign, double offset) {  // keep sign * (n.(p - p0) - offset) >= 0
    auto f = [&](const P& p) { return sign * (n[0] * (p[0] - p0[0]) + n[1] * (p[1] - p0[1]) - offset); };
    std::vector<P> out;
    for (std::size_t i = 0; i < poly.size(); ++i) {
      const P& a = poly[i];
      const P& b = poly[(i + 1) % poly.size()];
      const double fa = f(a), fb = f(b);
      if (fa >= 0) out.push_back(a);
      if ((fa >= 0) != (fb >= 0)) {
        const double t = fa / (fa - fb);
        out.push_back({a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])});
      }
    }
    poly = std::move(out);
  };
  clip(1.0, 0.0);
  clip(-1.0, s.piriformis_width);
  double area = 0.0;
  for (std::size_t i = 0; i < poly.size(); ++i) {
    const P& a = poly[i];
    const P& b = poly[(i + 1) % poly.size()];
    area += a[0] * b[1] - b[0] * a[1];
  }
  return 0.5 * std::abs(area);
}

double division_area(const AnatomySpec& s) { return kPi / 4 * s.division_width * s.division_thickness; }

// Length of the division's centreline from the lower margin to the cranial cut, and the part of it inside
// the band. Exact volumes follow because every cut is a plane and the ellipse is centred on the centreline.
double division_length(const AnatomySpec& s) { return s.length / 2 - margin_y(s, s.division_offset()); }
double division_length_in_band(const AnatomySpec& s) {
  const double across = s.piriformis_width / std::cos(s.piriformis_angle);
  return std::min(across, division_length(s));
}

}  // namespace

void AnatomySpec::validate() const {
  require_positive(width, "width");
  require_positive(length, "length");
  require_positive(skin_thickness, "skin_thickness");
  require_positive(fat_thickness, "fat_thickness");
  require_positive(nerve_depth, "nerve_depth");
  require_positive(bed_thickness, "bed_thickness");
  require_positive(piriformis_thickness, "piriformis_thickness");
  require_positive(piriformis_width, "piriformis_width");
  require_positive(nerve_width, "nerve_width");
  require_positive(nerve_thickness, "nerve_thickness");
  require_positive(nerve_gap, "nerve_gap");
  require_positive(sizes.nerve, "mesh size nerve");
  require_positive(sizes.piriformis, "mesh size piriformis");
  require_positive(sizes.skin, "mesh size skin");
  require_positive(sizes.far, "mesh size far");
  require_positive(sizes.transition, "mesh size transition");
  require(sizes.order == 1 || sizes.order == 2, "order", fmt::format("expected 1 or 2, got {}", sizes.order));
  require(std::isfinite(piriformis_angle) && std::abs(piriformis_angle) <= kPi / 3, "piriformis_angle",
          fmt::format("expected an angle within +-60 deg, got {:g} deg", piriformis_angle * 180 / kPi));
  require(std::isfinite(gluteus_fibre_angle), "gluteus_fibre_angle", "expected a finite angle");
  require(nerve_width >= nerve_thickness, "nerve_width",
          fmt::format("the nerve is flattened: width ({}) must be at least its thickness ({})",
                      mm(nerve_width), mm(nerve_thickness)));

  constexpr double kMinLayer = 2e-3;
  require(
      nerve_depth >= skin_thickness + fat_thickness + kMinLayer, "nerve_depth",
      fmt::format("{} leaves less than {} of gluteus maximus over the nerve under {} of skin and {} of fat",
                  mm(nerve_depth), mm(kMinLayer), mm(skin_thickness), mm(fat_thickness)));
  require(
      piriformis_top() <= fat_bottom() - kMinLayer, "piriformis_thickness",
      fmt::format("{} leaves less than {} of gluteus maximus over the piriformis (fat starts {} above the "
                  "ischium); increase nerve_depth or reduce fat_thickness",
                  mm(piriformis_thickness), mm(kMinLayer), mm(fat_bottom())));
  constexpr double kMinMargin = 5e-3;
  require(std::abs(nerve_offset) + nerve_width / 2 <= width / 2 - kMinMargin, "nerve_offset",
          fmt::format("the nerve ({} wide at x = {}) must stay {} inside the block of width {}",
                      mm(nerve_width), mm(nerve_offset), mm(kMinMargin), mm(width)));
  for (double x : {nerve_offset - nerve_width / 2, nerve_offset + nerve_width / 2}) {
    const double y = margin_y(*this, x);
    require(y >= -length / 2 + kMinMargin && y <= length / 2 - kMinMargin, "nerve_exit",
            fmt::format("the piriformis' lower margin crosses the nerve at y = {}, outside the block "
                        "(length {}, margin {}); move nerve_exit or reduce piriformis_angle",
                        mm(y), mm(length), mm(kMinMargin)));
  }
  // A margin passing close to a block corner would cut a sliver of geometry that no mesh resolves well.
  constexpr double kMinCorner = 3e-3;
  const double nx = std::sin(piriformis_angle), ny = std::cos(piriformis_angle);
  for (double cx : {-width / 2, width / 2})
    for (double cy : {-length / 2, length / 2}) {
      const double across = nx * (cx - nerve_offset) + ny * (cy - nerve_exit);
      for (double margin : {0.0, piriformis_width})
        require(std::abs(across - margin) >= kMinCorner, "piriformis_width",
                fmt::format("a margin of the piriformis passes {} from the block corner ({}, {}); keep it at "
                            "least {} away by changing piriformis_width, piriformis_angle or nerve_exit",
                            mm(std::abs(across - margin)), mm(cx), mm(cy), mm(kMinCorner)));
    }
  if (variant == NerveVariant::B) {
    require_positive(division_width, "division_width");
    require_positive(division_thickness, "division_thickness");
    require(division_width >= division_thickness && division_width <= nerve_width, "division_width",
            fmt::format("expected between the division's thickness ({}) and the nerve's width ({}), got {}",
                        mm(division_thickness), mm(nerve_width), mm(division_width)));
    // The division's cross-section must sit inside the trunk's, so that the two meet on the margin plane
    // without a sliver between two nearly tangent ellipses.
    double worst = 0.0;
    for (int k = 0; k < 64; ++k) {
      const double t = 2 * kPi * k / 64;
      const double x = division_offset() - nerve_offset + division_width / 2 * std::cos(t);
      const double z = division_thickness / 2 * std::sin(t);
      worst = std::max(worst, std::hypot(x / (nerve_width / 2), z / (nerve_thickness / 2)));
    }
    require(worst <= 0.95, "division_width",
            fmt::format("the division ({} x {}) must fit inside the nerve's cross-section ({} x {})",
                        mm(division_width), mm(division_thickness), mm(nerve_width), mm(nerve_thickness)));
    require(nerve_centre_z() + division_thickness / 2 <= piriformis_top() - 0.5e-3, "division_thickness",
            fmt::format("the division ({} thick, centred {} above the ischium) must pass inside the "
                        "piriformis, whose top is at {}",
                        mm(division_thickness), mm(nerve_centre_z()), mm(piriformis_top())));
  }
}

AnatomyMeshSizes anatomy_mesh_preset(std::string_view name) {
  AnatomyMeshSizes s;
  if (name == "coarse") return s;
  if (name == "medium") {
    s.nerve = 1.5e-3;
    s.piriformis = 4e-3;
    s.skin = 8e-3;
    s.far = 15e-3;
    s.transition = 20e-3;
    return s;
  }
  if (name == "fine") {
    s.nerve = 1.0e-3;
    s.piriformis = 2.5e-3;
    s.skin = 5e-3;
    s.far = 10e-3;
    s.transition = 25e-3;
    return s;
  }
  throw InputError(fmt::format("unknown mesh preset '{}': expected coarse, medium or fine", name));
}

double nerve_cross_section_area(const AnatomySpec& s) { return kPi / 4 * s.nerve_width * s.nerve_thickness; }

std::map<std::string, double> anatomy_region_volumes(const AnatomySpec& s) {
  using namespace anatomy;
  const double footprint = s.width * s.length;
  const double total = footprint * s.skin_surface();
  double nerve = nerve_cross_section_area(s) * (s.nerve_exit + s.length / 2);
  double piriformis = band_footprint_area(s) * s.piriformis_thickness;
  if (s.variant == NerveVariant::B) {
    nerve += division_area(s) * division_length(s);
    piriformis -= division_area(s) * division_length_in_band(s);
  }
  std::map<std::string, double> v;
  v[std::string(kSkin)] = footprint * s.skin_thickness;
  v[std::string(kFat)] = footprint * s.fat_thickness;
  v[std::string(kDeepBed)] = footprint * s.bed_thickness;
  v[std::string(kNerve)] = nerve;
  v[std::string(kPiriformis)] = piriformis;
  v[std::string(kGluteus)] =
      total - v[std::string(kSkin)] - v[std::string(kFat)] - v[std::string(kDeepBed)] - nerve - piriformis;
  return v;
}

}  // namespace piriform
