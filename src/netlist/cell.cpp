#include "netlist/cell.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <fmt/format.h>
#include <set>
#include <sstream>
#include <toml++/toml.h>

#include "netlist/spice.h"
#include "util/fs.h"
#include "util/resources.h"
#include "util/units.h"

namespace rtmchar::netlist {

const char* to_string(CellKind k) {
  switch (k) {
    case CellKind::Combinational: return "combinational";
    case CellKind::FlipFlop: return "flipflop";
    case CellKind::Latch: return "latch";
    case CellKind::Precharge: return "precharge";
  }
  return "combinational";
}

const char* to_string(PinDirection d) {
  switch (d) {
    case PinDirection::Input: return "input";
    case PinDirection::Output: return "output";
    case PinDirection::Inout: return "inout";
  }
  return "input";
}

const char* to_string(PinRole r) {
  switch (r) {
    case PinRole::Data: return "data";
    case PinRole::Clock: return "clock";
    case PinRole::Supply: return "supply";
    case PinRole::Ground: return "ground";
    case PinRole::RacetrackOperand: return "racetrack-operand";
  }
  return "data";
}

namespace {

template <typename Enum, std::size_t N>
std::optional<Enum> enum_from(std::string_view text, const Enum (&values)[N]) {
  for (Enum v : values) {
    if (text == to_string(v)) return v;
  }
  return std::nullopt;
}

constexpr CellKind kKinds[] = {CellKind::Combinational, CellKind::FlipFlop, CellKind::Latch, CellKind::Precharge};
constexpr PinDirection kDirections[] = {PinDirection::Input, PinDirection::Output, PinDirection::Inout};
constexpr PinRole kRoles[] = {PinRole::Data, PinRole::Clock, PinRole::Supply, PinRole::Ground,
                              PinRole::RacetrackOperand};

bool is_identifier(std::string_view s) {
  if (s.empty() || !(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; });
}

template <typename Names>
std::string join(const Names& names) {
  std::string s;
  for (const auto& n : names) s += (s.empty() ? "" : ", ") + std::string(n);
  return s;
}

// Reads one definition file, reporting every problem it finds (not just the first).
class CellReader {
 public:
  CellReader(const std::string& file, Diagnostics& diag) : file_(file), diag_(diag) {}

  std::optional<CellDef> read(const toml::table& root) {
    cell_.file = file_;
    check_keys(root, {"name", "description", "kind", "netlist", "pin", "state", "param", "transistors"}, "cell");
    cell_.name = string_of(root, "name", true).value_or("");
    if (!cell_.name.empty() && !is_identifier(cell_.name)) error(root["name"].node(), "cell.name", "cell name must be an identifier");
    cell_.description = string_of(root, "description", true).value_or("");
    if (auto kind = string_of(root, "kind", true)) {
      if (auto k = enum_from(*kind, kKinds)) cell_.kind = *k;
      else error(root["kind"].node(), "cell.bad-value", fmt::format("kind '{}' is not one of: combinational, flipflop, latch, precharge", *kind));
    }
    for_each_table(root, "pin", [&](const toml::table& t) { read_pin(t); });
    for_each_table(root, "param", [&](const toml::table& t) { read_param(t); });
    if (cell_.pins.empty()) error(&root, "cell.missing-key", "the cell has no [[pin]]");
    for_each_table(root, "state", [&](const toml::table& t) { read_state(t); });
    read_functions();
    if (const toml::table* nl = table_of(root, "netlist")) read_netlist(*nl);
    for_each_table(root, "transistors", [&](const toml::table& t) { read_transistors(t); });
    check_cell(root);
    if (failed_) return std::nullopt;
    return std::move(cell_);
  }

 private:
  // ---- small helpers --------------------------------------------------------------------------
  int line_of(const toml::node* n) const { return n == nullptr ? 0 : static_cast<int>(n->source().begin.line); }

  void error(const toml::node* at, const char* id, std::string msg) { error_line(line_of(at), id, std::move(msg)); }
  void error_line(int line, const char* id, std::string msg) {
    diag_.error(id, SourceLoc::at(file_, line), std::move(msg));
    failed_ = true;
  }

