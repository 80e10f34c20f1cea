// Reads results files back, trusting only the first /steps_completed rows of every step-indexed dataset,
// since rows beyond it were preallocated but never written (or written by a step that did not finish).
#include "engine/results/results_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "engine/common/error.hpp"
#include "engine/results/hdf5_util.hpp"

namespace piriform::results {

namespace fs = std::filesystem;
using h5::Handle;

namespace {

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

[[noreturn]] void damaged(const fs::path& path, const std::string& what) {
  throw InputError(fmt::format("results file {} is damaged: {}", quoted(path), what));
}

// Opens the file read-only after checking that it is a piriform results file of a version this reads.
Handle open_checked(const fs::path& path) {
  std::error_code ec;
  const auto status = fs::status(path, ec);
  if (!fs::exists(status)) throw InputError(fmt::format("results file {} does not exist", quoted(path)));
  if (fs::is_directory(status))
    throw InputError(
        fmt::format("results file {} is a directory (expected an HDF5 results file)", quoted(path)));
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw InputError(fmt::format("{} is not an HDF5 file (expected a piriform results file)", quoted(path)));
  Handle file = h5::file(H5Fopen(path.c_str(), H5F_ACC_RDONLY, h5::file_access().get()));
  if (!file.valid())
    throw InputError(fmt::format("cannot open results file {} (HDF5 failed to open it)", quoted(path)));
  if (h5::read_string_attribute(file.get(), "format") != "piriform-results")
    throw InputError(fmt::format(
        "{} is not a piriform results file (expected a root attribute format = \"piriform-results\")",
        quoted(path)));
  const auto version = h5::read_int_attribute(file.get(), "format_version");
  if (version != results_format_version)
    throw InputError(fmt::format("results file {} has format_version {}; this piriform reads version {}",
                                 quoted(path), version ? std::to_string(*version) : std::string("(missing)"),
                                 results_format_version));
  return file;
}

herr_t collect_link(hid_t, const char* name, const H5L_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
}

herr_t collect_attribute(hid_t, const char* name, const H5A_info_t*, void* names) {
  static_cast<std::vector<std::string>*>(names)->emplace_back(name);
  return 0;
}

// Member names in creation order, or alphabetically for groups made without creation-order tracking.
std::vector<std::string> links(hid_t group) {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Literate(group, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_link, &names) < 0) {
    names.clear();
    index = 0;
    H5Literate(group, H5_INDEX_NAME, H5_ITER_INC, &index, collect_link, &names);
  }
  return names;
}

std::vector<std::string> attributes(hid_t object) {
  std::vector<std::string> names;
  hsize_t index = 0;
  if (H5Aiterate2(object, H5_INDEX_CRT_ORDER, H5_ITER_INC, &index, collect_attribute, &names) < 0) {
    names.clear();
    index = 0;
    H5Aiterate2(object, H5_INDEX_NAME, H5_ITER_INC, &index, collect_attribute, &names);
  }
  return names;
}

// Dataset access that reports what is missing as damage of the file.
struct Source {
  const fs::path& path;
  hid_t file;

