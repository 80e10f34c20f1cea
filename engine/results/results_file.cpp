// Crash-safe results writer: all metadata is created and the disk space reserved before the first step, so
// a step is raw writes into preallocated space followed by the /steps_completed counter and a flush.
#include "engine/results/results_file.hpp"

#include <fcntl.h>
#include <fmt/format.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <limits>
#include <set>
#include <stdexcept>

#include "engine/common/error.hpp"
#include "engine/results/hdf5_util.hpp"
#include "engine/results/xdmf.hpp"

namespace piriform::results {

namespace fs = std::filesystem;
using h5::Handle;

namespace {

constexpr std::size_t status_size = 16;
constexpr std::size_t message_size = 256;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

void check_name(const char* kind, const std::string& name, bool allow_group) {
  const auto slash = name.find('/');
  bool ok = !name.empty() && name != "." && name != "..";
  if (slash != std::string::npos)
    ok = ok && allow_group && slash > 0 && slash + 1 < name.size() &&
         name.find('/', slash + 1) == std::string::npos;
  if (!ok)
    throw InputError(fmt::format("results layout: {} name '{}' is not valid (expected a non-empty name{})",
                                 kind, name,
                                 allow_group ? " with at most one '/', as in group/name" : " without '/'"));
}

void check_layout(const ResultsLayout& layout) {
  if (layout.mesh == nullptr) throw InputError("results layout has no mesh (expected the mesh of the run)");
  if (layout.times.empty())
    throw InputError("results layout has no output times (expected at least the time of the initial state)");
  const Mesh& mesh = *layout.mesh;
  if (mesh.cells.size() % static_cast<std::size_t>(mesh.nodes_per_cell()) != 0 ||
      mesh.cell_region.size() != static_cast<std::size_t>(mesh.num_cells()))
    throw InputError(
        fmt::format("results layout: the mesh has {} connectivity entries and {} region entries "
                    "(expected {} per cell and one per cell)",
                    mesh.cells.size(), mesh.cell_region.size(), mesh.nodes_per_cell()));
  std::set<std::string> fields, series, provenance;
  for (const auto& f : layout.fields) {
    check_name("field", f.name, false);
    if (f.components < 1)
      throw InputError(fmt::format("results layout: field '{}' has {} components (expected 1 or more)",
                                   f.name, f.components));
    if (!fields.insert(f.name).second)
      throw InputError(fmt::format("results layout: field '{}' is listed twice", f.name));
  }
  for (const auto& s : layout.series) {
    check_name("series", s.name, true);
    if (!series.insert(s.name).second)
      throw InputError(fmt::format("results layout: series '{}' is listed twice", s.name));
  }
  for (const auto& s : layout.series) {
    const auto slash = s.name.find('/');
    if (slash != std::string::npos && series.count(s.name.substr(0, slash)))
      throw InputError(
          fmt::format("results layout: series '{}' needs a group '{}', which is also a series name", s.name,
                      s.name.substr(0, slash)));
  }
  for (const auto& [key, value] : layout.provenance) {
    check_name("provenance", key, false);
    if (!provenance.insert(key).second)
      throw InputError(fmt::format("results layout: provenance entry '{}' is listed twice", key));
  }
  for (const auto& set : layout.mesh->facet_sets) check_name("surface", set.name, false);
}

void check_destination(const fs::path& file, bool overwrite) {
  const fs::path dir = file.parent_path().empty() ? fs::path(".") : file.parent_path();
  std::error_code ec;
  const auto dir_status = fs::status(dir, ec);
  if (!fs::exists(dir_status))
    throw InputError(fmt::format("output directory {} does not exist (expected an existing directory for {})",
                                 quoted(dir), quoted(file.filename())));
  if (!fs::is_directory(dir_status))
    throw InputError(fmt::format("output directory {} is not a directory (expected a directory for {})",
                                 quoted(dir), quoted(file.filename())));
  if (::access(dir.c_str(), W_OK | X_OK) != 0)
    throw InputError(fmt::format("output directory {} is not writable", quoted(dir)));
  const auto file_status = fs::symlink_status(file, ec);
  if (fs::exists(file_status)) {
    if (!overwrite)
      throw InputError(fmt::format(
          "results file {} exists already; pass --overwrite to replace it or choose another output directory",
          quoted(file)));
    if (fs::is_directory(file_status))
      throw InputError(fmt::format("results file {} is a directory (expected a file name)", quoted(file)));
  }
}

// Raw bytes the datasets of a layout take (metadata excluded), to test the disk before HDF5 opens a file:
// HDF5 cannot close a file whose pending metadata does not fit, and then fails again when the program exits.
std::uintmax_t raw_bytes(const ResultsLayout& layout) {
  const Mesh& mesh = *layout.mesh;
  const std::uintmax_t N = static_cast<std::uintmax_t>(mesh.num_nodes()),
                       C = static_cast<std::uintmax_t>(mesh.num_cells()),
                       npc = static_cast<std::uintmax_t>(mesh.nodes_per_cell()), S = layout.times.size();
  std::uintmax_t bytes = 8 * (3 * N + 2 * C * npc) + 4 * C + layout.scenario_text.size();
  for (const auto& set : mesh.facet_sets) bytes += 8 * set.nodes.size();
  for (const auto& f : layout.fields)
    bytes += 8 * S * static_cast<std::uintmax_t>(f.components) * (f.location == Location::Node ? N : C);
  bytes += 8 * S * (layout.series.size() + residual_history_capacity + 8);
  return bytes;
}

// Tries to allocate `bytes` for `file` on its file system; throws InputError when there is no room.
void test_disk_room(const fs::path& file, std::uintmax_t bytes) {
  fs::path probe = file;
  probe += ".reserve";
  const int fd = ::open(probe.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0)
    throw InputError(fmt::format("cannot create results file {}: {}", quoted(file), std::strerror(errno)));
  const int err = ::posix_fallocate(fd, 0, static_cast<off_t>(bytes));
  ::close(fd);
  std::error_code ec;
  fs::remove(probe, ec);
  const std::string amount = fmt::format("{:.1f} MB", static_cast<double>(bytes) / 1e6);
  if (err == ENOSPC)
    throw InputError(fmt::format("cannot reserve {} for results file {}: no space left on the device", amount,
                                 quoted(file)));
  if (err == EFBIG)
    throw InputError(fmt::format("cannot reserve {} for results file {}: file size limit (see ulimit -f)",
                                 amount, quoted(file)));
}

// The step-indexed datasets written on every step; opened once, kept open for the run.
struct StepDatasets {
  Handle time, iterations, cuts, residual, wall_seconds, history, history_length;
};

// Writes row `index` (the first dimension) of a dataset from a buffer holding exactly one row.
bool write_row(hid_t dataset, hid_t memtype, hsize_t index, const void* data) {
  std::vector<hsize_t> count = h5::dims(dataset);
  if (count.empty() || index >= count[0]) return false;
  std::vector<hsize_t> start(count.size(), 0);
  start[0] = index;
  count[0] = 1;
  Handle file_space = h5::dataspace(H5Dget_space(dataset));
  Handle memory_space =
      h5::dataspace(H5Screate_simple(static_cast<int>(count.size()), count.data(), nullptr));
  return file_space.valid() && memory_space.valid() &&
         H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, count.data(),
                             nullptr) >= 0 &&
         H5Dwrite(dataset, memtype, memory_space.get(), file_space.get(), H5P_DEFAULT, data) >= 0;
}

}  // namespace

