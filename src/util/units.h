#pragma once
// The one place where numbers with SPICE scale suffixes and physical units are parsed and
// printed. Everything inside rtmchar is an SI double; conversion happens only at the edges.
#include <optional>
#include <string>
#include <string_view>

namespace rtmchar::units {

/// Parses a number as SPICE does: a decimal mantissa with optional exponent, then an optional
/// scale suffix (case-insensitive: t g meg k m u n p f a), then any letters, which SPICE
/// ignores ("10pF" = 1e-11, "2meg" = 2e6, "5m" = 5e-3). The whole string must be used up apart
/// from those trailing letters. Locale-independent. Returns nullopt if `text` is not a number.
std::optional<double> parse_spice_number(std::string_view text);

/// Whether a quantity's text must name its unit ("0.9 V") or may leave it to the caller's
/// context as SPICE does ("0.9", "145u").
enum class UnitPolicy { Required, Optional };

/// Parses a physical quantity such as "0.9 V", "145uA", "32 nm", "5.4 Ohm*um^2", "1.2 fF/um",
/// "25 degC", "10 %" and returns its value in the SI unit `si_unit` (e.g. "A", "Ohm*m^2",
/// "F/m"). Units are case-sensitive: SI prefixes a f p n u (or µ) m k M G T, and SPICE's
/// "meg"; bases m s A V F Ohm (ohm) J W K Hz H degC and %. A unit whose dimensions differ from
/// `si_unit` is an error. With UnitPolicy::Optional a bare number or a number with only a scale
/// suffix ("145u") is taken as already in `si_unit`. On failure returns nullopt and, if `why` is
/// non-null, stores a one-line reason ("unit 'uV' is not a current (expected A)").
std::optional<double> parse_quantity(std::string_view text, std::string_view si_unit, UnitPolicy policy,
                                     std::string* why = nullptr);

/// True if `unit` is a unit expression this parser understands (used to validate schemas).
bool is_known_unit(std::string_view unit);

/// Shortest decimal text that reads back to exactly `value` ("1e-15", "0.9"), C locale.
std::string format_number(double value);

/// A number with `digits` significant digits, C locale, no trailing zeros ("1.234e-12").
std::string format_sig(double value, int digits);

/// Human-readable engineering form with an SI prefix and unit: format_eng(1.45e-4, "A") =
/// "145 uA". Uses `digits` significant digits.
std::string format_eng(double value, std::string_view unit, int digits = 4);

}  // namespace rtmchar::units
