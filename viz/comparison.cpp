#include "viz/comparison.hpp"

#include <fmt/format.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>

#include "viz/png.hpp"

namespace piriform::viz {

PressureRange render_comparison(const std::vector<const results::ResultsFile*>& runs,
                                const std::filesystem::path& png, PictureSize size) {
  PressureRange range{0.0, 1.0};
  for (const auto* f : runs) range.hi = std::max(range.hi, default_pressure_range(*f, peak_step(*f)).hi);
  const int n = static_cast<int>(runs.size());
  const int columns = n <= 3 ? n : static_cast<int>(std::ceil(std::sqrt(static_cast<double>(n))));
  const int rows = (n + columns - 1) / columns;
  Picture picture = make_picture(size);
  const double left = 0.0, right = 0.8, bottom = 0.07, top = 0.9;
  for (int i = 0; i < n; ++i) {
    const int r = i / columns, c = i % columns;
    const double x0 = left + (right - left) * c / columns, x1 = left + (right - left) * (c + 1) / columns;
    const double y1 = top - (top - bottom) * r / rows, y0 = top - (top - bottom) * (r + 1) / rows;
    auto scene = vtkSmartPointer<vtkRenderer>::New();
    scene->SetViewport(x0, y0, x1, y1);
    picture.window->AddRenderer(scene);
    const int step = peak_step(*runs[i]);
    add_cutaway(scene, *runs[i], step, range);
    auto label = vtkSmartPointer<vtkTextActor>::New();
    label->SetInput(step_title(*runs[i], step, columns > 1).c_str());
    label->GetTextProperty()->SetFontSize(std::max(14, 22 - 2 * columns));
    label->GetTextProperty()->SetColor(0.1, 0.1, 0.1);
    label->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
    label->GetTextProperty()->SetVerticalJustificationToTop();
    label->SetPosition(0.02, 0.98);
    scene->AddViewProp(label);
  }
  add_pressure_legend(picture.overlay, range);
  add_title(
      picture.overlay, "Comparison at each run's moment of peak nerve pressure",
      "one colour scale for all; cut along the nerve; research and teaching model, not a clinical device");
  write_png(picture.window, png,
            {{"piriform:runs", std::to_string(n)},
             {"piriform:pressure_range_kpa", fmt::format("{:.9g} {:.9g}", range.lo / 1e3, range.hi / 1e3)}});
  return range;
}

}  // namespace piriform::viz
