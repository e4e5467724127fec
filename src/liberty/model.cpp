#include "liberty/model.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <set>
#include <sstream>

namespace rtmchar::liberty {

const char* quantity_name(Quantity q) {
  switch (q) {
    case Quantity::Time: return "time";
    case Quantity::Capacitance: return "capacitance";
    case Quantity::Energy: return "energy";
    case Quantity::Power: return "power";
    case Quantity::Voltage: return "voltage";
    case Quantity::Current: return "current";
    case Quantity::Resistance: return "resistance";
    case Quantity::Area: return "area";
    case Quantity::Dimensionless: return "dimensionless";
  }
  return "?";
}

const char* quantity_si_unit(Quantity q) {
  switch (q) {
    case Quantity::Time: return "s";
    case Quantity::Capacitance: return "F";
    case Quantity::Energy: return "J";
    case Quantity::Power: return "W";
    case Quantity::Voltage: return "V";
    case Quantity::Current: return "A";
    case Quantity::Resistance: return "Ohm";
    case Quantity::Area: return "m^2";
    case Quantity::Dimensionless: return "";
  }
  return "";
}

double Units::scale(Quantity q) const {
  switch (q) {
    case Quantity::Time: return time;
    case Quantity::Capacitance: return capacitance;
    case Quantity::Energy: return voltage * capacitance;
    case Quantity::Power: return leakage_power;
    case Quantity::Voltage: return voltage;
    case Quantity::Current: return current;
    case Quantity::Resistance: return resistance;
    case Quantity::Area: return 1e-12;
    case Quantity::Dimensionless: return 1.0;
  }
  return 1.0;
}

namespace {
struct AxisName {
  AxisVariable v;
  const char* name;
};
constexpr AxisName kAxisNames[] = {
    {AxisVariable::InputNetTransition, "input_net_transition"},
    {AxisVariable::TotalOutputNetCapacitance, "total_output_net_capacitance"},
    {AxisVariable::RelatedPinTransition, "related_pin_transition"},
    {AxisVariable::ConstrainedPinTransition, "constrained_pin_transition"},
    {AxisVariable::OutputPinTransition, "output_pin_transition"},
};
struct TypeName {
  TimingType t;
  const char* name;
};
constexpr TypeName kTypeNames[] = {
    {TimingType::Combinational, "combinational"}, {TimingType::RisingEdge, "rising_edge"},
    {TimingType::FallingEdge, "falling_edge"},    {TimingType::SetupRising, "setup_rising"},
    {TimingType::SetupFalling, "setup_falling"},  {TimingType::HoldRising, "hold_rising"},
    {TimingType::HoldFalling, "hold_falling"},
};
}  // namespace

const char* axis_variable_name(AxisVariable v) {
  for (const auto& a : kAxisNames)
    if (a.v == v) return a.name;
  return "?";
}

std::optional<AxisVariable> axis_variable_from_name(std::string_view name) {
  if (name == "input_transition_time") return AxisVariable::InputNetTransition;  // power_lut_template's name
  for (const auto& a : kAxisNames)
    if (name == a.name) return a.v;
  return std::nullopt;
}

Quantity axis_quantity(AxisVariable v) {
  return v == AxisVariable::TotalOutputNetCapacitance ? Quantity::Capacitance : Quantity::Time;
}

const char* timing_sense_name(TimingSense s) {
  switch (s) {
    case TimingSense::None: return "";
    case TimingSense::PositiveUnate: return "positive_unate";
    case TimingSense::NegativeUnate: return "negative_unate";
    case TimingSense::NonUnate: return "non_unate";
  }
  return "";
}

const char* timing_type_name(TimingType t) {
  for (const auto& n : kTypeNames)
    if (n.t == t) return n.name;
  return "?";
}

std::optional<TimingType> timing_type_from_name(std::string_view name) {
  for (const auto& n : kTypeNames)
    if (name == n.name) return n.t;
  return std::nullopt;
}

bool is_constraint(TimingType t) {
  return t == TimingType::SetupRising || t == TimingType::SetupFalling || t == TimingType::HoldRising ||
         t == TimingType::HoldFalling;
}

const char* direction_name(Direction d) {
  switch (d) {
    case Direction::Input: return "input";
    case Direction::Output: return "output";
    case Direction::Inout: return "inout";
    case Direction::Internal: return "internal";
  }
  return "?";
}

std::shared_ptr<const TableTemplate> TableTemplate::make(std::string name, Kind kind, std::vector<Axis> axes,
                                                         Diagnostics& diag, const SourceLoc& loc) {
  bool ok = true;
  if (name.empty()) {
    diag.error("liberty.bad-template", loc, "table template without a name");
    ok = false;
  }
  if (axes.size() > 2) {
    diag.error("liberty.bad-template", loc, fmt::format("template '{}' has {} axes; at most 2 are supported", name, axes.size()));
    ok = false;
  }
  for (std::size_t a = 0; a < axes.size(); ++a) {
    const auto& v = axes[a].values;
    if (v.empty()) {
      diag.error("liberty.bad-index", loc, fmt::format("template '{}' index_{} is empty", name, a + 1));
      ok = false;
      continue;
    }
    for (std::size_t i = 0; i < v.size(); ++i) {
      if (!std::isfinite(v[i])) {
        diag.error("liberty.bad-index", loc, fmt::format("template '{}' index_{} value {} is not finite", name, a + 1, i + 1));
        ok = false;
      } else if (i > 0 && !(v[i] > v[i - 1])) {
        diag.error("liberty.bad-index", loc,
                   fmt::format("template '{}' index_{} is not strictly increasing at value {}", name, a + 1, i + 1));
        ok = false;
      }
    }
  }
  if (axes.empty() && name != "scalar") {
    diag.error("liberty.bad-template", loc, fmt::format("template '{}' has no axes; only Liberty's built-in 'scalar' may", name));
    ok = false;
  }
  if (axes.size() == 2 && axes[0].variable == axes[1].variable) {
    diag.error("liberty.bad-template", loc, fmt::format("template '{}' uses {} for both axes", name, axis_variable_name(axes[0].variable)));
    ok = false;
  }
  if (!ok) return nullptr;
  auto t = std::make_shared<TableTemplate>();
  t->name = std::move(name);
  t->kind = kind;
  t->axes = std::move(axes);
  return t;
}

std::size_t Table::expected_size() const {
  std::size_t n = 1;
  if (tmpl)
    for (const Axis& a : tmpl->axes) n *= a.values.size();
  return n;
}

double Table::at(std::size_t i1, std::size_t i2) const {
  std::size_t n2 = tmpl && tmpl->axes.size() == 2 ? tmpl->axes[1].values.size() : 1;
  return values.at(i1 * n2 + (n2 > 1 ? i2 : 0));
}

namespace {
bool check_table_values(const Table& t, std::string_view what, Diagnostics& diag, const SourceLoc& loc) {
  if (!t.tmpl) {
    diag.error("liberty.bad-table", loc, fmt::format("{}: table has no template", what));
    return false;
  }
  bool ok = true;
  if (t.values.size() != t.expected_size()) {
    diag.error("liberty.bad-table", loc,
               fmt::format("{}: {} values do not match template '{}' ({} expected)", what, t.values.size(),
                           t.tmpl->name, t.expected_size()));
    ok = false;
  }
  for (std::size_t i = 0; i < t.values.size(); ++i)
    if (!std::isfinite(t.values[i])) {
      diag.error("liberty.bad-table", loc, fmt::format("{}: value {} is not finite", what, i + 1));
      ok = false;
    }
  return ok;
}
}  // namespace

std::optional<Table> Table::make(Quantity quantity, TemplatePtr tmpl, std::vector<double> values, Diagnostics& diag,
                                 const SourceLoc& loc) {
  Table t{quantity, std::move(tmpl), std::move(values)};
  if (!check_table_values(t, fmt::format("{} table", quantity_name(quantity)), diag, loc)) return std::nullopt;
  return t;
}

std::vector<std::pair<const char*, const Table*>> TimingArc::tables() const {
  std::vector<std::pair<const char*, const Table*>> out;
  auto add = [&](const char* n, const std::optional<Table>& t) {
    if (t) out.emplace_back(n, &*t);
  };
  add("cell_rise", cell_rise);
  add("rise_transition", rise_transition);
  add("cell_fall", cell_fall);
  add("fall_transition", fall_transition);
  add("rise_constraint", rise_constraint);
  add("fall_constraint", fall_constraint);
  return out;
}

std::vector<std::pair<const char*, const Table*>> InternalPower::tables() const {
  std::vector<std::pair<const char*, const Table*>> out;
  if (rise_power) out.emplace_back("rise_power", &*rise_power);
  if (fall_power) out.emplace_back("fall_power", &*fall_power);
  return out;
}

Quantity user_attribute_quantity(std::string_view name) {
  std::size_t us = name.rfind('_');
  std::string_view last = us == std::string_view::npos ? name : name.substr(us + 1);
  struct Word {
    const char* word;
    Quantity q;
  };
  static constexpr Word kWords[] = {
      {"latency", Quantity::Time},      {"delay", Quantity::Time},          {"time", Quantity::Time},
      {"pulse", Quantity::Time},        {"energy", Quantity::Energy},
      {"power", Quantity::Power},       {"current", Quantity::Current},     {"voltage", Quantity::Voltage},
      {"capacitance", Quantity::Capacitance}, {"resistance", Quantity::Resistance},
      {"area", Quantity::Area}};
  for (const Word& w : kWords)
    if (last == w.word) return w.q;
  return Quantity::Dimensionless;
}

UserAttribute UserAttribute::boolean(std::string name, bool value) {
  UserAttribute a;
  a.name = std::move(name);
  a.kind = Kind::Boolean;
  a.quantity = Quantity::Dimensionless;
  a.flag = value;
  return a;
}

const Pin* Cell::find_pin(std::string_view pin_name) const {
  for (const Pin& p : pins)
    if (p.name == pin_name) return &p;
  return nullptr;
}

const Cell* Library::find_cell(std::string_view cell_name) const {
  for (const Cell& c : cells)
    if (c.name == cell_name) return &c;
  return nullptr;
}

TemplatePtr Library::find_template(std::string_view template_name) const {
  for (const TemplatePtr& t : templates)
    if (t && t->name == template_name) return t;
  return nullptr;
}

// ---------------------------------------------------------------------------------------------
// Library::validate

namespace {

/// Standard Liberty group names a user-defined group must not shadow.
constexpr const char* kStandardGroups[] = {
    "library", "cell", "pin", "bus", "bundle", "timing", "internal_power", "leakage_power", "ff", "latch",
    "statetable", "operating_conditions", "lu_table_template", "power_lut_template", "cell_rise", "cell_fall",
    "rise_transition", "fall_transition", "rise_constraint", "fall_constraint", "rise_power", "fall_power",
    "pg_pin", "test_cell", "wire_load", "type", "memory"};

/// Standard pin attributes a user-defined pin attribute must not shadow (the ones this model
/// writes and the common ones clients interpret).
constexpr const char* kStandardPinAttributes[] = {
    "direction", "capacitance", "rise_capacitance", "fall_capacitance", "max_capacitance", "min_capacitance",
    "max_transition", "max_fanout", "function", "three_state", "clock", "nextstate_type", "related_power_pin",
    "related_ground_pin", "driver_type", "is_pad", "state_function", "internal_node", "fanout_load"};

class Validator {
 public:
  Validator(const Library& lib, Diagnostics& diag) : lib_(lib), diag_(diag), loc_(SourceLoc::at(lib.source_file)) {}

