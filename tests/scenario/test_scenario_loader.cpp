// Scenario files: every preset loads and builds its model; every malformed file gives its documented error
// with the file, line and field; the reference page lists every field the loader knows.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "cli/scenario/prepare.hpp"
#include "cli/scenario/scenario.hpp"
#include "support.hpp"

namespace piriform::scenario {
namespace {

namespace fs = std::filesystem;
const fs::path kScenarios = fs::path(PIRIFORM_SOURCE_DIR) / "scenarios";

class ScenarioFiles : public testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("piriform_scenario_" + std::to_string(::getpid()));
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  fs::path write(const std::string& name, const std::string& text) const {
    std::ofstream(dir_ / name) << text;
    return dir_ / name;
  }
  std::string error(const std::string& text) const {
    const fs::path p = write("bad.yaml", text);
    return test::input_error_message([&] { prepare(load_scenario(p)); });
  }
  fs::path dir_;
};

const std::string kGood = R"(name: test
model:
  anatomy: {preset: coarse}
stroke:
  tool: thumb
  force: 10 N
  path: {along: nerve, length: 2 cm}
  speed: 2 cm/s
)";

TEST(ScenarioPresets, EveryPresetLoadsAndBuildsItsModelWithStepsThatFollowTheStroke) {
  test::QuietLog quiet;
  int presets = 0;
  for (const auto& entry : fs::directory_iterator(kScenarios)) {
    if (entry.path().extension() != ".yaml") continue;
    ++presets;
    SCOPED_TRACE(entry.path().filename().string());
    const Scenario s = load_scenario(entry.path());
    EXPECT_FALSE(s.sources.empty()) << "every preset says where its numbers come from";
    ASSERT_TRUE(s.stroke);
    const PreparedRun run = prepare(s);
    EXPECT_EQ(run.model.mesh.cell_type, CellType::Tet10);
    ASSERT_FALSE(run.stepping.times.empty());
    EXPECT_DOUBLE_EQ(run.stepping.times.back(), s.stroke->amplitude.back().t);
    // No loaded step moves the footprint more than max_travel of its smaller semi-axis (between repeated
    // strokes the unloaded footprint returns to the start in one step).
    const double limit = s.stepping.max_travel *
                         std::min(s.stroke->footprint.semi_axis_along, s.stroke->footprint.semi_axis_across);
    double previous = 0.0;
    for (double t : run.stepping.times) {
      if (run.stroke->amplitude(t) > 0 && run.stroke->amplitude(previous) > 0) {
        EXPECT_LE((run.stroke->centre(t) - run.stroke->centre(previous)).norm(), limit * (1 + 1e-9)) << t;
      }
      EXPECT_LE(t - previous, s.stepping.max_step * (1 + 1e-12));
      previous = t;
    }
  }
  EXPECT_GE(presets, 10);
}

TEST_F(ScenarioFiles, TightPiriformisIsThickerAndSensitisedNerveHasLowerThresholds) {
  std::string tight = kGood + "tissue: tight_piriformis\n";
  const Scenario t = load_scenario(write("t.yaml", tight));
  EXPECT_DOUBLE_EQ(t.anatomy->piriformis_thickness, 11.6e-3);
  const Scenario n = load_scenario(write("n.yaml", kGood + "tissue: sensitised_nerve\n"));
  ASSERT_EQ(n.thresholds.size(), 4u);
  EXPECT_NEAR(n.thresholds[0], 10 * 133.322, 1e-9);
  const Scenario h = load_scenario(write("h.yaml", kGood));
  EXPECT_NEAR(h.thresholds[3], 80 * 133.322, 1e-9);
}

TEST_F(ScenarioFiles, RepeatedProgressiveStrokeBuildsItsSchedule) {
  std::string text = kGood;
  text += "  profile: {ramp: 1 s, hold: 1 s, release: 1 s, repeat: 3, rate: 6 /min, progression: 50 %}\n";
  const Scenario s = load_scenario(write("r.yaml", text));
  // Period 10 s; each cycle: ramp 1 s, glide 1 s (2 cm at 2 cm/s), hold 1 s, release 1 s.
  ASSERT_EQ(s.stroke->amplitude.size(), 12u);
  EXPECT_DOUBLE_EQ(s.stroke->amplitude[5].value, 1.5);
  EXPECT_DOUBLE_EQ(s.stroke->amplitude[9].value, 2.0);
  EXPECT_DOUBLE_EQ(s.stroke->amplitude[11].t, 24.0);
  EXPECT_DOUBLE_EQ(s.stroke->travel[2].t, 2.0);
  EXPECT_DOUBLE_EQ(s.stroke->travel[2].value, 0.02);
}

