#pragma once
// The techfile schema: one table of every key a techfile may hold, with its unit, default, range
// and description. The same table validates techfiles and --set overrides and prints the docs
// (`rtmchar tech keys`, docs/techfiles.md), so the three cannot drift apart.
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace rtmchar::tech {

/// How a key's value is written and stored.
enum class Kind {
  Quantity,  ///< a physical value: string with a unit ("0.9 V"); plain number if unit is "1"
  Integer,   ///< a count: TOML integer
  String,    ///< text (names, paths, enumerations)
  Bsim4,     ///< a BSIM4 model parameter: plain number in the card's own units
};

/// One row of the schema.
struct KeyInfo {
  std::string_view key;          ///< dotted key, e.g. "racetrack.shift_current"; "bsim4.nmos.*" rows match any name
  Kind kind = Kind::Quantity;
  std::string_view unit;         ///< SI unit the value is stored in ("A", "Ohm*m^2", "1"); empty for strings
  std::string_view fallback;     ///< default text if a techfile omits the key; empty = required
  std::optional<double> min;     ///< smallest allowed value (SI), if any
  bool min_exclusive = false;    ///< true: value must be strictly greater than min
  std::optional<double> max;     ///< largest allowed value (SI), if any
  std::string_view choices;      ///< for strings: allowed values separated by '|', empty = any
  std::string_view description;  ///< one line, for docs and `tech show`
  bool optional = false;         ///< may be absent with no default (e.g. models.file)
};

/// Every row, in documentation order.
std::span<const KeyInfo> schema();

/// The row that governs `key` (exact match, or the bsim4.nmos.* / bsim4.pmos.* wildcard for any
/// BSIM4 parameter name made of lowercase letters, digits and '_'), or nullptr for an unknown key.
const KeyInfo* find_key(std::string_view key);

/// A range description for docs, e.g. "> 0", "0 .. 1", "" if unrestricted.
std::string range_text(const KeyInfo& info);

}  // namespace rtmchar::tech