  bool run() {
    check_header();
    std::set<std::string> names;
    for (const TemplatePtr& t : lib_.templates) {
      if (!t) {
        err("liberty.bad-template", "null template in library");
        continue;
      }
      if (!names.insert(t->name).second) err("liberty.duplicate", fmt::format("template '{}' defined twice", t->name));
    }
    names.clear();
    for (const Cell& c : lib_.cells) {
      if (!names.insert(c.name).second) err("liberty.duplicate", fmt::format("cell '{}' defined twice", c.name));
      check_cell(c);
    }
    return ok_;
  }

 private:
  void err(const char* id, std::string msg) {
    diag_.error(id, loc_, std::move(msg));
    ok_ = false;
  }

  void check_header() {
    if (lib_.name.empty()) err("liberty.bad-header", "library has no name");
    const Units& u = lib_.units;
    for (double s : {u.time, u.capacitance, u.voltage, u.current, u.leakage_power, u.resistance})
      if (!(s > 0) || !std::isfinite(s)) err("liberty.bad-units", "unit scale is not a positive finite number");
    const Thresholds& t = lib_.thresholds;
    for (double p : {t.input_rise, t.input_fall, t.output_rise, t.output_fall, t.slew_lower_rise, t.slew_upper_rise,
                     t.slew_lower_fall, t.slew_upper_fall})
      if (!(p > 0 && p < 100)) err("liberty.bad-threshold", fmt::format("threshold {} % is not inside (0, 100)", p));
    if (!(t.slew_lower_rise < t.slew_upper_rise) || !(t.slew_lower_fall < t.slew_upper_fall))
      err("liberty.bad-threshold", "slew lower threshold is not below the upper threshold");
    if (!(t.slew_derate > 0) || !std::isfinite(t.slew_derate))
      err("liberty.bad-threshold", "slew_derate_from_library must be positive");
    // Without default_operating_conditions OpenSTA silently reports zero internal power.
    if (lib_.operating_conditions.empty())
      err("liberty.no-operating-conditions", "library has no operating_conditions");
    bool found = false;
    for (const auto& oc : lib_.operating_conditions) found |= oc.name == lib_.default_operating_conditions;
    if (!found)
      err("liberty.no-operating-conditions",
          fmt::format("default_operating_conditions '{}' names no operating_conditions group", lib_.default_operating_conditions));
  }