struct ResultsWriter::Impl {
  fs::path path;
  Handle file;  // closed after every dataset, by close()
  std::vector<Handle> fields;
  std::vector<std::size_t> field_sizes;
  std::vector<Handle> series;
  StepDatasets steps;
  Handle steps_completed;
  Handle dcpl;
  int steps_planned = 0;
  int written = 0;

  ~Impl() {
    h5::QuietErrors quiet;
    close();
  }

  bool close() {
    fields.clear();
    series.clear();
    steps = {};
    steps_completed.reset();
    dcpl.reset();
    return file.reset();
  }

  [[noreturn]] void fail(const std::string& what) const {
    throw InputError(fmt::format("cannot create results file {}: HDF5 could not {}", quoted(path), what));
  }
  hid_t check(hid_t id, const std::string& what) const {
    if (id < 0) fail(what);
    return id;
  }
  void check(herr_t status, const std::string& what) const {
    if (status < 0) fail(what);
  }

  void create(const ResultsLayout& layout, bool overwrite, bool& created);
  void reserve();
  Handle group(hid_t loc, const std::string& name, bool ordered);
  Handle dataset(hid_t loc, const std::string& name, hid_t type, const std::vector<hsize_t>& shape);
  void write_all(hid_t dataset, hid_t memtype, const void* data, std::size_t count, const std::string& name);
  void string_attribute(hid_t object, const std::string& name, const std::string& value, std::size_t size);
  void string_array_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
  void int_attribute(hid_t object, const std::string& name, std::int64_t value);
  void describe(hid_t object, const std::string& unit, const std::string& description);
};

