// Exposure of the nerve over a run: how long a metric stays above each threshold and its time integral,
// exact for the piecewise-linear history between output times.
#pragma once

#include <span>
#include <vector>

namespace piriform {

// Total time with v(t) > level, v linear between the samples (t strictly increasing, same size as v).
double time_above(std::span<const double> t, std::span<const double> v, double level);

// Integral of max(v(t), 0) dt (a pressure-time integral in Pa s), v linear between the samples.
double positive_integral(std::span<const double> t, std::span<const double> v);

struct ExposureSummary {
  double peak = 0.0, time_of_peak = 0.0;
  std::vector<double> time_above;  // s, one per threshold
  double integral = 0.0;           // of the positive part, (unit of v) s
};

// Throws std::invalid_argument for sizes that differ or times that do not increase.
ExposureSummary summarise_exposure(std::span<const double> t, std::span<const double> v,
                                   std::span<const double> thresholds);

}  // namespace piriform
