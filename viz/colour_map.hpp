// Colour maps for pictures: viridis (perceptually uniform and readable with colour-blindness and in
// grey-scale print) and the Okabe-Ito colours for lines and outlines.
#pragma once

#include <vtkColorTransferFunction.h>
#include <vtkLookupTable.h>
#include <vtkSmartPointer.h>

#include <array>

namespace piriform::viz {

vtkSmartPointer<vtkLookupTable> viridis_table(double lo, double hi);
vtkSmartPointer<vtkColorTransferFunction> viridis_function(double lo, double hi);

// Okabe & Ito 2008, "Color universal design": distinguishable with every common colour-vision deficiency.
namespace okabe_ito {
inline constexpr std::array<double, 3> orange = {0.902, 0.624, 0.0}, sky_blue = {0.337, 0.706, 0.914},
                                       green = {0.0, 0.620, 0.451}, yellow = {0.941, 0.894, 0.259},
                                       blue = {0.0, 0.447, 0.698}, vermillion = {0.835, 0.369, 0.0},
                                       purple = {0.8, 0.475, 0.655}, black = {0.0, 0.0, 0.0};
}

}  // namespace piriform::viz
