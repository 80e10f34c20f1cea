// Unit tests of the HDF5 results file and its XDMF companion: round trip of every dataset and attribute,
// files cut short (writer dropped, process SIGKILLed), refused destinations, a full disk at creation,
// rejected inputs of the reader, the Gmsh -> VTK node order, and XDMF references checked against the file.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <hdf5.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "engine/common/error.hpp"
#include "engine/mesh/structured.hpp"
#include "engine/results/results_file.hpp"
#include "engine/results/results_reader.hpp"
#include "engine/results/xdmf.hpp"
#include "support.hpp"

namespace piriform::results {
namespace {

namespace fs = std::filesystem;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

// A fresh directory per test, removed afterwards; with PIRIFORM_KEEP_TEST_FILES set it stays and its path is
// printed, so the files can be inspected by hand (h5dump, tests/results/check_xdmf.py).
class TempDir {
 public:
  TempDir() {
    std::string pattern = (fs::temp_directory_path() / "piriform-results-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path_ = pattern;
  }
  ~TempDir() {
    if (std::getenv("PIRIFORM_KEEP_TEST_FILES") != nullptr) {
      std::printf("kept test files in %s\n", path_.c_str());
      return;
    }
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  fs::path operator/(const std::string& name) const { return path_ / name; }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// A Tet10 box with two regions and the box's six surfaces.
Mesh test_mesh(CellType type = CellType::Tet10) {
  Mesh mesh = box_mesh({Vec3(0, 0, 0), Vec3(0.04, 0.03, 0.02), 2, 1, 1, type});
  mesh.region_names.push_back("nerve");
  for (std::size_t c = 1; c < mesh.cell_region.size(); c += 2) mesh.cell_region[c] = 1;
  return mesh;
}

ResultsLayout test_layout(const Mesh& mesh, int steps) {
  ResultsLayout layout;
  layout.mesh = &mesh;
  for (int s = 0; s < steps; ++s) layout.times.push_back(0.25 * s);
  layout.fields = {{"displacement", Location::Node, 3, "m", "displacement of the nodes"},
                   {"cauchy_stress", Location::Cell, 6, "Pa", "Voigt 11 22 33 12 23 13, cell average"},
                   {"contact_pressure", Location::Node, 1, "Pa", ""}};
  layout.series = {{"nerve/interface_pressure_peak", "Pa", "peak pressure on the nerve surface"},
                   {"nerve/interface_pressure_mean", "Pa", "mean pressure on the nerve surface"},
                   {"load_total", "N", "total normal force of the stroke"}};
  layout.scenario_text = "name: \"unit test\"\nmaterial:\n  mu: 2.5 kPa   # µ, with UTF-8\n";
  layout.scenario_path = "scenarios/unit test.yaml";
  layout.provenance = {
      {"piriform_version", "0.1.0"}, {"git_revision", "abc1234-dirty"}, {"date", "2024-05-01"}};
  layout.thresholds_pa = {{"20 mmHg", 2666.4}, {"30 mmHg", 3999.7}};
  return layout;
}

std::size_t rows_of(const ResultsLayout& layout, const FieldSpec& f) {
  return static_cast<std::size_t>(f.location == Location::Node ? layout.mesh->num_nodes()
                                                               : layout.mesh->num_cells());
}

double field_value(std::size_t field, int step, std::size_t i) {
  return 1000.0 * static_cast<double>(field) + step + 1e-3 * static_cast<double>(i);
}
double series_value(std::size_t series, int step) { return -10.0 * static_cast<double>(series) - 0.5 * step; }

std::vector<double> expected_field(const ResultsLayout& layout, std::size_t field, int step) {
  const FieldSpec& f = layout.fields[field];
  std::vector<double> values(rows_of(layout, f) * static_cast<std::size_t>(f.components));
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = field_value(field, step, i);
  return values;
}

// Step 1 has a residual history longer than the file keeps.
StepInfo step_info(const ResultsLayout& layout, int step) {
  StepInfo info{
      layout.times[static_cast<std::size_t>(step)], 3 + step, step % 2, 1e-9 * (step + 1), 0.1 * step, {}};
  const int history = step == 1 ? residual_history_capacity + 6 : step + 2;
  for (int k = 0; k < history; ++k) info.residual_history.push_back(std::pow(10.0, -k) + step);
  return info;
}

void write_steps(ResultsWriter& writer, const ResultsLayout& layout, int count) {
  for (int s = writer.steps_written(); s < count; ++s) {
    std::vector<std::vector<double>> data;
    std::vector<std::span<const double>> spans;
    for (std::size_t f = 0; f < layout.fields.size(); ++f) data.push_back(expected_field(layout, f, s));
    for (const auto& d : data) spans.emplace_back(d);
    std::vector<double> series;
    for (std::size_t k = 0; k < layout.series.size(); ++k) series.push_back(series_value(k, s));
    writer.write_step(s, step_info(layout, s), spans, series);
  }
}

// Checks every completed step's fields and series against what write_steps wrote.
void expect_steps_intact(const ResultsFile& file, const ResultsLayout& layout) {
  ASSERT_EQ(file.times.size(), static_cast<std::size_t>(file.steps_completed));
  for (int s = 0; s < file.steps_completed; ++s) {
    for (std::size_t f = 0; f < layout.fields.size(); ++f)
      ASSERT_EQ(file.read_field(layout.fields[f].name, s), expected_field(layout, f, s))
          << layout.fields[f].name << " step " << s;
    for (std::size_t k = 0; k < layout.series.size(); ++k)
      ASSERT_EQ(file.series.at(layout.series[k].name).values[static_cast<std::size_t>(s)],
                series_value(k, s));
  }
}

std::string h5_string_attribute(hid_t object, const char* name) {
  const hid_t attr = H5Aopen(object, name, H5P_DEFAULT);
  const hid_t type = H5Aget_type(attr);
  std::string value(H5Tget_size(type), '\0');
  H5Aread(attr, type, value.data());
  H5Tclose(type);
  H5Aclose(attr);
  return value.substr(0, value.find('\0'));
}

std::string h5_dataset_string_attribute(hid_t file, const char* dataset, const char* name) {
  const hid_t d = H5Dopen2(file, dataset, H5P_DEFAULT);
  std::string value = h5_string_attribute(d, name);
  H5Dclose(d);
  return value;
}

// Dimensions of a dataset, empty when it does not exist.
std::vector<hsize_t> h5_dims(hid_t file, const std::string& name) {
  if (H5Lexists(file, name.c_str(), H5P_DEFAULT) <= 0) return {};
  const hid_t d = H5Dopen2(file, name.c_str(), H5P_DEFAULT);
  const hid_t space = H5Dget_space(d);
  std::vector<hsize_t> dims(static_cast<std::size_t>(std::max(H5Sget_simple_extent_ndims(space), 0)));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  H5Sclose(space);
  H5Dclose(d);
  return dims;
}

std::string slurp(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST(ResultsFile, RoundTripsEveryDatasetAndAttribute) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 4);
  const fs::path path = dir / "results.h5";
  {
    ResultsWriter writer(path, layout, false);
    EXPECT_EQ(writer.steps_planned(), 4);
    EXPECT_EQ(writer.path(), path);
    write_steps(writer, layout, 4);
    EXPECT_EQ(writer.steps_written(), 4);
    writer.finish(true, "all 4 steps converged");
  }
  const ResultsFile file = open_results(path);
  EXPECT_EQ(file.status, "completed");
  EXPECT_EQ(file.status_message, "all 4 steps converged");
  EXPECT_EQ(file.steps_planned, 4);
  EXPECT_EQ(file.steps_completed, 4);
  EXPECT_EQ(file.planned_times, layout.times);
  EXPECT_EQ(file.times, layout.times);

  ASSERT_EQ(file.steps.size(), 4u);
  for (int s = 0; s < 4; ++s) {
    const StepInfo expected = step_info(layout, s);
    const StepInfo& got = file.steps[static_cast<std::size_t>(s)];
    EXPECT_EQ(got.time, expected.time);
    EXPECT_EQ(got.iterations, expected.iterations);
    EXPECT_EQ(got.cuts, expected.cuts);
    EXPECT_EQ(got.residual, expected.residual);
    EXPECT_EQ(got.wall_seconds, expected.wall_seconds);
    const std::vector<double> kept(
        expected.residual_history.end() -
            std::min<std::ptrdiff_t>(residual_history_capacity, std::ssize(expected.residual_history)),
        expected.residual_history.end());
    EXPECT_EQ(got.residual_history, kept) << "step " << s;
  }

  ASSERT_EQ(file.fields.size(), layout.fields.size());
  for (std::size_t f = 0; f < layout.fields.size(); ++f) {
    EXPECT_EQ(file.fields[f].name, layout.fields[f].name);
    EXPECT_EQ(file.fields[f].location, layout.fields[f].location);
    EXPECT_EQ(file.fields[f].components, layout.fields[f].components);
    EXPECT_EQ(file.fields[f].unit, layout.fields[f].unit);
    EXPECT_EQ(file.fields[f].description, layout.fields[f].description);
  }
  ASSERT_EQ(file.series.size(), layout.series.size());
  for (const auto& s : layout.series) {
    ASSERT_TRUE(file.series.count(s.name)) << s.name;
    EXPECT_EQ(file.series.at(s.name).unit, s.unit);
    EXPECT_EQ(file.series.at(s.name).description, s.description);
  }
  expect_steps_intact(file, layout);

  EXPECT_EQ(file.mesh.cell_type, mesh.cell_type);
  EXPECT_TRUE(file.mesh.X == mesh.X);
  EXPECT_EQ(file.mesh.cells, mesh.cells);
  EXPECT_EQ(file.mesh.cell_region, mesh.cell_region);
  EXPECT_EQ(file.mesh.region_names, mesh.region_names);
  ASSERT_EQ(file.mesh.facet_sets.size(), mesh.facet_sets.size());
  for (std::size_t i = 0; i < mesh.facet_sets.size(); ++i) {
    EXPECT_EQ(file.mesh.facet_sets[i].name, mesh.facet_sets[i].name);
    EXPECT_EQ(file.mesh.facet_sets[i].type, mesh.facet_sets[i].type);
    EXPECT_EQ(file.mesh.facet_sets[i].nodes, mesh.facet_sets[i].nodes);
  }
  EXPECT_NO_THROW(file.mesh.validate());

  EXPECT_EQ(file.scenario_text, layout.scenario_text);
  EXPECT_EQ(file.scenario_path, layout.scenario_path);
  EXPECT_EQ(file.provenance, layout.provenance);
  EXPECT_EQ(file.thresholds_pa, layout.thresholds_pa);

  // What other tools see: units as attributes, the format tags, the NaN padding, the earliest file format
  // (superblock 0, which has no consistency flags a crash could leave set) and early-allocated contiguous
  // data.
  const hid_t h5 = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
  ASSERT_GE(h5, 0);
  EXPECT_EQ(h5_string_attribute(h5, "format"), "piriform-results");
  EXPECT_EQ(h5_string_attribute(h5, "status"), "completed");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/mesh/nodes", "units"), "m");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/times", "units"), "s");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/fields/cauchy_stress", "units"), "Pa");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/fields/cauchy_stress", "location"), "cell");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/series/nerve/interface_pressure_peak", "units"), "Pa");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/thresholds", "units"), "Pa");
  EXPECT_EQ(h5_dataset_string_attribute(h5, "/mesh/cells", "cell_type"), "tet10");
  EXPECT_EQ(h5_dims(h5, "/fields/cauchy_stress"), (std::vector<hsize_t>{4, hsize_t(mesh.num_cells()), 6}));
  EXPECT_EQ(h5_dims(h5, "/steps/residual_history"),
            (std::vector<hsize_t>{4, hsize_t(residual_history_capacity)}));
  std::int64_t version = 0, planned = 0;
  const hid_t version_attr = H5Aopen(h5, "format_version", H5P_DEFAULT);
  H5Aread(version_attr, H5T_NATIVE_INT64, &version);
  H5Aclose(version_attr);
  const hid_t planned_attr = H5Aopen(h5, "steps_planned", H5P_DEFAULT);
  H5Aread(planned_attr, H5T_NATIVE_INT64, &planned);
  H5Aclose(planned_attr);
  EXPECT_EQ(version, 1);
  EXPECT_EQ(planned, 4);

  const hid_t history = H5Dopen2(h5, "/steps/residual_history", H5P_DEFAULT);
  std::vector<double> rows(4 * residual_history_capacity);
  H5Dread(history, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data());
  const hid_t dcpl = H5Dget_create_plist(history);
  H5D_alloc_time_t alloc_time{};
  H5Pget_alloc_time(dcpl, &alloc_time);
  EXPECT_EQ(H5Pget_layout(dcpl), H5D_CONTIGUOUS);
  EXPECT_EQ(alloc_time, H5D_ALLOC_TIME_EARLY);
  H5Pclose(dcpl);
  H5Dclose(history);
  for (int k = 0; k < residual_history_capacity; ++k)
    EXPECT_EQ(std::isnan(rows[static_cast<std::size_t>(k)]), k >= 2);
  for (int k = 0; k < residual_history_capacity; ++k)
    EXPECT_FALSE(std::isnan(rows[static_cast<std::size_t>(residual_history_capacity + k)]));
  H5F_info2_t info{};
  H5Fget_info2(h5, &info);
  EXPECT_EQ(info.super.version, 0u);
  H5Fclose(h5);
}

