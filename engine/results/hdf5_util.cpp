// Shared HDF5 C-API helpers of engine/results: typed attribute and dataset reads that tolerate both fixed-
// and variable-length strings, so files post-processed with other tools still read back.
#include "engine/results/hdf5_util.hpp"

namespace piriform::results::h5 {

QuietErrors::QuietErrors() {
  saved_ = H5Eget_auto2(H5E_DEFAULT, &func_, &data_) >= 0;
  H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

QuietErrors::~QuietErrors() {
  if (saved_) H5Eset_auto2(H5E_DEFAULT, func_, data_);
}

Handle file_access() {
  Handle fapl = plist(H5Pcreate(H5P_FILE_ACCESS));
#if (H5_VERS_MAJOR == 1 && H5_VERS_MINOR == 10 && H5_VERS_RELEASE >= 7) || H5_VERSION_GE(1, 12, 1)
  H5Pset_file_locking(fapl.get(), false, true);
#endif
  return fapl;
}

Handle fixed_string_type(std::size_t size) {
  Handle type = datatype(H5Tcopy(H5T_C_S1));
  H5Tset_size(type.get(), size == 0 ? 1 : size);
  H5Tset_strpad(type.get(), H5T_STR_NULLPAD);
  H5Tset_cset(type.get(), H5T_CSET_UTF8);
  return type;
}

bool exists(hid_t loc, const std::string& path) {
  // H5Lexists fails rather than answering false when an intermediate group is missing, so walk the path.
  if (path.empty()) return false;
  const std::size_t start0 = path.front() == '/' ? 1 : 0;
  std::string prefix(start0, '/');  // "/" for an absolute path
  std::size_t start = start0;
  while (start <= path.size()) {
    const std::size_t slash = path.find('/', start);
    const std::size_t end = slash == std::string::npos ? path.size() : slash;
    prefix += path.substr(start, end - start);
    if (H5Lexists(loc, prefix.c_str(), H5P_DEFAULT) <= 0) return false;
    if (slash == std::string::npos) return true;
    prefix += '/';
    start = slash + 1;
  }
  return true;
}

std::vector<hsize_t> dims(hid_t dataset) {
  Handle space = dataspace(H5Dget_space(dataset));
  const int rank = space.valid() ? H5Sget_simple_extent_ndims(space.get()) : -1;
  if (rank <= 0) return {};
  std::vector<hsize_t> out(static_cast<std::size_t>(rank));
  H5Sget_simple_extent_dims(space.get(), out.data(), nullptr);
  return out;
}

namespace {

// Reads every element of a string attribute (is_attribute) or dataset.
std::optional<std::vector<std::string>> read_strings(hid_t object, bool is_attribute) {
  Handle type = datatype(is_attribute ? H5Aget_type(object) : H5Dget_type(object));
  Handle space = dataspace(is_attribute ? H5Aget_space(object) : H5Dget_space(object));
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_STRING) return std::nullopt;
  const hssize_t npoints = H5Sget_simple_extent_npoints(space.get());
  if (npoints < 0) return std::nullopt;
  const auto n = static_cast<std::size_t>(npoints);
  std::vector<std::string> out;
  if (n == 0) return out;
  auto read = [&](hid_t memtype, void* buffer) {
    return is_attribute ? H5Aread(object, memtype, buffer)
                        : H5Dread(object, memtype, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer);
  };
  if (H5Tis_variable_str(type.get()) > 0) {
    Handle memtype = datatype(H5Tcopy(H5T_C_S1));
    H5Tset_size(memtype.get(), H5T_VARIABLE);
    H5Tset_cset(memtype.get(), H5Tget_cset(type.get()));
    std::vector<char*> buffer(n, nullptr);
    if (read(memtype.get(), buffer.data()) < 0) return std::nullopt;
    for (char* s : buffer) {
      out.emplace_back(s == nullptr ? "" : s);
      H5free_memory(s);
    }
    return out;
  }
  const std::size_t size = H5Tget_size(type.get());
  std::vector<char> buffer(n * size);
  if (read(type.get(), buffer.data()) < 0) return std::nullopt;
  for (std::size_t i = 0; i < n; ++i) {
    std::string s(buffer.data() + i * size, size);
    s.resize(s.find('\0') == std::string::npos ? size : s.find('\0'));
    if (H5Tget_strpad(type.get()) == H5T_STR_SPACEPAD) s.erase(s.find_last_not_of(' ') + 1);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

std::optional<std::vector<std::string>> read_string_attribute_array(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) <= 0) return std::nullopt;
  Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  if (!attr.valid()) return std::nullopt;
  return read_strings(attr.get(), true);
}

std::optional<std::string> read_string_attribute(hid_t object, const std::string& name) {
  auto all = read_string_attribute_array(object, name);
  if (!all || all->size() != 1) return std::nullopt;
  return std::move(all->front());
}

std::optional<std::int64_t> read_int_attribute(hid_t object, const std::string& name) {
  if (H5Aexists(object, name.c_str()) <= 0) return std::nullopt;
  Handle attr = attribute(H5Aopen(object, name.c_str(), H5P_DEFAULT));
  Handle type = datatype(attr.valid() ? H5Aget_type(attr.get()) : H5I_INVALID_HID);
  Handle space = dataspace(attr.valid() ? H5Aget_space(attr.get()) : H5I_INVALID_HID);
  if (!type.valid() || !space.valid() || H5Tget_class(type.get()) != H5T_INTEGER ||
      H5Sget_simple_extent_npoints(space.get()) != 1)
    return std::nullopt;
  std::int64_t value = 0;
  if (H5Aread(attr.get(), H5T_NATIVE_INT64, &value) < 0) return std::nullopt;
  return value;
}

std::optional<std::vector<std::string>> read_string_dataset(hid_t dataset) {
  return read_strings(dataset, false);
}

std::optional<std::vector<double>> read_doubles(hid_t dataset) {
  Handle space = dataspace(H5Dget_space(dataset));
  const hssize_t n = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
  if (n < 0) return std::nullopt;
  std::vector<double> out(static_cast<std::size_t>(n));
  if (n > 0 && H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    return std::nullopt;
  return out;
}

std::optional<std::vector<std::int64_t>> read_int64s(hid_t dataset) {
  Handle space = dataspace(H5Dget_space(dataset));
  const hssize_t n = space.valid() ? H5Sget_simple_extent_npoints(space.get()) : -1;
  if (n < 0) return std::nullopt;
  std::vector<std::int64_t> out(static_cast<std::size_t>(n));
  if (n > 0 && H5Dread(dataset, H5T_NATIVE_INT64, H5S_ALL, H5S_ALL, H5P_DEFAULT, out.data()) < 0)
    return std::nullopt;
  return out;
}

std::optional<std::vector<double>> read_rows(hid_t dataset, hsize_t first, hsize_t count) {
  std::vector<hsize_t> shape = dims(dataset);
  if (shape.empty() || first + count > shape[0]) return std::nullopt;
  std::vector<hsize_t> start(shape.size(), 0);
  start[0] = first;
  shape[0] = count;
  std::size_t n = 1;
  for (hsize_t d : shape) n *= static_cast<std::size_t>(d);
  std::vector<double> out(n);
  if (n == 0) return out;
  Handle file_space = dataspace(H5Dget_space(dataset));
  Handle memory_space = dataspace(H5Screate_simple(static_cast<int>(shape.size()), shape.data(), nullptr));
  if (!file_space.valid() || !memory_space.valid() ||
      H5Sselect_hyperslab(file_space.get(), H5S_SELECT_SET, start.data(), nullptr, shape.data(), nullptr) <
          0 ||
      H5Dread(dataset, H5T_NATIVE_DOUBLE, memory_space.get(), file_space.get(), H5P_DEFAULT, out.data()) < 0)
    return std::nullopt;
  return out;
}

}  // namespace piriform::results::h5