  void check_keys(const toml::table& t, std::initializer_list<std::string_view> allowed, std::string_view where) {
    for (auto&& [key, value] : t) {
      if (std::find(allowed.begin(), allowed.end(), key.str()) == allowed.end()) {
        error_line(static_cast<int>(key.source().begin.line), "cell.unknown-key",
                   fmt::format("unknown key '{}' in {} (allowed: {})", key.str(), where, join(allowed)));
      }
    }
  }

  std::optional<std::string> string_of(const toml::table& t, std::string_view key, bool required) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      if (required) error(&t, "cell.missing-key", fmt::format("missing key '{}'", key));
      return std::nullopt;
    }
    if (!n->is_string()) {
      error(n, "cell.bad-type", fmt::format("'{}' must be a string", key));
      return std::nullopt;
    }
    return n->value<std::string>();
  }

  const toml::table* table_of(const toml::table& t, std::string_view key) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      error(&t, "cell.missing-key", fmt::format("missing table [{}]", key));
      return nullptr;
    }
    if (!n->is_table()) error(n, "cell.bad-type", fmt::format("'{}' must be a table [{}]", key, key));
    return n->as_table();
  }

  template <typename F>
  void for_each_table(const toml::table& t, std::string_view key, F&& f) {
    const toml::node* n = t.get(key);
    if (n == nullptr) return;
    const toml::array* arr = n->as_array();
    if (arr == nullptr) {
      error(n, "cell.bad-type", fmt::format("'{}' must be an array of tables [[{}]]", key, key));
      return;
    }
    for (const toml::node& item : *arr) {
      if (const toml::table* tt = item.as_table()) f(*tt);
      else error(&item, "cell.bad-type", fmt::format("each '{}' entry must be a table", key));
    }
  }

  std::vector<std::string> string_list(const toml::table& t, std::string_view key) {
    std::vector<std::string> out;
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      error(&t, "cell.missing-key", fmt::format("missing key '{}'", key));
      return out;
    }
    const toml::array* arr = n->as_array();
    if (arr == nullptr) {
      error(n, "cell.bad-type", fmt::format("'{}' must be an array of strings", key));
      return out;
    }
    for (const toml::node& item : *arr) {
      if (auto s = item.value<std::string>()) out.push_back(*s);
      else error(&item, "cell.bad-type", fmt::format("'{}' must contain only strings", key));
    }
    return out;
  }

  // A Boolean function from a string value; the diagnostic column points into the TOML line.
  std::optional<BoolFunction> function_of(const toml::table& t, std::string_view key) {
    auto text = string_of(t, key, true);
    if (!text) return std::nullopt;
    const toml::node* n = t.get(key);
    SourceLoc loc = SourceLoc::at(file_, line_of(n), static_cast<int>(n->source().begin.column) + 1);
    auto f = BoolFunction::parse(*text, diag_, loc);
    if (!f) failed_ = true;
    return f;
  }

  // ---- sections -------------------------------------------------------------------------------
  void read_pin(const toml::table& t) {
    check_keys(t, {"name", "direction", "role", "function", "array"}, "[[pin]]");
    Pin p;
    p.line = line_of(&t);
    p.name = string_of(t, "name", true).value_or("");
    if (p.name.empty()) return;
    if (!is_identifier(p.name)) error(t.get("name"), "cell.name", fmt::format("pin name '{}' is not an identifier", p.name));
    if (cell_.pin(p.name) != nullptr) error(&t, "cell.duplicate-pin", fmt::format("pin '{}' is defined twice", p.name));
    if (auto dir = string_of(t, "direction", true)) {
      if (auto d = enum_from(*dir, kDirections)) p.direction = *d;
      else error(t.get("direction"), "cell.bad-value", fmt::format("direction '{}' is not one of: input, output, inout", *dir));
    }
    if (auto role = string_of(t, "role", false)) {
      if (auto r = enum_from(*role, kRoles)) p.role = *r;
      else error(t.get("role"), "cell.bad-value",
                 fmt::format("role '{}' is not one of: data, clock, supply, ground, racetrack-operand", *role));
    }
    p.array = string_of(t, "array", false).value_or("");
    cell_.pins.push_back(std::move(p));
    pin_tables_.push_back(&t);
  }

  // Output functions are read after all pins and state elements, so they can be checked against
  // both.
  void read_functions() {
    for (std::size_t i = 0; i < cell_.pins.size(); ++i) {
      Pin& p = cell_.pins[i];
      const toml::table& t = *pin_tables_[i];
      if (t.get("function") == nullptr) {
        if (p.direction == PinDirection::Output && cell_.kind == CellKind::Combinational) {
          error(&t, "cell.missing-key", fmt::format("output pin '{}' of a combinational cell needs a function", p.name));
        }
        continue;
      }
      if (p.direction != PinDirection::Output) {
        error(t.get("function"), "cell.bad-value", fmt::format("pin '{}' has a function but is not an output", p.name));
        continue;
      }
      if (!p.array.empty()) {
        error(t.get("function"), "cell.bad-value", fmt::format("pin array '{}' cannot have a function", p.name));
        continue;
      }
      p.function = function_of(t, "function");
      if (p.function) check_vars(*p.function, t.get("function"), fmt::format("function of '{}'", p.name), true);
    }
  }

  // Every variable must be a logic input (or, when allowed, a state variable).
  void check_vars(const BoolFunction& f, const toml::node* at, const std::string& what, bool allow_state) {
    std::vector<std::string> ok = cell_.logic_inputs();
    if (allow_state) {
      for (const StateElement& s : cell_.states) {
        ok.push_back(s.var);
        if (!s.var_inverted.empty()) ok.push_back(s.var_inverted);
      }
    }
    for (const std::string& v : f.variables()) {
      const Pin* p = cell_.pin(v);
      if (p != nullptr && !p->array.empty()) {
        error(at, "cell.unknown-pin", fmt::format("{} uses '{}', which is a pin array (functions cannot use arrays)", what, v));
        continue;
      }
      if (std::find(ok.begin(), ok.end(), v) != ok.end()) continue;
      error(at, "cell.unknown-pin",
            p != nullptr ? fmt::format("{} uses '{}', which is a {} {} pin, not a logic input", what, v,
                                       to_string(p->direction), to_string(p->role))
                         : fmt::format("{} uses '{}', which is not a pin of the cell (logic inputs: {})", what, v,
                                       join(cell_.logic_inputs())));
    }
  }

  void read_state(const toml::table& t) {
    StateElement s;
    s.line = line_of(&t);
    auto type = string_of(t, "type", true).value_or("ff");
    if (type != "ff" && type != "latch") {
      error(t.get("type"), "cell.bad-value", fmt::format("state type '{}' is not one of: ff, latch", type));
      return;
    }
    s.type = type == "ff" ? StateElement::Type::FlipFlop : StateElement::Type::Latch;
    bool ff = s.type == StateElement::Type::FlipFlop;
    const char* clock_key = ff ? "clocked_on" : "enable";
    const char* data_key = ff ? "next_state" : "data_in";
    check_keys(t, {"type", "vars", clock_key, data_key}, ff ? "[[state]] of type ff" : "[[state]] of type latch");
    std::vector<std::string> vars = string_list(t, "vars");
    if (vars.empty() || vars.size() > 2) {
      error(&t, "cell.bad-value", "'vars' must name the state variable and optionally its inverse, e.g. [\"IQ\", \"IQN\"]");
      return;
    }
    for (const std::string& v : vars) {
      if (!is_identifier(v) || cell_.pin(v) != nullptr) {
        error(t.get("vars"), "cell.name", fmt::format("state variable '{}' must be an identifier that is not a pin", v));
      }
    }
    s.var = vars[0];
    if (vars.size() == 2) s.var_inverted = vars[1];
    s.clock = function_of(t, clock_key);
    s.data = function_of(t, data_key);
    if (s.clock) check_vars(*s.clock, t.get(clock_key), clock_key, false);
    if (s.data) check_vars(*s.data, t.get(data_key), data_key, false);
    cell_.states.push_back(std::move(s));
  }

  std::optional<double> quantity_of(const toml::table& t, std::string_view key, const std::string& unit) {
    const toml::node* n = t.get(key);
    if (n == nullptr) {
      error(&t, "cell.missing-key", fmt::format("missing key '{}'", key));
      return std::nullopt;
    }
    if (n->is_number()) return n->value<double>();
    if (auto s = n->value<std::string>()) {
      std::string why;
      if (auto v = units::parse_quantity(*s, unit, units::UnitPolicy::Optional, &why)) return v;
      error(n, "cell.bad-value", fmt::format("'{}': {}", key, why));
      return std::nullopt;
    }
    error(n, "cell.bad-type", fmt::format("'{}' must be a number or a quantity string", key));
    return std::nullopt;
  }

  void read_param(const toml::table& t) {
    check_keys(t, {"name", "default", "unit", "min", "max", "integer", "description"}, "[[param]]");
    ParamDef p;
    p.line = line_of(&t);
    p.name = string_of(t, "name", true).value_or("");
    p.unit = string_of(t, "unit", true).value_or("1");
    p.description = string_of(t, "description", true).value_or("");
    static constexpr std::string_view kReserved[] = {"wmin_n", "lmin_n", "wmin_p", "lmin_p"};
    if (!is_identifier(p.name) || std::find(std::begin(kReserved), std::end(kReserved), p.name) != std::end(kReserved)) {
      error(t.get("name"), "cell.name",
            fmt::format("parameter name '{}' must be an identifier other than wmin_n, lmin_n, wmin_p, lmin_p", p.name));
    }
    if (cell_.param(p.name) != nullptr) error(&t, "cell.duplicate-param", fmt::format("parameter '{}' is defined twice", p.name));
    if (!units::is_known_unit(p.unit)) {
      error(t.get("unit"), "cell.bad-value", fmt::format("unknown unit '{}'", p.unit));
      return;
    }
    if (const toml::node* n = t.get("integer")) {
      if (auto b = n->value<bool>()) p.integer = *b;
      else error(n, "cell.bad-type", "'integer' must be true or false");
    }
    auto def = quantity_of(t, "default", p.unit);
    auto lo = quantity_of(t, "min", p.unit);
    auto hi = quantity_of(t, "max", p.unit);
    if (!def || !lo || !hi) return;
    p.default_value = *def;
    p.min = *lo;
    p.max = *hi;
    if (!(p.min <= p.max)) {
      error(t.get("min"), "cell.param-range", fmt::format("parameter '{}': min {} is above max {}", p.name,
                                                          units::format_number(p.min), units::format_number(p.max)));
    } else if (p.default_value < p.min || p.default_value > p.max) {
      error(t.get("default"), "cell.param-range",
            fmt::format("parameter '{}': default {} is outside its range [{}, {}]", p.name,
                        units::format_number(p.default_value), units::format_number(p.min), units::format_number(p.max)));
    }
    if (p.integer && p.default_value != std::floor(p.default_value)) {
      error(t.get("default"), "cell.param-range", fmt::format("parameter '{}' is an integer but its default is not", p.name));
    }
    cell_.params.push_back(std::move(p));
  }

  void read_netlist(const toml::table& t) {
    check_keys(t, {"template", "subckt", "ports"}, "[netlist]");
    cell_.template_path = string_of(t, "template", true).value_or("");
    cell_.subckt = string_of(t, "subckt", true).value_or("");
    cell_.ports = string_list(t, "ports");
    std::set<std::string> seen;
    for (const std::string& port : cell_.ports) {
      if (cell_.pin(port) == nullptr) error(t.get("ports"), "cell.unknown-pin", fmt::format("port '{}' is not a pin", port));
      if (!seen.insert(port).second) error(t.get("ports"), "cell.ports", fmt::format("port '{}' is listed twice", port));
    }
    for (const Pin& p : cell_.pins) {
      if (seen.count(p.name) == 0) error(t.get("ports"), "cell.ports", fmt::format("pin '{}' is missing from the port list", p.name));
    }
  }

  void read_transistors(const toml::table& t) {
    check_keys(t, {"model", "count", "w", "l", "per"}, "[[transistors]]");
    TransistorGroup g;
    g.line = line_of(&t);
    g.model = string_of(t, "model", true).value_or("");
    g.w = string_of(t, "w", true).value_or("");
    g.l = string_of(t, "l", true).value_or("");
    g.per = string_of(t, "per", false).value_or("");
    if (!g.per.empty()) check_count_param(g.per, t.get("per"), 0, "transistor group");
    if (g.model != "nmos" && g.model != "pmos") error(t.get("model"), "cell.bad-value", fmt::format("model '{}' is not nmos or pmos", g.model));
    for (const std::string* name : {&g.w, &g.l}) {
      if (!name->empty() && cell_.param(*name) == nullptr) {
        error(&t, "cell.unknown-param", fmt::format("transistor size '{}' is not a [[param]] of the cell", *name));
      }
    }
    if (const toml::node* n = t.get("count"); n != nullptr && n->is_integer() && n->value<std::int64_t>() > 0) {
      g.count = static_cast<int>(*n->value<std::int64_t>());
    } else {
      error(n != nullptr ? n : &t, "cell.bad-value", "'count' must be a positive integer");
    }
    cell_.transistors.push_back(std::move(g));
  }

  // `name` must be an integer parameter whose minimum is at least `min` (an array size or a
  // per-unit transistor count).
  void check_count_param(const std::string& name, const toml::node* at, double min, const char* what) {
    const ParamDef* p = cell_.param(name);
    if (p == nullptr || !p->integer || p->min < min)
      error(at, "cell.unknown-param",
            fmt::format("{} size '{}' must be an integer [[param]] of the cell with min >= {}", what, name, min));
  }

  // Pin arrays: sized by an integer parameter >= 1, data or racetrack-operand role, and no other
  // pin named like one of their elements (WL and WL0 cannot both be pins).
  void check_arrays() {
    for (std::size_t i = 0; i < cell_.pins.size(); ++i) {
      const Pin& a = cell_.pins[i];
      if (a.array.empty()) continue;
      check_count_param(a.array, pin_tables_[i]->get("array"), 1, "pin array");
      if (a.role == PinRole::Supply || a.role == PinRole::Ground || a.role == PinRole::Clock)
        error(pin_tables_[i], "cell.bad-value", fmt::format("pin array '{}' cannot be a {} pin", a.name, to_string(a.role)));
      for (const Pin& q : cell_.pins) {
        if (q.name.size() <= a.name.size() || q.name.compare(0, a.name.size(), a.name) != 0) continue;
        const std::string rest = q.name.substr(a.name.size());
        if (std::all_of(rest.begin(), rest.end(), [](unsigned char c) { return std::isdigit(c); }))
          error_line(q.line, "cell.duplicate-pin", fmt::format("pin '{}' clashes with an element of pin array '{}'", q.name, a.name));
      }
    }
  }

  // Whole-cell consistency: kind vs state elements, supply/ground pins, input count.
  void check_cell(const toml::table& root) {
    check_arrays();
    bool has_ff = std::any_of(cell_.states.begin(), cell_.states.end(),
                              [](const StateElement& s) { return s.type == StateElement::Type::FlipFlop; });
    bool has_latch = std::any_of(cell_.states.begin(), cell_.states.end(),
                                 [](const StateElement& s) { return s.type == StateElement::Type::Latch; });
    const toml::node* kind = root.get("kind");
    switch (cell_.kind) {
      case CellKind::Combinational:
        if (!cell_.states.empty()) error(kind, "cell.kind", "a combinational cell cannot have [[state]] elements");
        break;
      case CellKind::FlipFlop:
      case CellKind::Precharge:
        if (!has_ff) error(kind, "cell.kind", fmt::format("a {} cell needs a [[state]] of type ff", to_string(cell_.kind)));
        break;
      case CellKind::Latch:
        if (!has_latch) error(kind, "cell.kind", "a latch cell needs a [[state]] of type latch");
        break;
    }
    if (cell_.kind != CellKind::Combinational && cell_.pins_where(PinRole::Clock).empty()) {
      error(kind, "cell.kind", fmt::format("a {} cell needs a pin with role = \"clock\"", to_string(cell_.kind)));
    }
    if (cell_.supply_pins().empty()) error(&root, "cell.no-supply", "the cell has no pin with role = \"supply\"");
    if (cell_.ground_pins().empty()) error(&root, "cell.no-ground", "the cell has no pin with role = \"ground\"");
    if (cell_.outputs().empty()) error(&root, "cell.no-output", "the cell has no output pin");
    if (cell_.logic_inputs().size() > kMaxTruthTableInputs) {
      error(&root, "cell.too-many-inputs", fmt::format("the cell has more than {} logic inputs", kMaxTruthTableInputs));
    }
  }

  const std::string& file_;
  Diagnostics& diag_;
  CellDef cell_;
  std::vector<const toml::table*> pin_tables_;  ///< the [[pin]] table of each entry of cell_.pins
  bool failed_ = false;
};

