// One output step of a results file as a VTK unstructured grid: reference node positions, cells in VTK's
// node order, every field of the step as point or cell data, the region of each cell.
#pragma once

#include <vtkSmartPointer.h>
#include <vtkUnstructuredGrid.h>

#include "engine/results/results_reader.hpp"

namespace piriform::viz {

// Throws InputError (from the reader) for a step that is not completed.
vtkSmartPointer<vtkUnstructuredGrid> results_grid(const results::ResultsFile& file, int step);

}  // namespace piriform::viz