struct BadCase {
  const char* what;
  std::string text;
  std::string expected;
};

TEST_F(ScenarioFiles, EveryMalformedFileGivesItsDocumentedError) {
  const std::string model = "model:\n  anatomy: {preset: coarse}\n";
  const std::string head = "name: bad\n" + model;
  const std::vector<BadCase> cases = {
      {"wrong unit", head + "stroke: {tool: thumb, force: 10 kPa, path: {along: nerve, length: 0 mm}}\n",
       "bad.yaml:4: stroke.force: kPa is a pressure unit, expected a force"},
      {"missing unit", head + "stroke: {tool: thumb, force: 10, path: {along: nerve, length: 0 mm}}\n",
       "stroke.force: expected a force with a unit"},
      {"missing name", model + "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "missing required field 'name'"},
      {"missing model", "name: x\nstroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "missing required field 'model'"},
      {"missing magnitude", head + "stroke: {tool: thumb, path: {along: nerve, length: 0 mm}}\n",
       "stroke: give exactly one of 'force', 'mean_pressure', 'peak_pressure'"},
      {"unknown field", head + "stroke: {tool: thumb, forse: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "stroke.forse: unknown field (expected one of"},
      {"unknown top-level field", head + "strok: {}\n", "strok: unknown field"},
      {"negative force", head + "stroke: {tool: thumb, force: -10 N, path: {along: nerve, length: 0 mm}}\n",
       "stroke.force: expected a positive value"},
      {"unknown region",
       head + "materials:\n  glutes: {model: neo_hookean, shear_modulus: 1 kPa, bulk_modulus: 50 kPa}\n" +
           "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "bad.yaml:5: materials.glutes: no region 'glutes' in the generated anatomy (regions: skin"},
      {"unknown surface",
       head + "supports:\n  - {surface: floor, type: fixed}\n" +
           "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "supports[0].surface: no surface 'floor' in the generated anatomy (surfaces: skin_surface"},
      {"path off the skin",
       head + "stroke: {tool: thumb, force: 10 N, path: {points: [[0 mm, 0 mm, 20 mm]]}}\n",
       "is 37.5 mm from surface 'skin_surface'"},
      {"path beyond the block",
       head + "stroke: {tool: thumb, force: 10 N, path: {points: [[300 mm, 0 mm]]}}\n",
       "from surface 'skin_surface'"},
      {"speed missing", head + "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 3 cm}}\n",
       "missing required field 'speed'"},
      {"bad tissue state",
       head + "tissue: tense\nstroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "tissue: expected one of healthy, tight_piriformis, sensitised_nerve, got \"tense\""},
      {"bad tool", head + "stroke: {tool: knee, force: 10 N, path: {along: nerve, length: 0 mm}}\n",
       "stroke.tool: expected one of thumb, fingertips, palm, forearm, elbow"},
      {"repeat without rate",
       head + "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}, "
              "profile: {repeat: 3}}\n",
       "'repeat' needs a 'rate'"},
      {"rate too high",
       head + "stroke: {tool: thumb, force: 10 N, path: {along: nerve, length: 0 mm}, "
              "profile: {hold: 5 s, repeat: 3, rate: 60 /min}}\n",
       "longer than the period 1 s: lower the rate"},
      {"bad anatomy parameter",
       "name: x\nmodel:\n  anatomy: {fat_thickness: 45 mm}\nstroke: {tool: thumb, force: 10 N, "
       "path: {along: nerve, length: 0 mm}}\n",
       "anatomy parameter 'nerve_depth'"},
      {"mesh file missing", "name: x\nmodel: {mesh: nowhere.msh}\nsupports: [{surface: a, type: fixed}]\n",
       "model.mesh: no such file"},
      {"not YAML", "name: [x\n", "bad.yaml:2: not valid YAML"},
  };
  for (const auto& c : cases) {
    const std::string m = error(c.text);
    EXPECT_NE(m.find(c.expected), std::string::npos)
        << c.what << ":\n  got: " << m << "\n  expected: " << c.expected;
    EXPECT_NE(m.find("bad.yaml"), std::string::npos) << c.what << ": the message names the file: " << m;
  }
}

TEST(ScenarioReference, EveryLoaderFieldIsDocumented) {
  std::ifstream in(kScenarios / "README.md");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(page.empty());
  for (const auto& field : scenario_fields())
    EXPECT_NE(page.find("`" + field), std::string::npos) << field << " is not in scenarios/README.md";
}

}  // namespace
}  // namespace piriform::scenario