  void check_table(const Table& t, Quantity want, const std::string& what) {
    if (!check_table_values(t, what, diag_, loc_)) ok_ = false;
    if (t.quantity != want)
      err("liberty.bad-table", fmt::format("{}: table holds {} but the group requires {}", what, quantity_name(t.quantity), quantity_name(want)));
    if (t.tmpl && lib_.find_template(t.tmpl->name) != t.tmpl)
      err("liberty.unknown-template", fmt::format("{}: template '{}' is not one of the library's templates", what, t.tmpl->name));
  }

  void check_related(const Cell& c, const std::string& related, const std::string& what, bool required) {
    if (related.empty()) {
      if (required) err("liberty.no-related-pin", fmt::format("{}: timing group without related_pin", what));
      return;
    }
    std::istringstream in(related);
    std::string p;
    while (in >> p)
      if (!c.find_pin(p)) err("liberty.unknown-pin", fmt::format("{}: related_pin '{}' is not a pin of the cell", what, p));
  }

  void check_arc(const Cell& c, const Pin& p, const TimingArc& a) {
    std::string what = fmt::format("cell {} pin {} timing {}->{} {}", c.name, p.name, a.related_pin, p.name, timing_type_name(a.type));
    check_related(c, a.related_pin, what, true);
    bool constraint = is_constraint(a.type);
    if (constraint && (a.cell_rise || a.cell_fall || a.rise_transition || a.fall_transition))
      err("liberty.bad-arc", what + ": a constraint arc holds delay tables");
    if (!constraint && (a.rise_constraint || a.fall_constraint))
      err("liberty.bad-arc", what + ": a delay arc holds constraint tables");
    if (a.tables().empty()) err("liberty.bad-arc", what + ": timing group without tables");
    for (auto [name, t] : a.tables()) check_table(*t, Quantity::Time, what + " " + name);
  }

