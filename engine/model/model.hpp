// A complete boundary-value problem: mesh, a material per region, kinematics, element formulation,
// supports and loads. The solver reads it; nothing here depends on how it was described.
#pragma once

#include <vector>

#include "engine/bc/boundary_conditions.hpp"
#include "engine/materials/material.hpp"
#include "engine/mesh/mesh.hpp"

namespace piriform {

enum class Kinematics {
  Finite,       // total Lagrangian, large deformation
  SmallStrain,  // geometrically linear: sigma = CC(F = I) : sym(grad u)
};

enum class Formulation {
  Displacement,  // standard Galerkin in displacement (Tet10 default: quadratic tets do not lock at nu = 0.49)
  MeanDilatation,  // Hex8 with the volumetric energy at the element's mean dilatation (Q1/P0,
                   // Simo-Taylor-Pister)
};

struct Model {
  Mesh mesh;
  std::vector<MaterialPtr> materials;  // one per region of mesh.region_names
  Kinematics kinematics = Kinematics::Finite;
  Formulation formulation = Formulation::Displacement;
  std::vector<DirichletCondition> supports;
  std::vector<PressureLoad> pressures;
  std::vector<TractionLoad> tractions;

  // Checks the mesh, that every region has a material, that every named surface exists, and that the
  // formulation suits the cell type and materials. Throws InputError naming the problem.
  void validate() const;
};

}  // namespace piriform