std::string builtin_path(std::string_view name) { return fmt::format("cells/{}.toml", name); }

}  // namespace

const Pin* CellDef::pin(std::string_view n) const {
  for (const Pin& p : pins) {
    if (p.name == n) return &p;
  }
  return nullptr;
}

const ParamDef* CellDef::param(std::string_view n) const {
  for (const ParamDef& p : params) {
    if (p.name == n) return &p;
  }
  return nullptr;
}

std::vector<std::string> CellDef::pins_where(PinRole role) const {
  std::vector<std::string> out;
  for (const Pin& p : pins) {
    if (p.role == role) out.push_back(p.name);
  }
  return out;
}

std::vector<std::string> CellDef::logic_inputs() const {
  std::vector<std::string> out;
  for (const Pin& p : pins) {
    if (p.direction != PinDirection::Output && p.role != PinRole::Supply && p.role != PinRole::Ground) out.push_back(p.name);
  }
  return out;
}

std::vector<std::string> CellDef::outputs() const {
  std::vector<std::string> out;
  for (const Pin& p : pins) {
    if (p.direction == PinDirection::Output) out.push_back(p.name);
  }
  return out;
}

int CellDef::transistor_count() const {
  int n = 0;
  for (const TransistorGroup& g : transistors) n += g.count;
  return n;
}

