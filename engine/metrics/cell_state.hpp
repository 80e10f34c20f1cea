// Stress and deformation averaged over every cell of a converged state: what the nerve metrics and the
// results file report, recovered from the displacements and the committed material history.
#pragma once

#include <vector>

#include "engine/assembly/assembler.hpp"

namespace piriform {

struct CellState {
  std::vector<Vec6> cauchy;    // Pa, Voigt 11 22 33 12 23 13, averaged over the cell's current volume
  std::vector<double> volume;  // m^3, current
  std::vector<Mat3> F;         // deformation gradient averaged over the reference volume
};

// Cauchy stress sigma = F S F^T / J at every quadrature point (Holzapfel 2000, eq. 3.66), with S from the
// cell's material at its committed history, so call it after the step's history is committed. Mean
// dilatation cells use their cell pressure, as the assembler does; small-strain models use
// sigma = CC(I) : eps. Cells with det F <= 0 somewhere get NaN stress. `out` is resized.
void recover_cell_state(const Model& model, const Assembler& assembler, const VecX& u, CellState& out);

// Pressure -tr(sigma) / 3 (positive in compression) and von Mises equivalent stress of a Voigt stress, Pa.
double hydrostatic_pressure(const Vec6& sigma);
double von_mises(const Vec6& sigma);

}  // namespace piriform