  Handle dataset(const std::string& name) const {
    Handle d = h5::dataset(H5Dopen2(file, name.c_str(), H5P_DEFAULT));
    if (!d.valid()) damaged(path, fmt::format("dataset '{}' is missing", name));
    return d;
  }
  Handle group(const std::string& name) const {
    Handle g = h5::group(H5Gopen2(file, name.c_str(), H5P_DEFAULT));
    if (!g.valid()) damaged(path, fmt::format("group '{}' is missing", name));
    return g;
  }
  std::vector<double> doubles(const std::string& name, std::size_t at_least) const {
    auto values = h5::read_doubles(dataset(name).get());
    if (!values || values->size() < at_least)
      damaged(path, fmt::format("dataset '{}' is unreadable or shorter than {}", name, at_least));
    return *values;
  }
  std::vector<std::int64_t> ints(const std::string& name, std::size_t at_least) const {
    auto values = h5::read_int64s(dataset(name).get());
    if (!values || values->size() < at_least)
      damaged(path, fmt::format("dataset '{}' is unreadable or shorter than {}", name, at_least));
    return *values;
  }
  std::string string_attribute(hid_t object, const std::string& object_name, const std::string& name) const {
    auto value = h5::read_string_attribute(object, name);
    if (!value) damaged(path, fmt::format("'{}' has no string attribute '{}'", object_name, name));
    return *value;
  }
};

std::string optional_attribute(hid_t object, const std::string& name) {
  return h5::read_string_attribute(object, name).value_or("");
}

CellType parse_cell_type(const Source& src, const std::string& object, const std::string& name) {
  for (CellType t : all_cell_types)
    if (cell_type_name(t) == name) return t;
  damaged(src.path,
          fmt::format("'{}' has cell_type '{}' (expected tet4, tet10, hex8, hex20, tri3, tri6, quad4 or "
                      "quad8)",
                      object, name));
}

Mesh read_mesh(const Source& src) {
  Mesh mesh;
  Handle nodes = src.dataset("/mesh/nodes");
  const auto node_dims = h5::dims(nodes.get());
  if (node_dims.size() != 2 || node_dims[1] != 3) damaged(src.path, "'/mesh/nodes' is not an N x 3 array");
  const auto X = src.doubles("/mesh/nodes", 0);
  mesh.X = Eigen::Map<const Eigen::Matrix3Xd>(X.data(), 3, static_cast<Eigen::Index>(node_dims[0]));

  Handle cells = src.dataset("/mesh/cells");
  mesh.cell_type =
      parse_cell_type(src, "/mesh/cells", src.string_attribute(cells.get(), "/mesh/cells", "cell_type"));
  const auto cell_dims = h5::dims(cells.get());
  if (cell_dims.size() != 2 || cell_dims[1] != static_cast<hsize_t>(num_nodes(mesh.cell_type)))
    damaged(src.path, fmt::format("'/mesh/cells' is not a C x {} array", num_nodes(mesh.cell_type)));
  for (std::int64_t v : src.ints("/mesh/cells", 0)) mesh.cells.push_back(static_cast<Index>(v));
  for (std::int64_t r : src.ints("/mesh/cell_region", cell_dims[0]))
    mesh.cell_region.push_back(static_cast<int>(r));
  mesh.cell_region.resize(cell_dims[0]);
  auto names = h5::read_string_dataset(src.dataset("/mesh/region_names").get());
  if (!names) damaged(src.path, "'/mesh/region_names' is not a string array");
  mesh.region_names = std::move(*names);

  if (h5::exists(src.file, "/mesh/surfaces")) {
    Handle surfaces = src.group("/mesh/surfaces");
    for (const auto& name : links(surfaces.get())) {
      const std::string object = "/mesh/surfaces/" + name;
      Handle set_data = src.dataset(object);
      FacetSet set{
          name, parse_cell_type(src, object, src.string_attribute(set_data.get(), object, "cell_type")), {}};
      for (std::int64_t v : src.ints(object, 0)) set.nodes.push_back(static_cast<Index>(v));
      mesh.facet_sets.push_back(std::move(set));
    }
  }
  return mesh;
}

void read_series(const Source& src, hid_t group, const std::string& prefix, ResultsFile& out) {
  for (const auto& name : links(group)) {
    const std::string full = prefix.empty() ? name : prefix + "/" + name;
    Handle object{H5Oopen(group, name.c_str(), H5P_DEFAULT), H5Oclose};
    if (H5Iget_type(object.get()) == H5I_GROUP) {
      read_series(src, object.get(), full, out);
      continue;
    }
    auto values = h5::read_doubles(object.get());
    if (!values || values->size() < static_cast<std::size_t>(out.steps_completed))
      damaged(src.path, fmt::format("series '/series/{}' is unreadable or too short", full));
    values->resize(static_cast<std::size_t>(out.steps_completed));
    out.series[full] = {optional_attribute(object.get(), "units"),
                        optional_attribute(object.get(), "description"), std::move(*values)};
  }
}

}  // namespace