bool CellDef::has_arrays() const {
  return std::any_of(pins.begin(), pins.end(), [](const Pin& p) { return !p.array.empty(); }) ||
         std::any_of(transistors.begin(), transistors.end(), [](const TransistorGroup& g) { return !g.per.empty(); });
}

CellDef instantiate(const CellDef& cell, const ParamValues& values) {
  if (!cell.has_arrays()) return cell;
  auto size = [&](const std::string& param) { return static_cast<int>(std::lround(values.at(param))); };
  CellDef out = cell;
  out.pins.clear();
  for (const Pin& p : cell.pins) {
    if (p.array.empty()) {
      out.pins.push_back(p);
      continue;
    }
    for (int k = 0; k < size(p.array); ++k) {
      Pin e = p;
      e.name = p.name + std::to_string(k);
      e.array.clear();
      out.pins.push_back(std::move(e));
    }
  }
  out.ports.clear();
  for (const std::string& port : cell.ports) {
    const Pin* p = cell.pin(port);
    if (p == nullptr || p->array.empty()) {
      out.ports.push_back(port);
      continue;
    }
    for (int k = 0; k < size(p->array); ++k) out.ports.push_back(port + std::to_string(k));
  }
  for (TransistorGroup& g : out.transistors) {
    if (g.per.empty()) continue;
    g.count *= size(g.per);
    g.per.clear();
  }
  out.transistors.erase(std::remove_if(out.transistors.begin(), out.transistors.end(),
                                       [](const TransistorGroup& g) { return g.count == 0; }),
                        out.transistors.end());
  return out;
}

