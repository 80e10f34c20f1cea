// Checked access to a YAML scenario: every value is read through its field path, so that each problem is
// reported with the file, the line, the field and what was expected; unknown fields are errors.
#pragma once

#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "engine/common/types.hpp"
#include "engine/common/units.hpp"

namespace piriform::scenario {

class Field {
 public:
  Field(std::string file, std::string path, YAML::Node node)
      : file_(std::move(file)), path_(std::move(path)), node_(node) {}

  const std::string& path() const { return path_; }
  std::string location() const;  // "<file>:<line>: <path>"
  const std::string& file() const { return file_; }
  bool is_map() const { return node_.IsMap(); }
  bool is_sequence() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  // Throws InputError "<file>:<line>: <path>: <what>".
  [[noreturn]] void fail(const std::string& what) const;

  // Map access. require_map() fails unless this is a map; only() fails on keys outside `allowed`.
  void require_map() const;
  void only(std::initializer_list<std::string_view> allowed) const;
  bool has(std::string_view key) const;
  Field operator[](std::string_view key) const;  // required key
  std::optional<Field> optional(std::string_view key) const;
  std::vector<std::string> keys() const;
  std::vector<Field> items() const;  // sequence elements, "path[i]"

  // Scalars.
  std::string text() const;
  std::string one_of(std::initializer_list<std::string_view> choices) const;
  double quantity(Dimension dimension) const;  // "18 N"; SI
  double number() const;                       // plain number
  int integer(int min, int max) const;
  bool boolean() const;
  // A point [x, y] or [x, y, z] of lengths ("[0 mm, -30 mm]"); z is nan when absent.
  Vec3 point() const;

 private:
  int line() const;
  std::string file_, path_;
  YAML::Node node_;
};

// Loads a YAML file; syntax errors and unreadable files become InputError naming the file and line.
Field load_yaml(const std::string& file);

}  // namespace piriform::scenario
