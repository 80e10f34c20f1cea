// Internal to engine/results: an owning wrapper for HDF5 C-API identifiers and the handful of typed
// reads and writes the results writer, reader and tests share. Not part of the engine's public API.
#pragma once

#include <hdf5.h>

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace piriform::results::h5 {

// Closes the identifier with the H5*close function matching its kind when it goes out of scope.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);

  Handle() = default;
  Handle(hid_t id, Closer close) : id_(id), close_(close) {}
  Handle(Handle&& other) noexcept : id_(std::exchange(other.id_, H5I_INVALID_HID)), close_(other.close_) {}
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = std::exchange(other.id_, H5I_INVALID_HID);
      close_ = other.close_;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  ~Handle() { reset(); }

  hid_t get() const { return id_; }
  bool valid() const { return id_ >= 0; }
  // Closes now; returns false if HDF5 reported a failure (for a file: the final flush failed).
  bool reset() {
    herr_t status = 0;
    if (id_ >= 0 && close_ != nullptr) status = close_(id_);
    id_ = H5I_INVALID_HID;
    return status >= 0;
  }

 private:
  hid_t id_ = H5I_INVALID_HID;
  Closer close_ = nullptr;
};

inline Handle file(hid_t id) { return {id, H5Fclose}; }
inline Handle group(hid_t id) { return {id, H5Gclose}; }
inline Handle dataset(hid_t id) { return {id, H5Dclose}; }
inline Handle dataspace(hid_t id) { return {id, H5Sclose}; }
inline Handle datatype(hid_t id) { return {id, H5Tclose}; }
inline Handle attribute(hid_t id) { return {id, H5Aclose}; }
inline Handle plist(hid_t id) { return {id, H5Pclose}; }

// HDF5 prints its whole error stack to stderr by default; the engine reports failures itself as exceptions
// naming the file, so printing is off while one of these lives (the previous handler comes back after).
class QuietErrors {
 public:
  QuietErrors();
  ~QuietErrors();
  QuietErrors(const QuietErrors&) = delete;
  QuietErrors& operator=(const QuietErrors&) = delete;

 private:
  H5E_auto2_t func_ = nullptr;
  void* data_ = nullptr;
  bool saved_ = false;
};

// File access properties shared by the writer and the reader: HDF5 refuses to open a file twice in one
// process (the CLI reads the file it is writing) unless both opens use the same locking flags. Locking is
// off so that h5py and other processes can read a run in progress; the writer never moves metadata.
Handle file_access();

// A fixed-length UTF-8 string type of `size` bytes (at least 1), padded with NULs.
Handle fixed_string_type(std::size_t size);

bool exists(hid_t loc, const std::string& path);
std::vector<hsize_t> dims(hid_t dataset);

// Attribute reads: nullopt when the attribute is missing or has another type class.
std::optional<std::string> read_string_attribute(hid_t object, const std::string& name);
std::optional<std::int64_t> read_int_attribute(hid_t object, const std::string& name);
// Every element of a 1-D (or scalar) string attribute or dataset, fixed- or variable-length.
std::optional<std::vector<std::string>> read_string_attribute_array(hid_t object, const std::string& name);
std::optional<std::vector<std::string>> read_string_dataset(hid_t dataset);

// Whole-dataset reads converted to the native type; nullopt when HDF5 fails.
std::optional<std::vector<double>> read_doubles(hid_t dataset);
std::optional<std::vector<std::int64_t>> read_int64s(hid_t dataset);

// Rows [first, first + count) of a dataset whose first dimension is the output step, as doubles.
std::optional<std::vector<double>> read_rows(hid_t dataset, hsize_t first, hsize_t count);

}  // namespace piriform::results::h5