std::vector<OutputFunction> CellDef::output_functions() const {
  std::vector<OutputFunction> out;
  for (const Pin& p : pins) {
    if (p.direction == PinDirection::Output && p.function) out.push_back({p.name, *p.function});
  }
  return out;
}

std::vector<CombArc> CellDef::arcs() const {
  if (kind != CellKind::Combinational) return {};
  return derive_arcs(logic_inputs(), output_functions());
}

std::optional<CellDef> parse_cell(std::string_view toml_text, const std::string& file, Diagnostics& diag) {
  toml::table root;
  try {
    root = toml::parse(toml_text, file);
  } catch (const toml::parse_error& e) {
    diag.error("cell.toml", SourceLoc::at(file, static_cast<int>(e.source().begin.line), static_cast<int>(e.source().begin.column)),
               std::string(e.description()));
    return std::nullopt;
  }
  return CellReader(file, diag).read(root);
}

std::optional<CellDef> load_cell(std::string_view name_or_path, Diagnostics& diag) {
  bool is_path = name_or_path.find('/') != std::string_view::npos ||
                 (name_or_path.size() > 5 && name_or_path.substr(name_or_path.size() - 5) == ".toml");
  std::string embedded = is_path ? std::string(name_or_path) : builtin_path(name_or_path);
  if (const resources::Resource* r = resources::find(embedded)) return parse_cell(r->text, r->path, diag);
  if (!is_path) {
    diag.error("cell.unknown", SourceLoc{}, fmt::format("no built-in cell '{}' (built-in cells: {})", name_or_path,
                                                       join(builtin_cells())));
    return std::nullopt;
  }
  std::string why;
  auto text = read_file(std::filesystem::path(name_or_path), why);
  if (!text) {
    diag.error("cell.read", SourceLoc::at(std::string(name_or_path)), fmt::format("cannot read cell definition: {}", why));
    return std::nullopt;
  }
  return parse_cell(*text, std::string(name_or_path), diag);
}

