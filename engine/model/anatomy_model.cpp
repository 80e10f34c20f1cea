#include "engine/model/anatomy_model.hpp"

#include <fmt/format.h>

#include "engine/common/error.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"
#include "engine/materials/viscoelastic.hpp"

namespace piriform::anatomy {

std::vector<std::string> region_names() {
  return {std::string(kSkin),       std::string(kFat),   std::string(kGluteus),
          std::string(kPiriformis), std::string(kNerve), std::string(kDeepBed)};
}

std::vector<std::string> surface_names() {
  return {std::string(kSkinSurface), std::string(kDeepSurface), std::string(kMedial),
          std::string(kLateral),     std::string(kCranial),     std::string(kCaudal)};
}

namespace {

constexpr double kMuscleMu = 450.0, kMuscleK = 37.5e3;  // Pa

MaterialPtr elastic(std::string_view region) {
  // Small-strain moduli of the decoupled neo-Hookean fit, mu = 2 C10: C10 = 4 / 0.4 / 0.225 kPa,
  // K = 666.7 / 66.7 / 37.5 kPa (nu ~ 0.494). Fat and muscle stiffen (kSoftTissueOgdenAlpha); skin stays
  // neo-Hookean, as the reference reports stiffening for fat and muscle only.
  if (region == kSkin) return std::make_shared<NeoHookean>(8000.0, 666.7e3);
  if (region == kFat) return std::make_shared<Ogden>(800.0, kSoftTissueOgdenAlpha, 66.7e3);
  if (region == kGluteus || region == kPiriformis || region == kDeepBed)
    return std::make_shared<Ogden>(kMuscleMu, kSoftTissueOgdenAlpha, kMuscleK);
  // Ogden mu = 12.9 kPa, alpha = 6.5; K = 20 mu (nu ~ 0.475) is an assumption: no published value.
  if (region == kNerve) return std::make_shared<Ogden>(kNerveOgdenMu, kNerveOgdenAlpha, 20 * kNerveOgdenMu);
  throw InputError(fmt::format("no reference material for region '{}' (known: {})", region,
                               fmt::join(region_names(), ", ")));
}

// Prony series on the isochoric response, beta_i relative to the long-term response.
std::vector<PronyTerm> prony(std::string_view region) {
  // Muscle: short-term shear ~10x the long-term (5.7-8.5 vs 0.6-0.8 kPa), relaxed within ~20 s,
  // bi-exponential (Palevski et al. 2006); the split 6 + 3 and tau 1.5 s / 10 s is an assumption.
  if (region == kGluteus || region == kPiriformis || region == kDeepBed) return {{6.0, 1.5}, {3.0, 10.0}};
  // Fat: one term g = 0.39, tau = 700 s (Sims et al. 2010): beta = g / (1 - g).
  if (region == kFat) return {{0.39 / 0.61, 700.0}};
  // Nerve: ~56% relaxation with a slow time constant ~200 s (Chen et al. 2010): beta = 0.56 / 0.44.
  if (region == kNerve) return {{0.56 / 0.44, 200.0}};
  // Skin: assumption (no value in the shared reference): half again as stiff at short times, tau 10 s.
  return {{0.5, 10.0}};
}

MaterialPtr with_prony(MaterialPtr base, std::string_view region, bool viscoelastic) {
  if (!viscoelastic) return base;
  return std::make_shared<Viscoelastic>(std::move(base), prony(region));
}

}  // namespace

MaterialPtr reference_material(std::string_view region, bool viscoelastic) {
  return with_prony(elastic(region), region, viscoelastic);
}

MaterialPtr tight_piriformis_material(bool viscoelastic) {
  return with_prony(std::make_shared<Ogden>(3 * kMuscleMu, kSoftTissueOgdenAlpha, kMuscleK), kPiriformis,
                    viscoelastic);
}

Model default_model(Mesh mesh, bool viscoelastic) {
  Model model;
  model.mesh = std::move(mesh);
  for (const auto& name : model.mesh.region_names)
    model.materials.push_back(reference_material(name, viscoelastic));
  model.supports = default_supports();
  model.validate();
  return model;
}

std::vector<DirichletCondition> default_supports() {
  return {fixed_support(std::string(kDeepSurface)), roller_support(std::string(kMedial), 0),
          roller_support(std::string(kLateral), 0), roller_support(std::string(kCaudal), 1),
          roller_support(std::string(kCranial), 1)};
}

}  // namespace piriform::anatomy
