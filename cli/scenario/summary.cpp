#include "cli/scenario/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "engine/metrics/exposure.hpp"

namespace piriform::scenario {
namespace {

constexpr double kMmHg = 133.322;  // Pa

std::string pressure(double pa) { return fmt::format("{:.2f} kPa ({:.0f} mmHg)", pa / 1e3, pa / kMmHg); }

const results::SeriesData* find(const results::ResultsFile& f, const std::string& name) {
  const auto it = f.series.find(name);
  return it == f.series.end() ? nullptr : &it->second;
}

// Regions with metrics: the prefixes of ".../interface_pressure_peak" series.
std::set<std::string> metric_regions(const results::ResultsFile& f) {
  std::set<std::string> regions;
  const std::string suffix = "/interface_pressure_peak";
  for (const auto& [name, data] : f.series)
    if (name.size() > suffix.size() && name.ends_with(suffix))
      regions.insert(name.substr(0, name.size() - suffix.size()));
  return regions;
}

void peak_line(std::string& out, const results::ResultsFile& f, const std::string& region,
               const std::string& label, const std::string& base, bool is_pressure) {
  const auto* peak = find(f, region + "/" + base + (is_pressure ? "_peak" : "_max"));
  const auto* at = find(f, region + "/" + base + (is_pressure ? "_peak_at" : "_max_at"));
  const auto* mean = find(f, region + "/" + base + "_mean");
  if (!peak || !at || !mean || peak->values.empty()) return;
  const auto it = std::max_element(peak->values.begin(), peak->values.end());
  const std::size_t i = static_cast<std::size_t>(it - peak->values.begin());
  if (is_pressure)
    out += fmt::format("  {:<24} {:>26}  at s = {:5.1f} mm, t = {:6.2f} s  (mean then {})\n", label,
                       pressure(*it), 1e3 * at->values[i], f.times[i], pressure(mean->values[i]));
  else
    out += fmt::format("  {:<24} {:>26}  at s = {:5.1f} mm, t = {:6.2f} s  (mean then {:.4f})\n", label,
                       fmt::format("{:.4f} ({:+.1f} %)", *it, 100 * (*it - 1)), 1e3 * at->values[i],
                       f.times[i], mean->values[i]);
}

}  // namespace

std::string format_summary(const results::ResultsFile& f) {
  std::string out;
  const bool complete = f.status == "completed";
  out += fmt::format("results {}: {}{}, {} of {} output steps", f.path.string(), f.status,
                     f.status_message.empty() ? "" : " (" + f.status_message + ")", f.steps_completed,
                     f.steps_planned);
  out += f.times.empty() ? "\n" : fmt::format(", t = 0 .. {:.3g} s\n", f.times.back());
  if (!complete && f.status == "running")
    out += "  the run did not finish (killed or still running): values cover the steps written\n";

  std::vector<double> levels;
  for (const auto& [name, pa] : f.thresholds_pa) levels.push_back(pa);
  const std::set<std::string> regions = metric_regions(f);
  for (const std::string& region : regions) {
    out += fmt::format("{} compression (s: arc length along the {}, mm):\n", region, region);
    peak_line(out, f, region, "interface pressure", "interface_pressure", true);
    peak_line(out, f, region, "intraneural pressure", "hydrostatic_pressure", true);
    peak_line(out, f, region, "transverse compression", "transverse_compression", true);
    peak_line(out, f, region, "axial stretch", "axial_stretch", false);
    const auto* stretch = find(f, region + "/axial_stretch_max");
    if (stretch && !stretch->values.empty()) {
      const double s = *std::max_element(stretch->values.begin(), stretch->values.end());
      out += fmt::format("  {:<24} {}\n", "stretch levels",
                         s > 1.15   ? "above 15 % (conduction block in animal studies)"
                         : s > 1.08 ? "above 8 % (blood flow impaired in animal studies)"
                                    : "below 8 %");
    }
    const auto* peak = find(f, region + "/interface_pressure_peak");
    if (peak && f.times.size() >= 2) {
      const ExposureSummary e = summarise_exposure(f.times, peak->values, levels);
      out += fmt::format("  time with the peak interface pressure above:\n");
      for (std::size_t k = 0; k < levels.size(); ++k)
        out += fmt::format("    {:>26}  {:8.2f} s\n", pressure(levels[k]), e.time_above[k]);
      out += fmt::format("  pressure-time integral of the peak: {:.3g} kPa s ({:.3g} mmHg min)\n",
                         e.integral / 1e3, e.integral / kMmHg / 60.0);
    }
  }
  if (!regions.empty() && !levels.empty())
    out +=
        "  note: the thresholds come from nerve compression lasting minutes to hours (Rydevik et al. 1981;\n"
        "  Dahlin et al. 1984); a stroke lasts seconds. piriform is a research and teaching model, not a\n"
        "  clinical device.\n";

  if (const auto* force = find(f, "stroke/normal_force"); force && !force->values.empty())
    out += fmt::format("stroke: largest normal force {:.2f} N\n",
                       *std::max_element(force->values.begin(), force->values.end()));
  if (const auto* skin = find(f, "model/skin_indentation"); skin && !skin->values.empty())
    out += fmt::format("skin: deepest indentation {:.1f} mm\n",
                       1e3 * *std::max_element(skin->values.begin(), skin->values.end()));
  int iterations = 0, cuts = 0;
  double wall = 0.0;
  for (const auto& s : f.steps) iterations += s.iterations, cuts += s.cuts, wall += s.wall_seconds;
  out += fmt::format("solver: {} Newton iterations, {} step cuts, {:.1f} s wall\n", iterations, cuts, wall);
  return out;
}

}  // namespace piriform::scenario
