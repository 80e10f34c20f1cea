// Piecewise-linear time schedules of massage strokes (load amplitude, travel along the path) and builders
// for the common profiles: ramp-hold-release, glide, repeated and progressive strokes.
#pragma once

#include <string_view>
#include <vector>

namespace piriform {

// One breakpoint of a piecewise-linear schedule; times of a schedule are strictly increasing.
struct Knot {
  double t;      // s
  double value;  // amplitude factor, or arc length along the path (m)

  bool operator==(const Knot&) const = default;
};

// The schedule's value at t: linear between knots, the end values outside them (a single knot is a
// constant). Throws std::invalid_argument for an empty schedule.
double interpolate(const std::vector<Knot>& knots, double t);

// Throws InputError "<what> knot i: ..." unless there is at least one knot, times are finite and
// strictly increasing and values finite (and >= 0 when non_negative).
void validate_knots(const std::vector<Knot>& knots, std::string_view what, bool non_negative);

// Amplitude 0 -> 1 over `ramp`, held at 1 for `hold`, back to 0 over `release`, starting at t0.
// ramp and release must be positive (a quasi-static load cannot jump), hold >= 0; throws InputError.
std::vector<Knot> ramp_hold_release(double t0, double ramp, double hold, double release);

// Travel for a glide: 0 while the load ramps up (t0 .. t0 + ramp), then at `speed` (m/s) up to `length` (m),
// then held at `length` while the load is released. ramp and release >= 0, length and speed > 0.
std::vector<Knot> glide(double t0, double ramp, double length, double speed, double release);

// Both schedules of a stroke; an empty travel is a static hold.
struct StrokeSchedule {
  std::vector<Knot> amplitude;
  std::vector<Knot> travel;
};

// A gliding stroke: the load ramps up at the start of the path, glides `length` at `speed` at full
// amplitude and is released at the end: amplitude ramp_hold_release(t0, ramp, length / speed, release)
// and travel glide(t0, ramp, length, speed, release).
StrokeSchedule gliding_stroke(double t0, double ramp, double length, double speed, double release);

// `repetitions` copies of `cycle`, one every 1 / rate seconds (rate in Hz, strokes per second), the k-th
// (from 0) with its amplitude multiplied by 1 + k * increment (increment = 0: identical repetitions;
// > 0: progressive loading). Between cycles the schedules interpolate from the end of one cycle to the
// start of the next: for a glide, the hand returns to the start of the path unloaded. A cycle must fit in
// one period; cycles may touch (last knot of one at the first of the next) only where their values agree.
// Throws InputError for repetitions < 1, a non-positive rate, a negative amplitude factor or a cycle
// longer than the period.
StrokeSchedule repeat(const StrokeSchedule& cycle, int repetitions, double rate, double increment = 0.0);

}  // namespace piriform