std::vector<std::string> builtin_cells() {
  std::vector<std::string> names;
  for (const resources::Resource& r : resources::all()) {
    std::string_view p = r.path;
    if (p.rfind("cells/", 0) == 0 && p.size() > 11 && p.substr(p.size() - 5) == ".toml" &&
        p.find('/', 6) == std::string_view::npos) {
      names.emplace_back(p.substr(6, p.size() - 11));
    }
  }
  std::sort(names.begin(), names.end());
  return names;
}

ParamValues default_params(const CellDef& cell) {
  ParamValues v;
  for (const ParamDef& p : cell.params) v[p.name] = p.default_value;
  return v;
}

std::optional<ParamValues> apply_param_overrides(const CellDef& cell, const std::vector<std::string>& overrides,
                                                 Diagnostics& diag, const std::string& flag) {
  ParamValues values = default_params(cell);
  bool ok = true;
  auto bad = [&](std::string msg) {
    diag.error("cell.param", SourceLoc::cli(flag), std::move(msg));
    ok = false;
  };
  for (const std::string& o : overrides) {
    std::size_t eq = o.find('=');
    if (eq == std::string::npos) {
      bad(fmt::format("'{}' is not name=value", o));
      continue;
    }
    std::string name = o.substr(0, eq);
    const ParamDef* p = cell.param(name);
    if (p == nullptr) {
      std::vector<std::string> names;
      for (const ParamDef& q : cell.params) names.push_back(q.name);
      bad(fmt::format("cell {} has no parameter '{}' (parameters: {})", cell.name, name, names.empty() ? "none" : join(names)));
      continue;
    }
    std::string why;
    auto v = units::parse_quantity(o.substr(eq + 1), p->unit, units::UnitPolicy::Optional, &why);
    if (!v) {
      bad(fmt::format("parameter '{}': {}", name, why));
    } else if (*v < p->min || *v > p->max) {
      bad(fmt::format("parameter '{}' = {} is outside its range [{}, {}] {}", name, units::format_number(*v),
                      units::format_number(p->min), units::format_number(p->max), p->unit));
    } else if (p->integer && *v != std::floor(*v)) {
      bad(fmt::format("parameter '{}' must be a whole number, got {}", name, units::format_number(*v)));
    } else {
      values[name] = *v;
    }
  }
  if (!ok) return std::nullopt;
  return values;
}

