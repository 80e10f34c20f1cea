// The scenario loader. Field names, defaults and their sources are documented in scenarios/README.md; a test
// checks that page against scenario_fields().
#include "cli/scenario/scenario.hpp"

#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <sstream>

#include "cli/scenario/yaml_fields.hpp"
#include "engine/common/error.hpp"
#include "engine/materials/fibre.hpp"
#include "engine/materials/linear_elastic.hpp"
#include "engine/materials/mooney_rivlin.hpp"
#include "engine/materials/neo_hookean.hpp"
#include "engine/materials/ogden.hpp"
#include "engine/materials/viscoelastic.hpp"
#include "engine/model/anatomy_model.hpp"
#include "meshes/anatomy/anatomy_parameters.hpp"

namespace piriform::scenario {
namespace {

constexpr double kMmHg = 133.322;

// Footprints of the tools. Assumptions (no published contact sizes: shared reference, "Massage loading"):
// thumb pad ~2 cm across, fingertips (three together) ~3 x 1.5 cm, palm ~8 cm, forearm ~4 x 12 cm, elbow
// (olecranon) ~3 cm with a Hertz-like pressure peak.
Footprint tool_footprint(const Field& f) {
  const std::string tool = f.one_of({"thumb", "fingertips", "palm", "forearm", "elbow"});
  Footprint fp;
  if (tool == "thumb") fp.semi_axis_along = fp.semi_axis_across = 0.01;
  if (tool == "fingertips") fp.semi_axis_along = 0.0075, fp.semi_axis_across = 0.015;
  if (tool == "palm") fp.semi_axis_along = fp.semi_axis_across = 0.04;
  if (tool == "forearm") fp.semi_axis_along = 0.06, fp.semi_axis_across = 0.02;
  if (tool == "elbow") {
    fp.semi_axis_along = fp.semi_axis_across = 0.015;
    fp.distribution = PressureDistribution::Hertz;
  }
  return fp;
}

std::vector<PronyTerm> read_prony(const Field& f) {
  if (f.is_scalar()) {
    f.one_of({"none"});
    return {};
  }
  std::vector<PronyTerm> terms;
  for (const Field& item : f.items()) {
    item.only({"beta", "tau"});
    terms.push_back({item["beta"].number(), item["tau"].quantity(Dimension::Time)});
  }
  return terms;
}

MaterialPtr read_material(const Field& f, MaterialPtr reference) {
  f.only({"model", "shear_modulus", "bulk_modulus", "c10", "c01", "mu", "alpha", "youngs_modulus",
          "poisson_ratio", "fibre", "prony"});
  try {
    MaterialPtr base;
    if (f.has("model")) {
      const std::string model =
          f["model"].one_of({"neo_hookean", "mooney_rivlin", "ogden", "linear_elastic"});
      if (model == "neo_hookean")
        base = std::make_shared<NeoHookean>(f["shear_modulus"].quantity(Dimension::Pressure),
                                            f["bulk_modulus"].quantity(Dimension::Pressure));
      if (model == "mooney_rivlin")
        base = std::make_shared<MooneyRivlin>(f["c10"].quantity(Dimension::Pressure),
                                              f["c01"].quantity(Dimension::Pressure),
                                              f["bulk_modulus"].quantity(Dimension::Pressure));
      if (model == "ogden")
        base = std::make_shared<Ogden>(f["mu"].quantity(Dimension::Pressure), f["alpha"].number(),
                                       f["bulk_modulus"].quantity(Dimension::Pressure));
      if (model == "linear_elastic")
        base = std::make_shared<StVenantKirchhoff>(
            YoungPoisson{f["youngs_modulus"].quantity(Dimension::Pressure), f["poisson_ratio"].number()});
    } else {
      if (!reference) f.fail("missing required field 'model' (no reference material for this region)");
      for (const char* key :
           {"shear_modulus", "bulk_modulus", "c10", "c01", "mu", "alpha", "youngs_modulus", "poisson_ratio"})
        if (f.has(key)) f[key].fail("give 'model' as well to change the elastic constants");
      base = reference;
    }
    if (const auto fibre = f.optional("fibre")) {
      fibre->only({"k1", "k2"});
      base = std::make_shared<FibreReinforced>(base, (*fibre)["k1"].quantity(Dimension::Pressure),
                                               (*fibre)["k2"].number());
    }
    if (const auto prony = f.optional("prony")) {
      const auto terms = read_prony(*prony);
      if (!terms.empty()) base = std::make_shared<Viscoelastic>(base, terms);
    }
    return base;
  } catch (const InputError& e) {
    if (std::string(e.what()).rfind(f.file(), 0) == 0) throw;
    f.fail(e.what());
  }
}

void read_model(const Field& f, Scenario& s) {
  f.only({"anatomy", "mesh", "unit"});
  if (f.has("anatomy") == f.has("mesh"))
    f.fail("give either 'anatomy' (generated model) or 'mesh' (a .msh file)");
  if (const auto a = f.optional("anatomy")) {
    AnatomySpec spec;
    if (!a->is_scalar() || a->text() != "default") {
      a->require_map();
      if (a->has("preset")) set_anatomy_parameter(spec, "preset", (*a)["preset"].text());
      for (const auto& key : a->keys()) {
        if (key == "preset") continue;
        const Field value = (*a)[key];
        try {
          set_anatomy_parameter(spec, key, value.text());
        } catch (const InputError& e) {
          value.fail(e.what());
        }
      }
    }
    try {
      spec.validate();
    } catch (const InputError& e) {
      a->fail(e.what());
    }
    s.anatomy = spec;
  } else {
    const std::string mesh = f["mesh"].text();
    s.mesh_file =
        std::filesystem::path(mesh).is_absolute() ? std::filesystem::path(mesh) : s.file.parent_path() / mesh;
    if (!std::filesystem::exists(s.mesh_file))
      f["mesh"].fail(fmt::format("no such file: {}", s.mesh_file.string()));
    s.mesh_unit =
        f.has("unit") ? parse_quantity("1 " + f["unit"].one_of({"m", "cm", "mm"}), Dimension::Length) : 1.0;
  }
  if (f.has("unit") && !f.has("mesh")) f["unit"].fail("only for 'mesh' files");
}

DirichletCondition read_support(const Field& f, Scenario& s) {
  f.only({"surface", "type", "direction", "value"});
  const std::string surface = f["surface"].text();
  s.surface_references.emplace_back(surface, f["surface"].location());
  const std::string type = f["type"].one_of({"fixed", "roller", "displacement"});
  if (type == "fixed") return fixed_support(surface);
  if (type == "roller") {
    const std::string d = f["direction"].one_of({"x", "y", "z"});
    return roller_support(surface, d[0] - 'x');
  }
  const auto values = f["value"].items();
  if (values.size() != 3)
    f["value"].fail("expected [ux, uy, uz] with units, \"free\" for an unconstrained component");
  std::array<bool, 3> set{};
  Vec3 u = Vec3::Zero();
  for (int i = 0; i < 3; ++i) {
    set[i] = values[i].text() != "free";
    if (set[i]) u[i] = values[i].quantity(Dimension::Length);
  }
  return prescribed_displacement(surface, set, [u](const Vec3&, double t) { return Vec3(u * t); });
}

// Plain loads ramp linearly from 0 at t = 0 to their value at the end time.
void read_load(const Field& f, Scenario& s) {
  f.only({"surface", "type", "value"});
  const std::string surface = f["surface"].text();
  s.surface_references.emplace_back(surface, f["surface"].location());
  const std::string type = f["type"].one_of({"pressure", "traction"});
  const double T = s.stepping.end_time;
  if (type == "pressure") {
    const double p = f["value"].quantity(Dimension::Pressure);
    s.pressures.push_back({surface, [p, T](const Vec3&, double t) { return p * std::min(t / T, 1.0); }});
    return;
  }
  const auto values = f["value"].items();
  if (values.size() != 3) f["value"].fail("expected [tx, ty, tz] with pressure units");
  Vec3 v;
  for (int i = 0; i < 3; ++i) v[i] = values[i].quantity(Dimension::Pressure);
  s.tractions.push_back({surface, [v, T](const Vec3&, double t) { return Vec3(v * std::min(t / T, 1.0)); }});
}

// The footprint centre's path: anatomical landmarks of the generated model, or points.
std::vector<Vec3> read_path(const Field& f, const Scenario& s) {
  f.only({"along", "across", "offset", "length", "at", "points"});
  if (const auto points = f.optional("points")) {
    std::vector<Vec3> path;
    for (const Field& p : points->items()) {
      Vec3 x = p.point();
      if (std::isnan(x.z())) {
        if (!s.anatomy)
          p.fail("give [x, y, z] for a .msh model (the skin height is only known for the anatomy)");
        x.z() = s.anatomy->skin_surface();
      }
      path.push_back(x);
    }
    if (path.empty()) points->fail("expected at least one point");
    return path;
  }
  if (!s.anatomy)
    f.fail("landmarks ('along', 'across') need an anatomy model; give 'points' for a .msh model");
  if (f.has("along") == f.has("across")) f.fail("give one of 'along', 'across' or 'points'");
  const AnatomySpec& a = *s.anatomy;
  const double offset = f.has("offset") ? f["offset"].quantity(Dimension::Length) : 0.0;
  const double length = f.has("length") ? f["length"].quantity(Dimension::Length) : 0.06;
  if (!(length >= 0.0)) f["length"].fail("expected a length >= 0");
  const double z = a.skin_surface();
  const Vec3 d(std::cos(a.piriformis_angle), -std::sin(a.piriformis_angle), 0.0);  // along the piriformis
  const Vec3 n(std::sin(a.piriformis_angle), std::cos(a.piriformis_angle), 0.0);   // across it, cranially
  const Vec3 exit(a.nerve_offset, a.nerve_exit, z);
  const Vec3 band_centre = exit + 0.5 * a.piriformis_width * n;
  const double at = f.has("at") ? f["at"].quantity(Dimension::Length) : 0.03;
  Vec3 start, direction;
  if (f.has("along")) {
    const std::string what = f["along"].one_of({"nerve", "piriformis"});
    if (what == "nerve") {  // from the exit caudally, offset laterally
      start = exit + Vec3(offset, 0.0, 0.0);
      direction = -Vec3::UnitY();
    } else {  // medial to lateral along the band's centreline, offset cranially
      start = band_centre + offset * n - 0.5 * length * d;
      direction = d;
    }
  } else {
    const std::string what = f["across"].one_of({"nerve", "piriformis"});
    if (what == "nerve") {  // medial to lateral, `at` below the exit
      start = exit + Vec3(-0.5 * length, -at + offset, 0.0);
      direction = Vec3::UnitX();
    } else {  // cranial to caudal across the band, offset laterally along it
      start = band_centre + offset * d + 0.5 * length * n;
      direction = -n;
    }
  }
  if (length == 0.0) return {start};
  return {start, start + length * direction};
}

double path_length(const std::vector<Vec3>& path) {
  double L = 0.0;
  for (std::size_t i = 1; i < path.size(); ++i) L += (path[i] - path[i - 1]).norm();
  return L;
}

// Ramp at the start, glide at `speed` (or hold), release; repeated `repeat` times at `rate`, each repetition
// `progression` stronger than the one before.
void read_profile(const Field* f, double length, std::optional<double> speed, Stroke& stroke) {
  if (f) f->only({"start", "ramp", "hold", "release", "repeat", "rate", "progression"});
  auto get = [&](const char* key, Dimension d, double fallback) {
    return f && f->has(key) ? (*f)[key].quantity(d) : fallback;
  };
  const double t0 = get("start", Dimension::Time, 0.0);
  const double ramp = get("ramp", Dimension::Time, 0.5), hold = get("hold", Dimension::Time, 0.0);
  const double release = get("release", Dimension::Time, 0.5);
  const int repeat = f && f->has("repeat") ? (*f)["repeat"].integer(1, 1000) : 1;
  const double progression = get("progression", Dimension::Dimensionless, 0.0);
  for (auto [key, v] : {std::pair{"ramp", ramp}, {"release", release}})
    if (!(v > 0.0)) (*f)[key].fail("expected a positive time");
  if (hold < 0.0) (*f)["hold"].fail("expected a time >= 0");
  if (t0 < 0.0) (*f)["start"].fail("expected a time >= 0");
  const double glide = length > 0.0 ? length / *speed : 0.0;
  const double cycle = ramp + glide + hold + release;
  double period = cycle;
  if (repeat > 1) {
    if (!f || !f->has("rate")) f->fail("'repeat' needs a 'rate' (for example \"10 /min\")");
    period = 1.0 / (*f)["rate"].quantity(Dimension::Frequency);
    if (!(period > cycle))
      (*f)["rate"].fail(
          fmt::format("one stroke takes {:.3g} s (ramp, glide, hold, release), longer than the "
                      "period {:.3g} s: lower the rate",
                      cycle, period));
  }
  stroke.amplitude.clear();
  stroke.travel.clear();
  for (int i = 0; i < repeat; ++i) {
    const double s = t0 + i * period, level = 1.0 + i * progression;
    if (!(level > 0.0)) (*f)["progression"].fail("the amplitude would fall to zero");
    stroke.amplitude.push_back({s, 0.0});
    stroke.amplitude.push_back({s + ramp, level});
    if (glide + hold > 0.0) stroke.amplitude.push_back({s + ramp + glide + hold, level});
    stroke.amplitude.push_back({s + cycle, 0.0});
    stroke.travel.push_back({s, 0.0});
    stroke.travel.push_back({s + ramp, 0.0});
    if (glide > 0.0) stroke.travel.push_back({s + ramp + glide, length});
    stroke.travel.push_back({s + cycle, length});
  }
}

void read_stroke(const Field& f, Scenario& s) {
  f.only({"surface", "tool", "footprint", "force", "mean_pressure", "peak_pressure", "path", "speed",
          "profile", "friction"});
  Stroke stroke;
  stroke.surface = f.has("surface") ? f["surface"].text() : std::string(anatomy::kSkinSurface);
  s.surface_references.emplace_back(stroke.surface, (f.has("surface") ? f["surface"] : f).location());
  if (!f.has("surface") && !s.anatomy)
    f.fail("missing required field 'surface' (the skin of the .msh model)");
  if (!f.has("tool") && !f.has("footprint")) f.fail("give a 'tool' or a 'footprint'");
  if (f.has("tool")) stroke.footprint = tool_footprint(f["tool"]);
  if (const auto fp = f.optional("footprint")) {
    fp->only({"along", "across", "orientation", "distribution", "edge_width"});
    if (fp->has("along")) stroke.footprint.semi_axis_along = 0.5 * (*fp)["along"].quantity(Dimension::Length);
    if (fp->has("across"))
      stroke.footprint.semi_axis_across = 0.5 * (*fp)["across"].quantity(Dimension::Length);
    if (!f.has("tool") && !(fp->has("along") && fp->has("across")))
      fp->fail("give 'along' and 'across' (the footprint's size) or a 'tool'");
    if (fp->has("orientation"))
      stroke.footprint.orientation = (*fp)["orientation"].quantity(Dimension::Angle);
    if (fp->has("distribution")) {
      const std::string d = (*fp)["distribution"].one_of({"uniform", "hertz", "gaussian_edge"});
      stroke.footprint.distribution = d == "uniform" ? PressureDistribution::Uniform
                                      : d == "hertz" ? PressureDistribution::Hertz
                                                     : PressureDistribution::GaussianEdge;
    }
    if (fp->has("edge_width")) stroke.footprint.edge_width = (*fp)["edge_width"].number();
  }
  const int given = f.has("force") + f.has("mean_pressure") + f.has("peak_pressure");
  if (given != 1) f.fail("give exactly one of 'force', 'mean_pressure', 'peak_pressure'");
  if (f.has("force")) {
    stroke.magnitude_kind = StrokeMagnitude::TotalForce;
    stroke.magnitude = f["force"].quantity(Dimension::Force);
  } else if (f.has("mean_pressure")) {
    stroke.magnitude_kind = StrokeMagnitude::MeanPressure;
    stroke.magnitude = f["mean_pressure"].quantity(Dimension::Pressure);
  } else {
    stroke.magnitude_kind = StrokeMagnitude::PeakPressure;
    stroke.magnitude = f["peak_pressure"].quantity(Dimension::Pressure);
  }
  for (const char* key : {"force", "mean_pressure", "peak_pressure"})
    if (f.has(key) && !(stroke.magnitude > 0.0)) f[key].fail("expected a positive value");
  stroke.path = read_path(f["path"], s);
  const double length = path_length(stroke.path);
  std::optional<double> speed;
  if (f.has("speed")) {
    speed = f["speed"].quantity(Dimension::Velocity);
    if (!(*speed > 0.0)) f["speed"].fail("expected a positive speed");
  } else if (length > 0.0) {
    f.fail("missing required field 'speed' (the path has a length)");
  }
  if (const auto fr = f.optional("friction")) {
    stroke.friction = fr->number();
    if (stroke.friction < 0.0) fr->fail("expected a friction coefficient >= 0");
  }
  const auto profile = f.optional("profile");
  read_profile(profile ? &*profile : nullptr, length, speed, stroke);
  s.stroke = std::move(stroke);
  s.stroke_location = f.location();
}

void read_steps(const Field& f, Stepping& st) {
  f.only({"count", "end_time", "max_travel", "ramp_steps", "max_step", "max_cuts"});
  if (f.has("count")) st.steps = f["count"].integer(1, 100000);
  if (f.has("end_time")) {
    st.end_time = f["end_time"].quantity(Dimension::Time);
    if (!(st.end_time > 0.0)) f["end_time"].fail("expected a positive time");
  }
  if (f.has("max_travel")) {
    st.max_travel = f["max_travel"].number();
    if (!(st.max_travel > 0.0 && st.max_travel <= 2.0)) f["max_travel"].fail("expected a fraction in (0, 2]");
  }
  if (f.has("ramp_steps")) st.ramp_steps = f["ramp_steps"].integer(1, 1000);
  if (f.has("max_step")) {
    st.max_step = f["max_step"].quantity(Dimension::Time);
    if (!(st.max_step > 0.0)) f["max_step"].fail("expected a positive time");
  }
  st.end_time_given = f.has("end_time");
  if (f.has("max_cuts")) st.max_cuts = f["max_cuts"].integer(0, 30);
}

}  // namespace

std::string_view tissue_state_name(TissueState state) {
  switch (state) {
    case TissueState::Healthy:
      return "healthy";
    case TissueState::TightPiriformis:
      return "tight_piriformis";
    case TissueState::SensitisedNerve:
      return "sensitised_nerve";
  }
  return "";
}

Scenario load_scenario(const std::filesystem::path& file) {
  Scenario s;
  s.file = file;
  const Field root = load_yaml(file.string());
  {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    s.text = text.str();
  }
  root.only({"name", "description", "sources", "model", "tissue", "viscoelastic", "materials", "supports",
             "loads", "stroke", "steps", "thresholds", "output"});
  s.name = root["name"].text();
  if (const auto d = root.optional("description")) s.description = d->text();
  if (const auto src = root.optional("sources"))
    for (const Field& item : src->items()) s.sources.push_back(item.text());
  if (const auto st = root.optional("steps")) read_steps(*st, s.stepping);
  read_model(root["model"], s);

  if (const auto t = root.optional("tissue")) {
    const std::string state = t->one_of({"healthy", "tight_piriformis", "sensitised_nerve"});
    s.tissue = state == "healthy"            ? TissueState::Healthy
               : state == "tight_piriformis" ? TissueState::TightPiriformis
                                             : TissueState::SensitisedNerve;
    if (s.tissue == TissueState::TightPiriformis && !s.anatomy)
      t->fail(
          "tight_piriformis changes the generated anatomy; with a .msh model give the piriformis' material");
  }
  // A tight piriformis is thicker (11.6 mm in piriformis syndrome, Siahaan et al. 2021) unless the model
  // says.
  if (s.tissue == TissueState::TightPiriformis) {
    const auto a = root["model"]["anatomy"];
    if (!(a.is_map() && a.has("piriformis_thickness"))) s.anatomy->piriformis_thickness = 11.6e-3;
    try {
      s.anatomy->validate();
    } catch (const InputError& e) {
      root["tissue"].fail(e.what());
    }
  }
  if (const auto v = root.optional("viscoelastic")) s.viscoelastic = v->boolean();

  if (const auto m = root.optional("materials")) {
    m->require_map();
    for (const auto& region : m->keys()) {
      MaterialPtr reference;
      try {
        reference = anatomy::reference_material(region, s.viscoelastic);
      } catch (const InputError&) {
      }
      s.materials[region] = read_material((*m)[region], reference);
      s.material_path[region] = (*m)[region].location();
    }
  }
  if (const auto sup = root.optional("supports"))
    for (const Field& item : sup->items()) s.supports.push_back(read_support(item, s));
  if (s.supports.empty() && !s.anatomy)
    root.fail("missing required field 'supports' (a .msh model has no default)");
  if (const auto loads = root.optional("loads"))
    for (const Field& item : loads->items()) read_load(item, s);
  if (const auto st = root.optional("stroke")) read_stroke(*st, s);
  if (!s.stroke && s.pressures.empty() && s.tractions.empty() && s.supports.empty())
    root.fail("nothing loads the model: give a 'stroke', 'loads' or prescribed 'supports'");

  s.thresholds = {20 * kMmHg, 30 * kMmHg, 50 * kMmHg, 80 * kMmHg};
  // Sensitised nerve: thresholds at half the healthy levels. Assumption: no published value.
  if (s.tissue == TissueState::SensitisedNerve)
    for (double& p : s.thresholds) p *= 0.5;
  if (const auto th = root.optional("thresholds")) {
    s.thresholds.clear();
    for (const Field& item : th->items()) {
      s.thresholds.push_back(item.quantity(Dimension::Pressure));
      if (!(s.thresholds.back() > 0.0)) item.fail("expected a positive pressure");
    }
  }
  s.output_name = file.stem().string();
  if (const auto out = root.optional("output")) {
    out->only({"directory", "name", "regions"});
    if (const auto dir = out->optional("directory")) s.output_directory = dir->text();
    if (const auto name = out->optional("name")) {
      s.output_name = name->text();
      if (s.output_name.empty() || s.output_name.find('/') != std::string::npos)
        name->fail("expected a file name without directories");
    }
    if (const auto regions = out->optional("regions")) {
      if (!regions->is_sequence()) regions->fail("expected a list of region names");
      s.metric_regions_location = regions->location();
      for (const Field& item : regions->items()) s.metric_regions.push_back(item.text());
    }
  }
  return s;
}

std::vector<std::string> scenario_fields() {
  std::vector<std::string> fields = {"name",
                                     "description",
                                     "sources",
                                     "model.anatomy",
                                     "model.mesh",
                                     "model.unit",
                                     "tissue",
                                     "viscoelastic",
                                     "materials.<region>.model",
                                     "materials.<region>.shear_modulus",
                                     "materials.<region>.bulk_modulus",
                                     "materials.<region>.c10",
                                     "materials.<region>.c01",
                                     "materials.<region>.mu",
                                     "materials.<region>.alpha",
                                     "materials.<region>.youngs_modulus",
                                     "materials.<region>.poisson_ratio",
                                     "materials.<region>.fibre.k1",
                                     "materials.<region>.fibre.k2",
                                     "materials.<region>.prony",
                                     "supports[].surface",
                                     "supports[].type",
                                     "supports[].direction",
                                     "supports[].value",
                                     "loads[].surface",
                                     "loads[].type",
                                     "loads[].value",
                                     "stroke.surface",
                                     "stroke.tool",
                                     "stroke.footprint.along",
                                     "stroke.footprint.across",
                                     "stroke.footprint.orientation",
                                     "stroke.footprint.distribution",
                                     "stroke.footprint.edge_width",
                                     "stroke.force",
                                     "stroke.mean_pressure",
                                     "stroke.peak_pressure",
                                     "stroke.path.along",
                                     "stroke.path.across",
                                     "stroke.path.offset",
                                     "stroke.path.length",
                                     "stroke.path.at",
                                     "stroke.path.points",
                                     "stroke.speed",
                                     "stroke.friction",
                                     "stroke.profile.start",
                                     "stroke.profile.ramp",
                                     "stroke.profile.hold",
                                     "stroke.profile.release",
                                     "stroke.profile.repeat",
                                     "stroke.profile.rate",
                                     "stroke.profile.progression",
                                     "steps.count",
                                     "steps.end_time",
                                     "steps.max_travel",
                                     "steps.ramp_steps",
                                     "steps.max_step",
                                     "steps.max_cuts",
                                     "thresholds",
                                     "output.directory",
                                     "output.name",
                                     "output.regions"};
  return fields;
}

}  // namespace piriform::scenario