Handle ResultsWriter::Impl::group(hid_t loc, const std::string& name, bool ordered) {
  Handle gcpl = h5::plist(H5Pcreate(H5P_GROUP_CREATE));
  H5Pset_obj_track_times(gcpl.get(), 0);
  // Creation order is tracked so that the reader lists fields, series and provenance in layout order.
  if (ordered) {
    H5Pset_link_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
    H5Pset_attr_creation_order(gcpl.get(), H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED);
  }
  return h5::group(
      check(H5Gcreate2(loc, name.c_str(), H5P_DEFAULT, gcpl.get(), H5P_DEFAULT), "create group " + name));
}

Handle ResultsWriter::Impl::dataset(hid_t loc, const std::string& name, hid_t type,
                                    const std::vector<hsize_t>& shape) {
  Handle space =
      h5::dataspace(shape.empty() ? H5Screate(H5S_SCALAR)
                                  : H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr));
  check(space.get(), "create the dataspace of " + name);
  return h5::dataset(
      check(H5Dcreate2(loc, name.c_str(), type, space.get(), H5P_DEFAULT, dcpl.get(), H5P_DEFAULT),
            "create " + name));
}

void ResultsWriter::Impl::write_all(hid_t dataset, hid_t memtype, const void* data, std::size_t count,
                                    const std::string& name) {
  if (count > 0) check(H5Dwrite(dataset, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, data), "write " + name);
}

// size: the fixed length of the string type; 0 for the length of the value.
void ResultsWriter::Impl::string_attribute(hid_t object, const std::string& name, const std::string& value,
                                           std::size_t size) {
  if (size == 0) size = value.size();
  Handle type = h5::fixed_string_type(size);
  Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  Handle attr =
      h5::attribute(check(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          "create attribute " + name));
  std::string buffer = value;
  buffer.resize(std::max<std::size_t>(size, 1), '\0');
  check(H5Awrite(attr.get(), type.get(), buffer.data()), "write attribute " + name);
}

void ResultsWriter::Impl::string_array_attribute(hid_t object, const std::string& name,
                                                 const std::vector<std::string>& values) {
  std::size_t size = 1;
  for (const auto& v : values) size = std::max(size, v.size());
  Handle type = h5::fixed_string_type(size);
  const hsize_t n = values.size();
  Handle space = h5::dataspace(n == 0 ? H5Screate(H5S_NULL) : H5Screate_simple(1, &n, nullptr));
  Handle attr =
      h5::attribute(check(H5Acreate2(object, name.c_str(), type.get(), space.get(), H5P_DEFAULT, H5P_DEFAULT),
                          "create attribute " + name));
  std::string buffer(values.size() * size, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) values[i].copy(buffer.data() + i * size, size);
  if (n > 0) check(H5Awrite(attr.get(), type.get(), buffer.data()), "write attribute " + name);
}

void ResultsWriter::Impl::int_attribute(hid_t object, const std::string& name, std::int64_t value) {
  Handle space = h5::dataspace(H5Screate(H5S_SCALAR));
  Handle attr = h5::attribute(
      check(H5Acreate2(object, name.c_str(), H5T_STD_I64LE, space.get(), H5P_DEFAULT, H5P_DEFAULT),
            "create attribute " + name));
  check(H5Awrite(attr.get(), H5T_NATIVE_INT64, &value), "write attribute " + name);
}

void ResultsWriter::Impl::describe(hid_t object, const std::string& unit, const std::string& description) {
  string_attribute(object, "units", unit, unit.size());
  if (!description.empty()) string_attribute(object, "description", description, description.size());
}

