// The sweep directory: manifest, per-run files, run status and the merged summary (CSV and HDF5).
#include "cli/scenario/sweep_dir.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <hdf5.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include "cli/scenario/run_table.hpp"
#include "engine/common/atomic_file.hpp"
#include "engine/common/error.hpp"
#include "engine/results/results_reader.hpp"

namespace piriform::scenario {
namespace {

namespace fs = std::filesystem;

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

// Fields of one CSV line (RFC 4180 quoting, no line breaks inside fields: the manifest has none).
std::vector<std::string> csv_split(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted && c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  if (!in) return {};
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

void write_if_changed(const fs::path& p, const std::string& text) {
  if (fs::exists(p) && read_text(p) == text) return;
  write_file_atomically(p, text);
}

// A parameter column is numeric when every value is "<number> <unit>" with one unit.
bool numeric_column(const std::vector<std::string>& texts, std::vector<double>& values, std::string& unit) {
  values.clear();
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const std::string& t = texts[i];
    char* end = nullptr;
    const double v = std::strtod(t.c_str(), &end);
    if (end == t.c_str()) return false;
    std::string u(end);
    u.erase(0, u.find_first_not_of(' '));
    if (i == 0) unit = u;
    if (u != unit) return false;
    values.push_back(v);
  }
  return true;
}

// summary.h5: one 1-D dataset per column at the root, in column order (the root attribute "columns" lists
// them); numbers as float64 with a "unit" attribute, text as fixed-length UTF-8 strings. No time stamps.
class SummaryH5 {
 public:
  explicit SummaryH5(const fs::path& path) : path_(path) {
    H5Eget_auto2(H5E_DEFAULT, &func_, &data_);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
    const hid_t fcpl = H5Pcreate(H5P_FILE_CREATE);
    H5Pset_obj_track_times(fcpl, 0);
    file_ = H5Fcreate(path.c_str(), H5F_ACC_TRUNC, fcpl, H5P_DEFAULT);
    H5Pclose(fcpl);
    if (file_ < 0) fail("create");
  }
  ~SummaryH5() {
    if (file_ >= 0) H5Fclose(file_);
    H5Eset_auto2(H5E_DEFAULT, func_, data_);
  }
  SummaryH5(const SummaryH5&) = delete;
  SummaryH5& operator=(const SummaryH5&) = delete;

  void numbers(const std::string& name, const std::vector<double>& v, const std::string& unit) {
    const hid_t d = create(name, H5T_IEEE_F64LE, v.size());
    if (!v.empty() && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()) < 0)
      fail("write");
    if (!unit.empty()) string_attribute(d, "unit", {unit});
    H5Dclose(d);
    names_.push_back(name);
  }

  void strings(const std::string& name, const std::vector<std::string>& v) {
    const auto [type, buffer] = fixed(v);
    const hid_t d = create(name, type, v.size());
    if (!v.empty() && H5Dwrite(d, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()) < 0) fail("write");
    H5Tclose(type);
    H5Dclose(d);
    names_.push_back(name);
  }

  void close() {
    string_attribute(file_, "columns", names_);
    string_attribute(file_, "format", {"piriform-sweep-summary"});
    if (H5Fclose(file_) < 0) fail("write");
    file_ = -1;
  }

 private:
  [[noreturn]] void fail(const char* what) const {
    throw InputError(fmt::format("cannot {} the sweep summary '{}'", what, path_.string()));
  }

  static std::pair<hid_t, std::string> fixed(const std::vector<std::string>& v) {
    std::size_t size = 1;
    for (const auto& s : v) size = std::max(size, s.size());
    std::string buffer(size * v.size(), '\0');
    for (std::size_t i = 0; i < v.size(); ++i) buffer.replace(i * size, v[i].size(), v[i]);
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, size);
    H5Tset_strpad(type, H5T_STR_NULLPAD);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return {type, buffer};
  }

