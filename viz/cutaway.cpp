#include "viz/cutaway.hpp"

#include <fmt/format.h>
#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkCellData.h>
#include <vtkContourFilter.h>
#include <vtkCutter.h>
#include <vtkDataSetSurfaceFilter.h>
#include <vtkDoubleArray.h>
#include <vtkFeatureEdges.h>
#include <vtkPlane.h>
#include <vtkPointData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderWindow.h>
#include <vtkScalarBarActor.h>
#include <vtkTableBasedClipDataSet.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>
#include <vtkThreshold.h>
#include <vtkUnstructuredGrid.h>
#include <vtkWarpVector.h>

#include <algorithm>
#include <cmath>

#include "engine/metrics/region_metrics.hpp"
#include "viz/colour_map.hpp"
#include "viz/png.hpp"
#include "viz/results_grid.hpp"

namespace piriform::viz {
namespace {

constexpr double kMmHg = 133.322;  // Pa

const results::SeriesData* series(const results::ResultsFile& f, const std::string& name) {
  const auto it = f.series.find(name);
  return it == f.series.end() ? nullptr : &it->second;
}

std::string scenario_name(const results::ResultsFile& f) {
  // The scenario's "name:" line, else the file name.
  const auto at = f.scenario_text.find("name:");
  if (at != std::string::npos && (at == 0 || f.scenario_text[at - 1] == '\n')) {
    std::string line = f.scenario_text.substr(at + 5, f.scenario_text.find('\n', at) - at - 5);
    line.erase(0, line.find_first_not_of(" \"'"));
    line.erase(line.find_last_not_of(" \"'\r") + 1);
    if (!line.empty()) return line;
  }
  return f.path.stem().string();
}

vtkSmartPointer<vtkActor> line_actor(vtkAlgorithmOutput* lines, const std::array<double, 3>& colour,
                                     double width) {
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputConnection(lines);
  mapper->ScalarVisibilityOff();
  auto actor = vtkSmartPointer<vtkActor>::New();
  actor->SetMapper(mapper);
  actor->GetProperty()->SetColor(colour[0], colour[1], colour[2]);
  actor->GetProperty()->SetLineWidth(static_cast<float>(width));
  actor->GetProperty()->LightingOff();
  return actor;
}

vtkSmartPointer<vtkTextActor> text(const std::string& s, int size, double x, double y, bool bold = false) {
  auto t = vtkSmartPointer<vtkTextActor>::New();
  t->SetInput(s.c_str());
  t->GetTextProperty()->SetFontSize(size);
  t->GetTextProperty()->SetColor(0.1, 0.1, 0.1);
  t->GetTextProperty()->SetBold(bold);
  t->GetPositionCoordinate()->SetCoordinateSystemToNormalizedViewport();
  t->SetPosition(x, y);
  return t;
}

vtkSmartPointer<vtkScalarBarActor> bar(vtkLookupTable* table, const char* title, double x) {
  auto b = vtkSmartPointer<vtkScalarBarActor>::New();
  b->SetLookupTable(table);
  b->SetTitle(title);
  b->SetNumberOfLabels(6);
  b->SetLabelFormat("%.1f");
  b->SetPosition(x, 0.12);
  b->SetWidth(0.07);
  b->SetHeight(0.7);
  b->UnconstrainedFontSizeOn();
  b->GetTitleTextProperty()->SetFontSize(22);
  b->GetTitleTextProperty()->SetColor(0.1, 0.1, 0.1);
  b->GetTitleTextProperty()->ItalicOff();
  b->GetLabelTextProperty()->SetFontSize(20);
  b->GetLabelTextProperty()->SetColor(0.1, 0.1, 0.1);
  b->GetLabelTextProperty()->ItalicOff();
  return b;
}

}  // namespace

PressureRange default_pressure_range(const results::ResultsFile& file, int step) {
  std::vector<double> p = file.read_field("pressure", step);
  p.erase(std::remove_if(p.begin(), p.end(), [](double v) { return !(v > 0.0); }), p.end());
  if (p.empty()) return {0.0, 1.0};
  const auto k = static_cast<std::ptrdiff_t>(0.99 * static_cast<double>(p.size() - 1));
  std::nth_element(p.begin(), p.begin() + k, p.end());
  return {0.0, std::max(p[static_cast<std::size_t>(k)], 1.0)};
}

int peak_step(const results::ResultsFile& file) {
  const auto* peak = series(file, "nerve/interface_pressure_peak");
  if (!peak || peak->values.empty()) return std::max(file.steps_completed - 1, 0);
  return static_cast<int>(std::max_element(peak->values.begin(), peak->values.end()) - peak->values.begin());
}

std::string step_title(const results::ResultsFile& file, int step, bool two_lines) {
  std::string title =
      fmt::format("{}{}t = {:.2f} s", scenario_name(file), two_lines ? "\n" : "   ", file.times.at(step));
  if (const auto* peak = series(file, "nerve/interface_pressure_peak"))
    title += fmt::format("   peak pressure on the nerve {:.1f} kPa ({:.0f} mmHg)", peak->values[step] / 1e3,
                         peak->values[step] / kMmHg);
  return title;
}

void add_cutaway(vtkRenderer* renderer, const results::ResultsFile& file, int step, PressureRange range) {
  const Mesh& mesh = file.mesh;
  auto grid = results_grid(file, step);
  const std::vector<double> pressure = file.read_field("pressure", step);
  auto kpa = vtkSmartPointer<vtkDoubleArray>::New();
  kpa->SetName("pressure_kpa");
  kpa->SetNumberOfTuples(static_cast<vtkIdType>(pressure.size()));
  for (std::size_t c = 0; c < pressure.size(); ++c)
    kpa->SetValue(static_cast<vtkIdType>(c), pressure[c] / 1e3);
  grid->GetCellData()->AddArray(kpa);
  grid->GetPointData()->SetActiveVectors("displacement");

  auto warp = vtkSmartPointer<vtkWarpVector>::New();
  warp->SetInputData(grid);
  warp->SetScaleFactor(1.0);
  warp->Update();

  // The cut plane holds the nerve's axis and the depth direction, through the nerve's deformed centre.
  const auto& names = mesh.region_names;
  const auto nerve_it = std::find(names.begin(), names.end(), "nerve");
  const int nerve = nerve_it == names.end() ? -1 : static_cast<int>(nerve_it - names.begin());
  Vec3 axis = Vec3::UnitY(), centre = Vec3::Zero();
  const std::vector<double> u = file.read_field("displacement", step);
  double count = 0.0;
  for (Index c = 0; c < mesh.num_cells(); ++c) {
    if (nerve >= 0 && mesh.cell_region[c] != nerve) continue;
    for (int i = 0; i < num_corners(mesh.cell_type); ++i) {
      const Index v = mesh.cell(c)[i];
      centre += mesh.X.col(v) + Vec3(u[3 * v], u[3 * v + 1], u[3 * v + 2]);
      count += 1.0;
    }
  }
  centre /= count;
  if (nerve >= 0) axis = RegionMetrics(mesh, "nerve").axis();
  Vec3 normal = axis.cross(Vec3::UnitZ());
  normal = normal.norm() > 1e-6 ? Vec3(normal.normalized()) : Vec3::UnitX();
  auto plane = vtkSmartPointer<vtkPlane>::New();
  plane->SetOrigin(centre.data());
  plane->SetNormal(normal.data());

  auto clip = vtkSmartPointer<vtkTableBasedClipDataSet>::New();
  clip->SetInputConnection(warp->GetOutputPort());
  clip->SetClipFunction(plane);
  clip->InsideOutOn();  // keep the side behind the plane: the camera looks at the cut face
  auto surface = vtkSmartPointer<vtkDataSetSurfaceFilter>::New();
  surface->SetInputConnection(clip->GetOutputPort());
  surface->SetNonlinearSubdivisionLevel(1);

  const auto table = viridis_table(range.lo / 1e3, range.hi / 1e3);
  auto mapper = vtkSmartPointer<vtkPolyDataMapper>::New();
  mapper->SetInputConnection(surface->GetOutputPort());
  mapper->SetScalarModeToUseCellFieldData();
  mapper->SelectColorArray("pressure_kpa");
  mapper->SetLookupTable(table);
  mapper->UseLookupTableScalarRangeOn();
  mapper->ScalarVisibilityOn();
  auto body = vtkSmartPointer<vtkActor>::New();
  body->SetMapper(mapper);
  body->GetProperty()->SetAmbient(0.35);
  body->GetProperty()->SetDiffuse(0.7);
  renderer->AddActor(body);

  // Region outlines on the cut face, nudged towards the camera so the face does not hide them.
  const Vec3 nudge = 4e-4 * normal;
  for (int r = 0; r < static_cast<int>(names.size()); ++r) {
    auto only = vtkSmartPointer<vtkThreshold>::New();
    only->SetInputConnection(warp->GetOutputPort());
    only->SetInputArrayToProcess(0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_CELLS, "region");
    only->SetLowerThreshold(r - 0.5);
    only->SetUpperThreshold(r + 0.5);
    only->SetThresholdFunction(vtkThreshold::THRESHOLD_BETWEEN);
    auto cut = vtkSmartPointer<vtkCutter>::New();
    cut->SetInputConnection(only->GetOutputPort());
    cut->SetCutFunction(plane);
    auto edges = vtkSmartPointer<vtkFeatureEdges>::New();
    edges->SetInputConnection(cut->GetOutputPort());
    edges->BoundaryEdgesOn();
    edges->FeatureEdgesOff();
    edges->ManifoldEdgesOff();
    edges->NonManifoldEdgesOff();
    const bool is_nerve = r == nerve;
    auto actor =
        line_actor(edges->GetOutputPort(), is_nerve ? std::array<double, 3>{1.0, 1.0, 1.0} : okabe_ito::black,
                   is_nerve ? 5.0 : 1.5);
    actor->SetPosition(nudge.x(), nudge.y(), nudge.z());
    renderer->AddActor(actor);
  }

  // The stroke's footprint: where its pressure exceeds 5% of its peak on the (deformed) skin.
  const auto field_names = file.fields;
  const bool stroke = std::any_of(field_names.begin(), field_names.end(),
                                  [](const results::FieldSpec& f) { return f.name == "stroke_pressure"; });
  if (stroke) {
    const std::vector<double> sp = file.read_field("stroke_pressure", step);
    const double peak = *std::max_element(sp.begin(), sp.end());
    if (peak > 0.0) {
      auto whole = vtkSmartPointer<vtkDataSetSurfaceFilter>::New();
      whole->SetInputConnection(warp->GetOutputPort());
      whole->SetNonlinearSubdivisionLevel(1);
      auto contour = vtkSmartPointer<vtkContourFilter>::New();
      contour->SetInputConnection(whole->GetOutputPort());
      contour->SetInputArrayToProcess(0, 0, 0, vtkDataObject::FIELD_ASSOCIATION_POINTS, "stroke_pressure");
      contour->SetValue(0, 0.05 * peak);
      auto actor = line_actor(contour->GetOutputPort(), okabe_ito::vermillion, 6.0);
      actor->SetPosition(0.0, 0.0, 1e-3);
      renderer->AddActor(actor);
    }
  }

  renderer->SetBackground(1.0, 1.0, 1.0);
  auto* camera = renderer->GetActiveCamera();
  camera->SetFocalPoint(centre.data());
  const Vec3 eye = centre + 0.3 * (normal + 0.35 * Vec3::UnitZ() - 0.25 * axis);
  camera->SetPosition(eye.data());
  camera->SetViewUp(0.0, 0.0, 1.0);
  renderer->ResetCamera();
  // ResetCamera fits the model's bounding sphere; a wide viewport has room to zoom in, a squarer one
  // (comparison panels) would clip the block's ends.
  double viewport[4];
  renderer->GetViewport(viewport);
  double aspect = 1.6;
  if (auto* window = renderer->GetRenderWindow()) {
    const int* px = window->GetSize();
    aspect = (viewport[2] - viewport[0]) * px[0] / std::max(1e-9, (viewport[3] - viewport[1]) * px[1]);
  }
  camera->Zoom(aspect > 1.4 ? 1.25 : 1.05);
}

void add_pressure_legend(vtkRenderer* overlay, PressureRange range) {
  overlay->AddViewProp(bar(viridis_table(range.lo / 1e3, range.hi / 1e3), "kPa", 0.83));
  overlay->AddViewProp(bar(viridis_table(range.lo / kMmHg, range.hi / kMmHg), "mmHg", 0.91));
  overlay->AddViewProp(text("pressure -tr(sigma)/3, compression positive", 18, 0.60, 0.03));
  overlay->AddViewProp(
      text("white: sciatic nerve   black: tissue layers   orange: stroke footprint", 18, 0.02, 0.03));
}

Picture make_picture(PictureSize size) {
  Picture p;
  p.window = vtkSmartPointer<vtkRenderWindow>::New();
  p.window->SetOffScreenRendering(1);
  p.window->SetSize(size.width, size.height);
  p.window->SetNumberOfLayers(2);
  // Layer 0: a white page under the scene viewports; layer 1: text and bars, drawn over without clearing.
  auto page = vtkSmartPointer<vtkRenderer>::New();
  page->SetBackground(1.0, 1.0, 1.0);
  page->InteractiveOff();
  p.window->AddRenderer(page);
  p.overlay = vtkSmartPointer<vtkRenderer>::New();
  p.overlay->SetLayer(1);
  p.overlay->InteractiveOff();
  p.window->AddRenderer(p.overlay);
  return p;
}

void add_title(vtkRenderer* overlay, const std::string& title, const std::string& subtitle) {
  overlay->AddViewProp(text(title, 26, 0.02, 0.94, true));
  if (!subtitle.empty()) overlay->AddViewProp(text(subtitle, 18, 0.02, 0.90));
}

Picture cutaway_picture(const results::ResultsFile& file, int step, PressureRange range,
                        const std::string& subtitle, PictureSize size) {
  Picture picture = make_picture(size);
  auto scene = vtkSmartPointer<vtkRenderer>::New();
  scene->SetViewport(0.0, 0.07, 0.8, 0.88);  // left of the legend, below the title
  picture.window->AddRenderer(scene);
  add_cutaway(scene, file, step, range);
  add_pressure_legend(picture.overlay, range);
  add_title(picture.overlay, step_title(file, step), subtitle);
  return picture;
}

void render_cutaway(const results::ResultsFile& file, int step, PressureRange range,
                    const std::filesystem::path& png, PictureSize size) {
  if (!(range.hi > range.lo)) range = default_pressure_range(file, step);
  Picture picture = cutaway_picture(
      file, step, range, "cut along the nerve; research and teaching model, not a clinical device", size);
  write_png(picture.window, png,
            {{"piriform:step", std::to_string(step)},
             {"piriform:time_s", fmt::format("{:.9g}", file.times.at(step))},
             {"piriform:pressure_range_kpa", fmt::format("{:.9g} {:.9g}", range.lo / 1e3, range.hi / 1e3)}});
}

}  // namespace piriform::viz
