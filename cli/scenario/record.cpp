#include "cli/scenario/record.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "engine/model/anatomy_model.hpp"

namespace piriform::scenario {
namespace {

using results::FieldSpec;
using results::Location;
using results::SeriesSpec;

constexpr const char* kStrokeForce = "stroke/normal_force";
constexpr const char* kSkinIndentation = "model/skin_indentation";

double wall_now() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::vector<FieldSpec> fields(bool stroke) {
  std::vector<FieldSpec> out = {
      {"displacement", Location::Node, 3, "m", "u = x - X at the nodes"},
      {"cauchy_stress", Location::Cell, 6, "Pa",
       "Cauchy stress averaged over the cell's current volume, Voigt order 11 22 33 12 23 13"},
      {"pressure", Location::Cell, 1, "Pa", "hydrostatic pressure -tr(sigma)/3, positive in compression"},
      {"von_mises", Location::Cell, 1, "Pa", "von Mises equivalent stress"}};
  if (stroke)
    out.push_back({"stroke_pressure", Location::Node, 1, "Pa",
                   "pressure of the stroke's footprint at the nodes of the loaded surface (0 elsewhere)"});
  return out;
}

}  // namespace

std::vector<SeriesSpec> region_series(const std::string& r) {
  return {
      {r + "/interface_pressure_peak", "Pa",
       "largest normal compressive stress -n.sigma.n on the region's surface shared with other tissue"},
      {r + "/interface_pressure_mean", "Pa", "area-weighted mean of -n.sigma.n over that surface"},
      {r + "/interface_pressure_peak_at", "m", "arc length along the region's axis of the interface peak"},
      {r + "/hydrostatic_pressure_peak", "Pa", "largest -tr(sigma)/3 inside the region"},
      {r + "/hydrostatic_pressure_mean", "Pa", "volume-weighted mean of -tr(sigma)/3"},
      {r + "/hydrostatic_pressure_peak_at", "m", "arc length of the hydrostatic peak"},
      {r + "/transverse_compression_peak", "Pa",
       "largest compressive principal stress in the plane across the region's axis"},
      {r + "/transverse_compression_mean", "Pa", "volume-weighted mean of the transverse compression"},
      {r + "/transverse_compression_peak_at", "m", "arc length of the transverse peak"},
      {r + "/axial_stretch_max", "1", "largest stretch |F A| of lines along the axis A"},
      {r + "/axial_stretch_mean", "1", "volume-weighted mean axial stretch"},
      {r + "/axial_stretch_max_at", "m", "arc length of the largest stretch"},
  };
}

RunRecorder::RunRecorder(const Scenario& s, const PreparedRun& run, const std::filesystem::path& file,
                         bool overwrite, std::vector<std::pair<std::string, std::string>> provenance)
    : run_(run), file_(file) {
  const Mesh& mesh = run.model.mesh;
  for (const auto& region : run.metric_regions) regions_.emplace_back(mesh, region);
  if (mesh.has_facet_set(anatomy::kSkinSurface))
    skin_nodes_ = facet_set_nodes(mesh.facet_set(anatomy::kSkinSurface));

  results::ResultsLayout layout;
  layout.mesh = &mesh;
  layout.times.push_back(0.0);
  layout.times.insert(layout.times.end(), run.stepping.times.begin(), run.stepping.times.end());
  layout.fields = fields(run.stroke != nullptr);
  for (const auto& r : regions_) {
    const auto series = region_series(r.region());
    layout.series.insert(layout.series.end(), series.begin(), series.end());
  }
  if (run.stroke) {
    layout.series.push_back({kStrokeForce, "N", "normal force of the stroke on the skin"});
    for (const char* axis : {"x", "y", "z"})
      layout.series.push_back({fmt::format("stroke/centre_{}", axis), "m",
                               "footprint centre on the undeformed surface, reference coordinates"});
    stroke_nodes_ = facet_set_nodes(mesh.facet_set(run.stroke->stroke().surface));
  }
  if (!skin_nodes_.empty())
    layout.series.push_back({kSkinIndentation, "m", "deepest inward (-z) displacement of the skin surface"});
  layout.scenario_text = s.text;
  layout.scenario_path = s.file.string();
  for (const auto& r : regions_) {
    provenance.emplace_back("axis_" + r.region(), fmt::format("[{:.6g}, {:.6g}, {:.6g}]", r.axis().x(),
                                                              r.axis().y(), r.axis().z()));
    provenance.emplace_back("length_" + r.region() + "_m", fmt::format("{:.6g}", r.length()));
  }
  layout.provenance = std::move(provenance);
  for (double p : s.thresholds) layout.thresholds_pa.emplace_back(fmt::format("{:.4g} mmHg", p / 133.322), p);
  writer_ = std::make_unique<results::ResultsWriter>(file, layout, overwrite);
  last_wall_ = wall_now();
  xdmf_ = results::xdmf_info(layout);
  write(0.0, VecX::Zero(3 * mesh.num_nodes()), nullptr);
}

RunRecorder::~RunRecorder() = default;

std::filesystem::path RunRecorder::xdmf_file() const {
  auto x = file_;
  return x.replace_extension(".xdmf");
}

int RunRecorder::steps_written() const { return writer_->steps_written(); }

void RunRecorder::on_step(const StepRecord& rec, const VecX& u, const Assembler& assembler) {
  pending_.iterations += rec.iterations;
  pending_.cuts += rec.cuts;
  pending_.residual = rec.residual;
  pending_.residual_history.insert(pending_.residual_history.end(), rec.residual_history.begin(),
                                   rec.residual_history.end());
  const auto& times = run_.stepping.times;
  const std::size_t next = static_cast<std::size_t>(writer_->steps_written()) - 1;  // step 0 is t = 0
  if (next >= times.size() || rec.time < times[next] * (1.0 - 1e-12)) return;
  write(rec.time, u, &assembler);
}

void RunRecorder::write(double t, const VecX& u, const Assembler* assembler) {
  const Model& model = run_.model;
  const Mesh& mesh = model.mesh;
  const Index cells = mesh.num_cells();
  if (!assembler) {
    state_.cauchy.assign(cells, Vec6::Zero());
    state_.volume = cell_volumes(mesh);
    state_.F.assign(cells, Mat3::Identity());
  } else {
    recover_cell_state(model, *assembler, u, state_);
  }
  displacement_.assign(u.data(), u.data() + u.size());
  cauchy_.resize(6 * static_cast<std::size_t>(cells));
  pressure_.resize(cells);
  mises_.resize(cells);
  for (Index c = 0; c < cells; ++c) {
    for (int k = 0; k < 6; ++k) cauchy_[6 * static_cast<std::size_t>(c) + k] = state_.cauchy[c][k];
    pressure_[c] = hydrostatic_pressure(state_.cauchy[c]);
    mises_[c] = von_mises(state_.cauchy[c]);
  }
  series_.clear();
  for (const auto& r : regions_) {
    const RegionMetricValues m = r.evaluate(mesh, state_, u);
    series_.insert(series_.end(),
                   {m.interface_pressure_peak, m.interface_pressure_mean, m.interface_pressure_peak_s,
                    m.hydrostatic_peak, m.hydrostatic_mean, m.hydrostatic_peak_s, m.transverse_peak,
                    m.transverse_mean, m.transverse_peak_s, m.stretch_max, m.stretch_mean, m.stretch_max_s});
  }
  if (run_.stroke) {
    series_.push_back(run_.stroke->normal_force(t));
    const Vec3 centre = run_.stroke->centre(t);
    series_.insert(series_.end(), {centre.x(), centre.y(), centre.z()});
    stroke_pressure_.assign(mesh.num_nodes(), 0.0);
    for (Index v : stroke_nodes_) stroke_pressure_[v] = run_.stroke->pressure(mesh.X.col(v), t);
  }
  if (!skin_nodes_.empty()) {
    double down = 0.0;
    for (Index v : skin_nodes_) down = std::max(down, -u[3 * static_cast<Eigen::Index>(v) + 2]);
    series_.push_back(down);
  }

  const double now = wall_now();
  pending_.time = t;
  pending_.wall_seconds = now - last_wall_;
  last_wall_ = now;
  const std::span<const double> f[] = {displacement_, cauchy_, pressure_, mises_, stroke_pressure_};
  writer_->write_step(writer_->steps_written(), pending_, std::span(f, run_.stroke ? 5 : 4), series_);
  pending_ = {};
  results::write_xdmf(xdmf_file(), file_.filename(), xdmf_, writer_->steps_written());
}

void RunRecorder::finish(bool completed, const std::string& message) { writer_->finish(completed, message); }

}  // namespace piriform::scenario