  hid_t create(const std::string& name, hid_t type, std::size_t n) {
    const hsize_t dims[1] = {n};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t dcpl = H5Pcreate(H5P_DATASET_CREATE);
    H5Pset_obj_track_times(dcpl, 0);
    const hid_t d = H5Dcreate2(file_, name.c_str(), type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT);
    H5Pclose(dcpl);
    H5Sclose(space);
    if (d < 0) fail("write");
    return d;
  }

  void string_attribute(hid_t object, const char* name, const std::vector<std::string>& v) {
    const auto [type, buffer] = fixed(v);
    const hsize_t dims[1] = {v.size()};
    const hid_t space = H5Screate_simple(1, dims, nullptr);
    const hid_t a = H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT);
    const bool ok = a >= 0 && H5Awrite(a, type, buffer.data()) >= 0;
    if (a >= 0) H5Aclose(a);
    H5Sclose(space);
    H5Tclose(type);
    if (!ok) fail("write");
  }

  fs::path path_;
  hid_t file_ = -1;
  std::vector<std::string> names_;
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
};

void fsync_file(const fs::path& p) {
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

Manifest sweep_manifest(const Sweep& sw) {
  Manifest m;
  for (const auto& a : sw.axes) m.parameters.push_back(a.name);
  for (const auto& run : sw.runs) {
    m.ids.push_back(run.id);
    std::vector<std::string> row;
    for (std::size_t a = 0; a < sw.axes.size(); ++a) row.push_back(sw.axes[a].texts[run.choice[a]]);
    m.rows.push_back(std::move(row));
  }
  return m;
}

std::string manifest_csv(const Manifest& m) {
  std::string out = "run";
  for (const auto& p : m.parameters) out += "," + csv_field(p);
  out += "\n";
  for (std::size_t r = 0; r < m.ids.size(); ++r) {
    out += m.ids[r];
    for (const auto& v : m.rows[r]) out += "," + csv_field(v);
    out += "\n";
  }
  return out;
}

Manifest read_manifest(const fs::path& dir) {
  const fs::path file = dir / "manifest.csv";
  std::ifstream in(file);
  if (!in) throw InputError(fmt::format("{}: no such file (expected a sweep directory)", file.string()));
  Manifest m;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    auto fields = csv_split(line);
    if (number == 1) {
      if (fields.front() != "run")
        throw InputError(fmt::format("{}:1: expected the header 'run,<parameters>'", file.string()));
      m.parameters.assign(fields.begin() + 1, fields.end());
      continue;
    }
    if (fields.size() != m.parameters.size() + 1 || fields.front().empty() ||
        fields.front().find_first_of("/.") != std::string::npos)
      throw InputError(fmt::format("{}:{}: expected a run id and {} parameter values", file.string(), number,
                                   m.parameters.size()));
    m.ids.push_back(fields.front());
    m.rows.emplace_back(fields.begin() + 1, fields.end());
  }
  if (number == 0)
    throw InputError(fmt::format("{}: empty file (expected the header 'run,...')", file.string()));
  return m;
}

void prepare_sweep_dir(const Sweep& sw, const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir / "runs", ec);
  if (!fs::is_directory(dir / "runs"))
    throw InputError(fmt::format("cannot create the sweep directory '{}'", dir.string()));
  const std::string manifest = manifest_csv(sweep_manifest(sw));
  const fs::path manifest_file = dir / "manifest.csv";
  if (fs::exists(manifest_file) && read_text(manifest_file) != manifest)
    throw InputError(fmt::format(
        "{}: the directory holds another sweep (other parameters or values); expected the manifest of {} "
        "(choose another directory with -o, or remove this one)",
        manifest_file.string(), sw.file.string()));
  for (std::size_t r = 0; r < sw.runs.size(); ++r) {
    fs::create_directories(run_dir(dir, sw.runs[r].id), ec);
    write_if_changed(run_scenario_file(dir, sw.runs[r].id), run_scenario_text(sw, r, "results"));
  }
  // Last: a manifest means every run's scenario is in place.
  write_if_changed(manifest_file, manifest);
}