TEST(ResultsFile, DroppedWriterLeavesTheCompletedStepsReadable) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  ResultsLayout layout = test_layout(mesh, 5);
  layout.series.clear();
  layout.provenance.clear();
  layout.thresholds_pa.clear();
  layout.scenario_text.clear();
  const fs::path path = dir / "results.h5";
  std::uintmax_t size_at_creation = 0;
  {
    ResultsWriter writer(path, layout, false);
    size_at_creation = fs::file_size(path);
    struct stat st {};
    ASSERT_EQ(::stat(path.c_str(), &st), 0);
    EXPECT_GE(static_cast<std::uintmax_t>(st.st_blocks) * 512, size_at_creation) << "space not reserved";
    write_steps(writer, layout, 2);
  }
  EXPECT_EQ(fs::file_size(path), size_at_creation) << "the file grew after creation";
  const ResultsFile file = open_results(path);
  EXPECT_EQ(file.status, "running");
  EXPECT_EQ(file.status_message, "");
  EXPECT_EQ(file.steps_planned, 5);
  EXPECT_EQ(file.steps_completed, 2);
  EXPECT_EQ(file.planned_times.size(), 5u);
  EXPECT_EQ(file.steps.size(), 2u);
  EXPECT_TRUE(file.series.empty());
  EXPECT_TRUE(file.provenance.empty());
  EXPECT_TRUE(file.thresholds_pa.empty());
  EXPECT_EQ(file.scenario_text, "");
  expect_steps_intact(file, layout);
  const std::string message = test::input_error_message([&] { (void)file.read_field("displacement", 2); });
  EXPECT_TRUE(contains(message, "not written")) << message;
  EXPECT_TRUE(contains(message, path.string())) << message;
  const std::string unknown = test::input_error_message([&] { (void)file.read_field("velocity", 0); });
  EXPECT_TRUE(contains(unknown, "displacement, cauchy_stress, contact_pressure")) << unknown;
}

