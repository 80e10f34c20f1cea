// Generated anatomy meshes shared by the anatomy tests: each preset and variant is meshed once per run.
#pragma once

#include <map>
#include <string>

#include "meshes/anatomy/generate_anatomy.hpp"

namespace piriform::test {

struct GeneratedModel {
  AnatomySpec spec;
  Mesh mesh;
};

inline AnatomySpec anatomy_spec(const std::string& preset, NerveVariant variant) {
  AnatomySpec spec;
  spec.sizes = anatomy_mesh_preset(preset);
  spec.variant = variant;
  return spec;
}

inline const GeneratedModel& generated(const std::string& preset, NerveVariant variant = NerveVariant::A) {
  static std::map<std::pair<std::string, NerveVariant>, GeneratedModel> cache;
  const auto key = std::make_pair(preset, variant);
  auto it = cache.find(key);
  if (it == cache.end()) {
    const AnatomySpec spec = anatomy_spec(preset, variant);
    it = cache.emplace(key, GeneratedModel{spec, generate_anatomy(spec)}).first;
  }
  return it->second;
}

}  // namespace piriform::test