void ResultsWriter::Impl::reserve() {
  hsize_t size = 0;
  check(H5Fget_filesize(file.get(), &size), "report the file size");
  const int fd = ::open(path.c_str(), O_WRONLY | O_CLOEXEC);
  if (fd < 0)
    throw InputError(
        fmt::format("cannot reserve space for results file {}: {}", quoted(path), std::strerror(errno)));
  const int err = ::posix_fallocate(fd, 0, static_cast<off_t>(size));
  ::close(fd);
  const double mb = static_cast<double>(size) / 1e6;
  const std::string amount =
      mb >= 0.1 ? fmt::format("{:.1f} MB", mb) : fmt::format("{:.0f} kB", std::ceil(mb * 1e3));
  if (err == ENOSPC)
    throw InputError(fmt::format("cannot reserve {} for results file {}: no space left on the device", amount,
                                 quoted(path)));
  if (err == EFBIG)
    throw InputError(fmt::format("cannot reserve {} for results file {}: file size limit (see ulimit -f)",
                                 amount, quoted(path)));
  // File systems without fallocate support: the run goes on without the reservation.
  if (err != 0 && err != EINVAL && err != EOPNOTSUPP && err != ENODEV)
    throw InputError(
        fmt::format("cannot reserve {} for results file {}: {}", amount, quoted(path), std::strerror(err)));
}

