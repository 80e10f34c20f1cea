// Rendering and comparison tests (under Xvfb: scripts/test starts one, or viz::Display its own): each
// picture exists at the requested size, is not blank, and its colour range (PNG text) matches the data;
// comparison tables equal the values in the files; rendering leaves the results file unchanged.
#include <fmt/format.h>
#include <gtest/gtest.h>
#include <unistd.h>
#include <vtkDataArray.h>
#include <vtkImageData.h>
#include <vtkPNGReader.h>
#include <vtkPointData.h>
#include <vtkSmartPointer.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <memory>
#include <sstream>
#include <string>

#include "cli/scenario/run_table.hpp"
#include "engine/common/error.hpp"
#include "engine/mesh/structured.hpp"
#include "engine/results/results_file.hpp"
#include "engine/results/results_reader.hpp"
#include "viz/charts.hpp"
#include "viz/comparison.hpp"
#include "viz/cutaway.hpp"
#include "viz/display.hpp"
#include "viz/frames.hpp"
#include "viz/png.hpp"

namespace piriform {
namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "piriform-viz-XXXXXX").string();
    path = ::mkdtemp(tmpl.data());
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

// A 40 x 60 x 30 mm block of tissue over a nerve running along y, pressed from above by a footprint at
// y = `centre`: made-up fields with a known pressure range, written as a real results file.
fs::path synthetic_run(const fs::path& dir, const std::string& name, double centre, double scale) {
  Mesh mesh = box_mesh({-20e-3, -4e-3, 4e-3, 20e-3}, {0, 10e-3, 20e-3, 30e-3, 40e-3, 50e-3, 60e-3},
                       {0, 3e-3, 8e-3, 30e-3}, CellType::Tet10);
  mesh.region_names = {"tissue", "nerve"};
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    Vec3 x = Vec3::Zero();
    for (int i = 0; i < 4; ++i) x += mesh.X.col(mesh.cell(c)[i]) / 4;
    mesh.cell_region[c] = std::abs(x.x()) < 4e-3 && x.z() > 3e-3 && x.z() < 8e-3 ? 1 : 0;
  }
  results::ResultsLayout layout;
  layout.mesh = &mesh;
  layout.times = {0.0, 1.0, 2.0};
  layout.fields = {{"displacement", results::Location::Node, 3, "m", ""},
                   {"cauchy_stress", results::Location::Cell, 6, "Pa", ""},
                   {"pressure", results::Location::Cell, 1, "Pa", ""},
                   {"von_mises", results::Location::Cell, 1, "Pa", ""},
                   {"stroke_pressure", results::Location::Node, 1, "Pa", ""}};
  for (const char* s : {"interface_pressure_peak", "interface_pressure_mean", "interface_pressure_peak_at",
                        "hydrostatic_pressure_peak", "transverse_compression_peak", "axial_stretch_max"})
    layout.series.push_back({std::string("nerve/") + s, "Pa", ""});
  layout.series.push_back({"stroke/normal_force", "N", ""});
  layout.scenario_text = "name: " + name + "\n";
  layout.thresholds_pa = {{"20 mmHg", 20 * 133.322}, {"30 mmHg", 30 * 133.322}};
  const fs::path file = dir / (name + ".h5");
  results::ResultsWriter writer(file, layout, false);
  for (int s = 0; s < 3; ++s) {
    const double a = scale * s / 2.0;  // load amplitude
    std::vector<double> u(3 * mesh.num_nodes()), sp(mesh.num_nodes());
    for (Index v = 0; v < mesh.num_nodes(); ++v) {
      const Vec3 X = mesh.X.col(v);
      const double bump = std::exp(-std::pow((X.y() - centre) / 12e-3, 2) - std::pow(X.x() / 12e-3, 2));
      u[3 * v + 2] = -a * 4e-3 * bump * X.z() / 30e-3;
      sp[v] = X.z() > 29.9e-3 ? a * 20e3 * bump : 0.0;
    }
    std::vector<double> sigma(6 * mesh.num_cells()), p(mesh.num_cells()), vm(mesh.num_cells());
    for (Index c = 0; c < mesh.num_cells(); ++c) {
      Vec3 x = Vec3::Zero();
      for (int i = 0; i < 4; ++i) x += mesh.X.col(mesh.cell(c)[i]) / 4;
      p[c] = a * 3e3 * std::exp(-std::pow((x.y() - centre) / 12e-3, 2));
      for (int k = 0; k < 3; ++k) sigma[6 * c + k] = -p[c];
      vm[c] = 0.0;
    }
    const double peak = *std::max_element(p.begin(), p.end());
    const std::vector<double> series = {peak, 0.5 * peak, centre, peak, peak, 1.0 + 0.01 * a, 10.0 * a};
    const std::span<const double> f[] = {u, sigma, p, vm, sp};
    results::StepInfo info;
    info.time = layout.times[s];
    info.iterations = 3;
    writer.write_step(s, info, f, series);
  }
  writer.finish(true, "");
  return file;
}

