// The cut-away picture: the deformed tissue cut along the nerve, coloured by pressure (kPa with an mmHg
// scale beside), tissue layers outlined, the nerve outlined in white, the stroke footprint on the skin.
#pragma once

#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkSmartPointer.h>

#include <filesystem>
#include <string>

#include "engine/results/results_reader.hpp"

namespace piriform::viz {

struct PictureSize {
  int width = 1600, height = 1000;
};

struct PressureRange {
  double lo = 0.0, hi = 0.0;  // Pa; hi <= lo: chosen from the data
};

// The colour range a step's picture uses by default: 0 to the 99th percentile of the positive cell
// pressures (a few stress-concentration cells would otherwise wash out the picture), Pa.
PressureRange default_pressure_range(const results::ResultsFile& file, int step);

// The step with the largest peak interface pressure on the nerve (or the last step without nerve metrics).
int peak_step(const results::ResultsFile& file);

// Adds the cut-away of `step` to a renderer, camera included.
void add_cutaway(vtkRenderer* renderer, const results::ResultsFile& file, int step, PressureRange range);

// The kPa and mmHg scalar bars of `range` at the right edge, and what the outlines mean at the bottom,
// for an overlay renderer covering the window.
void add_pressure_legend(vtkRenderer* overlay, PressureRange range);

// A window with a scene renderer (viewport left of the legend, below the title) and an overlay renderer
// on top holding the title, legend and scalar bars.
struct Picture {
  vtkSmartPointer<vtkRenderWindow> window;
  vtkSmartPointer<vtkRenderer> overlay;
};
Picture make_picture(PictureSize size);
void add_title(vtkRenderer* overlay, const std::string& title, const std::string& subtitle);

// A title for a step: scenario name, time and peak nerve pressure, on one line or (narrow panels) two.
std::string step_title(const results::ResultsFile& file, int step, bool two_lines = false);

// The whole cut-away page of `step`: scene, legend of `range` and title with `subtitle`.
Picture cutaway_picture(const results::ResultsFile& file, int step, PressureRange range,
                        const std::string& subtitle, PictureSize size);

// Writes the cut-away of `step` to a PNG (text chunks: step, time, pressure range).
void render_cutaway(const results::ResultsFile& file, int step, PressureRange range,
                    const std::filesystem::path& png, PictureSize size = {});

}  // namespace piriform::viz