// Runs `child` in a forked process and returns its wait status; the child reports exceptions as exit 3.
template <class F>
int in_child(F&& child) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    try {
      child();
    } catch (...) {
      ::_exit(3);
    }
    ::_exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  return status;
}

TEST(ResultsFile, SurvivesSigkillRightAfterAStep) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 5);
  const fs::path path = dir / "results.h5";
  const int status = in_child([&] {
    ResultsWriter writer(path, layout, false);
    write_steps(writer, layout, 2);
    ::kill(::getpid(), SIGKILL);
  });
  ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
  const ResultsFile file = open_results(path);
  EXPECT_EQ(file.status, "running");
  EXPECT_EQ(file.steps_completed, 2);
  expect_steps_intact(file, layout);
}

TEST(ResultsFile, SurvivesSigkillAtAnyMoment) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 400);
  for (int delay_us : {0, 3000, 11000}) {
    const fs::path path = dir / ("results-" + std::to_string(delay_us) + ".h5");
    int ready[2];
    ASSERT_EQ(::pipe(ready), 0);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::close(ready[0]);
      try {
        ResultsWriter writer(path, layout, false);
        const char byte = 1;
        if (::write(ready[1], &byte, 1) != 1) ::_exit(4);
        write_steps(writer, layout, 400);
      } catch (...) {
        ::_exit(3);
      }
      ::_exit(0);
    }
    ::close(ready[1]);
    char byte = 0;
    ASSERT_EQ(::read(ready[0], &byte, 1), 1) << "the child could not create the file";
    ::close(ready[0]);
    std::this_thread::sleep_for(std::chrono::microseconds(delay_us));
    ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    const ResultsFile file = open_results(path);
    EXPECT_EQ(file.status, "running");
    expect_steps_intact(file, layout);
  }
}

