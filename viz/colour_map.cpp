#include "viz/colour_map.hpp"

namespace piriform::viz {
namespace {

// matplotlib's viridis sampled at 0, 1/8, ..., 1 (van der Walt & Smith 2015); linear in between.
constexpr double viridis[9][3] = {
    {0.2670, 0.0049, 0.3294}, {0.2788, 0.1755, 0.4834}, {0.2297, 0.3224, 0.5457},
    {0.1727, 0.4488, 0.5579}, {0.1276, 0.5669, 0.5506}, {0.1579, 0.6838, 0.5017},
    {0.3692, 0.7889, 0.3829}, {0.6785, 0.8637, 0.1895}, {0.9932, 0.9062, 0.1439}};

}  // namespace

vtkSmartPointer<vtkColorTransferFunction> viridis_function(double lo, double hi) {
  auto f = vtkSmartPointer<vtkColorTransferFunction>::New();
  f->SetColorSpaceToRGB();
  for (int i = 0; i < 9; ++i)
    f->AddRGBPoint(lo + (hi - lo) * i / 8.0, viridis[i][0], viridis[i][1], viridis[i][2]);
  f->ClampingOn();
  return f;
}

vtkSmartPointer<vtkLookupTable> viridis_table(double lo, double hi) {
  const auto f = viridis_function(0.0, 1.0);
  auto table = vtkSmartPointer<vtkLookupTable>::New();
  const int n = 256;
  table->SetNumberOfTableValues(n);
  for (int i = 0; i < n; ++i) {
    double rgb[3];
    f->GetColor(i / (n - 1.0), rgb);
    table->SetTableValue(i, rgb[0], rgb[1], rgb[2], 1.0);
  }
  table->SetTableRange(lo, hi);
  table->SetBelowRangeColor(viridis[0][0], viridis[0][1], viridis[0][2], 1.0);
  table->UseBelowRangeColorOn();
  table->SetAboveRangeColor(viridis[8][0], viridis[8][1], viridis[8][2], 1.0);
  table->UseAboveRangeColorOn();
  return table;
}

}  // namespace piriform::viz
