#include "tech/technology.h"

#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <ranges>
#include <stdexcept>
#include <toml++/toml.h>

#include "util/fs.h"
#include "util/resources.h"
#include "util/units.h"

namespace rtmchar::tech {
namespace fs = std::filesystem;

// ---------------------------------------------------------------------------------------------
// Technology

const Value* Technology::find(std::string_view key) const {
  auto it = values_.find(key);
  return it == values_.end() ? nullptr : &it->second;
}

bool Technology::has(std::string_view key) const { return find(key) != nullptr; }

double Technology::si(std::string_view key) const {
  const Value* v = find(key);
  if (v == nullptr || v->kind == Kind::String) {
    throw std::out_of_range(fmt::format("technology has no numeric key '{}'", key));
  }
  return v->si;
}

int Technology::count(std::string_view key) const {
  const Value* v = find(key);
  if (v == nullptr || v->kind != Kind::Integer) {
    throw std::out_of_range(fmt::format("technology has no integer key '{}'", key));
  }
  return static_cast<int>(v->si);
}

const std::string& Technology::str(std::string_view key) const {
  const Value* v = find(key);
  if (v == nullptr || v->kind != Kind::String) {
    throw std::out_of_range(fmt::format("technology has no string key '{}'", key));
  }
  return v->text;
}

std::optional<std::string> Technology::model_file() const {
  if (const Value* v = find("models.file")) return v->text;
  return std::nullopt;
}

std::vector<const Value*> Technology::bsim4(std::string_view type) const {
  std::string prefix = fmt::format("bsim4.{}.", type);
  std::vector<const Value*> out;
  for (auto it = values_.lower_bound(prefix); it != values_.end() && it->first.starts_with(prefix); ++it) {
    out.push_back(&it->second);
  }
  return out;
}

void Technology::set(Value v) {
  std::string key = v.key;
  values_.insert_or_assign(std::move(key), std::move(v));
}

std::vector<BuiltinInfo> builtins() {
  std::vector<BuiltinInfo> out;
  constexpr std::string_view kDir = "techfiles/", kExt = ".toml";
  for (const resources::Resource& r : resources::all()) {
    std::string_view p = r.path;
    if (p.starts_with(kDir) && p.ends_with(kExt) && p.find('/', kDir.size()) == std::string_view::npos) {
      out.push_back({std::string(p.substr(kDir.size(), p.size() - kDir.size() - kExt.size())), std::string(p)});
    }
  }
  return out;  // resources::all() is sorted by path, so this is sorted by name
}

namespace {

/// The unit compound quantities are shown in (techfile convention), or `si` itself.
std::string_view display_unit(std::string_view si) {
  static constexpr std::pair<std::string_view, std::string_view> kShown[] = {
      {"Ohm*m^2", "Ohm*um^2"}, {"F/m", "fF/um"}, {"Ohm/m", "Ohm/um"}, {"m^2", "um^2"}};
  for (const auto& [from, to] : kShown) {
    if (from == si) return to;
  }
  return si;
}

}  // namespace

std::string format_value(const Value& v) {
  switch (v.kind) {
    case Kind::String: return fmt::format("\"{}\"", v.text);
    case Kind::Integer:
    case Kind::Bsim4: return units::format_number(v.si);
    case Kind::Quantity: break;
  }
  const KeyInfo* info = find_key(v.key);
  std::string_view unit = info != nullptr ? info->unit : "";
  // The shortest text (3 to 17 significant digits) that reads back to the value within 1e-12
  // relative. An SI prefix is only unambiguous in front of a simple unit ("145 uA"); compound
  // units are printed in a conventional scaled unit ("5.4 Ohm*um^2", "0.19 fF/um").
  bool plain = unit == "1" || unit.empty();
  bool simple = !plain && unit.find_first_of("*/^") == std::string_view::npos && unit != "degC";
  std::string_view shown = display_unit(unit);
  double scale = simple || plain ? 1.0 : units::parse_quantity(fmt::format("1 {}", shown), unit, units::UnitPolicy::Required).value_or(1.0);
  for (int digits = 3; digits <= 17; ++digits) {
    std::string text = plain    ? units::format_sig(v.si, digits)
                       : simple ? units::format_eng(v.si, unit, digits)
                                : fmt::format("{} {}", units::format_sig(v.si / scale, digits), shown);
    auto back = units::parse_quantity(text, plain ? "1" : unit, units::UnitPolicy::Required);
    if (back && std::fabs(*back - v.si) <= 1e-12 * std::fabs(v.si)) return text;
  }
  return plain ? units::format_number(v.si) : fmt::format("{} {}", units::format_number(v.si), unit);
}

// ---------------------------------------------------------------------------------------------
// Loader

namespace {

constexpr int kMaxExtendsDepth = 8;

/// A value as written, before it is checked against the schema.
struct RawValue {
  enum class Type { String, Integer, Float, Other } type = Type::Other;
  std::string text;  // the string, or the number's text
  double number = 0.0;
};

RawValue raw_from_toml(const toml::node& node) {
  RawValue r;
  if (auto s = node.value<std::string>(); s && node.is_string()) {
    r.type = RawValue::Type::String;
    r.text = *s;
  } else if (node.is_integer()) {
    r.type = RawValue::Type::Integer;
    r.number = static_cast<double>(*node.value<int64_t>());
    r.text = fmt::format("{}", *node.value<int64_t>());
  } else if (node.is_floating_point()) {
    r.type = RawValue::Type::Float;
    r.number = *node.value<double>();
    r.text = units::format_number(r.number);
  }
  return r;
}

SourceLoc loc_of(const toml::node& node, const std::string& file) {
  const auto& b = node.source().begin;
  return SourceLoc::at(file, static_cast<int>(b.line), static_cast<int>(b.column));
}

class Loader {
 public:
  explicit Loader(Diagnostics& diag) : diag_(diag) {}