ResultsFile open_results(const fs::path& path) {
  h5::QuietErrors quiet;
  Handle file = open_checked(path);
  const Source src{path, file.get()};
  ResultsFile out;
  out.path = path;
  out.status = src.string_attribute(file.get(), "/", "status");
  out.status_message = optional_attribute(file.get(), "status_message");
  out.planned_times = src.doubles("/times", 0);
  out.steps_planned = static_cast<int>(out.planned_times.size());
  const auto completed = src.ints("/steps_completed", 1).front();
  if (completed < 0 || completed > out.steps_planned)
    damaged(path, fmt::format("steps_completed is {} of {} planned steps", completed, out.steps_planned));
  out.steps_completed = static_cast<int>(completed);
  const auto n = static_cast<std::size_t>(completed);

  const auto time = src.doubles("/steps/time", n);
  const auto iterations = src.ints("/steps/iterations", n);
  const auto cuts = src.ints("/steps/cuts", n);
  const auto residual = src.doubles("/steps/residual", n);
  const auto wall = src.doubles("/steps/wall_seconds", n);
  const auto history = h5::read_rows(src.dataset("/steps/residual_history").get(), 0, n);
  if (!history) damaged(path, "'/steps/residual_history' is unreadable");
  const std::size_t width = n == 0 ? 0 : history->size() / n;
  std::vector<std::int64_t> lengths;
  if (h5::exists(file.get(), "/steps/residual_history_length"))
    lengths = src.ints("/steps/residual_history_length", n);
  for (std::size_t i = 0; i < n; ++i) {
    StepInfo s{time[i], static_cast<int>(iterations[i]), static_cast<int>(cuts[i]), residual[i], wall[i], {}};
    const double* row = history->data() + i * width;
    const std::size_t length =
        lengths.empty() ? static_cast<std::size_t>(
                              std::find_if(row, row + width, [](double r) { return std::isnan(r); }) - row)
                        : std::min(static_cast<std::size_t>(std::max<std::int64_t>(lengths[i], 0)), width);
    s.residual_history.assign(row, row + length);
    out.times.push_back(s.time);
    out.steps.push_back(std::move(s));
  }

  out.mesh = read_mesh(src);
  const auto node_rows = static_cast<hsize_t>(out.mesh.num_nodes());
  const auto cell_rows = static_cast<hsize_t>(out.mesh.num_cells());
  Handle fields = src.group("/fields");
  for (const auto& name : links(fields.get())) {
    Handle data = src.dataset("/fields/" + name);
    const auto shape = h5::dims(data.get());
    FieldSpec spec{name, Location::Node, 0, optional_attribute(data.get(), "units"),
                   optional_attribute(data.get(), "description")};
    spec.location = optional_attribute(data.get(), "location") == "cell" ? Location::Cell : Location::Node;
    const hsize_t rows = spec.location == Location::Node ? node_rows : cell_rows;
    if (shape.size() != 3 || shape[0] != static_cast<hsize_t>(out.steps_planned) || shape[1] != rows)
      damaged(path, fmt::format("field '/fields/{}' is not a steps x {} x components array", name, rows));
    spec.components = static_cast<int>(shape[2]);
    out.fields.push_back(std::move(spec));
  }

  Handle series = src.group("/series");
  read_series(src, series.get(), "", out);

  auto scenario = h5::read_string_dataset(src.dataset("/scenario").get());
  if (!scenario || scenario->size() != 1) damaged(path, "'/scenario' is not a string");
  out.scenario_text = std::move(scenario->front());
  out.scenario_path = optional_attribute(src.dataset("/scenario").get(), "path");

  Handle provenance = src.group("/provenance");
  for (const auto& key : attributes(provenance.get()))
    out.provenance.emplace_back(key, src.string_attribute(provenance.get(), "/provenance", key));

  Handle thresholds = src.dataset("/thresholds");
  const auto values = src.doubles("/thresholds", 0);
  const auto names =
      h5::read_string_attribute_array(thresholds.get(), "names").value_or(std::vector<std::string>{});
  if (names.size() != values.size()) damaged(path, "'/thresholds' and its names attribute differ in length");
  for (std::size_t i = 0; i < values.size(); ++i) out.thresholds_pa.emplace_back(names[i], values[i]);
  return out;
}

const FieldSpec& ResultsFile::field(std::string_view name) const {
  for (const auto& f : fields)
    if (f.name == name) return f;
  std::string known;
  for (const auto& f : fields) known += (known.empty() ? "" : ", ") + f.name;
  throw InputError(fmt::format("results file {} has no field '{}'; its fields are: {}", quoted(path), name,
                               known.empty() ? "(none)" : known));
}

std::vector<double> ResultsFile::read_field(std::string_view name, int step) const {
  const FieldSpec& spec = field(name);
  if (step < 0 || step >= steps_completed)
    throw InputError(
        fmt::format("results file {}: step {} of field '{}' was not written ({} of {} steps completed)",
                    quoted(path), step, name, steps_completed, steps_planned));
  h5::QuietErrors quiet;
  Handle file = open_checked(path);
  const Source src{path, file.get()};
  auto values = h5::read_rows(src.dataset("/fields/" + spec.name).get(), static_cast<hsize_t>(step), 1);
  if (!values) damaged(path, fmt::format("field '/fields/{}' is unreadable", spec.name));
  return std::move(*values);
}

}  // namespace piriform::results