std::string param_help(const CellDef& cell) {
  std::string out;
  for (const ParamDef& p : cell.params) {
    std::string unit = p.unit == "1" ? "" : " " + p.unit;
    out += fmt::format("  {:<8} default {}{}, range [{}, {}]{}: {}\n", p.name, units::format_number(p.default_value),
                       unit, units::format_number(p.min), units::format_number(p.max), p.integer ? ", integer" : "",
                       p.description);
  }
  return out;
}

std::optional<std::string> read_template(const CellDef& cell, Diagnostics& diag) {
  if (const resources::Resource* r = resources::find(cell.template_path)) return std::string(r->text);
  std::filesystem::path path(cell.template_path);
  if (path.is_relative() && !resources::find(cell.file)) path = std::filesystem::path(cell.file).parent_path() / path;
  std::string why;
  auto text = read_file(path, why);
  if (!text) {
    diag.error("cell.template", SourceLoc::at(cell.file), fmt::format("cannot read template '{}': {}", cell.template_path, why));
  }
  return text;
}

namespace {

// Replaces the model name (6th field) of MOSFET lines whose model is nmos/pmos.
std::string rename_models(std::string_view text, const DeviceModels& models) {
  std::string out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string line(text.substr(pos, end - pos));
    pos = end;
    if (!line.empty() && (line[0] == 'M' || line[0] == 'm')) {
      std::size_t field = 0;
      std::size_t i = 0;
      while (field < 5 && i < line.size()) {  // skip name and 4 nodes
        while (i < line.size() && !std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        while (i < line.size() && std::isspace(static_cast<unsigned char>(line[i]))) ++i;
        ++field;
      }
      std::size_t j = i;
      while (j < line.size() && !std::isspace(static_cast<unsigned char>(line[j]))) ++j;
      std::string_view model(line.data() + i, j - i);
      if (spice_name_equal(model, "nmos")) line.replace(i, j - i, models.nmos);
      else if (spice_name_equal(model, "pmos")) line.replace(i, j - i, models.pmos);
    }
    out += line;
  }
  return out;
}

}  // namespace