TEST(ResultsFile, RefusesToReplaceAFileWithoutOverwrite) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 2);
  const fs::path path = dir / "results.h5";
  {
    ResultsWriter writer(path, layout, false);
    write_steps(writer, layout, 2);
    writer.finish(false, "stopped by the test");
  }
  const std::string message = test::input_error_message([&] { ResultsWriter again(path, layout, false); });
  EXPECT_TRUE(contains(message, "--overwrite")) << message;
  EXPECT_TRUE(contains(message, path.string())) << message;
  EXPECT_EQ(open_results(path).status, "failed");
  EXPECT_EQ(open_results(path).status_message, "stopped by the test");
  { ResultsWriter replaced(path, layout, true); }
  EXPECT_EQ(open_results(path).status, "running");
  EXPECT_EQ(open_results(path).steps_completed, 0);
}

TEST(ResultsFile, ReportsAnUnusableOutputDirectory) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 2);
  const fs::path missing = dir / "missing";
  std::string message =
      test::input_error_message([&] { ResultsWriter w(missing / "results.h5", layout, false); });
  EXPECT_TRUE(contains(message, "does not exist")) << message;
  EXPECT_TRUE(contains(message, missing.string())) << message;

  const fs::path plain = dir / "plain.txt";
  std::ofstream(plain) << "not a directory\n";
  message = test::input_error_message([&] { ResultsWriter w(plain / "results.h5", layout, false); });
  EXPECT_TRUE(contains(message, "is not a directory")) << message;
  EXPECT_TRUE(contains(message, plain.string())) << message;

  if (::geteuid() != 0) {  // root writes anywhere
    const fs::path locked = dir / "locked";
    fs::create_directory(locked);
    fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec);
    message = test::input_error_message([&] { ResultsWriter w(locked / "results.h5", layout, false); });
    EXPECT_TRUE(contains(message, "not writable")) << message;
    fs::permissions(locked, fs::perms::owner_all);
  }

  const std::string bad_name = test::input_error_message([&] {
    ResultsLayout bad = layout;
    bad.fields.push_back({"a/b", Location::Node, 1, "m", ""});
    ResultsWriter w(dir / "bad.h5", bad, false);
  });
  EXPECT_TRUE(contains(bad_name, "'a/b'")) << bad_name;
  EXPECT_FALSE(fs::exists(dir / "bad.h5"));
}