void ResultsWriter::Impl::create(const ResultsLayout& layout, bool overwrite, bool& created) {
  const Mesh& mesh = *layout.mesh;
  const auto S = static_cast<hsize_t>(layout.times.size());
  const auto N = static_cast<hsize_t>(mesh.num_nodes());
  const auto C = static_cast<hsize_t>(mesh.num_cells());
  const auto npc = static_cast<hsize_t>(mesh.nodes_per_cell());
  steps_planned = static_cast<int>(S);

  // The file close degree stays the driver's default: like the locking flags, it must match for the file to
  // be opened a second time in this process (by open_results). close() closes every dataset before the file.
  Handle fapl = h5::file_access();
  errno = 0;
  file = h5::file(H5Fcreate(path.c_str(), overwrite ? H5F_ACC_TRUNC : H5F_ACC_EXCL, H5P_DEFAULT, fapl.get()));
  if (!file.valid()) {
    const int err = errno;
    throw InputError(fmt::format("cannot create results file {}{}", quoted(path),
                                 err != 0 ? ": " + std::string(std::strerror(err)) : std::string()));
  }
  created = true;

  // Storage allocated now (so no metadata changes during the run), no fill writes (each row is written once,
  // by its step) and no modification times (which would rewrite object headers on every write).
  dcpl = h5::plist(H5Pcreate(H5P_DATASET_CREATE));
  check(H5Pset_layout(dcpl.get(), H5D_CONTIGUOUS), "set the dataset layout");
  check(H5Pset_alloc_time(dcpl.get(), H5D_ALLOC_TIME_EARLY), "set the allocation time");
  check(H5Pset_fill_time(dcpl.get(), H5D_FILL_TIME_NEVER), "set the fill time");
  check(H5Pset_obj_track_times(dcpl.get(), 0), "turn off time tracking");

  // Phase 1: every object and attribute. Nothing but metadata is written, and it stays in HDF5's cache until
  // the flush, so a disk that cannot hold the file fails the reservation before any data goes out.
  const hid_t root = file.get();
  string_attribute(root, "format", "piriform-results", 16);
  int_attribute(root, "format_version", results_format_version);
  string_attribute(root, "status", "running", status_size);
  string_attribute(root, "status_message", "", message_size);
  int_attribute(root, "steps_planned", steps_planned);

  Handle mesh_group = group(root, "mesh", false);
  Handle nodes = dataset(mesh_group.get(), "nodes", H5T_IEEE_F64LE, {N, 3});
  describe(nodes.get(), "m", "reference coordinates of the nodes");
  Handle cells = dataset(mesh_group.get(), "cells", H5T_STD_I64LE, {C, npc});
  string_attribute(cells.get(), "cell_type", std::string(cell_type_name(mesh.cell_type)), 0);
  string_attribute(cells.get(), "node_order", "gmsh", 0);
  Handle vtk_cells = dataset(mesh_group.get(), "vtk_cells", H5T_STD_I64LE, {C, npc});
  string_attribute(vtk_cells.get(), "cell_type", std::string(cell_type_name(mesh.cell_type)), 0);
  string_attribute(vtk_cells.get(), "node_order", "vtk", 0);
  Handle cell_region = dataset(mesh_group.get(), "cell_region", H5T_STD_I32LE, {C});
  std::size_t name_size = 1;
  for (const auto& n : mesh.region_names) name_size = std::max(name_size, n.size());
  Handle name_type = h5::fixed_string_type(name_size);
  Handle region_names =
      dataset(mesh_group.get(), "region_names", name_type.get(), {mesh.region_names.size()});
  Handle surfaces_group = group(mesh_group.get(), "surfaces", true);
  std::vector<Handle> surfaces;
  for (const auto& set : mesh.facet_sets) {
    surfaces.push_back(
        dataset(surfaces_group.get(), set.name, H5T_STD_I64LE,
                {static_cast<hsize_t>(set.size()), static_cast<hsize_t>(num_nodes(set.type))}));
    string_attribute(surfaces.back().get(), "cell_type", std::string(cell_type_name(set.type)), 0);
  }

  Handle times = dataset(root, "times", H5T_IEEE_F64LE, {S});
  describe(times.get(), "s", "planned output times");
  steps_completed = dataset(root, "steps_completed", H5T_STD_I64LE, {});

  Handle steps_group = group(root, "steps", false);
  steps.time = dataset(steps_group.get(), "time", H5T_IEEE_F64LE, {S});
  describe(steps.time.get(), "s", "time of the output step");
  steps.iterations = dataset(steps_group.get(), "iterations", H5T_STD_I32LE, {S});
  string_attribute(steps.iterations.get(), "description", "Newton iterations of the step", 0);
  steps.cuts = dataset(steps_group.get(), "cuts", H5T_STD_I32LE, {S});
  string_attribute(steps.cuts.get(), "description", "step cuts (halvings) on the way to the step", 0);
  steps.residual = dataset(steps_group.get(), "residual", H5T_IEEE_F64LE, {S});
  string_attribute(steps.residual.get(), "description", "final residual norm of the step", 0);
  steps.wall_seconds = dataset(steps_group.get(), "wall_seconds", H5T_IEEE_F64LE, {S});
  describe(steps.wall_seconds.get(), "s", "wall-clock time spent on the step");
  steps.history =
      dataset(steps_group.get(), "residual_history", H5T_IEEE_F64LE, {S, hsize_t{residual_history_capacity}});
  string_attribute(
      steps.history.get(), "description",
      "residual norms of the step's iterations (the last 64), NaN beyond residual_history_length", 0);
  steps.history_length = dataset(steps_group.get(), "residual_history_length", H5T_STD_I32LE, {S});

  Handle fields_group = group(root, "fields", true);
  for (const auto& f : layout.fields) {
    const hsize_t rows = f.location == Location::Node ? N : C;
    fields.push_back(
        dataset(fields_group.get(), f.name, H5T_IEEE_F64LE, {S, rows, static_cast<hsize_t>(f.components)}));
    field_sizes.push_back(static_cast<std::size_t>(rows) * static_cast<std::size_t>(f.components));
    describe(fields.back().get(), f.unit, f.description);
    string_attribute(fields.back().get(), "location", f.location == Location::Node ? "node" : "cell", 0);
  }

  Handle series_group = group(root, "series", true);
  std::vector<std::pair<std::string, Handle>> series_subgroups;
  for (const auto& s : layout.series) {
    const auto slash = s.name.find('/');
    hid_t loc = series_group.get();
    if (slash != std::string::npos) {
      const std::string prefix = s.name.substr(0, slash);
      auto it = std::find_if(series_subgroups.begin(), series_subgroups.end(),
                             [&](const auto& g) { return g.first == prefix; });
      if (it == series_subgroups.end()) {
        series_subgroups.emplace_back(prefix, group(series_group.get(), prefix, true));
        it = series_subgroups.end() - 1;
      }
      loc = it->second.get();
    }
    series.push_back(
        dataset(loc, s.name.substr(slash == std::string::npos ? 0 : slash + 1), H5T_IEEE_F64LE, {S}));
    describe(series.back().get(), s.unit, s.description);
  }

  Handle text_type = h5::fixed_string_type(layout.scenario_text.size());
  Handle scenario = dataset(root, "scenario", text_type.get(), {});
  string_attribute(scenario.get(), "path", layout.scenario_path, layout.scenario_path.size());

  Handle provenance = group(root, "provenance", true);
  for (const auto& [key, value] : layout.provenance)
    string_attribute(provenance.get(), key, value, value.size());

  Handle thresholds = dataset(root, "thresholds", H5T_IEEE_F64LE, {layout.thresholds_pa.size()});
  describe(thresholds.get(), "Pa", "pressure thresholds the run reports against");
  std::vector<std::string> threshold_names;
  std::vector<double> threshold_values;
  for (const auto& [name, value] : layout.thresholds_pa) {
    threshold_names.push_back(name);
    threshold_values.push_back(value);
  }
  string_array_attribute(thresholds.get(), "names", threshold_names);

  reserve();

  // Phase 2: the data known at creation.
  write_all(nodes.get(), H5T_NATIVE_DOUBLE, mesh.X.data(), N * 3, "/mesh/nodes");
  std::vector<std::int64_t> gmsh(mesh.cells.begin(), mesh.cells.end());
  write_all(cells.get(), H5T_NATIVE_INT64, gmsh.data(), gmsh.size(), "/mesh/cells");
  const std::vector<int> order = vtk_node_order(mesh.cell_type);
  std::vector<std::int64_t> vtk(gmsh.size());
  for (std::size_t c = 0; c < C; ++c)
    for (std::size_t k = 0; k < npc; ++k)
      vtk[c * npc + k] = gmsh[c * npc + static_cast<std::size_t>(order[k])];
  write_all(vtk_cells.get(), H5T_NATIVE_INT64, vtk.data(), vtk.size(), "/mesh/vtk_cells");
  write_all(cell_region.get(), H5T_NATIVE_INT, mesh.cell_region.data(), mesh.cell_region.size(),
            "/mesh/cell_region");
  std::string names(mesh.region_names.size() * name_size, '\0');
  for (std::size_t i = 0; i < mesh.region_names.size(); ++i)
    mesh.region_names[i].copy(names.data() + i * name_size, name_size);
  write_all(region_names.get(), name_type.get(), names.data(), mesh.region_names.size(),
            "/mesh/region_names");
  for (std::size_t i = 0; i < surfaces.size(); ++i) {
    const auto& set = mesh.facet_sets[i];
    std::vector<std::int64_t> facets(set.nodes.begin(), set.nodes.end());
    write_all(surfaces[i].get(), H5T_NATIVE_INT64, facets.data(), facets.size(),
              "/mesh/surfaces/" + set.name);
  }
  write_all(times.get(), H5T_NATIVE_DOUBLE, layout.times.data(), layout.times.size(), "/times");
  const std::int64_t zero = 0;
  write_all(steps_completed.get(), H5T_NATIVE_INT64, &zero, 1, "/steps_completed");
  std::string text = layout.scenario_text;
  text.resize(std::max<std::size_t>(text.size(), 1), '\0');
  write_all(scenario.get(), text_type.get(), text.data(), 1, "/scenario");
  write_all(thresholds.get(), H5T_NATIVE_DOUBLE, threshold_values.data(), threshold_values.size(),
            "/thresholds");

  check(H5Fflush(root, H5F_SCOPE_GLOBAL), "flush the file");
  reserve();
}

