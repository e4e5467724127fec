#pragma once
// A loaded technology: every techfile value in effect (CMOS node, BSIM4 parameters, wires, layout
// rules, MTJ / racetrack / SOT / IMAC parameters), each with its unit and origin. Values are
// looked up by their dotted techfile key (see docs/techfiles.md); the keys and their units are
// defined once, in tech/schema.h.
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tech/schema.h"
#include "util/diag.h"

namespace rtmchar::tech {

/// One value in effect.
struct Value {
  std::string key;    ///< dotted key, e.g. "racetrack.shift_current"
  Kind kind = Kind::Quantity;
  double si = 0.0;    ///< the value in the schema's SI unit (Quantity, Integer, Bsim4)
  std::string text;   ///< String values; for numbers, the text as written in the input
  SourceLoc origin;   ///< techfile:line, or the --set flag that set it
};

/// The technology in effect after techfiles and overrides. Immutable once loaded; pass it by
/// const reference (there is no global technology).
class Technology {
 public:
  /// SI value of a Quantity, Integer or Bsim4 key. Asking for a key that is absent or not a
  /// number is a programming error (the schema guarantees every required key) and throws
  /// std::out_of_range.
  double si(std::string_view key) const;
  /// Value of an Integer key (same contract as si()).
  int count(std::string_view key) const;
  /// Text of a String key (same contract as si()).
  const std::string& str(std::string_view key) const;
  /// Whether `key` has a value (false only for optional keys such as models.file).
  bool has(std::string_view key) const;
  /// The full record of a key, or nullptr if absent.
  const Value* find(std::string_view key) const;
  /// Every value, sorted by key.
  const std::map<std::string, Value, std::less<>>& values() const { return values_; }
  /// BSIM4 parameters of "nmos" or "pmos" (key without the "bsim4.<type>." prefix), sorted.
  std::vector<const Value*> bsim4(std::string_view type) const;

  const std::string& name() const { return str("tech.name"); }
  double vdd() const { return si("tech.vdd"); }                  ///< V
  double temperature() const { return si("tech.temperature"); }  ///< degC
  double feature_size() const { return si("tech.feature_size"); }  ///< m
  const std::string& nmos_model() const { return str("models.nmos"); }
  const std::string& pmos_model() const { return str("models.pmos"); }
  /// Absolute path of the user model file, if the techfile names one (models.file).
  std::optional<std::string> model_file() const;

  /// Sets or replaces a value (used by the loader).
  void set(Value v);

 private:
  std::map<std::string, Value, std::less<>> values_;
};

/// A built-in techfile.
struct BuiltinInfo {
  std::string name;      ///< "32nm-lp"
  std::string resource;  ///< "techfiles/32nm-lp.toml"
};

/// Every built-in techfile, sorted by name.
std::vector<BuiltinInfo> builtins();

/// The built-in used when no --tech is given.
inline constexpr std::string_view kDefaultTech = "32nm";

/// Loads a technology. `name_or_path` is a built-in name ("32nm", "45nm-lp") or the path of a user
/// techfile (which may `extends = "<built-in or path>"` and override any keys). `overrides` are
/// "key=value" texts from `--set`, applied last; their numbers may omit the unit (SPICE style,
/// "145u" = 145e-6 in the key's SI unit). On any error (unknown name or key, TOML syntax, wrong or
/// missing unit, value out of range, missing required key) reports diagnostics with file:line (or
/// flag) and key, and returns nullopt.
std::optional<Technology> load(std::string_view name_or_path, const std::vector<std::string>& overrides,
                               Diagnostics& diag);

/// The value as the user would write it: "145 uA", "5.4e-12 Ohm*m^2", "\"nmos\"", "0.49396".
std::string format_value(const Value& v);

}  // namespace rtmchar::tech