TEST(ResultsFile, ReportsADiskThatCannotHoldTheFile) {
  TempDir dir;
  const Mesh mesh = test_mesh();
  const ResultsLayout layout = test_layout(mesh, 400);  // about 1 MB of fields
  const fs::path path = dir / "results.h5";
  int pipe_fd[2];
  ASSERT_EQ(::pipe(pipe_fd), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::close(pipe_fd[0]);
    ::signal(SIGXFSZ, SIG_IGN);
    const rlimit limit{64 * 1024, 64 * 1024};
    ::setrlimit(RLIMIT_FSIZE, &limit);
    int code = 1;
    std::string message = "no exception";
    try {
      ResultsWriter writer(path, layout, false);
    } catch (const InputError& e) {
      message = e.what();
      code = fs::exists(path) ? 4 : 0;
    } catch (const std::exception& e) {
      message = std::string("wrong exception type: ") + e.what();
      code = 2;
    }
    if (::write(pipe_fd[1], message.data(), message.size()) < 0) code = 5;
    ::_exit(code);
  }
  ::close(pipe_fd[1]);
  std::string message;
  char buffer[512];
  for (ssize_t n; (n = ::read(pipe_fd[0], buffer, sizeof buffer)) > 0;)
    message.append(buffer, static_cast<std::size_t>(n));
  ::close(pipe_fd[0]);
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status)) << "child status " << status;
  EXPECT_EQ(WEXITSTATUS(status), 0) << "(4: the partial file was left behind) " << message;
  EXPECT_TRUE(contains(message, "cannot reserve")) << message;
  EXPECT_TRUE(contains(message, "file size limit")) << message;
  EXPECT_TRUE(contains(message, path.string())) << message;
}

