#include "cli/scenario/yaml_fields.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>

#include "engine/common/error.hpp"

namespace piriform::scenario {

int Field::line() const { return node_.Mark().line + 1; }

std::string Field::location() const {
  if (node_.Mark().line >= 0) return fmt::format("{}:{}: {}", file_, line(), path_);
  return fmt::format("{}: {}", file_, path_);
}

void Field::fail(const std::string& what) const {
  if (node_.Mark().line >= 0) throw InputError(fmt::format("{}:{}: {}: {}", file_, line(), path_, what));
  throw InputError(fmt::format("{}: {}: {}", file_, path_, what));
}

void Field::require_map() const {
  if (!node_.IsMap()) fail("expected a map of fields (\"key: value\" lines)");
}

void Field::only(std::initializer_list<std::string_view> allowed) const {
  require_map();
  for (const auto& kv : node_) {
    const std::string key = kv.first.as<std::string>();
    bool known = false;
    for (auto a : allowed) known = known || a == key;
    if (!known) {
      std::string list;
      for (auto a : allowed) list += (list.empty() ? "" : ", ") + std::string(a);
      Field(file_, path_.empty() ? key : path_ + "." + key, kv.first)
          .fail(fmt::format("unknown field (expected one of: {})", list));
    }
  }
}

bool Field::has(std::string_view key) const { return node_.IsMap() && node_[std::string(key)]; }

Field Field::operator[](std::string_view key) const {
  require_map();
  const std::string k(key);
  const std::string sub = path_.empty() ? k : path_ + "." + k;
  if (!node_[k]) fail(fmt::format("missing required field '{}'", k));
  return Field(file_, sub, node_[k]);
}

std::optional<Field> Field::optional(std::string_view key) const {
  if (!has(key)) return std::nullopt;
  return (*this)[key];
}

std::vector<std::string> Field::keys() const {
  require_map();
  std::vector<std::string> out;
  for (const auto& kv : node_) out.push_back(kv.first.as<std::string>());
  return out;
}

std::vector<Field> Field::items() const {
  if (!node_.IsSequence()) fail("expected a list");
  std::vector<Field> out;
  for (std::size_t i = 0; i < node_.size(); ++i)
    out.emplace_back(file_, fmt::format("{}[{}]", path_, i), node_[i]);
  return out;
}

std::string Field::text() const {
  if (!node_.IsScalar()) fail("expected a single value");
  return node_.Scalar();
}

std::string Field::one_of(std::initializer_list<std::string_view> choices) const {
  const std::string value = text();
  std::string list;
  for (auto c : choices) {
    if (c == value) return value;
    list += (list.empty() ? "" : ", ") + std::string(c);
  }
  fail(fmt::format("expected one of {}, got \"{}\"", list, value));
}

double Field::quantity(Dimension dimension) const {
  const std::string value = text();
  try {
    return parse_quantity(value, dimension);
  } catch (const InputError& e) {
    fail(e.what());
  }
}

double Field::number() const { return quantity(Dimension::Dimensionless); }

int Field::integer(int min, int max) const {
  const std::string value = text();
  int n = 0;
  const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (ec != std::errc() || end != value.data() + value.size() || n < min || n > max)
    fail(fmt::format("expected a whole number from {} to {}, got \"{}\"", min, max, value));
  return n;
}

bool Field::boolean() const {
  const std::string value = text();
  if (value == "true" || value == "yes") return true;
  if (value == "false" || value == "no") return false;
  fail(fmt::format("expected true or false, got \"{}\"", value));
}

Vec3 Field::point() const {
  const auto coords = items();
  if (coords.size() != 2 && coords.size() != 3) fail("expected a point [x, y] or [x, y, z] with units");
  Vec3 p(0.0, 0.0, std::numeric_limits<double>::quiet_NaN());
  for (std::size_t i = 0; i < coords.size(); ++i)
    p[static_cast<int>(i)] = coords[i].quantity(Dimension::Length);
  return p;
}

Field load_yaml(const std::string& file) {
  YAML::Node root;
  try {
    root = YAML::LoadFile(file);
  } catch (const YAML::BadFile&) {
    throw InputError(fmt::format("{}: cannot be opened for reading", file));
  } catch (const YAML::Exception& e) {
    throw InputError(fmt::format("{}:{}: not valid YAML: {}", file, e.mark.line + 1, e.msg));
  }
  Field f(file, "", root);
  if (!root.IsMap()) throw InputError(fmt::format("{}: expected a map of fields at the top level", file));
  return f;
}

}  // namespace piriform::scenario
