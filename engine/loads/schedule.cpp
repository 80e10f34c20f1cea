// Piecewise-linear stroke schedules: evaluation, validation and the profile builders.
#include "engine/loads/schedule.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "engine/common/error.hpp"

namespace piriform {

double interpolate(const std::vector<Knot>& knots, double t) {
  if (knots.empty()) throw std::invalid_argument("interpolate: empty schedule");
  if (t <= knots.front().t) return knots.front().value;
  if (t >= knots.back().t) return knots.back().value;
  const auto next =
      std::upper_bound(knots.begin(), knots.end(), t, [](double x, const Knot& k) { return x < k.t; });
  const Knot& a = *(next - 1);
  const Knot& b = *next;
  return a.value + (b.value - a.value) * ((t - a.t) / (b.t - a.t));
}

void validate_knots(const std::vector<Knot>& knots, std::string_view what, bool non_negative) {
  if (knots.empty()) throw InputError(fmt::format("the {} schedule has no knots", what));
  for (std::size_t i = 0; i < knots.size(); ++i) {
    const Knot& k = knots[i];
    if (!std::isfinite(k.t) || !std::isfinite(k.value))
      throw InputError(
          fmt::format("{} knot {}: time {} s and value {} must be finite", what, i, k.t, k.value));
    if (i > 0 && !(k.t > knots[i - 1].t))
      throw InputError(fmt::format("{} knot {}: time {} s is not after the previous knot's {} s", what, i,
                                   k.t, knots[i - 1].t));
    if (non_negative && k.value < 0.0)
      throw InputError(fmt::format("{} knot {}: value {} is negative", what, i, k.value));
  }
}

namespace {

void require(bool ok, std::string_view what, double value, std::string_view condition) {
  if (!ok || !std::isfinite(value))
    throw InputError(fmt::format("{} must be {}, got {:g}", what, condition, value));
}

// Appends knot k of cycle `cycle` unless it repeats the last knot's time with the same value (to
// round-off in the shifted times): touching cycles share a knot.
void append(std::vector<Knot>& out, Knot k, int cycle, std::string_view what) {
  if (!out.empty()) {
    const Knot& last = out.back();
    const double tol = 1e-12 * std::max(1.0, std::abs(k.t));
    if (k.t <= last.t + tol) {
      if (k.t >= last.t - tol && k.value == last.value) return;
      throw InputError(
          fmt::format("repeat: cycle {} of the {} schedule ends at {:g} s with value {:g}, but cycle {} "
                      "starts at {:g} s with "
                      "value {:g}: lower the rate or shorten the cycle",
                      cycle - 1, what, last.t, last.value, cycle, k.t, k.value));
    }
  }
  out.push_back(k);
}

}  // namespace

std::vector<Knot> ramp_hold_release(double t0, double ramp, double hold, double release) {
  require(std::isfinite(t0), "ramp_hold_release: start time", t0, "finite");
  require(ramp > 0.0, "ramp_hold_release: ramp time", ramp, "positive");
  require(hold >= 0.0, "ramp_hold_release: hold time", hold, "non-negative");
  require(release > 0.0, "ramp_hold_release: release time", release, "positive");
  std::vector<Knot> out{{t0, 0.0}, {t0 + ramp, 1.0}};
  if (hold > 0.0) out.push_back({t0 + ramp + hold, 1.0});
  out.push_back({t0 + ramp + hold + release, 0.0});
  return out;
}

std::vector<Knot> glide(double t0, double ramp, double length, double speed, double release) {
  require(std::isfinite(t0), "glide: start time", t0, "finite");
  require(ramp >= 0.0, "glide: ramp time", ramp, "non-negative");
  require(length > 0.0, "glide: length", length, "positive");
  require(speed > 0.0, "glide: speed", speed, "positive");
  require(release >= 0.0, "glide: release time", release, "non-negative");
  std::vector<Knot> out;
  if (ramp > 0.0) out.push_back({t0, 0.0});
  const double end = t0 + ramp + length / speed;
  out.push_back({t0 + ramp, 0.0});
  out.push_back({end, length});
  if (release > 0.0) out.push_back({end + release, length});
  return out;
}

StrokeSchedule gliding_stroke(double t0, double ramp, double length, double speed, double release) {
  std::vector<Knot> travel = glide(t0, ramp, length, speed, release);
  return {ramp_hold_release(t0, ramp, length / speed, release), std::move(travel)};
}

StrokeSchedule repeat(const StrokeSchedule& cycle, int repetitions, double rate, double increment) {
  if (repetitions < 1) throw InputError(fmt::format("repeat: repetitions must be >= 1, got {}", repetitions));
  require(rate > 0.0, "repeat: rate", rate, "positive");
  require(std::isfinite(increment), "repeat: amplitude increment", increment, "finite");
  const double last_factor = 1.0 + (repetitions - 1) * increment;
  if (last_factor < 0.0)
    throw InputError(fmt::format(
        "repeat: an amplitude increment of {:g} per repetition makes repetition {} negative ({:g})",
        increment, repetitions - 1, last_factor));
  validate_knots(cycle.amplitude, "amplitude", true);
  if (!cycle.travel.empty()) validate_knots(cycle.travel, "travel", false);
  const double period = 1.0 / rate;
  StrokeSchedule out;
  for (int k = 0; k < repetitions; ++k) {
    const double shift = k * period, factor = 1.0 + k * increment;
    for (const Knot& a : cycle.amplitude)
      append(out.amplitude, {a.t + shift, factor * a.value}, k, "amplitude");
    for (const Knot& s : cycle.travel) append(out.travel, {s.t + shift, s.value}, k, "travel");
  }
  return out;
}

}  // namespace piriform