namespace {

// Expands the `*@for k P` ... `*@end` blocks of a template (see render_template).
std::optional<std::string> expand_repeats(const std::string& text, const CellDef& cell, const ParamValues& values,
                                          Diagnostics& diag) {
  std::string out;
  std::vector<std::string> body;
  std::string var;
  int count = 0, open_line = 0, line_no = 0;
  auto bad = [&](int line, std::string msg) {
    diag.error("cell.template", SourceLoc::at(cell.template_path, line), std::move(msg));
    return std::nullopt;
  };
  std::size_t pos = 0;
  while (pos < text.size()) {
    const std::size_t nl = text.find('\n', pos);
    const std::size_t end = nl == std::string::npos ? text.size() : nl + 1;
    const std::string line = text.substr(pos, end - pos);
    pos = end;
    ++line_no;
    if (line.rfind("*@for", 0) == 0) {
      if (open_line != 0) return bad(line_no, fmt::format("repeat blocks cannot be nested (block open since line {})", open_line));
      std::istringstream in(line.substr(5));
      std::string param, extra;
      in >> var >> param >> extra;
      if (!is_identifier(var) || param.empty() || !extra.empty())
        return bad(line_no, "a repeat block starts with '*@for <index> <integer parameter>'");
      const ParamDef* p = cell.param(param);
      auto it = values.find(param);
      if (p == nullptr || !p->integer || it == values.end())
        return bad(line_no, fmt::format("repeat block over '{}', which is not an integer parameter of {}", param, cell.name));
      count = static_cast<int>(std::lround(it->second));
      open_line = line_no;
      body.clear();
    } else if (line.rfind("*@end", 0) == 0) {
      if (open_line == 0) return bad(line_no, "'*@end' without '*@for'");
      const std::string key = "{" + var + "}";
      for (int k = 0; k < count; ++k)
        for (std::string b : body) {
          for (std::size_t at = b.find(key); at != std::string::npos; at = b.find(key, at))
            b.replace(at, key.size(), std::to_string(k));
          out += b;
        }
      open_line = 0;
    } else if (open_line != 0) {
      body.push_back(line);
    } else {
      out += line;
    }
  }
  if (open_line != 0) return bad(open_line, "repeat block without '*@end'");
  return out;
}

}  // namespace

std::optional<std::string> render_template(const CellDef& cell, const ParamValues& values, Diagnostics& diag,
                                           const DeviceModels& models) {
  auto text = read_template(cell, diag);
  if (!text) return std::nullopt;
  if (text->find("*@") != std::string::npos) {
    text = expand_repeats(*text, cell, values, diag);
    if (!text) return std::nullopt;
  }
  Diagnostics local;
  auto parsed = parse_spice(*text, cell.template_path, local);
  const SpiceSubckt* sub = parsed ? parsed->find(cell.subckt) : nullptr;
  if (sub == nullptr) {
    diag.merge(local);
    diag.error("cell.template", SourceLoc::at(cell.file),
               fmt::format("template '{}' has no .subckt {}", cell.template_path, cell.subckt));
    return std::nullopt;
  }
  if (!values.empty()) {
    // Append the parameter list at the end of the .subckt card, after its continuation lines.
    std::size_t pos = 0;
    for (int line = 1; line < sub->line; ++line) pos = text->find('\n', pos) + 1;
    std::size_t eol = text->find('\n', pos);
    while (eol != std::string::npos && eol + 1 < text->size() && (*text)[eol + 1] == '+') eol = text->find('\n', eol + 1);
    std::string params = " params:";
    for (const auto& [name, value] : values) params += fmt::format(" {}={}", name, units::format_number(value));
    text->insert(eol == std::string::npos ? text->size() : eol, params);
  }
  if (models.nmos == "nmos" && models.pmos == "pmos") return text;
  return rename_models(*text, models);
}

}  // namespace rtmchar::netlist
