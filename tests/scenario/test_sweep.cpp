// Sweep files: expansion of explicit, range, sampled and zipped axes into runs, the run scenarios, the errors
// with file, line and field, the manifest, and the reference page listing every field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "cli/scenario/scenario.hpp"
#include "cli/scenario/sweep.hpp"
#include "cli/scenario/sweep_dir.hpp"
#include "support.hpp"

namespace piriform::scenario {
namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(PIRIFORM_SOURCE_DIR) / "scenarios";

class SweepFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("piriform_sweep_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  // A sweep over the cube example with these lines after `base:`.
  fs::path write(const std::string& text) const {
    const fs::path p = dir_ / "sweep.yaml";
    std::ofstream(p) << "base: " << (kScenarios / "examples" / "cube-compression.yaml").string() << "\n"
                     << text;
    return p;
  }
  std::string error(const std::string& text) const {
    const fs::path p = write(text);
    return test::input_error_message([&] { check_sweep_runs(load_sweep(p)); });
  }
  std::vector<std::string> column(const Sweep& sw, std::size_t axis) const {
    std::vector<std::string> out;
    for (const auto& run : sw.runs) out.push_back(sw.axes[axis].texts[run.choice[axis]]);
    return out;
  }
  fs::path dir_;
};

TEST_F(SweepFiles, ProductOfExplicitValuesAndRangesLastAxisFastest) {
  const Sweep sw = load_sweep(write(R"(axes:
  - {name: load, path: "loads[0].value[2]", values: ["-100 Pa", "-200 Pa"]}
  - {path: materials.block.shear_modulus, range: {from: 100 Pa, to: 900 Pa, count: 3}}
)"));
  ASSERT_EQ(sw.runs.size(), 6u);
  EXPECT_EQ(sw.name, "sweep");
  EXPECT_EQ(sw.axes[1].name, "materials.block.shear_modulus");
  EXPECT_EQ(sw.runs[5].id, "0005");
  EXPECT_EQ(column(sw, 0),
            (std::vector<std::string>{"-100 Pa", "-100 Pa", "-100 Pa", "-200 Pa", "-200 Pa", "-200 Pa"}));
  EXPECT_EQ(column(sw, 1),
            (std::vector<std::string>{"100 Pa", "500 Pa", "900 Pa", "100 Pa", "500 Pa", "900 Pa"}));
}

TEST_F(SweepFiles, LogAndLinearRanges) {
  const Sweep sw = load_sweep(write(R"(axes:
  - {path: materials.block.shear_modulus, range: {from: 100 Pa, to: 10000 Pa, count: 3, scale: log}}
  - {path: materials.block.bulk_modulus, range: {from: 30 kPa, to: 40 kPa, count: 3}}
zip: [[materials.block.shear_modulus, materials.block.bulk_modulus]]
)"));
  ASSERT_EQ(sw.runs.size(), 3u);
  EXPECT_EQ(column(sw, 0), (std::vector<std::string>{"100 Pa", "1000 Pa", "10000 Pa"}));
  EXPECT_EQ(column(sw, 1), (std::vector<std::string>{"30 kPa", "35 kPa", "40 kPa"}));
  check_sweep_runs(sw);
}

TEST_F(SweepFiles, LatinHypercubeHitsEveryStratumOnceAndIsReproducible) {
  const std::string text = R"(axes:
  - {path: materials.block.shear_modulus, samples: {from: 0 Pa, to: 1000 Pa}}
  - {path: materials.block.bulk_modulus, samples: {from: 10 kPa, to: 20 kPa}}
  - {path: "loads[0].value[2]", values: ["-1 Pa", "-2 Pa"]}
samples: {count: 10, method: latin_hypercube, seed: 7}
)";
  const Sweep sw = load_sweep(write(text));
  ASSERT_EQ(sw.runs.size(), 20u);  // 10 samples (the sampled axes together) x 2 loads
  for (std::size_t axis : {0u, 1u}) {
    const double lo = axis == 0 ? 0.0 : 10.0, width = axis == 0 ? 100.0 : 1.0;
    std::set<int> strata;
    for (const auto& v : sw.axes[axis].texts) strata.insert(static_cast<int>((std::stod(v) - lo) / width));
    EXPECT_EQ(strata.size(), 10u) << "axis " << axis;
  }
  EXPECT_EQ(load_sweep(write(text)).axes[0].texts, sw.axes[0].texts);
  const Sweep other = load_sweep(write(text + "\n"));
  EXPECT_EQ(other.axes[1].texts, sw.axes[1].texts);
}

TEST_F(SweepFiles, RandomSamplesStayInTheirRange) {
  const Sweep sw = load_sweep(write(R"(axes:
  - {path: materials.block.shear_modulus, samples: {from: 200 Pa, to: 2000 Pa, scale: log}}
samples: {count: 50, method: random, seed: 3}
)"));
  ASSERT_EQ(sw.runs.size(), 50u);
  for (const auto& v : sw.axes[0].texts) {
    EXPECT_GE(std::stod(v), 200.0);
    EXPECT_LE(std::stod(v), 2000.0);
  }
}

TEST_F(SweepFiles, RunScenarioSetsTheValuesAndAnAbsoluteMesh) {
  const Sweep sw = load_sweep(write(R"(axes:
  - {path: "loads[0].value", values: [[0 Pa, 0 Pa, -50 Pa]]}
)"));
  const std::string text = run_scenario_text(sw, 0, "results");
  EXPECT_NE(text.find("-50 Pa"), std::string::npos) << text;
  EXPECT_NE(text.find((fs::path(PIRIFORM_SOURCE_DIR) / "meshes" / "unit-cube.msh").string()),
            std::string::npos);
  const fs::path p = dir_ / "elsewhere.yaml";
  std::ofstream(p) << text;
  const Scenario s = load_scenario(p);
  EXPECT_EQ(s.output_name, "results");
  EXPECT_NEAR(s.tractions.at(0).traction(Vec3::Zero(), 1.0).z(), -50.0, 1e-9);
}

TEST_F(SweepFiles, ErrorsNameTheFileTheFieldAndWhatWasExpected) {
  EXPECT_NE(error("axes: [{path: materials.block.shear, values: [1 Pa]}]\n")
                .find("sweep.yaml:2: axes[0].path: unknown parameter path 'materials.block.shear'"),
            std::string::npos);
  EXPECT_NE(error("axes: [{path: \"loads[0]..value\", values: [1 Pa]}]\n").find("expected a field path"),
            std::string::npos);
  EXPECT_NE(error("axes: [{path: steps.count, values: []}]\n")
                .find("sweep.yaml:2: axes[0].values: expected at least one value"),
            std::string::npos);
  EXPECT_NE(error("axes: []\n").find("sweep.yaml:2: axes: expected at least one axis"), std::string::npos);
  EXPECT_NE(
      error("axes: [{path: steps.count, samples: {from: 1, to: 3}}]\n").find("needs the top-level 'samples"),
      std::string::npos);
  EXPECT_NE(error("axes: [{path: steps.count, values: [1], range: {from: 1, to: 2, count: 2}}]\n")
                .find("expected exactly one of 'values', 'range' or 'samples'"),
            std::string::npos);
  EXPECT_NE(error("axes:\n  - {name: a, path: steps.count, values: [1, 2]}\n"
                  "  - {name: b, path: steps.end_time, values: [1 s]}\nzip: [[a, b]]\n")
                .find("sweep.yaml:5: zip[0][1]: zipped axes need the same number of values"),
            std::string::npos);
  EXPECT_NE(error("axes: [{path: steps.count, range: {from: 1, to: 2, count: 2, scale: log2}}]\n")
                .find("axes[0].range.scale"),
            std::string::npos);
  // Wrong units are found when the runs are checked, and named with the axis and the run.
  const std::string units = error("axes: [{path: materials.block.shear_modulus, values: [450 Pa, 3 mm]}]\n");
  EXPECT_NE(units.find("sweep.yaml:2: axes[0]: run 0001 (materials.block.shear_modulus = 3 mm): "
                       "materials.block.shear_modulus: mm is a length unit, expected a pressure"),
            std::string::npos)
      << units;
  std::ofstream(dir_ / "nobase.yaml") << "base: nope.yaml\naxes: []\n";
  EXPECT_NE(test::input_error_message([&] {
              load_sweep(dir_ / "nobase.yaml");
            }).find("nobase.yaml:1: base: the base scenario is not valid"),
            std::string::npos);
}

TEST_F(SweepFiles, ManifestRoundTripAndAnotherSweepIsRefused) {
  const Sweep sw = load_sweep(write(R"(name: m
axes:
  - {name: load vector, path: "loads[0].value", values: [[0 Pa, 0 Pa, -50 Pa], [0 Pa, 0 Pa, -60 Pa]]}
)"));
  prepare_sweep_dir(sw, dir_ / "m");
  const Manifest m = read_manifest(dir_ / "m");
  EXPECT_EQ(m.parameters, std::vector<std::string>{"load vector"});
  ASSERT_EQ(m.ids.size(), 2u);
  EXPECT_EQ(m.rows[1][0], "[0 Pa, 0 Pa, -60 Pa]");
  EXPECT_EQ(run_status(dir_ / "m", "0000"), "pending");
  prepare_sweep_dir(sw, dir_ / "m");  // the same sweep again: fine
  const Sweep other = load_sweep(write("axes: [{path: steps.count, values: [2]}]\n"));
  EXPECT_NE(test::input_error_message([&] {
              prepare_sweep_dir(other, dir_ / "m");
            }).find("the directory holds another sweep"),
            std::string::npos);
  const MergeReport r = merge_sweep(dir_ / "m");
  EXPECT_EQ(r.pending, 2u);
}

TEST(SweepReference, PageListsEveryField) {
  std::ifstream in(kScenarios / "SWEEPS.md");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(page.empty());
  for (const auto& field : sweep_fields())
    EXPECT_NE(page.find("`" + field + "`"), std::string::npos) << field << " is not in scenarios/SWEEPS.md";
  EXPECT_NO_THROW(check_sweep_runs(load_sweep(kScenarios / "sweeps" / "cube-load.yaml")));
}

}  // namespace
}  // namespace piriform::scenario
