// Quantity parsing and formatting: one table of unit symbols with their dimension and SI factor, a strict
// number reader (std::from_chars), and error messages that say what the caller should have written.
#include "engine/common/units.hpp"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <limits>
#include <numbers>
#include <system_error>

#include "engine/common/error.hpp"

namespace piriform {

namespace {

// One unit is 10^power10 SI units when it is a decimal prefix of an SI unit, num/den SI units otherwise. The
// decimal case is applied to the digits, not to the parsed double, so "7.1 mm" is the double nearest 0.0071;
// scaling 7.1 by 0.001 or by 1/1000 misses it by one ulp.
struct Unit {
  std::string_view symbol;
  Dimension dimension;
  int power10;
  double num;
  double den;
  bool listed;  // shown in error messages; aliases are accepted but not listed
};

constexpr bool alias = false;

constexpr Unit decimal(std::string_view symbol, Dimension d, int power10, bool listed = true) {
  return {symbol, d, power10, 1.0, 1.0, listed};
}
constexpr Unit ratio(std::string_view symbol, Dimension d, double num, double den, bool listed = true) {
  return {symbol, d, 0, num, den, listed};
}

using D = Dimension;
constexpr double kgf = 9.80665;          // standard gravity times one kilogram, N
constexpr double pi = std::numbers::pi;  // rad per half turn

constexpr Unit units[] = {
    decimal("", D::Dimensionless, 0, alias),
    decimal("%", D::Dimensionless, -2),

    decimal("m", D::Length, 0),
    decimal("cm", D::Length, -2),
    decimal("mm", D::Length, -3),
    decimal("um", D::Length, -6),
    decimal("µm", D::Length, -6, alias),  // U+00B5 micro sign
    decimal("μm", D::Length, -6, alias),  // U+03BC Greek mu, which keyboards and fonts often give instead

    decimal("m^2", D::Area, 0),
    decimal("cm^2", D::Area, -4),
    decimal("mm^2", D::Area, -6),
    decimal("m2", D::Area, 0, alias),
    decimal("cm2", D::Area, -4, alias),
    decimal("mm2", D::Area, -6, alias),
    decimal("m²", D::Area, 0, alias),
    decimal("cm²", D::Area, -4, alias),
    decimal("mm²", D::Area, -6, alias),

    decimal("Pa", D::Pressure, 0),
    decimal("kPa", D::Pressure, 3),
    decimal("MPa", D::Pressure, 6),
    decimal("GPa", D::Pressure, 9),
    ratio("mmHg", D::Pressure, 133.322, 1.0),
    ratio("kgf/cm^2", D::Pressure, kgf * 1e4, 1.0),
    ratio("kgf/cm2", D::Pressure, kgf * 1e4, 1.0, alias),
    ratio("kgf/cm²", D::Pressure, kgf * 1e4, 1.0, alias),
    decimal("N/m^2", D::Pressure, 0),
    decimal("N/m2", D::Pressure, 0, alias),
    decimal("N/m²", D::Pressure, 0, alias),
    decimal("N/cm^2", D::Pressure, 4),
    decimal("N/cm2", D::Pressure, 4, alias),
    decimal("N/cm²", D::Pressure, 4, alias),
    decimal("N/mm^2", D::Pressure, 6),
    decimal("N/mm2", D::Pressure, 6, alias),
    decimal("N/mm²", D::Pressure, 6, alias),

    decimal("N", D::Force, 0),
    decimal("kN", D::Force, 3),
    decimal("mN", D::Force, -3),
    ratio("kgf", D::Force, kgf, 1.0),

    decimal("m/s", D::Velocity, 0),
    decimal("cm/s", D::Velocity, -2),
    decimal("mm/s", D::Velocity, -3),

    decimal("s", D::Time, 0),
    decimal("ms", D::Time, -3),
    ratio("min", D::Time, 60.0, 1.0),
    ratio("h", D::Time, 3600.0, 1.0),

    decimal("rad", D::Angle, 0),
    ratio("deg", D::Angle, pi, 180.0),
    ratio("°", D::Angle, pi, 180.0),

    decimal("Hz", D::Frequency, 0),
    ratio("/min", D::Frequency, 1.0, 60.0),
    ratio("per min", D::Frequency, 1.0, 60.0),
    decimal("/s", D::Frequency, 0),
    decimal("per s", D::Frequency, 0, alias),
};

constexpr Dimension all_dimensions[] = {D::Length, D::Area,  D::Pressure,  D::Force,        D::Velocity,
                                        D::Time,   D::Angle, D::Frequency, D::Dimensionless};

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

// Space inside a unit only matters as the separator in "per min", so "kgf / cm^2" and "per  min" are read
// as the usual symbols rather than rejected as unknown units.
std::string normalised_unit(std::string_view unit) {
  std::string out;
  bool pending_space = false;
  for (char c : unit) {
    if (is_space(c)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space && c != '/' && c != '^' && out.back() != '/' && out.back() != '^') out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

const Unit* find_unit(std::string_view symbol) {
  for (const Unit& u : units)
    if (u.symbol == symbol) return &u;
  return nullptr;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
    if (lower(a[i]) != lower(b[i])) return false;
  }
  return true;
}

std::string_view article(Dimension d) {
  const char first = dimension_name(d).front();
  return first == 'a' || first == 'e' || first == 'i' || first == 'o' || first == 'u' ? "an" : "a";
}

std::string listed_units(Dimension d) {
  std::string out;
  for (const Unit& u : units)
    if (u.dimension == d && u.listed) out += (out.empty() ? "" : ", ") + std::string(u.symbol);
  return out;
}

bool is_decimal(const Unit& u) { return u.num == 1.0 && u.den == 1.0; }

std::string_view si_symbol(Dimension d) {
  for (const Unit& u : units)
    if (u.dimension == d && is_decimal(u) && u.power10 == 0) return u.symbol;
  return "";
}

// What a quantity of dimension d looks like, for parse_quantity's messages.
std::string quantity_expectation(Dimension d) {
  if (d == D::Dimensionless) return "a plain number or a percentage (%)";
  return fmt::format("{} {} with a unit ({})", article(d), dimension_name(d), listed_units(d));
}

// What a unit of dimension d looks like, for unit_factor's messages.
std::string unit_expectation(Dimension d) {
  if (d == D::Dimensionless) return "no unit or %";
  return fmt::format("{} {} unit ({})", article(d), dimension_name(d), listed_units(d));
}

// Why `unit` is not a unit of dimension `expected`, naming the dimension it does have when it is known.
std::string why_not(std::string_view unit, Dimension expected) {
  if (unit.empty()) return "no unit given";
  if (const Unit* u = find_unit(unit))
    return fmt::format("{} is {} {} unit", unit, article(u->dimension), dimension_name(u->dimension));
  for (const Unit& u : units)
    if (u.dimension == expected && equal_ignoring_case(u.symbol, unit))
      return fmt::format("unknown unit \"{}\" (unit symbols are case-sensitive: did you mean \"{}\"?)", unit,
                         u.symbol);
  return fmt::format("unknown unit \"{}\"", unit);
}

// The decimal `digits` (text that std::from_chars accepted, such as "-7.1" or "2.5e+3") times 10^power10,
// rounded once by moving the exponent; infinity when the result is outside the range of double.
double scaled_decimal(std::string_view digits, int power10) {
  constexpr double out_of_range = std::numeric_limits<double>::infinity();
  std::string_view mantissa = digits;
  long long exponent = 0;
  if (const auto e = digits.find_first_of("eE"); e != std::string_view::npos) {
    mantissa = digits.substr(0, e);
    std::string_view exponent_digits = digits.substr(e + 1);
    if (!exponent_digits.empty() && exponent_digits.front() == '+') exponent_digits.remove_prefix(1);
    const char* const last = exponent_digits.data() + exponent_digits.size();
    if (std::from_chars(exponent_digits.data(), last, exponent).ec != std::errc()) return out_of_range;
  }
  const std::string text = fmt::format("{}e{}", mantissa, exponent + power10);
  double value = 0.0;
  if (std::from_chars(text.data(), text.data() + text.size(), value).ec != std::errc()) return out_of_range;
  return value;
}

// Characters that, straight after a number, mean the number itself was mistyped ("1.2.3", "1e", "3-2")
// rather than followed by a unit; no unit symbol starts with one of them.
bool continues_number(char c) {
  return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '+' || c == '-' || c == ',';
}

}  // namespace

std::string_view dimension_name(Dimension d) {
  switch (d) {
    case D::Dimensionless:
      return "dimensionless";
    case D::Length:
      return "length";
    case D::Area:
      return "area";
    case D::Pressure:
      return "pressure";
    case D::Force:
      return "force";
    case D::Velocity:
      return "velocity";
    case D::Time:
      return "time";
    case D::Angle:
      return "angle";
    case D::Frequency:
      return "frequency";
  }
  return "unknown dimension";
}

double parse_quantity(std::string_view text, Dimension expected) {
  const bool dimensionless = expected == D::Dimensionless;
  const std::string_view number_phrase =
      dimensionless ? "number, optionally followed by %" : "number followed by a unit";
  const std::string context = dimensionless ? ""
                                            : fmt::format(" ({} {}: {})", article(expected),
                                                          dimension_name(expected), listed_units(expected));

  const std::string_view body = trimmed(text);
  const char* const first = body.data();
  const char* const last = body.data() + body.size();
  double number = 0.0;
  const auto [end, ec] = std::from_chars(first, last, number);
  if (ec == std::errc::invalid_argument)
    throw InputError(fmt::format("expected a {}, got \"{}\"{}", number_phrase, text, context));
  if (end != last && continues_number(*end)) {
    const std::string_view hint = *end == ',' ? ": use a point as the decimal separator" : "";
    throw InputError(fmt::format("expected a {}, got \"{}\"{}; the number is malformed{}", number_phrase,
                                 text, context, hint));
  }
  if (ec == std::errc::result_out_of_range || !std::isfinite(number)) {
    throw InputError(fmt::format("expected a finite {}, got \"{}\"{}", number_phrase, text, context));
  }

  const std::string unit = normalised_unit(std::string_view(end, static_cast<std::size_t>(last - end)));
  if (unit.empty() && !dimensionless) {
    throw InputError(
        fmt::format("expected {}, got \"{}\": units are mandatory", quantity_expectation(expected), text));
  }
  const Unit* u = find_unit(unit);
  if (!u || u->dimension != expected) {
    throw InputError(fmt::format("{}, expected {}, got \"{}\"", why_not(unit, expected),
                                 quantity_expectation(expected), text));
  }
  const std::string_view digits(first, static_cast<std::size_t>(end - first));
  const double value = is_decimal(*u) ? scaled_decimal(digits, u->power10) : number * u->num / u->den;
  if (!std::isfinite(value))
    throw InputError(fmt::format("\"{}\" is out of range in SI units ({})", text, si_symbol(expected)));
  return value;
}

std::string format_quantity(double value_in_si, std::string_view unit) {
  const Unit* u = find_unit(normalised_unit(unit));
  if (!u) {
    std::string accepted;
    for (Dimension d : all_dimensions)
      accepted += fmt::format("{}{}: {}", accepted.empty() ? "" : "; ", dimension_name(d), listed_units(d));
    throw InputError(fmt::format("unknown unit \"{}\"; accepted units are {}", unit, accepted));
  }
  // Multiplying or dividing by an exactly representable power of ten rounds once, where multiplying by
  // 10^-3 would round twice.
  double value = 0.0;
  if (!is_decimal(*u))
    value = value_in_si * u->den / u->num;
  else if (u->power10 < 0)
    value = value_in_si * scaled_decimal("1", -u->power10);
  else
    value = value_in_si / scaled_decimal("1", u->power10);
  if (u->symbol.empty()) return fmt::format("{:g}", value);
  return fmt::format("{:g} {}", value, u->symbol);
}

double unit_factor(std::string_view unit, Dimension expected) {
  const std::string symbol = normalised_unit(unit);
  const Unit* u = find_unit(symbol);
  if (!u || u->dimension != expected)
    throw InputError(fmt::format("{}, expected {}", why_not(symbol, expected), unit_expectation(expected)));
  return is_decimal(*u) ? scaled_decimal("1", u->power10) : u->num / u->den;
}

}  // namespace piriform
