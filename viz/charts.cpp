#include "viz/charts.hpp"

#include <fmt/format.h>
#include <vtkAxis.h>
#include <vtkChartHistogram2D.h>
#include <vtkChartLegend.h>
#include <vtkChartXY.h>
#include <vtkColorLegend.h>
#include <vtkContextScene.h>
#include <vtkContextView.h>
#include <vtkDoubleArray.h>
#include <vtkImageData.h>
#include <vtkPen.h>
#include <vtkPlot.h>
#include <vtkRenderWindow.h>
#include <vtkRenderer.h>
#include <vtkTable.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/common/error.hpp"
#include "engine/metrics/region_metrics.hpp"
#include "viz/colour_map.hpp"
#include "viz/png.hpp"

namespace piriform::viz {
namespace {

constexpr double kMmHg = 133.322;  // Pa

const std::vector<double>& values(const results::ResultsFile& f, const std::string& name) {
  const auto it = f.series.find(name);
  if (it == f.series.end())
    throw InputError(
        fmt::format("'{}' has no series '{}' (a run without nerve metrics?)", f.path.string(), name));
  return it->second.values;
}

vtkSmartPointer<vtkDoubleArray> column(const std::string& name, const std::vector<double>& v, double scale) {
  auto a = vtkSmartPointer<vtkDoubleArray>::New();
  a->SetName(name.c_str());
  a->SetNumberOfTuples(static_cast<vtkIdType>(v.size()));
  for (std::size_t i = 0; i < v.size(); ++i) a->SetValue(static_cast<vtkIdType>(i), v[i] * scale);
  return a;
}

void style_axis(vtkAxis* axis, const std::string& title) {
  axis->SetTitle(title);
  axis->GetTitleProperties()->SetFontSize(22);
  axis->GetTitleProperties()->SetColor(0.1, 0.1, 0.1);
  axis->GetLabelProperties()->SetFontSize(18);
  axis->GetLabelProperties()->SetColor(0.1, 0.1, 0.1);
}

vtkSmartPointer<vtkContextView> chart_view(PictureSize size) {
  auto view = vtkSmartPointer<vtkContextView>::New();
  view->GetRenderWindow()->SetOffScreenRendering(1);
  view->GetRenderWindow()->SetSize(size.width, size.height);
  view->GetRenderer()->SetBackground(1.0, 1.0, 1.0);
  return view;
}

const unsigned char run_colours[][3] = {{0, 114, 178},  {213, 94, 0},  {0, 158, 115}, {204, 121, 167},
                                        {86, 180, 233}, {230, 159, 0}, {0, 0, 0}};

// Writes each threshold's name just above its line at the left end of the plot area. The axes' screen
// positions exist only once the chart has been laid out, hence the first render. Returns where each label
// starts, "name x y;" in pixels from the bottom left, for the picture's metadata.
std::string label_thresholds(vtkContextView* view, vtkChartXY* chart,
                             const std::vector<std::pair<std::string, double>>& thresholds_pa) {
  view->GetRenderWindow()->Render();
  vtkAxis* left = chart->GetAxis(vtkAxis::LEFT);
  const vtkVector2f bottom = left->GetPosition1(), top = left->GetPosition2();
  const double y_min = left->GetMinimum(), y_max = left->GetMaximum();
  std::string where;
  for (const auto& [name, pa] : thresholds_pa) {
    const double y = bottom.GetY() + (pa / kMmHg - y_min) / (y_max - y_min) * (top.GetY() - bottom.GetY());
    auto label = vtkSmartPointer<vtkTextActor>::New();
    label->SetInput(name.c_str());
    label->GetTextProperty()->SetFontSize(17);
    label->GetTextProperty()->SetColor(0.25, 0.25, 0.25);
    const int x0 = static_cast<int>(bottom.GetX()) + 8, y0 = static_cast<int>(y) + 3;
    label->SetDisplayPosition(x0, y0);
    view->GetRenderer()->AddActor2D(label);
    where += fmt::format("{} {} {};", name, x0, y0);
  }
  return where;
}

}  // namespace

bool has_nerve_metrics(const results::ResultsFile& file) {
  return file.series.count("nerve/interface_pressure_peak") > 0;
}

void render_nerve_pressure_chart(const std::vector<const results::ResultsFile*>& runs,
                                 const std::filesystem::path& png, PictureSize size) {
  auto view = chart_view(size);
  auto chart = vtkSmartPointer<vtkChartXY>::New();
  view->GetScene()->AddItem(chart);
  double t_end = 0.0, top = 0.0, force_top = 0.0;
  for (std::size_t r = 0; r < runs.size(); ++r) {
    const auto& f = *runs[r];
    auto table = vtkSmartPointer<vtkTable>::New();
    table->AddColumn(column("time (s)", f.times, 1.0));
    const std::string label = runs.size() == 1 ? std::string() : f.path.stem().string() + ": ";
    table->AddColumn(
        column(label + "peak on the nerve", values(f, "nerve/interface_pressure_peak"), 1 / kMmHg));
    table->AddColumn(
        column(label + "mean over the nerve", values(f, "nerve/interface_pressure_mean"), 1 / kMmHg));
    const bool force = runs.size() == 1 && f.series.count("stroke/normal_force");
    if (force) table->AddColumn(column("stroke force (right axis)", values(f, "stroke/normal_force"), 1.0));
    if (force) {
      const auto& fn = values(f, "stroke/normal_force");
      if (!fn.empty()) force_top = std::max(force_top, *std::max_element(fn.begin(), fn.end()));
    }
    const auto* c = run_colours[r % 7];
    for (int k = 1; k <= 2; ++k) {
      vtkPlot* line = chart->AddPlot(vtkChart::LINE);
      line->SetInputData(table, 0, k);
      line->SetColor(c[0], c[1], c[2], 255);
      line->SetWidth(k == 1 ? 4.0f : 2.5f);
      if (k == 2) line->GetPen()->SetLineType(vtkPen::DASH_LINE);
    }
    if (force) {
      vtkPlot* line = chart->AddPlot(vtkChart::LINE);
      line->SetInputData(table, 0, 3);
      line->SetColor(230, 159, 0, 255);  // Okabe-Ito orange: apart from the grey threshold lines
      line->SetWidth(3.0f);
      line->GetPen()->SetLineType(vtkPen::DOT_LINE);
      chart->SetPlotCorner(line, 1);
      style_axis(chart->GetAxis(vtkAxis::RIGHT), "stroke force (N)");
    }
    t_end = std::max(t_end, f.times.empty() ? 0.0 : f.times.back());
    const auto& peak = values(f, "nerve/interface_pressure_peak");
    if (!peak.empty()) top = std::max(top, *std::max_element(peak.begin(), peak.end()) / kMmHg);
  }
  // Threshold lines, each labelled on the line itself (below, once the axes are laid out).
  const auto& first = *runs.front();
  for (const auto& [name, pa] : first.thresholds_pa) {
    auto table = vtkSmartPointer<vtkTable>::New();
    table->AddColumn(column("t", {0.0, t_end}, 1.0));
    table->AddColumn(column(name + " threshold", {pa, pa}, 1 / kMmHg));
    vtkPlot* line = chart->AddPlot(vtkChart::LINE);
    line->SetInputData(table, 0, 1);
    line->SetColor(90, 90, 90, 255);
    line->SetWidth(1.5f);
    line->GetPen()->SetLineType(vtkPen::DASH_DOT_LINE);
    line->SetLegendVisibility(false);
    top = std::max(top, pa / kMmHg);
  }
  style_axis(chart->GetAxis(vtkAxis::BOTTOM), "time (s)");
  style_axis(chart->GetAxis(vtkAxis::LEFT), "interface pressure on the nerve (mmHg; 7.5 mmHg = 1 kPa)");
  chart->GetAxis(vtkAxis::LEFT)->SetBehavior(vtkAxis::FIXED);
  // Headroom above the highest line for the legend in the top right corner.
  chart->GetAxis(vtkAxis::LEFT)->SetRange(0.0, 1.3 * top);
  if (force_top > 0.0) {
    chart->GetAxis(vtkAxis::RIGHT)->SetBehavior(vtkAxis::FIXED);
    chart->GetAxis(vtkAxis::RIGHT)->SetRange(0.0, 1.5 * force_top);
  }
  chart->SetTitle(runs.size() == 1 ? "Nerve pressure during the stroke: " + first.path.stem().string()
                                   : std::string("Nerve pressure: comparison"));
  chart->GetTitleProperties()->SetFontSize(26);
  chart->SetShowLegend(true);
  chart->GetLegend()->GetLabelProperties()->SetFontSize(18);
  chart->GetLegend()->SetHorizontalAlignment(vtkChartLegend::RIGHT);
  chart->GetLegend()->SetVerticalAlignment(vtkChartLegend::TOP);
  const std::string labels = label_thresholds(view, chart, first.thresholds_pa);
  write_png(view->GetRenderWindow(), png,
            {{"piriform:chart", "nerve pressure over time"}, {"piriform:threshold_labels", labels}});
}

void render_nerve_pressure_map(const results::ResultsFile& f, const std::filesystem::path& png,
                               PictureSize size) {
  const RegionMetrics nerve(f.mesh, "nerve");
  const int bins = 60, columns = 240;
  const int steps = f.steps_completed;
  // Profiles at the output steps, from the stored stress and displacement.
  std::vector<std::vector<double>> profiles;
  std::vector<Vec6> cauchy(static_cast<std::size_t>(f.mesh.num_cells()));
  for (int s = 0; s < steps; ++s) {
    const std::vector<double> sigma = f.read_field("cauchy_stress", s), u = f.read_field("displacement", s);
    for (std::size_t c = 0; c < cauchy.size(); ++c) cauchy[c] = Eigen::Map<const Vec6>(sigma.data() + 6 * c);
    std::vector<double> p =
        nerve.interface_profile(f.mesh, cauchy, Eigen::Map<const VecX>(u.data(), u.size()), bins);
    // Slices without interface faces (the nerve's cut ends) take their neighbour's value.
    for (int b = 1; b < bins; ++b)
      if (std::isnan(p[b])) p[b] = p[b - 1];
    for (int b = bins - 2; b >= 0; --b)
      if (std::isnan(p[b])) p[b] = p[b + 1];
    profiles.push_back(std::move(p));
  }
  const double t0 = f.times.front(), t1 = std::max(f.times.back(), t0 + 1e-9);
  auto image = vtkSmartPointer<vtkImageData>::New();
  image->SetDimensions(columns, bins, 1);
  image->SetOrigin(t0, 0.0, 0.0);
  image->SetSpacing((t1 - t0) / (columns - 1), 1e3 * nerve.length() / (bins - 1), 1.0);
  image->AllocateScalars(VTK_DOUBLE, 1);
  double top = 0.0;
  std::size_t k = 0;
  for (int i = 0; i < columns; ++i) {
    const double t = t0 + (t1 - t0) * i / (columns - 1.0);
    while (k + 2 < f.times.size() && f.times[k + 1] < t) ++k;
    const std::size_t k1 = std::min(k + 1, f.times.size() - 1);
    const double w = k1 == k ? 0.0 : std::clamp((t - f.times[k]) / (f.times[k1] - f.times[k]), 0.0, 1.0);
    for (int b = 0; b < bins; ++b) {
      const double p = ((1 - w) * profiles[k][b] + w * profiles[k1][b]) / kMmHg;
      *static_cast<double*>(image->GetScalarPointer(i, b, 0)) = p;
      top = std::max(top, p);
    }
  }
  auto view = chart_view(size);
  auto chart = vtkSmartPointer<vtkChartHistogram2D>::New();
  view->GetScene()->AddItem(chart);
  chart->SetInputData(image);
  chart->SetTransferFunction(viridis_function(0.0, std::max(top, 1.0)));
  style_axis(chart->GetAxis(vtkAxis::BOTTOM), "time (s)");
  style_axis(chart->GetAxis(vtkAxis::LEFT), "position along the nerve (mm)");
  chart->SetTitle("Pressure on the nerve surface (mmHg), along the nerve and over time");
  chart->GetTitleProperties()->SetFontSize(26);
  if (auto* legend = vtkColorLegend::SafeDownCast(chart->GetLegend())) {
    legend->SetTitle("mmHg");
    // The legend's tick labels belong to its axis, a child item with no accessor of its own.
    for (unsigned int i = 0; i < legend->GetNumberOfItems(); ++i)
      if (auto* axis = vtkAxis::SafeDownCast(legend->GetItem(i))) {
        axis->GetLabelProperties()->SetFontSize(18);
        axis->GetLabelProperties()->SetColor(0.1, 0.1, 0.1);
        axis->GetTitleProperties()->SetFontSize(18);
      }
  }
  write_png(
      view->GetRenderWindow(), png,
      {{"piriform:chart", "nerve pressure map"}, {"piriform:range_mmhg", fmt::format("0 {:.6g}", top)}});
}

}  // namespace piriform::viz