ResultsWriter::ResultsWriter(const fs::path& file, const ResultsLayout& layout, bool overwrite)
    : impl_(std::make_unique<Impl>()) {
  check_layout(layout);
  check_destination(file, overwrite);
  test_disk_room(file, raw_bytes(layout));
  impl_->path = file;
  h5::QuietErrors quiet;
  bool created = false;
  try {
    impl_->create(layout, overwrite, created);
  } catch (...) {
    impl_->close();
    std::error_code ec;
    if (created) fs::remove(file, ec);
    throw;
  }
}

ResultsWriter::~ResultsWriter() = default;
ResultsWriter::ResultsWriter(ResultsWriter&&) noexcept = default;
ResultsWriter& ResultsWriter::operator=(ResultsWriter&&) noexcept = default;

void ResultsWriter::write_step(int index, const StepInfo& info,
                               std::span<const std::span<const double>> fields,
                               std::span<const double> series) {
  if (!impl_ || !impl_->file.valid()) throw std::logic_error("ResultsWriter::write_step after finish()");
  Impl& w = *impl_;
  if (index != w.written || index >= w.steps_planned)
    throw std::logic_error(fmt::format("ResultsWriter::write_step({}) for {}: expected step {} of {}", index,
                                       quoted(w.path), w.written, w.steps_planned));
  if (fields.size() != w.fields.size() || series.size() != w.series.size())
    throw std::logic_error(
        fmt::format("ResultsWriter::write_step: {} fields and {} series given, {} has {} and {}",
                    fields.size(), series.size(), quoted(w.path), w.fields.size(), w.series.size()));
  for (std::size_t i = 0; i < fields.size(); ++i)
    if (fields[i].size() != w.field_sizes[i])
      throw std::logic_error(fmt::format("ResultsWriter::write_step: field {} has {} values, expected {}", i,
                                         fields[i].size(), w.field_sizes[i]));

  h5::QuietErrors quiet;
  const auto row = static_cast<hsize_t>(index);
  auto ok = [&](bool written) {
    if (!written)
      throw InputError(
          fmt::format("cannot write output step {} to results file {} (HDF5 write failed; the {} steps "
                      "before it are intact)",
                      index, quoted(w.path), index));
  };
  for (std::size_t i = 0; i < fields.size(); ++i)
    ok(write_row(w.fields[i].get(), H5T_NATIVE_DOUBLE, row, fields[i].data()));
  for (std::size_t i = 0; i < series.size(); ++i)
    ok(write_row(w.series[i].get(), H5T_NATIVE_DOUBLE, row, &series[i]));

  std::vector<double> history(residual_history_capacity, std::numeric_limits<double>::quiet_NaN());
  const std::size_t kept = std::min(info.residual_history.size(), history.size());
  std::copy(info.residual_history.end() - static_cast<std::ptrdiff_t>(kept), info.residual_history.end(),
            history.begin());
  const int kept_int = static_cast<int>(kept);
  ok(write_row(w.steps.time.get(), H5T_NATIVE_DOUBLE, row, &info.time));
  ok(write_row(w.steps.iterations.get(), H5T_NATIVE_INT, row, &info.iterations));
  ok(write_row(w.steps.cuts.get(), H5T_NATIVE_INT, row, &info.cuts));
  ok(write_row(w.steps.residual.get(), H5T_NATIVE_DOUBLE, row, &info.residual));
  ok(write_row(w.steps.wall_seconds.get(), H5T_NATIVE_DOUBLE, row, &info.wall_seconds));
  ok(write_row(w.steps.history.get(), H5T_NATIVE_DOUBLE, row, history.data()));
  ok(write_row(w.steps.history_length.get(), H5T_NATIVE_INT, row, &kept_int));

  // The step's data reaches the OS before the counter that vouches for it: HDF5 may otherwise keep a row in
  // its sieve buffer while writing the counter, and a kill in between would expose an unwritten row.
  ok(H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL) >= 0);
  const std::int64_t completed = index + 1;
  ok(H5Dwrite(w.steps_completed.get(), H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, &completed) >= 0);
  ok(H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL) >= 0);
  ++w.written;
}

