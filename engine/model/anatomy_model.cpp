#include "engine/model/anatomy_model.hpp"

#include <fmt/format.h>

#include "engine/common/error.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"

namespace piriform::anatomy {

std::vector<std::string> region_names() {
  return {std::string(kSkin),       std::string(kFat),   std::string(kGluteus),
          std::string(kPiriformis), std::string(kNerve), std::string(kDeepBed)};
}

std::vector<std::string> surface_names() {
  return {std::string(kSkinSurface), std::string(kDeepSurface), std::string(kMedial),
          std::string(kLateral),     std::string(kCranial),     std::string(kCaudal)};
}

MaterialPtr reference_material(std::string_view region) {
  // Decoupled neo-Hookean, mu = 2 C10: C10 = 4 / 0.4 / 0.225 kPa, K = 666.7 / 66.7 / 37.5 kPa (nu ~ 0.494).
  if (region == kSkin) return std::make_shared<NeoHookean>(8000.0, 666.7e3);
  if (region == kFat) return std::make_shared<NeoHookean>(800.0, 66.7e3);
  if (region == kGluteus || region == kPiriformis || region == kDeepBed)
    return std::make_shared<NeoHookean>(450.0, 37.5e3);
  // Ogden mu = 12.9 kPa, alpha = 6.5; K = 20 mu (nu ~ 0.475) is an assumption: no published value.
  if (region == kNerve) return std::make_shared<Ogden>(kNerveOgdenMu, kNerveOgdenAlpha, 20 * kNerveOgdenMu);
  throw InputError(fmt::format("no reference material for region '{}' (known: {})", region,
                               fmt::join(region_names(), ", ")));
}

Model default_model(Mesh mesh) {
  Model model;
  model.mesh = std::move(mesh);
  for (const auto& name : model.mesh.region_names) model.materials.push_back(reference_material(name));
  model.supports = {fixed_support(std::string(kDeepSurface)), roller_support(std::string(kMedial), 0),
                    roller_support(std::string(kLateral), 0), roller_support(std::string(kCaudal), 1),
                    roller_support(std::string(kCranial), 1)};
  model.validate();
  return model;
}

}  // namespace piriform::anatomy