TEST(ResultsReader, RejectsFilesThatAreNotPiriformResults) {
  TempDir dir;
  std::string message = test::input_error_message([&] { (void)open_results(dir / "nothing.h5"); });
  EXPECT_TRUE(contains(message, "does not exist")) << message;
  EXPECT_TRUE(contains(message, (dir / "nothing.h5").string())) << message;

  std::ofstream(dir / "text.h5") << "just text\n";
  message = test::input_error_message([&] { (void)open_results(dir / "text.h5"); });
  EXPECT_TRUE(contains(message, "not an HDF5 file")) << message;
  EXPECT_TRUE(contains(message, (dir / "text.h5").string())) << message;

  const fs::path foreign = dir / "foreign.h5";
  H5Fclose(H5Fcreate(foreign.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT));
  message = test::input_error_message([&] { (void)open_results(foreign); });
  EXPECT_TRUE(contains(message, "not a piriform results file")) << message;
  EXPECT_TRUE(contains(message, foreign.string())) << message;

  const Mesh mesh = test_mesh();
  const fs::path future = dir / "future.h5";
  { ResultsWriter writer(future, test_layout(mesh, 1), false); }
  const hid_t h5 = H5Fopen(future.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  const hid_t attr = H5Aopen(h5, "format_version", H5P_DEFAULT);
  const std::int64_t two = 2;
  H5Awrite(attr, H5T_NATIVE_INT64, &two);
  H5Aclose(attr);
  H5Fclose(h5);
  message = test::input_error_message([&] { (void)open_results(future); });
  EXPECT_TRUE(contains(message, "format_version 2")) << message;
  EXPECT_TRUE(contains(message, future.string())) << message;
}

// VTK's edge tables, typed in independently of the engine's (vtkQuadraticTetra, vtkQuadraticHexahedron).
const std::vector<std::array<int, 2>> vtk_tet_edges = {{0, 1}, {1, 2}, {0, 2}, {0, 3}, {1, 3}, {2, 3}};
const std::vector<std::array<int, 2>> vtk_hex_edges = {{0, 1}, {1, 2}, {2, 3}, {3, 0}, {4, 5}, {5, 6},
                                                       {6, 7}, {7, 4}, {0, 4}, {1, 5}, {2, 6}, {3, 7}};

// Every VTK mid-edge node of every cell of a structured mesh lies halfway along its VTK edge.
void expect_vtk_mid_nodes(CellType type, const std::vector<std::array<int, 2>>& vtk_edges) {
  const Mesh mesh = box_mesh({Vec3(0, 0, 0), Vec3(1.0, 0.7, 0.5), 2, 2, 1, type});
  const std::vector<int> order = vtk_node_order(type);
  const int corners = num_corners(type);
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    auto x = [&](int vtk_local) {
      return Vec3(mesh.X.col(mesh.cell(c)[order[static_cast<std::size_t>(vtk_local)]]));
    };
    for (int k = 0; k < corners; ++k) EXPECT_EQ(order[static_cast<std::size_t>(k)], k);
    for (std::size_t e = 0; e < vtk_edges.size(); ++e) {
      const Vec3 mid = 0.5 * (x(vtk_edges[e][0]) + x(vtk_edges[e][1]));
      EXPECT_LT((x(corners + static_cast<int>(e)) - mid).norm(), 1e-12) << "cell " << c << " VTK edge " << e;
    }
  }
}

TEST(XdmfNodeOrder, Tet10SwapsTheLastTwoMidEdgeNodes) {
  EXPECT_EQ(vtk_node_order(CellType::Tet10), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7, 9, 8}));
  expect_vtk_mid_nodes(CellType::Tet10, vtk_tet_edges);
}

TEST(XdmfNodeOrder, Hex20MidEdgeNodesFollowVtksEdgeTable) {
  const std::vector<int> order = vtk_node_order(CellType::Hex20);
  const auto gmsh_edges = local_edges(CellType::Hex20);
  for (std::size_t k = 0; k < vtk_hex_edges.size(); ++k) {
    const LocalEdge& e = gmsh_edges[static_cast<std::size_t>(order[8 + k] - 8)];
    EXPECT_EQ(std::min(e[0], e[1]), std::min(vtk_hex_edges[k][0], vtk_hex_edges[k][1]))
        << "VTK node " << 8 + k;
    EXPECT_EQ(std::max(e[0], e[1]), std::max(vtk_hex_edges[k][0], vtk_hex_edges[k][1]))
        << "VTK node " << 8 + k;
  }
  expect_vtk_mid_nodes(CellType::Hex20, vtk_hex_edges);
}