void ResultsWriter::finish(bool completed, const std::string& message) {
  if (!impl_ || !impl_->file.valid()) throw std::logic_error("ResultsWriter::finish called twice");
  Impl& w = *impl_;
  h5::QuietErrors quiet;
  // Overwrites the fixed-size attributes made at creation: same size, so the object header keeps its layout.
  auto overwrite = [&](const char* name, std::string value, std::size_t size) {
    std::size_t n = std::min(value.size(), size);
    while (n > 0 && n < value.size() && (static_cast<unsigned char>(value[n]) & 0xC0) == 0x80) --n;
    value.resize(n);
    value.resize(size, '\0');
    Handle type = h5::fixed_string_type(size);
    Handle attr = h5::attribute(H5Aopen(w.file.get(), name, H5P_DEFAULT));
    return attr.valid() && H5Awrite(attr.get(), type.get(), value.data()) >= 0;
  };
  const bool written = overwrite("status", completed ? "completed" : "failed", status_size) &&
                       overwrite("status_message", message, message_size) &&
                       H5Fflush(w.file.get(), H5F_SCOPE_GLOBAL) >= 0;
  const bool closed = w.close();
  if (!written || !closed)
    throw InputError(
        fmt::format("cannot record the final status in results file {} (HDF5 write failed)", quoted(w.path)));
}

int ResultsWriter::steps_written() const { return impl_ ? impl_->written : 0; }
int ResultsWriter::steps_planned() const { return impl_ ? impl_->steps_planned : 0; }
const fs::path& ResultsWriter::path() const { return impl_->path; }

}  // namespace piriform::results