fs::path run_dir(const fs::path& dir, const std::string& id) { return dir / "runs" / id; }
fs::path run_scenario_file(const fs::path& dir, const std::string& id) {
  return run_dir(dir, id) / "scenario.yaml";
}
fs::path run_results_file(const fs::path& dir, const std::string& id) {
  return run_dir(dir, id) / "results.h5";
}
fs::path run_error_file(const fs::path& dir, const std::string& id) { return run_dir(dir, id) / "error.txt"; }

std::string run_status(const fs::path& dir, const std::string& id) {
  const fs::path results = run_results_file(dir, id);
  std::string status;
  if (fs::exists(results)) {
    try {
      status = results::open_results(results).status;
    } catch (const InputError&) {
      status = "unreadable";  // a run killed before its file was set up
    }
  }
  if (status == "completed") return status;
  if (status == "failed" || fs::exists(run_error_file(dir, id))) return "failed";
  return status.empty() ? "pending" : "incomplete";
}

MergeReport merge_sweep(const fs::path& dir) {
  const Manifest m = read_manifest(dir);
  MergeReport report;
  std::vector<results::ResultsFile> files(m.ids.size());
  std::vector<std::string> status(m.ids.size());
  std::vector<std::pair<std::string, double>> thresholds;
  bool have_thresholds = false;
  for (std::size_t r = 0; r < m.ids.size(); ++r) {
    status[r] = run_status(dir, m.ids[r]);
    if (status[r] == "completed") ++report.completed;
    if (status[r] == "failed") ++report.failed;
    if (status[r] == "incomplete") ++report.incomplete;
    if (status[r] == "pending") ++report.pending;
    if (status[r] == "pending") continue;
    try {
      files[r] = results::open_results(run_results_file(dir, m.ids[r]));
      if (!have_thresholds) thresholds = files[r].thresholds_pa, have_thresholds = true;
    } catch (const InputError&) {
      files[r].path.clear();  // no readable results: metrics stay empty
    }
  }
  const auto columns = run_columns(thresholds);
  std::vector<RunRow> rows;
  for (std::size_t r = 0; r < m.ids.size(); ++r) {
    RunRow row;
    if (!files[r].path.empty())
      row = run_row(files[r], thresholds.size());
    else
      row.values.assign(columns.size(), std::nan(""));
    row.run = m.ids[r];
    row.status = status[r];
    rows.push_back(std::move(row));
  }

  // CSV: run, parameters, then run_row's status and metrics.
  const std::string table = csv_table(columns, rows);
  std::istringstream lines(table);
  std::string line, csv;
  for (std::size_t k = 0; std::getline(lines, line); ++k) {
    const std::size_t comma = line.find(',');
    std::string params;
    for (std::size_t p = 0; p < m.parameters.size(); ++p)
      params += "," + csv_field(k == 0 ? m.parameters[p] : m.rows[k - 1][p]);
    csv += line.substr(0, comma) + params + line.substr(comma) + "\n";
  }
  write_file_atomically(dir / "summary.csv", csv);

  fs::path tmp = dir / "summary.h5";
  tmp += ".tmp";
  {
    SummaryH5 h5(tmp);
    h5.strings("run", m.ids);
    for (std::size_t p = 0; p < m.parameters.size(); ++p) {
      std::vector<std::string> texts;
      for (const auto& row : m.rows) texts.push_back(row[p]);
      std::vector<double> values;
      std::string unit;
      if (numeric_column(texts, values, unit))
        h5.numbers(m.parameters[p], values, unit);
      else
        h5.strings(m.parameters[p], texts);
    }
    h5.strings("status", status);
    for (std::size_t c = 0; c < columns.size(); ++c) {
      std::vector<double> values;
      for (const auto& row : rows) values.push_back(row.values[c]);
      h5.numbers(columns[c].name + " (" + columns[c].unit + ")", values, columns[c].unit);
    }
    h5.close();
  }
  fsync_file(tmp);
  if (std::rename(tmp.c_str(), (dir / "summary.h5").c_str()) != 0)
    throw InputError(fmt::format("cannot replace '{}'", (dir / "summary.h5").string()));
  return report;
}

}  // namespace piriform::scenario
