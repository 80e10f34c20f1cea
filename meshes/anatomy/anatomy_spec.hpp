// Parameters of the generated posterior-hip model (skin to ischium at the lower edge of the piriformis),
// their published or assumed defaults, mesh-size presets, and the analytic volumes of its shapes.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "engine/model/anatomy_model.hpp"

namespace piriform {

// Course of the sciatic nerve relative to the piriformis (Tomaszewski et al. 2016 J Orthop Res 34:1820).
enum class NerveVariant {
  A,  // the whole nerve emerges below the piriformis (85-90%)
  B,  // the common peroneal division passes through the piriformis (~10%)
};

// Target element sizes, m. The size grows from `nerve` at the nerve surface to `far` over `transition`,
// and is at most `skin` in the skin and fat; `order` 2 gives Tet10, 1 gives Tet4.
// The defaults are the `coarse` preset.
struct AnatomyMeshSizes {
  double nerve = 2.5e-3;
  double piriformis = 7e-3;
  // A thumb's 2 cm pad should span several skin cells, so that the pressure under it and the strain it
  // causes are resolved: 14 mm cells carried it on one or two.
  double skin = 10e-3;
  double far = 25e-3;
  double transition = 12e-3;
  int order = 2;
};

// Axes: x medio-lateral (+x lateral), y cranio-caudal (+y cranial), z antero-posterior (+z towards the
// skin); z = 0 is the ischium (the fixed deep surface), the block is centred on x = y = 0.
// Every length is in m and every angle in rad.
struct AnatomySpec {
  double width = 140e-3;   // x extent. Assumption: room for a palm (~8 cm) or a stroke 3 cm beside the nerve
  double length = 140e-3;  // y extent. Assumption

  double skin_thickness = 2.0e-3;  // assumption: ~2-3 mm, no primary value found
  double fat_thickness = 15e-3;    // 10-35 mm by sex and BMI (Nisbet 2006 BMJ 332:637)
  // Skin surface to the posterior surface of the nerve. Assumption within 3-4 cm (subgluteal) to ~5 cm
  // (at the piriformis) (Hadzic, Peripheral Nerve Blocks). The gluteus maximus fills what is left.
  double nerve_depth = 45e-3;
  double bed_thickness = 6e-3;  // short external rotators over the ischium. Assumption

  double piriformis_thickness = 8.5e-3;  // healthy 8.5 mm, piriformis syndrome 11.6 mm (Siahaan 2021)
  double piriformis_width = 30e-3;       // cranio-caudal width of the band. Assumption
  // Angle of the piriformis' lower margin from the x axis, descending laterally (sacrum to greater
  // trochanter). Assumption
  double piriformis_angle = 0.2617993877991494;  // 15 degrees
  // Gluteus maximus fibres: infero-lateral, at this angle below the x axis. Assumption
  double gluteus_fibre_angle = 0.7853981633974483;  // 45 degrees

  double nerve_width = 15.5e-3;     // flattened, at the piriformis' lower margin (Tomaszewski 2016)
  double nerve_thickness = 5.5e-3;  // antero-posterior, 5.5 +- 1.2 mm (Rusu et al. 2020)
  double nerve_offset = 0.0;        // x of the nerve's centreline
  double nerve_exit = 15e-3;        // y where the centreline leaves the piriformis' lower margin
  double nerve_gap = 1.0e-3;  // tissue between nerve and deep bed. Assumption (avoids a tangent contact)
  NerveVariant variant = NerveVariant::A;
  // Type B: the common peroneal division, lateral part of the nerve, through the piriformis. Assumption
  double division_width = 8e-3;
  double division_thickness = 4e-3;

  AnatomyMeshSizes sizes;

  // Derived heights (z) of the interfaces.
  double bed_top() const { return bed_thickness; }
  double nerve_centre_z() const { return bed_thickness + nerve_gap + 0.5 * nerve_thickness; }
  double nerve_top() const { return bed_thickness + nerve_gap + nerve_thickness; }
  double skin_surface() const { return nerve_top() + nerve_depth; }
  double fat_bottom() const { return skin_surface() - skin_thickness - fat_thickness; }
  double piriformis_top() const { return bed_thickness + piriformis_thickness; }
  double division_offset() const { return nerve_offset + 0.25 * (nerve_width - division_width); }

  // Throws InputError naming the parameter and the constraint for a degenerate or impossible set.
  void validate() const;
};

// Mesh-size presets: coarse (sweeps), medium, fine. Unknown names throw InputError listing them.
AnatomyMeshSizes anatomy_mesh_preset(std::string_view name);

// Exact volume of every region of the generator's shapes (before meshing), by region name, m^3.
std::map<std::string, double> anatomy_region_volumes(const AnatomySpec& spec);

// Cross-section area of the nerve trunk (an ellipse), m^2.
double nerve_cross_section_area(const AnatomySpec& spec);

}  // namespace piriform