  void check_pin(const Cell& c, const Pin& p, std::set<std::string>& names) {
    std::string what = fmt::format("cell {} pin {}", c.name, p.name);
    if (p.name.empty()) err("liberty.bad-pin", fmt::format("cell {} has a pin without a name", c.name));
    if (!names.insert(p.name).second) err("liberty.duplicate", what + " defined twice");
    // OpenSTA's report_power crashes on an output without a function.
    if (p.direction == Direction::Output && p.function.empty()) err("liberty.no-function", what + ": output pin has no function");
    for (const auto& cap : {p.capacitance, p.rise_capacitance, p.fall_capacitance, p.max_capacitance})
      if (cap && (!std::isfinite(*cap) || *cap < 0)) err("liberty.bad-capacitance", what + ": capacitance is negative or not finite");
    for (const TimingArc& a : p.timing) check_arc(c, p, a);
    check_user_attributes(what, p.user_attributes);
    for (const UserAttribute& a : p.user_attributes)
      for (const char* s : kStandardPinAttributes)
        if (a.name == s) err("liberty.bad-user-attribute", fmt::format("{}: user attribute '{}' is a Liberty pin attribute", what, a.name));
    for (const InternalPower& ip : p.power) {
      std::string pw = what + " internal_power " + ip.related_pin;
      check_related(c, ip.related_pin, pw, false);
      if (ip.tables().empty()) err("liberty.bad-power", pw + ": internal_power without tables");
      for (auto [name, t] : ip.tables()) check_table(*t, Quantity::Energy, pw + " " + name);
    }
  }

