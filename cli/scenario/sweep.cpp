// The sweep loader and the expansion of axes into runs (explicit values, ranges, random and Latin-hypercube
// samples, zipped axes). Documented in scenarios/SWEEPS.md; a test checks that page against sweep_fields().
#include "cli/scenario/sweep.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <map>
#include <random>
#include <set>

#include "cli/scenario/scenario.hpp"
#include "cli/scenario/yaml_fields.hpp"
#include "engine/common/error.hpp"

namespace piriform::scenario {
namespace {

namespace fs = std::filesystem;

// One step of a field path: a map key, or a sequence index when `key` is empty.
struct PathStep {
  std::string key;
  std::size_t index = 0;
};

// "loads[0].value[2]" -> loads, 0, value, 2; false when the text is not such a path.
bool split_path(const std::string& path, std::vector<PathStep>& steps) {
  steps.clear();
  std::size_t i = 0;
  while (i < path.size()) {
    if (!steps.empty() && path[i] != '[') {
      if (path[i] != '.' || ++i == path.size()) return false;
    }
    if (path[i] == '[') {
      const std::size_t close = path.find(']', i);
      if (close == std::string::npos || close == i + 1) return false;
      PathStep s;
      const auto [end, ec] = std::from_chars(path.data() + i + 1, path.data() + close, s.index);
      if (ec != std::errc() || end != path.data() + close) return false;
      steps.push_back(s);
      i = close + 1;
    } else {
      const std::size_t end = std::min(path.find_first_of(".[", i), path.size());
      if (end == i) return false;
      steps.push_back({path.substr(i, end - i), 0});
      i = end;
    }
  }
  return !steps.empty();
}

std::vector<PathStep> parse_path(const Field& f) {
  std::vector<PathStep> steps;
  if (!split_path(f.text(), steps))
    f.fail(fmt::format("expected a field path like 'loads[0].value[2]', got '{}'", f.text()));
  return steps;
}

// The node at `steps` inside `tree`, or an invalid node naming the first step that is missing.
YAML::Node find(YAML::Node tree, const std::vector<PathStep>& steps, std::string* missing) {
  YAML::Node cur = tree;
  std::string reached;
  for (const auto& s : steps) {
    const YAML::Node& c = cur;
    if (!s.key.empty()) {
      reached += (reached.empty() ? "" : ".") + s.key;
      if (!c.IsMap() || !c[s.key]) {
        *missing = reached;
        return YAML::Node(YAML::NodeType::Undefined);
      }
      cur.reset(cur[s.key]);
    } else {
      reached += fmt::format("[{}]", s.index);
      if (!c.IsSequence() || s.index >= c.size()) {
        *missing = reached;
        return YAML::Node(YAML::NodeType::Undefined);
      }
      cur.reset(cur[s.index]);
    }
  }
  return cur;
}

std::string one_line(const YAML::Node& node) {
  if (node.IsScalar()) return node.Scalar();
  YAML::Emitter out;
  out.SetMapFormat(YAML::Flow);
  out.SetSeqFormat(YAML::Flow);
  out << node;
  return out.c_str();
}

// "300 Pa" -> (300, "Pa"); "0.5" -> (0.5, "").
std::pair<double, std::string> number_and_unit(const Field& f) {
  const std::string t = f.text();
  double v = 0.0;
  const char* first = t.data();
  const char* last = t.data() + t.size();
  while (first < last && *first == ' ') ++first;
  const auto [end, ec] = std::from_chars(first, last, v);
  if (ec != std::errc() || !std::isfinite(v))
    f.fail(fmt::format("expected a number with its unit, got '{}'", t));
  std::string unit(end, last);
  unit.erase(0, unit.find_first_not_of(' '));
  unit.erase(unit.find_last_not_of(' ') + 1);
  return {v, unit};
}

struct Interval {
  double from = 0.0, to = 0.0;
  std::string unit;
  bool log = false;
};

Interval read_interval(const Field& f, bool with_count) {
  if (with_count)
    f.only({"from", "to", "count", "scale"});
  else
    f.only({"from", "to", "scale"});
  Interval in;
  std::tie(in.from, in.unit) = number_and_unit(f["from"]);
  const auto [to, unit] = number_and_unit(f["to"]);
  if (unit != in.unit)
    f["to"].fail(fmt::format("expected the unit of 'from' ('{}'), got '{}'", in.unit, unit));
  in.to = to;
  if (const auto scale = f.optional("scale")) in.log = scale->one_of({"linear", "log"}) == "log";
  if (in.log && !(in.from * in.to > 0.0))
    f.fail("a log scale needs 'from' and 'to' of the same sign, neither zero");
  return in;
}

// The value at fraction t in [0, 1] of the interval, as "<number> <unit>".
std::string at_fraction(const Interval& in, double t) {
  double v = in.from + t * (in.to - in.from);
  if (in.log) {
    const double sign = in.from < 0.0 ? -1.0 : 1.0;
    v = sign *
        std::exp(std::log(std::abs(in.from)) + t * (std::log(std::abs(in.to)) - std::log(std::abs(in.from))));
  }
  if (t == 0.0) v = in.from;
  if (t == 1.0) v = in.to;
  return in.unit.empty() ? fmt::format("{:.6g}", v) : fmt::format("{:.6g} {}", v, in.unit);
}

// Uniform in [0, 1) from the top 53 bits: the same numbers on every platform (unlike the std distributions).
double uniform(std::mt19937_64& g) { return static_cast<double>(g() >> 11) * 0x1.0p-53; }

std::size_t below(std::mt19937_64& g, std::size_t n) { return static_cast<std::size_t>(uniform(g) * n); }

// `count` points in the unit cube of `dims` dimensions: independent uniform, or one point in each of the
// `count` equal strata of every dimension (Latin hypercube).
std::vector<std::vector<double>> unit_samples(std::size_t count, std::size_t dims, bool latin,
                                              std::uint64_t seed) {
  std::mt19937_64 g(seed);
  std::vector<std::vector<double>> p(count, std::vector<double>(dims));
  for (std::size_t d = 0; d < dims; ++d) {
    std::vector<std::size_t> stratum(count);
    for (std::size_t i = 0; i < count; ++i) stratum[i] = i;
    if (latin)
      for (std::size_t i = count; i > 1; --i) std::swap(stratum[i - 1], stratum[below(g, i)]);
    for (std::size_t i = 0; i < count; ++i)
      p[i][d] =
          latin ? (static_cast<double>(stratum[i]) + uniform(g)) / static_cast<double>(count) : uniform(g);
  }
  return p;
}

fs::path absolute_of(const fs::path& p, const fs::path& relative_to) {
  return (p.is_absolute() ? p : relative_to / p).lexically_normal();
}

}  // namespace

Sweep load_sweep(const fs::path& file) {
  const std::string file_name = file.string();
  const Field root = load_yaml(file_name);
  root.only({"name", "description", "base", "axes", "samples", "zip"});
  Sweep sw;
  sw.file = file;
  sw.name = root.has("name") ? root["name"].text() : file.stem().string();
  if (sw.name.empty() || sw.name.find('/') != std::string::npos || sw.name == "." || sw.name == "..")
    root["name"].fail("expected a name usable as a directory name (no '/')");
  if (root.has("description")) root["description"].text();

  const Field base_field = root["base"];
  sw.base = absolute_of(base_field.text(), fs::absolute(file).parent_path());
  try {
    load_scenario(sw.base);
    sw.base_tree = YAML::LoadFile(sw.base.string());
  } catch (const InputError& e) {
    base_field.fail(fmt::format("the base scenario is not valid: {}", e.what()));
  } catch (const YAML::Exception& e) {
    base_field.fail(fmt::format("cannot read the base scenario: {}", e.what()));
  }

  // Raw nodes of the sweep file for explicit values that are lists or maps (a whole load vector, say).
  const YAML::Node raw = YAML::LoadFile(file_name);
  const auto axis_fields = root["axes"].items();
  if (axis_fields.empty()) root["axes"].fail("expected at least one axis");
  std::vector<Interval> sampled;  // per sampled axis
  std::vector<std::size_t> sampled_axes;
  std::set<std::string> names;
  for (std::size_t a = 0; a < axis_fields.size(); ++a) {
    const Field& f = axis_fields[a];
    f.only({"name", "path", "values", "range", "samples"});
    SweepAxis axis;
    axis.location = f.location();
    axis.path = f["path"].text();
    const auto steps = parse_path(f["path"]);
    std::string missing;
    if (!find(sw.base_tree, steps, &missing))
      f["path"].fail(fmt::format("unknown parameter path '{}': the base scenario {} has no '{}'", axis.path,
                                 sw.base.string(), missing));
    axis.name = f.has("name") ? f["name"].text() : axis.path;
    if (axis.name.empty() || axis.name.find_first_of("/,\"\n") != std::string::npos || axis.name == "run" ||
        axis.name == "status")
      f["name"].fail("expected a column name without '/', ',' or quotes, other than 'run' and 'status'");
    if (!names.insert(axis.name).second)
      (f.has("name") ? f["name"] : f["path"]).fail(fmt::format("a second axis named '{}'", axis.name));
    const int kinds = f.has("values") + f.has("range") + f.has("samples");
    if (kinds != 1) f.fail("expected exactly one of 'values', 'range' or 'samples'");
    if (const auto values = f.optional("values")) {
      const auto items = values->items();
      if (items.empty()) values->fail("expected at least one value (an empty axis gives no runs)");
      const YAML::Node list = raw["axes"][a]["values"];
      for (std::size_t i = 0; i < items.size(); ++i) {
        axis.values.push_back(YAML::Clone(list[i]));
        axis.texts.push_back(one_line(list[i]));
      }
    } else if (const auto range = f.optional("range")) {
      const Interval in = read_interval(*range, true);
      const int count = (*range)["count"].integer(1, 100000);
      for (int i = 0; i < count; ++i) {
        const std::string v = at_fraction(in, count == 1 ? 0.0 : static_cast<double>(i) / (count - 1));
        axis.values.push_back(YAML::Node(v));
        axis.texts.push_back(v);
      }
    } else {
      sampled.push_back(read_interval(*f.optional("samples"), false));
      sampled_axes.push_back(a);
    }
    sw.axes.push_back(std::move(axis));
  }

  // Groups of axes advanced together: each zip, all sampled axes, and every other axis on its own. Runs are
  // the Cartesian product of the groups in the order of their first axis; the last group varies fastest.
  std::vector<std::vector<std::size_t>> groups;
  std::vector<int> group_of(sw.axes.size(), -1);
  if (const auto samples = root.optional("samples")) {
    samples->only({"count", "method", "seed"});
    if (sampled_axes.empty()) samples->fail("no axis has 'samples': give an axis 'samples: {from, to}'");
    const auto count = static_cast<std::size_t>((*samples)["count"].integer(1, 100000));
    const bool latin = (*samples)["method"].one_of({"random", "latin_hypercube"}) == "latin_hypercube";
    const auto seed =
        static_cast<std::uint64_t>(samples->has("seed") ? (*samples)["seed"].integer(0, 2147483647) : 0);
    const auto points = unit_samples(count, sampled_axes.size(), latin, seed);
    for (std::size_t d = 0; d < sampled_axes.size(); ++d) {
      auto& axis = sw.axes[sampled_axes[d]];
      for (const auto& p : points) {
        const std::string v = at_fraction(sampled[d], p[d]);
        axis.values.push_back(YAML::Node(v));
        axis.texts.push_back(v);
      }
      group_of[sampled_axes[d]] = 0;
    }
    groups.push_back(sampled_axes);
  } else if (!sampled_axes.empty()) {
    axis_fields[sampled_axes.front()].fail(
        "an axis with 'samples' needs the top-level 'samples: {count, method}'");
  }
  if (const auto zip = root.optional("zip")) {
    for (const Field& z : zip->items()) {
      const auto members = z.items();
      if (members.size() < 2) z.fail("expected a list of two or more axis names");
      std::vector<std::size_t> group;
      for (const Field& m : members) {
        const std::string n = m.text();
        std::size_t a = 0;
        while (a < sw.axes.size() && sw.axes[a].name != n) ++a;
        if (a == sw.axes.size()) m.fail(fmt::format("expected the name of an axis, got '{}'", n));
        if (group_of[a] >= 0)
          m.fail(
              fmt::format("axis '{}' is already advanced with others (sampled axes are zipped together)", n));
        if (sw.axes[a].values.size() != sw.axes[group.empty() ? a : group.front()].values.size())
          m.fail(fmt::format("zipped axes need the same number of values: '{}' has {}, '{}' has {}", n,
                             sw.axes[a].values.size(), sw.axes[group.front()].name,
                             sw.axes[group.front()].values.size()));
        group_of[a] = static_cast<int>(groups.size());
        group.push_back(a);
      }
      groups.push_back(group);
    }
  }
  for (std::size_t a = 0; a < sw.axes.size(); ++a)
    if (group_of[a] < 0) {
      group_of[a] = static_cast<int>(groups.size());
      groups.push_back({a});
    }
  std::sort(groups.begin(), groups.end(), [](const auto& x, const auto& y) {
    return *std::min_element(x.begin(), x.end()) < *std::min_element(y.begin(), y.end());
  });

  std::size_t total = 1;
  for (const auto& g : groups) {
    total *= sw.axes[g.front()].values.size();
    if (total > 1000000) root["axes"].fail("expected at most 1000000 runs");
  }
  const std::size_t width = std::max<std::size_t>(4, fmt::format("{}", total - 1).size());
  for (std::size_t i = 0; i < total; ++i) {
    SweepRun run;
    run.id = fmt::format("{:0{}}", i, width);
    run.choice.resize(sw.axes.size());
    std::size_t rest = i;
    for (auto g = groups.rbegin(); g != groups.rend(); ++g) {
      const std::size_t n = sw.axes[g->front()].values.size();
      for (std::size_t a : *g) run.choice[a] = rest % n;
      rest /= n;
    }
    sw.runs.push_back(std::move(run));
  }
  return sw;
}

std::string run_scenario_text(const Sweep& sw, std::size_t index, const std::string& output_name) {
  YAML::Node tree = YAML::Clone(sw.base_tree);
  const SweepRun& run = sw.runs.at(index);
  for (std::size_t a = 0; a < sw.axes.size(); ++a) {
    const SweepAxis& axis = sw.axes[a];
    std::vector<PathStep> steps;
    split_path(axis.path, steps);  // checked at load time
    std::string missing;
    YAML::Node leaf = find(tree, steps, &missing);
    if (!leaf) throw InputError(fmt::format("{}: unknown parameter path '{}'", axis.location, axis.path));
    leaf = YAML::Clone(axis.values[run.choice[a]]);
  }
  const fs::path base_dir = sw.base.parent_path();
  if (tree["model"] && tree["model"]["mesh"] && tree["model"]["mesh"].IsScalar())
    tree["model"]["mesh"] = absolute_of(tree["model"]["mesh"].as<std::string>(), base_dir).string();
  if (!tree["output"] || !tree["output"].IsMap()) tree["output"] = YAML::Node(YAML::NodeType::Map);
  tree["output"]["name"] = output_name;
  YAML::Emitter out;
  out << tree;
  return std::string("# Generated by `piriform sweep` from ") + fs::absolute(sw.file).string() + ", run " +
         run.id + "\n" + out.c_str() + "\n";
}

void check_sweep_runs(const Sweep& sw) {
  char pattern[] = "/tmp/piriform-sweep-XXXXXX";
  const char* tmp = ::mkdtemp(pattern);
  if (tmp == nullptr)
    throw InputError("cannot create a temporary directory in /tmp to check the sweep's runs");
  const fs::path dir = tmp;
  struct Cleanup {
    fs::path dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{dir};
  for (std::size_t r = 0; r < sw.runs.size(); ++r) {
    const fs::path scenario = dir / (sw.runs[r].id + ".yaml");
    {
      std::ofstream out(scenario);
      out << run_scenario_text(sw, r, "results");
    }
    try {
      load_scenario(scenario);
    } catch (const InputError& e) {
      // The loader names the temporary file and the field; name the sweep, the axis and the run instead.
      std::string what = e.what();
      const std::string prefix = scenario.string() + ":";
      std::string field;
      if (what.rfind(prefix, 0) == 0) {
        what = what.substr(prefix.size());
        const std::size_t colon = what.find(": ");
        if (colon != std::string::npos)
          what = what.substr(colon + 2);  // the line number in the temporary file
        field = what.substr(0, what.find(": "));
      }
      std::string values, location = sw.file.string();
      for (std::size_t a = 0; a < sw.axes.size(); ++a) {
        const auto& axis = sw.axes[a];
        values +=
            fmt::format("{}{} = {}", values.empty() ? "" : ", ", axis.name, axis.texts[sw.runs[r].choice[a]]);
        if (!field.empty() && (field.rfind(axis.path, 0) == 0 || axis.path.rfind(field, 0) == 0))
          location = axis.location;
      }
      throw InputError(fmt::format("{}: run {} ({}): {}", location, sw.runs[r].id, values, what));
    }
  }
}

std::vector<std::string> sweep_fields() {
  return {"name",           "description",  "base",       "axes",          "axes[].name", "axes[].path",
          "axes[].values",  "axes[].range", "range.from", "range.to",      "range.count", "range.scale",
          "axes[].samples", "samples.from", "samples.to", "samples.scale", "samples",     "samples.count",
          "samples.method", "samples.seed", "zip"};
}

}  // namespace piriform::scenario
