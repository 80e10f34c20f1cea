// A layered block of soft tissue (skin, fat, muscle) on a fixed base, loaded by a pressure patch on the
// skin: the placeholder main job and the benchmark model until the anatomical mesh arrives.
#pragma once

#include "engine/model/model.hpp"

namespace piriform {

struct TissueBlockSpec {
  double width = 0.10;  // m, in x and y; the skin is the plane z = 0, tissue below it
  double skin = 0.002, fat = 0.015,
         muscle = 0.035;  // layer thicknesses, m (skin: assumption; fat: Nisbet 2006)
  int cells_xy = 12;      // grid cells across the width
  int cells_skin = 1, cells_fat = 3, cells_muscle = 5;
  CellType type = CellType::Tet10;
  double patch_radius = 0.015;  // m (palm-sized contact, an assumption in the shared reference)
  double pressure = 2000.0;     // Pa at t = 1, ramped linearly from t = 0
};

// Regions skin, fat, muscle with decoupled neo-Hookean tissue (Int Wound J 2018;15:402, Table 3);
// zmin fixed, the four cut faces on rollers, pressure on the disc r < patch_radius of zmax.
Model tissue_block(const TissueBlockSpec& spec);

// Nodes of a tissue block of this spec, without building it (for choosing sizes).
Index tissue_block_nodes(const TissueBlockSpec& spec);

}  // namespace piriform
