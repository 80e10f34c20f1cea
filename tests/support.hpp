// Small helpers shared by the test suites: models on structured meshes with every face prescribed.
#pragma once

#include <spdlog/spdlog.h>

#include <string>

#include "engine/assembly/assembler.hpp"
#include "engine/assembly/dof_map.hpp"
#include "engine/common/error.hpp"
#include "engine/mesh/structured.hpp"
#include "engine/model/model.hpp"
#include "engine/solver/static_solver.hpp"

namespace piriform::test {

inline const char* const box_faces[] = {"xmin", "xmax", "ymin", "ymax", "zmin", "zmax"};

// A model with its dof map and assembler (which keep references to both, so the three live together).
struct AssembledModel {
  Model model;
  DofMap dofs;
  Assembler assembler;
  explicit AssembledModel(Model m)
      : model(std::move(m)), dofs(DofMap::from_model(model)), assembler(model, dofs) {}
  AssembledModel(const AssembledModel&) = delete;
};

// Quiet logs in tests unless a test asks otherwise.
struct QuietLog {
  QuietLog() { spdlog::set_level(spdlog::level::warn); }
};

// u = value(X, t) prescribed on every face of a box mesh.
inline void prescribe_all_faces(Model& model, std::function<Vec3(const Vec3&, double)> value) {
  for (const char* face : box_faces)
    model.supports.push_back(prescribed_displacement(face, {true, true, true}, value));
}

// The message of the InputError that f throws, or a text saying what happened instead.
template <class F>
inline std::string input_error_message(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  } catch (const std::exception& e) {
    return std::string("wrong exception type: ") + e.what();
  }
  return "no exception";
}

inline double max_nodal_error(const Mesh& mesh, const VecX& u,
                              const std::function<Vec3(const Vec3&)>& exact) {
  double err = 0.0;
  for (Index v = 0; v < mesh.num_nodes(); ++v)
    err = std::max(err, (u.segment<3>(3 * v) - exact(mesh.X.col(v))).cwiseAbs().maxCoeff());
  return err;
}

}  // namespace piriform::test