  void check_user_group(const Cell& c, const UserGroup& g) {
    for (const char* s : kStandardGroups)
      if (g.type == s) err("liberty.bad-user-group", fmt::format("cell {}: user group type '{}' is a Liberty group", c.name, g.type));
    if (g.type.empty() || g.name.empty()) err("liberty.bad-user-group", fmt::format("cell {}: user group needs a type and a name", c.name));
    check_user_attributes(fmt::format("cell {} {} ({})", c.name, g.type, g.name), g.attributes);
    for (const UserGroup& sub : g.groups) check_user_group(c, sub);
  }

  // `where` names the owner in messages: "cell C" or "cell C pin P".
  void check_user_attributes(const std::string& where, const std::vector<UserAttribute>& attrs) {
    std::set<std::string> names;
    for (const UserAttribute& a : attrs) {
      if (a.name.empty()) err("liberty.bad-user-attribute", fmt::format("{}: user attribute without a name", where));
      if (!a.name.empty() && !names.insert(a.name).second)
        err("liberty.duplicate", fmt::format("{}: user attribute '{}' given twice", where, a.name));
      if (a.kind == UserAttribute::Kind::Float && a.numbers.size() != 1)
        err("liberty.bad-user-attribute", fmt::format("{}: float attribute '{}' needs exactly one value", where, a.name));
      if ((a.kind == UserAttribute::Kind::Float || a.kind == UserAttribute::Kind::FloatList) &&
          a.quantity != user_attribute_quantity(a.name))
        err("liberty.bad-user-attribute",
            fmt::format("{}: attribute '{}' holds {} but its name implies {} (see user_attribute_quantity)", where,
                        a.name, quantity_name(a.quantity), quantity_name(user_attribute_quantity(a.name))));
      if (a.kind == UserAttribute::Kind::Boolean && (!a.numbers.empty() || a.quantity != Quantity::Dimensionless))
        err("liberty.bad-user-attribute", fmt::format("{}: boolean attribute '{}' holds numbers or a quantity", where, a.name));
      for (double v : a.numbers)
        if (!std::isfinite(v)) err("liberty.bad-user-attribute", fmt::format("{}: attribute '{}' is not finite", where, a.name));
    }
  }

  void check_cell(const Cell& c) {
    if (c.name.empty()) err("liberty.bad-cell", "cell without a name");
    if (!std::isfinite(c.area) || c.area < 0) err("liberty.bad-cell", fmt::format("cell {}: area is negative or not finite", c.name));
    if (c.leakage && !std::isfinite(*c.leakage)) err("liberty.bad-cell", fmt::format("cell {}: leakage is not finite", c.name));
    for (const auto& lp : c.leakage_power)
      if (!std::isfinite(lp.value)) err("liberty.bad-cell", fmt::format("cell {}: leakage_power '{}' is not finite", c.name, lp.when));
    if (c.ff && (c.ff->next_state.empty() || c.ff->clocked_on.empty()))
      err("liberty.bad-ff", fmt::format("cell {}: ff group needs next_state and clocked_on", c.name));
    if (c.latch && (c.latch->data_in.empty() || c.latch->enable.empty()))
      err("liberty.bad-latch", fmt::format("cell {}: latch group needs data_in and enable", c.name));
    std::set<std::string> names;
    for (const Pin& p : c.pins) check_pin(c, p, names);
    check_user_attributes("cell " + c.name, c.user_attributes);
    for (const UserGroup& g : c.user_groups) check_user_group(c, g);
  }

  const Library& lib_;
  Diagnostics& diag_;
  SourceLoc loc_;
  bool ok_ = true;
};

}  // namespace

bool Library::validate(Diagnostics& diag) const { return Validator(*this, diag).run(); }

}  // namespace rtmchar::liberty