// Mean and variance of a PNG's pixel values over all channels, and its size.
struct Pixels {
  int width = 0, height = 0;
  double variance = 0.0;
};
vtkSmartPointer<vtkImageData> read_image(const fs::path& png) {
  auto reader = vtkSmartPointer<vtkPNGReader>::New();
  reader->SetFileName(png.c_str());
  reader->Update();
  return reader->GetOutput();
}

Pixels pixels(const fs::path& png) {
  const auto image = read_image(png);
  int dims[3];
  image->GetDimensions(dims);
  vtkDataArray* data = image->GetPointData()->GetScalars();
  double sum = 0.0, sum2 = 0.0;
  const vtkIdType n = data->GetNumberOfTuples() * data->GetNumberOfComponents();
  for (vtkIdType i = 0; i < data->GetNumberOfTuples(); ++i)
    for (int k = 0; k < data->GetNumberOfComponents(); ++k) {
      const double v = data->GetComponent(i, k);
      sum += v;
      sum2 += v * v;
    }
  return {dims[0], dims[1], sum2 / n - (sum / n) * (sum / n)};
}

// Pixels darker than mid-grey in all channels within [x0, x0 + w) x [y0, y0 + h), from the bottom left.
int dark_pixels(const fs::path& png, int x0, int y0, int w, int h) {
  const auto image = read_image(png);
  int dims[3];
  image->GetDimensions(dims);
  vtkDataArray* data = image->GetPointData()->GetScalars();
  int dark = 0;
  for (int y = std::max(0, y0); y < std::min(dims[1], y0 + h); ++y)
    for (int x = std::max(0, x0); x < std::min(dims[0], x0 + w); ++x) {
      bool all = true;
      for (int k = 0; k < std::min(3, data->GetNumberOfComponents()); ++k)
        all = all && data->GetComponent(static_cast<vtkIdType>(y) * dims[0] + x, k) < 128;
      dark += all;
    }
  return dark;
}

std::string text_of(const fs::path& png, const std::string& key) {
  for (const auto& [k, v] : viz::read_png_text(png))
    if (k == key) return v;
  return "";
}

std::string bytes_of(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class Rendering : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { display_ = std::make_unique<viz::Display>(); }
  static void TearDownTestSuite() { display_.reset(); }
  static inline std::unique_ptr<viz::Display> display_;
  TempDir dir;
};

TEST_F(Rendering, CutawayIsAPictureOfTheRequestedSizeWithTheDataRangeInItsMetadata) {
  const auto file = synthetic_run(dir.path, "over", 30e-3, 1.0);
  const auto before = bytes_of(file);
  const auto run = results::open_results(file);
  EXPECT_EQ(viz::peak_step(run), 2);
  const auto png = dir.path / "cut.png";
  viz::render_cutaway(run, 2, {}, png, {800, 500});
  const Pixels px = pixels(png);
  EXPECT_EQ(px.width, 800);
  EXPECT_EQ(px.height, 500);
  EXPECT_GT(px.variance, 100.0) << "blank picture";
  // The default range is 0 to the 99th percentile of the positive cell pressures: here close to 3 kPa.
  const auto range = viz::default_pressure_range(run, 2);
  EXPECT_GT(range.hi, 2.5e3);
  EXPECT_LE(range.hi, 3e3);
  EXPECT_EQ(text_of(png, "piriform:pressure_range_kpa"), fmt::format("0 {:.9g}", range.hi / 1e3));
  EXPECT_EQ(text_of(png, "piriform:step"), "2");
  EXPECT_EQ(bytes_of(file), before) << "rendering changed the results file";
}