  /// Loads `name_or_path` (and what it extends) into tech_. `where` locates the reference to it.
  bool load_layer(std::string_view name_or_path, const fs::path& base_dir, const SourceLoc& where, int depth);
  bool apply_override(const std::string& item);
  bool finish(const SourceLoc& top);
  Technology take() { return std::move(tech_); }

 private:
  bool walk(const toml::table& table, const std::string& prefix, const std::string& file, const fs::path& dir);
  std::optional<Value> convert(const KeyInfo& info, const std::string& key, const RawValue& raw, bool from_cli,
                               const SourceLoc& loc);
  bool check_range(const KeyInfo& info, const Value& v);
  void check_pair(std::string_view low, std::string_view high);

  Diagnostics& diag_;
  Technology tech_;
};

bool Loader::load_layer(std::string_view name_or_path, const fs::path& base_dir, const SourceLoc& where,
                        int depth) {
  if (depth > kMaxExtendsDepth) {
    diag_.error("tech.extends-depth", where, fmt::format("'extends' nested deeper than {} (a cycle?)", kMaxExtendsDepth));
    return false;
  }
  std::string file, text;
  fs::path dir;
  if (const resources::Resource* r = resources::find(fmt::format("techfiles/{}.toml", name_or_path));
      r != nullptr && !name_or_path.empty() && name_or_path.find('/') == std::string_view::npos) {
    file = r->path;
    text = r->text;
    dir = fs::current_path();
  } else if (name_or_path.ends_with(".toml") || name_or_path.find('/') != std::string_view::npos) {
    fs::path p = fs::path(name_or_path).is_absolute() ? fs::path(name_or_path) : base_dir / name_or_path;
    std::string err;
    auto content = read_file(p, err);
    if (!content) {
      diag_.error("tech.unreadable", where, fmt::format("cannot read techfile '{}': {}", name_or_path, err));
      return false;
    }
    // Files named by `extends` are shown by their resolved path; the top-level one as given.
    file = depth == 0 ? std::string(name_or_path) : p.lexically_normal().string();
    text = std::move(*content);
    dir = p.parent_path().empty() ? fs::current_path() : fs::absolute(p.parent_path());
  } else {
    std::string names;
    for (const BuiltinInfo& b : builtins()) names += (names.empty() ? "" : ", ") + b.name;
    diag_.error("tech.unknown-node", where,
                fmt::format("unknown technology '{}' (built-in: {}; or give a path to a .toml file)", name_or_path, names));
    return false;
  }

  toml::table table;
  try {
    table = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    const auto& b = e.source().begin;
    diag_.error("tech.syntax", SourceLoc::at(file, static_cast<int>(b.line), static_cast<int>(b.column)),
                fmt::format("TOML syntax error: {}", e.description()));
    return false;
  }
  if (const toml::node* ext = table.get("extends")) {
    auto base = ext->value<std::string>();
    if (!ext->is_string() || !base || base->empty()) {
      diag_.error("tech.bad-value", loc_of(*ext, file), "'extends' must name a built-in technology or a techfile path");
      return false;
    }
    if (!load_layer(*base, dir, loc_of(*ext, file), depth + 1)) return false;
  }
  return walk(table, "", file, dir);
}

bool Loader::walk(const toml::table& table, const std::string& prefix, const std::string& file, const fs::path& dir) {
  bool ok = true;
  for (auto&& [k, node] : table) {
    std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (key == "extends") continue;
    if (const toml::table* sub = node.as_table()) {
      ok = walk(*sub, key, file, dir) && ok;
      continue;
    }
    SourceLoc loc = loc_of(node, file);
    const KeyInfo* info = find_key(key);
    if (info == nullptr) {
      diag_.error("tech.unknown-key", loc, fmt::format("unknown key '{}'", key));
      ok = false;
      continue;
    }
    auto v = convert(*info, key, raw_from_toml(node), false, loc);
    if (!v) {
      ok = false;
      continue;
    }
    if (key == "models.file") v->text = (dir / v->text).lexically_normal().string();
    tech_.set(std::move(*v));
  }
  return ok;
}

std::optional<Value> Loader::convert(const KeyInfo& info, const std::string& key, const RawValue& raw, bool from_cli,
                                     const SourceLoc& loc) {
  using T = RawValue::Type;
  Value v{.key = key, .kind = info.kind, .si = 0.0, .text = raw.text, .origin = loc};
  if (raw.type == T::String && raw.text.empty()) {
    diag_.error("tech.missing-value", loc, fmt::format("'{}' has an empty value", key));
    return std::nullopt;
  }
  auto bad = [&](std::string msg) -> std::optional<Value> {
    diag_.error("tech.bad-value", loc, fmt::format("'{}': {}", key, msg));
    return std::nullopt;
  };
  switch (info.kind) {
    case Kind::String:
      if (raw.type != T::String) return bad("expects a string in quotes");
      if (!info.choices.empty()) {
        bool found = false;
        for (auto part : std::string_view(info.choices) | std::views::split('|')) {
          found = found || std::string_view(part.begin(), part.end()) == raw.text;
        }
        if (!found) return bad(fmt::format("'{}' is not one of {}", raw.text, info.choices));
      }
      return v;
    case Kind::Integer: {
      std::optional<double> n;
      if (raw.type == T::Integer) n = raw.number;
      else if (from_cli && raw.type == T::String) n = units::parse_spice_number(raw.text);
      if (!n || std::floor(*n) != *n) return bad(fmt::format("expects an integer, got '{}'", raw.text));
      v.si = *n;
      break;
    }
    case Kind::Bsim4: {
      std::optional<double> n;
      if (raw.type == T::Integer || raw.type == T::Float) n = raw.number;
      else if (from_cli && raw.type == T::String) n = units::parse_spice_number(raw.text);
      if (!n) return bad(fmt::format("expects a plain number (BSIM4 card units), got '{}'", raw.text));
      v.si = *n;
      break;
    }
    case Kind::Quantity: {
      std::string why;
      std::optional<double> n;
      if (raw.type == T::String) {
        auto policy = from_cli ? units::UnitPolicy::Optional : units::UnitPolicy::Required;
        n = units::parse_quantity(raw.text, info.unit, policy, &why);
      } else if (raw.type == T::Integer || raw.type == T::Float) {
        if (info.unit == "1") n = raw.number;
        else why = fmt::format("'{}' has no unit (expected {}); write it as a string, e.g. \"{} {}\"", raw.text,
                               info.unit, raw.text, info.unit);
      } else {
        why = "expects a value with a unit in quotes";
      }
      if (!n) {
        diag_.error("tech.bad-unit", loc, fmt::format("'{}': {}", key, why));
        return std::nullopt;
      }
      v.si = *n;
      break;
    }
  }
  if (!check_range(info, v)) return std::nullopt;
  return v;
}

bool Loader::check_range(const KeyInfo& info, const Value& v) {
  bool below = info.min && (info.min_exclusive ? v.si <= *info.min : v.si < *info.min);
  bool above = info.max && v.si > *info.max;
  if (!below && !above) return true;
  diag_.error("tech.out-of-range", v.origin,
              fmt::format("'{}' = {} is out of range (must be {})", v.key, format_value(v), range_text(info)));
  return false;
}

bool Loader::apply_override(const std::string& item) {
  SourceLoc loc = SourceLoc::cli("--set " + item);
  auto eq = item.find('=');
  if (eq == std::string::npos || eq == 0) {
    diag_.error("tech.bad-override", loc, "expected key=value");
    return false;
  }
  std::string key = item.substr(0, eq);
  const KeyInfo* info = find_key(key);
  if (info == nullptr) {
    diag_.error("tech.unknown-key", loc, fmt::format("unknown key '{}'", key));
    return false;
  }
  RawValue raw{.type = RawValue::Type::String, .text = item.substr(eq + 1)};
  if (raw.text.size() >= 2 && raw.text.front() == '"' && raw.text.back() == '"') {
    raw.text = raw.text.substr(1, raw.text.size() - 2);
  }
  auto v = convert(*info, key, raw, true, loc);
  if (!v) return false;
  if (key == "models.file") v->text = fs::absolute(v->text).lexically_normal().string();
  tech_.set(std::move(*v));
  return true;
}

void Loader::check_pair(std::string_view low, std::string_view high) {
  const Value* lo = tech_.find(low);
  const Value* hi = tech_.find(high);
  if (lo != nullptr && hi != nullptr && !(hi->si > lo->si)) {
    diag_.error("tech.inconsistent", hi->origin,
                fmt::format("'{}' ({}) must be greater than '{}' ({})", high, format_value(*hi), low, format_value(*lo)));
  }
}

bool Loader::finish(const SourceLoc& top) {
  int before = diag_.error_count();
  bool user_models = tech_.has("models.file");
  for (const KeyInfo& info : schema()) {
    if (info.key.ends_with(".*") || tech_.has(info.key) || info.optional) continue;
    if (!info.fallback.empty()) {
      tech_.set(Value{.key = std::string(info.key), .kind = info.kind, .si = 0.0, .text = std::string(info.fallback),
                      .origin = SourceLoc::at("(default)")});
      continue;
    }
    if (user_models && info.key.starts_with("bsim4.")) continue;
    diag_.error("tech.missing-key", top, fmt::format("required key '{}' is missing", info.key));
  }
  if (!user_models) {
    for (std::string_view type : {"nmos", "pmos"}) {
      if (tech_.bsim4(type).size() < 2) {
        diag_.error("tech.missing-key", top, fmt::format("[bsim4.{}] holds no model parameters", type));
      }
    }
  } else if (std::string path = tech_.str("models.file"); !fs::exists(path)) {
    diag_.error("tech.model-file-missing", tech_.find("models.file")->origin,
                fmt::format("model file '{}' does not exist", path));
  }
  check_pair("racetrack.read_r_p", "racetrack.read_r_ap");
  check_pair("sot.r_low", "sot.r_high");
  if (tech_.has("racetrack.ports") && tech_.has("racetrack.port_distance") && tech_.has("racetrack.domains")) {
    int span = (tech_.count("racetrack.ports") - 1) * tech_.count("racetrack.port_distance");
    if (span >= tech_.count("racetrack.domains")) {
      diag_.error("tech.inconsistent", tech_.find("racetrack.ports")->origin,
                  fmt::format("ports span {} domains, more than the {} data domains", span,
                              tech_.count("racetrack.domains")));
    }
  }
  return diag_.error_count() == before;
}

}  // namespace

std::optional<Technology> load(std::string_view name_or_path, const std::vector<std::string>& overrides,
                               Diagnostics& diag) {
  Loader loader(diag);
  SourceLoc top = SourceLoc::cli("--tech");
  if (!loader.load_layer(name_or_path, fs::current_path(), top, 0)) return std::nullopt;
  bool ok = true;
  for (const std::string& item : overrides) ok = loader.apply_override(item) && ok;
  if (!ok) return std::nullopt;
  std::string top_file(name_or_path);
  if (resources::find(fmt::format("techfiles/{}.toml", name_or_path)) != nullptr) {
    top_file = fmt::format("techfiles/{}.toml", name_or_path);
  }
  if (!loader.finish(SourceLoc::at(top_file))) return std::nullopt;
  return loader.take();
}

}  // namespace rtmchar::tech
