// Physical quantities written with their units ("11.6 mm", "150 mmHg"), as scenario files and the command
// line give them: parsing to SI values and formatting SI values back in a chosen unit.
#pragma once

#include <string>
#include <string_view>

namespace piriform {

enum class Dimension { Dimensionless, Length, Area, Pressure, Force, Velocity, Time, Angle, Frequency };

// "dimensionless", "length", "area", "pressure", "force", "velocity", "time", "angle", "frequency".
std::string_view dimension_name(Dimension d);

// The value of a number followed by a unit of the expected dimension, in SI (m, m^2, Pa, N, m/s, s, rad, Hz;
// a plain number for Dimensionless). Unit symbols are case-sensitive; space between the number and the unit
// is optional and surrounding space is ignored. Accepted units (aliases in brackets):
//   length        m, cm, mm, um [µm, μm]
//   area          m^2, cm^2, mm^2 [m2, cm2, mm2, m², cm², mm²]
//   pressure      Pa, kPa, MPa, GPa, mmHg (133.322 Pa), kgf/cm^2 (98066.5 Pa) [kgf/cm2, kgf/cm²],
//                 N/m^2, N/cm^2, N/mm^2 [with 2 or ² for ^2]
//   force         N, kN, mN, kgf (9.80665 N)
//   velocity      m/s, cm/s, mm/s
//   time          s, ms, min, h
//   angle         rad, deg, °
//   frequency     Hz, /min, per min, /s, per s
//   dimensionless no unit, or % (a hundredth)
// Units are mandatory except for Dimensionless. Throws InputError saying what was expected for a missing,
// unknown or wrong-dimension unit, a malformed or non-finite number, or a value that overflows in SI.
double parse_quantity(std::string_view text, Dimension expected);

// value_in_si expressed in `unit` (any accepted symbol), e.g. format_quantity(0.0116, "mm") == "11.6 mm"; six
// significant digits. Throws InputError for an unknown unit.
std::string format_quantity(double value_in_si, std::string_view unit);

// The SI value of one `unit` of the given dimension (unit_factor("mmHg", Dimension::Pressure) == 133.322);
// "" is the unit of Dimensionless. Throws InputError, listing the accepted units, for an unknown unit or one
// of another dimension.
double unit_factor(std::string_view unit, Dimension expected);

}  // namespace piriform
