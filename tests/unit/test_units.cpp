// Unit tests of quantities with units: every accepted unit's SI factor, the spellings the parser tolerates
// (space, aliases, signs, exponents), every rejected input with the words its message must contain, and
// formatting back in a chosen unit.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>
#include <vector>

#include "engine/common/error.hpp"
#include "engine/common/units.hpp"
#include "support.hpp"

namespace piriform {
namespace {

using D = Dimension;
constexpr double pi = std::numbers::pi;

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string parse_error(std::string_view text, Dimension expected) {
  return test::input_error_message([&] { (void)parse_quantity(text, expected); });
}

std::string factor_error(std::string_view unit, Dimension expected) {
  return test::input_error_message([&] { (void)unit_factor(unit, expected); });
}

struct UnitCase {
  const char* unit;
  Dimension dimension;
  double si;  // SI value of one unit, written out independently of the parser's table
};

const std::vector<UnitCase> every_unit = {
    {"%", D::Dimensionless, 0.01},
    {"m", D::Length, 1.0},
    {"cm", D::Length, 1e-2},
    {"mm", D::Length, 1e-3},
    {"um", D::Length, 1e-6},
    {"µm", D::Length, 1e-6},
    {"μm", D::Length, 1e-6},
    {"m^2", D::Area, 1.0},
    {"cm^2", D::Area, 1e-4},
    {"mm^2", D::Area, 1e-6},
    {"m2", D::Area, 1.0},
    {"cm2", D::Area, 1e-4},
    {"mm2", D::Area, 1e-6},
    {"m²", D::Area, 1.0},
    {"cm²", D::Area, 1e-4},
    {"mm²", D::Area, 1e-6},
    {"Pa", D::Pressure, 1.0},
    {"kPa", D::Pressure, 1e3},
    {"MPa", D::Pressure, 1e6},
    {"GPa", D::Pressure, 1e9},
    {"mmHg", D::Pressure, 133.322},
    {"kgf/cm^2", D::Pressure, 98066.5},
    {"kgf/cm2", D::Pressure, 98066.5},
    {"kgf/cm²", D::Pressure, 98066.5},
    {"N/m^2", D::Pressure, 1.0},
    {"N/m2", D::Pressure, 1.0},
    {"N/m²", D::Pressure, 1.0},
    {"N/cm^2", D::Pressure, 1e4},
    {"N/cm2", D::Pressure, 1e4},
    {"N/cm²", D::Pressure, 1e4},
    {"N/mm^2", D::Pressure, 1e6},
    {"N/mm2", D::Pressure, 1e6},
    {"N/mm²", D::Pressure, 1e6},
    {"N", D::Force, 1.0},
    {"kN", D::Force, 1e3},
    {"mN", D::Force, 1e-3},
    {"kgf", D::Force, 9.80665},
    {"m/s", D::Velocity, 1.0},
    {"cm/s", D::Velocity, 1e-2},
    {"mm/s", D::Velocity, 1e-3},
    {"s", D::Time, 1.0},
    {"ms", D::Time, 1e-3},
    {"min", D::Time, 60.0},
    {"h", D::Time, 3600.0},
    {"rad", D::Angle, 1.0},
    {"deg", D::Angle, pi / 180.0},
    {"°", D::Angle, pi / 180.0},
    {"Hz", D::Frequency, 1.0},
    {"/min", D::Frequency, 1.0 / 60.0},
    {"per min", D::Frequency, 1.0 / 60.0},
    {"/s", D::Frequency, 1.0},
    {"per s", D::Frequency, 1.0},
};

const Dimension dimensions_with_units[] = {D::Length,   D::Area, D::Pressure, D::Force,
                                           D::Velocity, D::Time, D::Angle,    D::Frequency};

// ---------------------------------------------------------------------------------------------------
// Accepted units and spellings

TEST(UnitFactor, EveryUnitHasItsSiFactor) {
  for (const UnitCase& c : every_unit) {
    SCOPED_TRACE(c.unit);
    EXPECT_NEAR(unit_factor(c.unit, c.dimension), c.si, 1e-15 * c.si);
  }
  EXPECT_EQ(unit_factor("", D::Dimensionless), 1.0);
}

TEST(ParseQuantity, EveryUnitScalesTheNumberToSi) {
  for (const UnitCase& c : every_unit) {
    SCOPED_TRACE(c.unit);
    EXPECT_NEAR(parse_quantity(std::string("2.5 ") + c.unit, c.dimension), 2.5 * c.si, 1e-15 * c.si);
    EXPECT_NEAR(parse_quantity(std::string("2.5") + c.unit, c.dimension), 2.5 * c.si, 1e-15 * c.si);
  }
}

TEST(ParseQuantity, MassageUnitsMatchTheirDefinitions) {
  EXPECT_NEAR(parse_quantity("150 mmHg", D::Pressure), 150 * 133.322, 1e-9 * 150 * 133.322);
  EXPECT_NEAR(parse_quantity("2.3 kgf/cm^2", D::Pressure), 225552.95, 1e-9 * 225552.95);
  EXPECT_NEAR(parse_quantity("2.3 kgf/cm²", D::Pressure), 225552.95, 1e-9 * 225552.95);
  EXPECT_NEAR(parse_quantity("40 kgf", D::Force), 392.266, 1e-9 * 392.266);
  EXPECT_NEAR(parse_quantity("150 /min", D::Frequency), 2.5, 1e-15);
  EXPECT_NEAR(parse_quantity("150 per min", D::Frequency), 2.5, 1e-15);
  EXPECT_NEAR(parse_quantity("15 deg", D::Angle), pi / 12, 1e-15);
  EXPECT_NEAR(parse_quantity("15°", D::Angle), pi / 12, 1e-15);
  EXPECT_NEAR(parse_quantity("3 cm/s", D::Velocity), 0.03, 1e-17);
  EXPECT_EQ(parse_quantity("90 s", D::Time), 90.0);
  EXPECT_EQ(parse_quantity("2 min", D::Time), 120.0);
  EXPECT_EQ(parse_quantity("40 N", D::Force), 40.0);
}

TEST(ParseQuantity, DecimalPrefixesGiveTheDoubleNearestTheSiValue) {
  // 7.1 * 0.001 and 7.1 / 1000 both miss 0.0071 by one ulp; the parser must not.
  EXPECT_EQ(parse_quantity("7.1 mm", D::Length), 0.0071);
  EXPECT_EQ(parse_quantity("11.6 mm", D::Length), 0.0116);
  EXPECT_EQ(parse_quantity("7.1e2 um", D::Length), 0.00071);
  EXPECT_EQ(parse_quantity("1.e3 mm", D::Length), 1.0);
  EXPECT_EQ(parse_quantity("20 kPa", D::Pressure), 20e3);
  EXPECT_EQ(parse_quantity("0.3 kPa", D::Pressure), 300.0);
  EXPECT_EQ(parse_quantity("8 %", D::Dimensionless), 0.08);
  EXPECT_EQ(unit_factor("mm", D::Length), 0.001);
}

TEST(ParseQuantity, SpaceBetweenAndAroundIsOptional) {
  for (const char* text : {"11.6 mm", "11.6mm", "  11.6 mm  ", "\t11.6\tmm\n", "11.6   mm", "\r\n11.6mm "}) {
    SCOPED_TRACE(text);
    EXPECT_EQ(parse_quantity(text, D::Length), 0.0116);
  }
  EXPECT_NEAR(parse_quantity("2.3 kgf / cm^2", D::Pressure), 225552.95, 1e-9 * 225552.95);
  EXPECT_NEAR(parse_quantity("150 per   min", D::Frequency), 2.5, 1e-15);
  EXPECT_NEAR(parse_quantity("150/min", D::Frequency), 2.5, 1e-15);
  EXPECT_NEAR(parse_quantity("15 °", D::Angle), pi / 12, 1e-15);
  EXPECT_EQ(parse_quantity("8%", D::Dimensionless), 0.08);
}

TEST(ParseQuantity, NegativeAndExponentNumbers) {
  EXPECT_EQ(parse_quantity("-3e-2 m", D::Length), -0.03);
  EXPECT_EQ(parse_quantity("-3E-2m", D::Length), -0.03);
  EXPECT_EQ(parse_quantity("2.5e+3 Pa", D::Pressure), 2500.0);
  EXPECT_EQ(parse_quantity("1E3 mm", D::Length), 1.0);
  EXPECT_EQ(parse_quantity("-0.25 kPa", D::Pressure), -250.0);
  EXPECT_EQ(parse_quantity(".5 m", D::Length), 0.5);
  EXPECT_EQ(parse_quantity("-15 deg", D::Angle), -pi / 12);
  EXPECT_EQ(parse_quantity("1e-320 m", D::Length), 1e-320);  // subnormal but finite
}

TEST(ParseQuantity, DimensionlessTakesABareNumberOrAPercentage) {
  EXPECT_EQ(parse_quantity("0.5", D::Dimensionless), 0.5);
  EXPECT_EQ(parse_quantity(" -2e-1 ", D::Dimensionless), -0.2);
  EXPECT_EQ(parse_quantity("8 %", D::Dimensionless), 0.08);
  EXPECT_EQ(parse_quantity("150%", D::Dimensionless), 1.5);
}

TEST(QuantityDimensionName, EveryDimensionHasALowercaseName) {
  EXPECT_EQ(dimension_name(D::Dimensionless), "dimensionless");
  EXPECT_EQ(dimension_name(D::Length), "length");
  EXPECT_EQ(dimension_name(D::Area), "area");
  EXPECT_EQ(dimension_name(D::Pressure), "pressure");
  EXPECT_EQ(dimension_name(D::Force), "force");
  EXPECT_EQ(dimension_name(D::Velocity), "velocity");
  EXPECT_EQ(dimension_name(D::Time), "time");
  EXPECT_EQ(dimension_name(D::Angle), "angle");
  EXPECT_EQ(dimension_name(D::Frequency), "frequency");
}

// ---------------------------------------------------------------------------------------------------
// Rejected input

TEST(ParseQuantityErrors, UnitOfAnotherDimensionIsNamedWithItsDimension) {
  std::string msg = parse_error("11.6 kPa", D::Length);
  EXPECT_TRUE(contains(msg, "kPa is a pressure unit, expected a length")) << msg;
  EXPECT_TRUE(contains(msg, "expected a length with a unit (m, cm, mm, um), got \"11.6 kPa\"")) << msg;

  msg = parse_error("3 min", D::Frequency);
  EXPECT_TRUE(contains(msg, "min is a time unit, expected a frequency")) << msg;
  EXPECT_TRUE(contains(msg, "/min")) << msg;

  msg = parse_error("2 cm^2", D::Length);
  EXPECT_TRUE(contains(msg, "cm^2 is an area unit, expected a length")) << msg;

  msg = parse_error("15 deg", D::Pressure);
  EXPECT_TRUE(contains(msg, "deg is an angle unit, expected a pressure with a unit (Pa, kPa")) << msg;

  msg = parse_error("5 mm", D::Dimensionless);
  EXPECT_TRUE(contains(msg, "mm is a length unit, expected a plain number or a percentage (%)")) << msg;

  msg = parse_error("8 %", D::Length);
  EXPECT_TRUE(contains(msg, "% is a dimensionless unit, expected a length")) << msg;
}

TEST(ParseQuantityErrors, BareNumberNeedsAUnitForEveryDimensionButDimensionless) {
  for (Dimension d : dimensions_with_units) {
    const std::string msg = parse_error("11.6", d);
    EXPECT_TRUE(contains(msg, "expected a")) << msg;
    EXPECT_TRUE(contains(msg, std::string(dimension_name(d)) + " with a unit (")) << msg;
    EXPECT_TRUE(contains(msg, "got \"11.6\"")) << msg;
    EXPECT_TRUE(contains(msg, "units are mandatory")) << msg;
  }
  EXPECT_TRUE(contains(parse_error("11.6", D::Length), "expected a length with a unit (m, cm, mm, um)"));
}

TEST(ParseQuantityErrors, TextWithoutANumberIsRejected) {
  for (const char* text : {"abc", "mm", "", "   ", "kPa 20", "+5 mm", "- 5 mm"}) {
    const std::string msg = parse_error(text, D::Length);
    EXPECT_TRUE(contains(msg, "expected a number followed by a unit, got \"" + std::string(text) + "\""))
        << msg;
    EXPECT_TRUE(contains(msg, "(a length: m, cm, mm, um)")) << msg;
  }
  const std::string msg = parse_error("abc", D::Dimensionless);
  EXPECT_TRUE(contains(msg, "expected a number, optionally followed by %, got \"abc\"")) << msg;
}

TEST(ParseQuantityErrors, MalformedNumberIsRejected) {
  for (const char* text : {"1.2.3 mm", "1..2 mm", "1e mm", "1e+ mm", "3-2 mm"}) {
    const std::string msg = parse_error(text, D::Length);
    EXPECT_TRUE(contains(msg, "expected a number followed by a unit, got \"" + std::string(text) + "\""))
        << msg;
    EXPECT_TRUE(contains(msg, "the number is malformed")) << msg;
  }
  std::string msg = parse_error("1,5 mm", D::Length);
  EXPECT_TRUE(contains(msg, "malformed: use a point as the decimal separator")) << msg;
  // A space ends the number, so what follows is read, and rejected, as the unit.
  msg = parse_error("12 3 mm", D::Length);
  EXPECT_TRUE(contains(msg, "unknown unit \"3 mm\"")) << msg;
}

TEST(ParseQuantityErrors, NonFiniteNumbersAreRejected) {
  for (const char* text :
       {"nan mm", "NaN mm", "inf kPa", "-inf kPa", "infinity kPa", "1e999 kPa", "-1e999 kPa"}) {
    const std::string msg = parse_error(text, std::string(text).ends_with("mm") ? D::Length : D::Pressure);
    EXPECT_TRUE(
        contains(msg, "expected a finite number followed by a unit, got \"" + std::string(text) + "\""))
        << msg;
  }
  EXPECT_TRUE(contains(parse_error("nan", D::Dimensionless), "expected a finite number")) << "nan";
  EXPECT_TRUE(contains(parse_error("1e-999 m", D::Length), "expected a finite number")) << "underflow";
}

TEST(ParseQuantityErrors, ValueOutOfRangeInSiIsRejected) {
  std::string msg = parse_error("1e308 GPa", D::Pressure);
  EXPECT_TRUE(contains(msg, "\"1e308 GPa\" is out of range in SI units (Pa)")) << msg;
  msg = parse_error("1e308 kgf", D::Force);
  EXPECT_TRUE(contains(msg, "out of range in SI units (N)")) << msg;
  msg = parse_error("1e-320 um", D::Length);
  EXPECT_TRUE(contains(msg, "out of range in SI units (m)")) << msg;
}

TEST(ParseQuantityErrors, UnknownUnitIsNamedAndTheAcceptedUnitsListed) {
  std::string msg = parse_error("3 furlong", D::Length);
  EXPECT_TRUE(contains(msg, "unknown unit \"furlong\", expected a length with a unit (m, cm, mm, um)"))
      << msg;
  msg = parse_error("3 mm Hg", D::Pressure);
  EXPECT_TRUE(contains(msg, "unknown unit \"mm Hg\"")) << msg;
  EXPECT_TRUE(contains(msg, "(Pa, kPa, MPa, GPa, mmHg, kgf/cm^2, N/m^2, N/cm^2, N/mm^2)")) << msg;
}

TEST(ParseQuantityErrors, UnitsAreCaseSensitiveWithASuggestion) {
  std::string msg = parse_error("11.6 MM", D::Length);
  EXPECT_TRUE(contains(msg, "unknown unit \"MM\" (unit symbols are case-sensitive: did you mean \"mm\"?)"))
      << msg;
  msg = parse_error("20 kpa", D::Pressure);
  EXPECT_TRUE(contains(msg, "did you mean \"kPa\"?")) << msg;
  msg = parse_error("2 hz", D::Frequency);
  EXPECT_TRUE(contains(msg, "did you mean \"Hz\"?")) << msg;
  // A suggestion of another dimension would mislead, so none is made.
  msg = parse_error("20 KPA", D::Length);
  EXPECT_TRUE(contains(msg, "unknown unit \"KPA\", expected a length")) << msg;
}

TEST(UnitFactor, UnknownOrWrongDimensionUnitListsTheAcceptedUnits) {
  std::string msg = factor_error("kPa", D::Length);
  EXPECT_TRUE(contains(msg, "kPa is a pressure unit, expected a length unit (m, cm, mm, um)")) << msg;
  msg = factor_error("furlong", D::Length);
  EXPECT_TRUE(contains(msg, "unknown unit \"furlong\", expected a length unit (m, cm, mm, um)")) << msg;
  msg = factor_error("", D::Time);
  EXPECT_TRUE(contains(msg, "no unit given, expected a time unit (s, ms, min, h)")) << msg;
  msg = factor_error("mm", D::Dimensionless);
  EXPECT_TRUE(contains(msg, "mm is a length unit, expected no unit or %")) << msg;
  msg = factor_error("Min", D::Time);
  EXPECT_TRUE(contains(msg, "did you mean \"min\"?")) << msg;
}

// ---------------------------------------------------------------------------------------------------
// Formatting

TEST(FormatQuantity, WritesTheValueInTheChosenUnit) {
  EXPECT_EQ(format_quantity(0.0116, "mm"), "11.6 mm");
  EXPECT_EQ(format_quantity(20e3, "kPa"), "20 kPa");
  EXPECT_EQ(format_quantity(150 * 133.322, "mmHg"), "150 mmHg");
  EXPECT_EQ(format_quantity(225552.95, "kgf/cm^2"), "2.3 kgf/cm^2");
  EXPECT_EQ(format_quantity(2.5, "/min"), "150 /min");
  EXPECT_EQ(format_quantity(2.5, "per min"), "150 per min");
  EXPECT_EQ(format_quantity(pi / 12, "deg"), "15 deg");
  EXPECT_EQ(format_quantity(0.08, "%"), "8 %");
  EXPECT_EQ(format_quantity(0.5, ""), "0.5");
  EXPECT_EQ(format_quantity(-0.03, "m"), "-0.03 m");
  EXPECT_EQ(format_quantity(1.5e-7, "m"), "1.5e-07 m");
  EXPECT_EQ(format_quantity(0.0071, "mm"), "7.1 mm");
}

TEST(FormatQuantity, RoundTripsThroughParseQuantityForEveryUnit) {
  for (const UnitCase& c : every_unit) {
    for (double x : {1.0, -2.5, 11.6, 0.0123456, 987654.0, 3.25e-5}) {
      const double si = x * c.si;
      const std::string text = format_quantity(si, c.unit);
      SCOPED_TRACE(text);
      // Six significant digits: the round trip is exact to 5e-6 relative.
      EXPECT_NEAR(parse_quantity(text, c.dimension), si, 5e-6 * std::abs(si));
    }
  }
}

TEST(FormatQuantity, UnknownUnitListsEveryAcceptedUnit) {
  const std::string msg = test::input_error_message([] { (void)format_quantity(1.0, "furlong"); });
  EXPECT_TRUE(contains(msg, "unknown unit \"furlong\"; accepted units are length: m, cm, mm, um;")) << msg;
  EXPECT_TRUE(contains(msg, "pressure: Pa, kPa")) << msg;
  EXPECT_TRUE(contains(msg, "frequency: Hz, /min, per min, /s")) << msg;
  EXPECT_TRUE(contains(msg, "dimensionless: %")) << msg;
}

}  // namespace
}  // namespace piriform
