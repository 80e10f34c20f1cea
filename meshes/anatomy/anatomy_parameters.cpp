#include "meshes/anatomy/anatomy_parameters.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>

#include "engine/common/error.hpp"

namespace piriform {
namespace {

#define PIRIFORM_FIELD(expr) [](AnatomySpec& s) -> double& { return s.expr; }

constexpr std::array<AnatomyParameter, 22> kParameters = {{
    {"width", Dimension::Length, "mm", PIRIFORM_FIELD(width), "medio-lateral extent of the block"},
    {"length", Dimension::Length, "mm", PIRIFORM_FIELD(length), "cranio-caudal extent of the block"},
    {"skin_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(skin_thickness), "skin"},
    {"fat_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(fat_thickness), "subcutaneous fat"},
    {"nerve_depth", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_depth),
     "skin surface to the nerve's posterior surface"},
    {"bed_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(bed_thickness),
     "short external rotators over the ischium"},
    {"piriformis_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(piriformis_thickness),
     "healthy 8.5 mm, piriformis syndrome 11.6 mm"},
    {"piriformis_width", Dimension::Length, "mm", PIRIFORM_FIELD(piriformis_width),
     "cranio-caudal band width"},
    {"piriformis_angle", Dimension::Angle, "deg", PIRIFORM_FIELD(piriformis_angle),
     "lower margin below the medio-lateral axis"},
    {"gluteus_fibre_angle", Dimension::Angle, "deg", PIRIFORM_FIELD(gluteus_fibre_angle),
     "gluteus maximus fibres below the medio-lateral axis"},
    {"nerve_width", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_width), "flattened nerve, medio-lateral"},
    {"nerve_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_thickness), "nerve, antero-posterior"},
    {"nerve_offset", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_offset), "x of the nerve's centreline"},
    {"nerve_exit", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_exit),
     "y where the nerve leaves the piriformis' lower margin"},
    {"nerve_gap", Dimension::Length, "mm", PIRIFORM_FIELD(nerve_gap), "tissue between nerve and deep bed"},
    {"division_width", Dimension::Length, "mm", PIRIFORM_FIELD(division_width), "type B peroneal division"},
    {"division_thickness", Dimension::Length, "mm", PIRIFORM_FIELD(division_thickness),
     "type B peroneal division"},
    {"size_nerve", Dimension::Length, "mm", PIRIFORM_FIELD(sizes.nerve), "element size at the nerve"},
    {"size_piriformis", Dimension::Length, "mm", PIRIFORM_FIELD(sizes.piriformis),
     "element size at the piriformis"},
    {"size_skin", Dimension::Length, "mm", PIRIFORM_FIELD(sizes.skin), "element size in skin and fat"},
    {"size_far", Dimension::Length, "mm", PIRIFORM_FIELD(sizes.far), "largest element size"},
    {"size_transition", Dimension::Length, "mm", PIRIFORM_FIELD(sizes.transition),
     "distance over which sizes grow to size_far"},
}};

#undef PIRIFORM_FIELD

std::string known_names() {
  std::string names = "preset, variant, order";
  for (const auto& p : kParameters) names += fmt::format(", {}", p.name);
  return names;
}

}  // namespace

std::span<const AnatomyParameter> anatomy_parameters() { return kParameters; }

void set_anatomy_parameter(AnatomySpec& spec, std::string_view name, std::string_view text) {
  if (name == "preset") {
    try {
      spec.sizes = anatomy_mesh_preset(text);
    } catch (const InputError& e) {
      throw InputError(fmt::format("parameter 'preset': {}", e.what()));
    }
    return;
  }
  if (name == "variant") {
    if (text == "A" || text == "a")
      spec.variant = NerveVariant::A;
    else if (text == "B" || text == "b")
      spec.variant = NerveVariant::B;
    else
      throw InputError(fmt::format("parameter 'variant': expected A or B, got \"{}\"", text));
    return;
  }
  if (name == "order") {
    int order = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), order);
    if (ec != std::errc() || end != text.data() + text.size() || (order != 1 && order != 2))
      throw InputError(fmt::format("parameter 'order': expected 1 (Tet4) or 2 (Tet10), got \"{}\"", text));
    spec.sizes.order = order;
    return;
  }
  for (const auto& p : kParameters) {
    if (p.name != name) continue;
    try {
      p.field(spec) = parse_quantity(text, p.dimension);
    } catch (const InputError& e) {
      throw InputError(fmt::format("parameter '{}': {}", name, e.what()));
    }
    return;
  }
  throw InputError(fmt::format("unknown anatomy parameter '{}' (known: {})", name, known_names()));
}

std::string describe_anatomy(const AnatomySpec& spec) {
  AnatomySpec copy = spec;
  std::string out =
      fmt::format("variant: {}\norder: {}\n", spec.variant == NerveVariant::A ? "A" : "B", spec.sizes.order);
  for (const auto& p : kParameters)
    out += fmt::format("{}: {}\n", p.name, format_quantity(p.field(copy), p.unit));
  return out;
}

}  // namespace piriform
