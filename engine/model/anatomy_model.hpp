// The posterior-hip model's region and surface names, and the default boundary-value problem on a mesh
// that uses them: reference tissue materials per region, the ischium fixed, the cut faces on rollers.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/model/model.hpp"

namespace piriform::anatomy {

inline constexpr std::string_view kSkin = "skin", kFat = "fat", kGluteus = "gluteus_maximus",
                                  kPiriformis = "piriformis", kNerve = "nerve", kDeepBed = "deep_bed";
inline constexpr std::string_view kSkinSurface = "skin_surface", kDeepSurface = "deep_surface",
                                  kMedial = "cut_medial", kLateral = "cut_lateral", kCranial = "cut_cranial",
                                  kCaudal = "cut_caudal";

std::vector<std::string> region_names();
std::vector<std::string> surface_names();

// Reference material of a region, by name (Int Wound J 2018;15:402 Table 3 for the small-strain moduli of
// skin, fat and muscle, stiffening with kSoftTissueOgdenAlpha in fat and muscle; Main et al. 2011 for the
// nerve's transverse response), as the long-term (relaxed) response; with `viscoelastic`, wrapped in the
// region's Prony series (see anatomy_model.cpp for values and sources). Throws InputError for other names.
MaterialPtr reference_material(std::string_view region, bool viscoelastic = false);

// The piriformis of piriformis syndrome: hypertonic, three times the reference muscle's small-strain shear
// modulus, same stiffening. Assumption: contracted muscle is several times stiffer than relaxed muscle; no
// value for the syndrome.
MaterialPtr tight_piriformis_material(bool viscoelastic = false);

// The default problem on an anatomy mesh, without loads: reference materials, deep_surface fixed (the
// ischium), and every cut face on rollers (no normal displacement, free in-plane sliding: the tissue
// continues beyond the cut). Throws InputError if a region or surface is missing.
Model default_model(Mesh mesh, bool viscoelastic = false);

// The default supports alone.
std::vector<DirichletCondition> default_supports();

}  // namespace piriform::anatomy