TEST(XdmfNodeOrder, LinearCellsKeepTheirOrder) {
  EXPECT_EQ(vtk_node_order(CellType::Tet4), (std::vector<int>{0, 1, 2, 3}));
  EXPECT_EQ(vtk_node_order(CellType::Hex8), (std::vector<int>{0, 1, 2, 3, 4, 5, 6, 7}));
  EXPECT_EQ(xdmf_topology_type(CellType::Hex20), "Hexahedron_20");
  EXPECT_EQ(xdmf_topology_type(CellType::Tet4), "Tetrahedron");
}

TEST(Xdmf, ReferencesEveryHdf5DatasetWithTheDimensionsItStates) {
  TempDir dir;
  for (CellType type : {CellType::Tet10, CellType::Hex20}) {
    const Mesh mesh = test_mesh(type);
    const ResultsLayout layout = test_layout(mesh, 5);
    const std::string name = std::string(cell_type_name(type));
    const fs::path h5_path = dir / (name + ".h5");
    const fs::path xdmf = dir / (name + ".xdmf");
    const fs::path again = dir / (name + "-from-file.xdmf");
    {
      ResultsWriter writer(h5_path, layout, false);
      write_steps(writer, layout, 3);
      write_xdmf(xdmf, h5_path.filename(), xdmf_info(layout), writer.steps_written());
      // The file being written can be read in the same process.
      EXPECT_EQ(open_results(h5_path).steps_completed, 3);
      write_xdmf(again, h5_path);
    }
    EXPECT_FALSE(fs::exists(dir / (name + ".xdmf.tmp")));
    const std::string text = slurp(xdmf);
    EXPECT_EQ(slurp(again), text)
        << "the XDMF written from the file differs from the one written from the layout";

    EXPECT_TRUE(contains(text, "<Xdmf Version=\"3.0\">"));
    EXPECT_TRUE(contains(text, "CollectionType=\"Temporal\""));
    EXPECT_TRUE(
        contains(text, std::string("TopologyType=\"") + std::string(xdmf_topology_type(type)) + "\""));
    const std::regex uniform("GridType=\"Uniform\"");
    EXPECT_EQ(std::distance(std::sregex_iterator(text.begin(), text.end(), uniform), std::sregex_iterator()),
              3);

    const hid_t h5 = H5Fopen(h5_path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    ASSERT_GE(h5, 0);
    const std::regex item(
        "<DataItem Dimensions=\"([0-9 ]+)\"[^>]*Format=\"HDF\">([^:<]+):([^<]+)</DataItem>");
    int references = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), item); it != std::sregex_iterator(); ++it) {
      ++references;
      const auto& m = *it;
      EXPECT_EQ(m[2].str(), h5_path.filename().string());
      std::vector<hsize_t> stated;
      std::istringstream dims(m[1].str());
      for (hsize_t d; dims >> d;) stated.push_back(d);
      EXPECT_EQ(h5_dims(h5, m[3].str()), stated) << m[3].str();
    }
    EXPECT_EQ(references, 3 * (3 + static_cast<int>(layout.fields.size())));
    H5Fclose(h5);

    // Grid i selects row i of each field, and the count fits the dataset.
    const std::regex slab(
        "<DataItem Dimensions=\"3 3\" Format=\"XML\">([0-9]+) 0 0 1 1 1 1 ([0-9]+) ([0-9]+)</DataItem>");
    int slabs = 0;
    for (auto it = std::sregex_iterator(text.begin(), text.end(), slab); it != std::sregex_iterator(); ++it) {
      const int grid = slabs / static_cast<int>(layout.fields.size());
      const FieldSpec& f = layout.fields[static_cast<std::size_t>(slabs) % layout.fields.size()];
      EXPECT_EQ(std::stoi((*it)[1].str()), grid);
      EXPECT_EQ(std::stoul((*it)[2].str()), rows_of(layout, f));
      EXPECT_EQ(std::stoi((*it)[3].str()), f.components);
      ++slabs;
    }
    EXPECT_EQ(slabs, 3 * static_cast<int>(layout.fields.size()));
  }
}

}  // namespace
}  // namespace piriform::results
