#include "engine/metrics/exposure.hpp"

#include <algorithm>
#include <stdexcept>

namespace piriform {
namespace {

void check(std::span<const double> t, std::span<const double> v) {
  if (t.size() != v.size()) throw std::invalid_argument("exposure: times and values differ in size");
  for (std::size_t i = 1; i < t.size(); ++i)
    if (!(t[i] > t[i - 1])) throw std::invalid_argument("exposure: times must increase strictly");
}

// Length of the part of [0, dt] where the linear function from a to b exceeds level.
double segment_above(double dt, double a, double b, double level) {
  const bool above_a = a > level, above_b = b > level;
  if (above_a && above_b) return dt;
  if (!above_a && !above_b) return 0.0;
  const double crossing = dt * (level - a) / (b - a);  // where the line meets the level
  return above_a ? crossing : dt - crossing;
}

}  // namespace

double time_above(std::span<const double> t, std::span<const double> v, double level) {
  check(t, v);
  double total = 0.0;
  for (std::size_t i = 1; i < t.size(); ++i) total += segment_above(t[i] - t[i - 1], v[i - 1], v[i], level);
  return total;
}

double positive_integral(std::span<const double> t, std::span<const double> v) {
  check(t, v);
  double total = 0.0;
  for (std::size_t i = 1; i < t.size(); ++i) {
    const double dt = t[i] - t[i - 1], a = v[i - 1], b = v[i];
    if (a >= 0.0 && b >= 0.0) {
      total += 0.5 * dt * (a + b);
    } else if (a > 0.0 || b > 0.0) {
      // One sign change: a triangle over the positive part.
      const double positive = segment_above(dt, a, b, 0.0);
      total += 0.5 * positive * std::max(a, b);
    }
  }
  return total;
}

ExposureSummary summarise_exposure(std::span<const double> t, std::span<const double> v,
                                   std::span<const double> thresholds) {
  check(t, v);
  ExposureSummary out;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (i == 0 || v[i] > out.peak) out.peak = v[i], out.time_of_peak = t[i];
  for (double level : thresholds) out.time_above.push_back(time_above(t, v, level));
  out.integral = positive_integral(t, v);
  return out;
}

}  // namespace piriform