TEST_F(Rendering, ChartsAndFramesAreWrittenAndNotBlank) {
  const auto run = results::open_results(synthetic_run(dir.path, "over", 30e-3, 1.0));
  ASSERT_TRUE(viz::has_nerve_metrics(run));
  viz::render_nerve_pressure_chart({&run}, dir.path / "chart.png", {900, 600});
  viz::render_nerve_pressure_map(run, dir.path / "map.png", {900, 600});
  const viz::Frames frames = viz::render_frames(run, dir.path / "frames", {640, 400});
  EXPECT_EQ(frames.count, 3);
  for (const auto& png :
       {dir.path / "chart.png", dir.path / "map.png", dir.path / "frames" / "frame-0002.png"}) {
    const Pixels px = pixels(png);
    EXPECT_GT(px.variance, 100.0) << png;
    EXPECT_GT(px.width, 0) << png;
  }
  // Each threshold line carries its name just above it: dark text there, and none just below the line.
  const std::string labels = text_of(dir.path / "chart.png", "piriform:threshold_labels");
  std::istringstream items(labels);
  int count = 0;
  for (std::string item; std::getline(items, item, ';');) {
    std::istringstream fields(item);
    std::string value, unit;
    int x = 0, y = 0;
    ASSERT_TRUE(fields >> value >> unit >> x >> y) << labels;
    EXPECT_GT(dark_pixels(dir.path / "chart.png", x, y, 60, 14), 30) << item << ": no label drawn there";
    EXPECT_LT(dark_pixels(dir.path / "chart.png", x, y - 22, 60, 14), 5) << item << ": text below the line";
    ++count;
  }
  EXPECT_EQ(count, 2) << labels;
  // One colour range for every frame: the largest of the steps' ranges.
  EXPECT_EQ(text_of(dir.path / "frames" / "frame-0000.png", "piriform:pressure_range_kpa"),
            text_of(dir.path / "frames" / "frame-0002.png", "piriform:pressure_range_kpa"));
}

TEST_F(Rendering, ComparisonUsesOneColourScaleForAllRuns) {
  const auto a = results::open_results(synthetic_run(dir.path, "light", 30e-3, 0.5));
  const auto b = results::open_results(synthetic_run(dir.path, "deep", 20e-3, 2.0));
  const auto range = viz::render_comparison({&a, &b}, dir.path / "cmp.png", {1000, 600});
  EXPECT_DOUBLE_EQ(range.hi,
                   std::max(viz::default_pressure_range(a, 2).hi, viz::default_pressure_range(b, 2).hi));
  EXPECT_GT(pixels(dir.path / "cmp.png").variance, 100.0);
}

TEST(RunTable, NumbersEqualTheValuesInTheResultsFiles) {
  TempDir dir;
  const auto run = results::open_results(synthetic_run(dir.path, "deep", 20e-3, 2.0));
  const auto columns = scenario::run_columns(run.thresholds_pa);
  const auto row = scenario::run_row(run, run.thresholds_pa.size());
  ASSERT_EQ(row.values.size(), columns.size());
  const auto& peak = run.series.at("nerve/interface_pressure_peak").values;
  EXPECT_DOUBLE_EQ(row.values[0], peak[2] / 1e3);
  EXPECT_DOUBLE_EQ(row.values[1], peak[2] / 133.322);
  EXPECT_DOUBLE_EQ(row.values[2], 2.0);  // time of peak
  // Peak rises linearly from 0 to 6 kPa over 2 s: above 20 mmHg (2.67 kPa) for 2 - 2 * 2.67 / 6 s.
  EXPECT_NEAR(row.values[6], 2.0 - 2.0 * 20 * 133.322 / peak[2], 1e-12);
  const std::string csv = scenario::csv_table(columns, {row});
  EXPECT_NE(csv.find("deep,completed," + fmt::format("{:.6g}", peak[2] / 1e3)), std::string::npos) << csv;
  const std::string md = scenario::markdown_table(columns, {row});
  EXPECT_NE(md.find("| deep | completed |"), std::string::npos) << md;
}

TEST(Display, StartsAndStopsItsOwnXvfbWithoutADisplay) {
  const char* saved = std::getenv("DISPLAY");
  const std::string keep = saved ? saved : "";
  ::unsetenv("DISPLAY");
  std::string name;
  {
    viz::Display display;
    ASSERT_TRUE(display.started_xvfb());
    name = display.name();
    EXPECT_TRUE(fs::exists("/tmp/.X11-unix/X" + name.substr(1)));
  }
  for (int i = 0; i < 100 && fs::exists("/tmp/.X11-unix/X" + name.substr(1)); ++i) ::usleep(20000);
  EXPECT_FALSE(fs::exists("/tmp/.X11-unix/X" + name.substr(1))) << "Xvfb left running";
  if (saved) ::setenv("DISPLAY", keep.c_str(), 1);
}

TEST(ResultsForRendering, MissingFileIsAClearError) {
  try {
    results::open_results("/nonexistent/run.h5");
    FAIL() << "no error";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("/nonexistent/run.h5"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace piriform
