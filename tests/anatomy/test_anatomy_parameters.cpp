// Anatomy parameters by name, as flags, parameter files and scenarios set them: units, presets, variants,
// and the errors for bad values and unknown names.
#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <set>

#include "meshes/anatomy/anatomy_parameters.hpp"
#include "support.hpp"

namespace piriform {
namespace {

TEST(AnatomyParameters, EveryParameterIsSetFromTextWithUnitsAndDescribedBack) {
  AnatomySpec spec;
  for (const auto& p : anatomy_parameters()) {
    const std::string text = p.dimension == Dimension::Angle ? "12.5 deg" : "12.5 mm";
    set_anatomy_parameter(spec, p.name, text);
    const double expected = p.dimension == Dimension::Angle ? 12.5 * M_PI / 180 : 12.5e-3;
    EXPECT_NEAR(p.field(spec), expected, 1e-15) << p.name;
  }
  const std::string text = describe_anatomy(spec);
  EXPECT_NE(text.find("piriformis_thickness: 12.5 mm\n"), std::string::npos) << text;
  EXPECT_NE(text.find("piriformis_angle: 12.5 deg\n"), std::string::npos) << text;
}

TEST(AnatomyParameters, NamesAreUniqueAndMatchTheSpecFields) {
  AnatomySpec spec;
  std::set<std::string_view> names;
  std::set<double*> fields;
  for (const auto& p : anatomy_parameters()) {
    EXPECT_TRUE(names.insert(p.name).second) << p.name;
    EXPECT_TRUE(fields.insert(&p.field(spec)).second) << p.name << " shares a field";
  }
  EXPECT_DOUBLE_EQ(anatomy_parameters()[0].field(spec), spec.width);
}

TEST(AnatomyParameters, PresetVariantAndOrderAreSetByName) {
  AnatomySpec spec;
  set_anatomy_parameter(spec, "preset", "fine");
  EXPECT_DOUBLE_EQ(spec.sizes.nerve, anatomy_mesh_preset("fine").nerve);
  set_anatomy_parameter(spec, "variant", "B");
  EXPECT_EQ(spec.variant, NerveVariant::B);
  set_anatomy_parameter(spec, "order", "1");
  EXPECT_EQ(spec.sizes.order, 1);
}

TEST(AnatomyParameters, BadValuesAndUnknownNamesNameTheParameter) {
  AnatomySpec spec;
  auto message = [&](std::string_view name, std::string_view text) {
    return test::input_error_message([&] { set_anatomy_parameter(spec, name, text); });
  };
  EXPECT_NE(message("fat_thickness", "15").find("parameter 'fat_thickness': expected a length"),
            std::string::npos);
  EXPECT_NE(message("fat_thickness", "15 kPa").find("kPa is a pressure unit"), std::string::npos);
  EXPECT_NE(message("piriformis_angle", "15 mm").find("parameter 'piriformis_angle'"), std::string::npos);
  EXPECT_NE(message("variant", "C").find("expected A or B"), std::string::npos);
  EXPECT_NE(message("order", "3").find("expected 1 (Tet4) or 2 (Tet10)"), std::string::npos);
  EXPECT_NE(message("preset", "huge").find("parameter 'preset'"), std::string::npos);
  const std::string unknown = message("fat_thicknes", "15 mm");
  EXPECT_NE(unknown.find("unknown anatomy parameter 'fat_thicknes'"), std::string::npos) << unknown;
  EXPECT_NE(unknown.find("fat_thickness"), std::string::npos) << unknown;
}

TEST(AnatomyParameters, EveryParameterIsDocumentedInTheMeshesReferencePage) {
  std::ifstream in(std::string(PIRIFORM_SOURCE_DIR) + "/meshes/README.md");
  const std::string page((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  ASSERT_FALSE(page.empty());
  for (const auto& p : anatomy_parameters())
    EXPECT_NE(page.find("`" + std::string(p.name) + "`"), std::string::npos) << p.name;
  for (const char* name : {"`preset`", "`variant`", "`order`"}) EXPECT_NE(page.find(name), std::string::npos);
  for (const auto& s : anatomy::surface_names()) EXPECT_NE(page.find("`" + s + "`"), std::string::npos) << s;
  for (const auto& r : anatomy::region_names()) EXPECT_NE(page.find("`" + r + "`"), std::string::npos) << r;
}

}  // namespace
}  // namespace piriform
