#include "engine/model/model.hpp"

#include <fmt/format.h>

#include "engine/common/error.hpp"

namespace piriform {

void Model::validate() const {
  mesh.validate();
  if (materials.size() != mesh.region_names.size())
    throw InputError(
        fmt::format("model has {} regions but {} materials", mesh.region_names.size(), materials.size()));
  for (std::size_t r = 0; r < materials.size(); ++r) {
    if (!materials[r]) throw InputError(fmt::format("region '{}' has no material", mesh.region_names[r]));
    if (formulation == Formulation::MeanDilatation && !materials[r]->volumetric())
      throw InputError(fmt::format(
          "region '{}': the mean-dilatation formulation needs a material with a decoupled volumetric energy "
          "U(J); '{}' has none",
          mesh.region_names[r], materials[r]->name()));
  }
  if (formulation == Formulation::MeanDilatation && mesh.cell_type != CellType::Hex8)
    throw InputError(fmt::format("the mean-dilatation formulation is for hex8 cells, not {}",
                                 cell_type_name(mesh.cell_type)));
  for (const auto& bc : supports) (void)mesh.facet_set(bc.surface);
  for (const auto& p : pressures) {
    (void)mesh.facet_set(p.surface);
    if (!p.pressure) throw InputError(fmt::format("pressure on '{}' has no magnitude", p.surface));
  }
  for (const auto& t : tractions) {
    (void)mesh.facet_set(t.surface);
    if (!t.traction) throw InputError(fmt::format("traction on '{}' has no value", t.surface));
  }
}

}  // namespace piriform
