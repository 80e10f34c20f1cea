#include "cli/scenario/run_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/metrics/exposure.hpp"

namespace piriform::scenario {
namespace {

constexpr double kMmHg = 133.322;  // Pa
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

const std::vector<double>* values(const results::ResultsFile& f, const std::string& name) {
  const auto it = f.series.find(name);
  return it == f.series.end() || it->second.values.empty() ? nullptr : &it->second.values;
}

double max_of(const std::vector<double>* v) { return v ? *std::max_element(v->begin(), v->end()) : kNaN; }

std::string number(double v) { return std::isnan(v) ? std::string() : fmt::format("{:.6g}", v); }

// CSV fields with commas or quotes are quoted (RFC 4180).
std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

}  // namespace

std::vector<Column> run_columns(const std::vector<std::pair<std::string, double>>& thresholds_pa) {
  std::vector<Column> c = {{"peak interface pressure", "kPa"},
                           {"peak interface pressure", "mmHg"},
                           {"time of peak", "s"},
                           {"peak position along the nerve", "mm"},
                           {"peak intraneural pressure", "kPa"},
                           {"peak transverse compression", "kPa"}};
  for (const auto& [name, pa] : thresholds_pa) c.push_back({"time above " + name, "s"});
  c.insert(c.end(), {{"pressure-time integral", "kPa s"},
                     {"peak axial stretch", "%"},
                     {"peak stroke force", "N"},
                     {"deepest skin indentation", "mm"},
                     {"simulated time", "s"},
                     {"Newton iterations", "1"},
                     {"step cuts", "1"},
                     {"wall time", "s"}});
  return c;
}

RunRow run_row(const results::ResultsFile& f, std::size_t thresholds) {
  RunRow row;
  row.run = f.path.stem().string();
  row.status = f.status;
  auto& v = row.values;
  const auto* peak = values(f, "nerve/interface_pressure_peak");
  const auto* at = values(f, "nerve/interface_pressure_peak_at");
  std::size_t i = 0;
  if (peak) i = static_cast<std::size_t>(std::max_element(peak->begin(), peak->end()) - peak->begin());
  v.push_back(peak ? (*peak)[i] / 1e3 : kNaN);
  v.push_back(peak ? (*peak)[i] / kMmHg : kNaN);
  v.push_back(peak ? f.times[i] : kNaN);
  v.push_back(peak && at ? 1e3 * (*at)[i] : kNaN);
  v.push_back(max_of(values(f, "nerve/hydrostatic_pressure_peak")) / 1e3);
  v.push_back(max_of(values(f, "nerve/transverse_compression_peak")) / 1e3);
  std::vector<double> levels;
  for (const auto& [name, pa] : f.thresholds_pa) levels.push_back(pa);
  levels.resize(thresholds, kNaN);
  const bool exposure = peak && f.times.size() >= 2;
  const ExposureSummary e = exposure ? summarise_exposure(f.times, *peak, levels) : ExposureSummary{};
  for (std::size_t k = 0; k < thresholds; ++k)
    v.push_back(exposure && !std::isnan(levels[k]) ? e.time_above[k] : kNaN);
  v.push_back(exposure ? e.integral / 1e3 : kNaN);
  v.push_back(100.0 * (max_of(values(f, "nerve/axial_stretch_max")) - 1.0));
  v.push_back(max_of(values(f, "stroke/normal_force")));
  v.push_back(1e3 * max_of(values(f, "model/skin_indentation")));
  v.push_back(f.times.empty() ? kNaN : f.times.back());
  double iterations = 0, cuts = 0, wall = 0;
  for (const auto& s : f.steps) iterations += s.iterations, cuts += s.cuts, wall += s.wall_seconds;
  v.insert(v.end(), {iterations, cuts, wall});
  return row;
}

std::string csv_table(const std::vector<Column>& columns, const std::vector<RunRow>& rows) {
  std::string out = "run,status";
  for (const auto& c : columns) out += "," + csv_field(c.name + " (" + c.unit + ")");
  out += "\n";
  for (const auto& r : rows) {
    out += csv_field(r.run) + "," + r.status;
    for (double x : r.values) out += "," + number(x);
    out += "\n";
  }
  return out;
}

std::string markdown_table(const std::vector<Column>& columns, const std::vector<RunRow>& rows) {
  std::string out = "| run | status |";
  for (const auto& c : columns) out += fmt::format(" {} ({}) |", c.name, c.unit);
  out += "\n|---|---|";
  for (std::size_t k = 0; k < columns.size(); ++k) out += "---:|";
  out += "\n";
  for (const auto& r : rows) {
    out += fmt::format("| {} | {} |", r.run, r.status);
    for (double x : r.values)
      out += " " + (std::isnan(x) ? std::string("-") : fmt::format("{:.3g}", x)) + " |";
    out += "\n";
  }
  return out;
}

}  // namespace piriform::scenario
