#include "liberty/writer.h"

#include <cmath>
#include <fmt/format.h>
#include <map>
#include <set>

#include "util/units.h"

namespace rtmchar::liberty {

namespace {

/// "1ns", "10ps", "100uA": the Liberty text of a unit whose SI value is `scale`, or nullopt when
/// it is not 1, 10 or 100 times an SI prefix.
std::optional<std::string> unit_text(double scale, std::string_view base) {
  static constexpr std::pair<double, const char*> kPrefixes[] = {
      {1e-18, "a"}, {1e-15, "f"}, {1e-12, "p"}, {1e-9, "n"}, {1e-6, "u"}, {1e-3, "m"}, {1.0, ""}, {1e3, "k"}, {1e6, "M"}};
  for (auto [p, name] : kPrefixes)
    for (int mant : {1, 10, 100})
      if (std::abs(scale / (p * mant) - 1.0) < 1e-9) return fmt::format("{}{}{}", mant, name, base);
  return std::nullopt;
}

class Writer {
 public:
  Writer(const Library& lib, const WriterOptions& opt) : lib_(lib), opt_(opt) {}

  std::optional<std::string> run(Diagnostics& diag) {
    if (!header_units(diag)) return std::nullopt;
    if (!collect_defines(diag)) return std::nullopt;
    write_header();
    for (const TemplatePtr& t : lib_.templates) write_template(*t);
    for (const Cell& c : lib_.cells) write_cell(c);
    out_ += "}\n";
    return std::move(out_);
  }

 private:
  // -- helpers --------------------------------------------------------------------------------
  void line(int indent, std::string_view text) {
    out_.append(static_cast<std::size_t>(indent) * 2, ' ');
    out_ += text;
    out_ += '\n';
  }
  std::string num(double si, Quantity q) const { return units::format_sig(si / lib_.units.scale(q), opt_.digits); }
  std::string plain(double v) const { return units::format_sig(v, opt_.digits); }
  static std::string quoted(std::string_view s) { return fmt::format("\"{}\"", s); }
  std::string list(const std::vector<double>& v, Quantity q, std::size_t from = 0, std::size_t n = std::string::npos) const {
    std::string s;
    n = std::min(n, v.size() - from);
    for (std::size_t i = from; i < from + n; ++i) {
      if (i > from) s += ", ";
      s += num(v[i], q);
    }
    return s;
  }

  bool header_units(Diagnostics& diag) {
    const Units& u = lib_.units;
    struct U {
      double scale;
      const char* base;
      std::string* out;
      const char* what;
    };
    for (U x : {U{u.time, "s", &time_, "time_unit"}, U{u.voltage, "V", &voltage_, "voltage_unit"},
                U{u.current, "A", &current_, "current_unit"}, U{u.leakage_power, "W", &leakage_, "leakage_power_unit"},
                U{u.resistance, "ohm", &resistance_, "pulling_resistance_unit"}}) {
      auto t = unit_text(x.scale, x.base);
      if (!t) {
        diag.error("liberty.bad-units", SourceLoc::at(lib_.source_file),
                   fmt::format("{} {} s.i. is not 1, 10 or 100 times an SI prefix", x.what, units::format_number(x.scale)));
        return false;
      }
      *x.out = *t;
    }
    // OpenSTA accepts only ff and pf here.
    for (auto [p, name] : {std::pair{1e-12, "pf"}, std::pair{1e-15, "ff"}})
      for (int mant : {1, 10, 100})
        if (std::abs(u.capacitance / (p * mant) - 1.0) < 1e-9) cap_ = fmt::format("{}, {}", mant, name);
    if (cap_.empty()) {
      diag.error("liberty.bad-units", SourceLoc::at(lib_.source_file),
                 "capacitive_load_unit must be 1, 10 or 100 pF or fF (OpenSTA accepts nothing else)");
      return false;
    }
    return true;
  }

  // -- user defines -----------------------------------------------------------------------------
  static const char* define_type(const UserAttribute& a) {
    switch (a.kind) {
      case UserAttribute::Kind::Float: return "float";
      case UserAttribute::Kind::Boolean: return "boolean";
      case UserAttribute::Kind::String:
      case UserAttribute::Kind::FloatList: return "string";
    }
    return "string";
  }

  bool add_define(const std::string& name, const std::string& group, const char* type, Diagnostics& diag) {
    auto [it, inserted] = defines_.emplace(std::pair{name, group}, type);
    if (!inserted && it->second != type) {
      diag.error("liberty.bad-user-attribute", SourceLoc::at(lib_.source_file),
                 fmt::format("user attribute '{}' in '{}' is both {} and {}", name, group, it->second, type));
      return false;
    }
    if (inserted) define_order_.emplace_back(name, group);
    return true;
  }

  bool collect_group(const UserGroup& g, const std::string& parent, Diagnostics& diag) {
    if (group_defines_.emplace(g.type, parent).second) group_order_.emplace_back(g.type, parent);
    bool ok = true;
    for (const UserAttribute& a : g.attributes) ok &= add_define(a.name, g.type, define_type(a), diag);
    for (const UserGroup& sub : g.groups) ok &= collect_group(sub, g.type, diag);
    return ok;
  }

  bool collect_defines(Diagnostics& diag) {
    if (!lib_.validate(diag)) return false;
    bool ok = true;
    for (const Cell& c : lib_.cells) {
      for (const UserAttribute& a : c.user_attributes) ok &= add_define(a.name, "cell", define_type(a), diag);
      for (const UserGroup& g : c.user_groups) ok &= collect_group(g, "cell", diag);
      for (const Pin& p : c.pins)
        for (const UserAttribute& a : p.user_attributes) ok &= add_define(a.name, "pin", define_type(a), diag);
    }
    return ok;
  }

  // -- library header ----------------------------------------------------------------------------
  void write_header() {
    const Thresholds& t = lib_.thresholds;
    line(0, "/*");
    line(0, fmt::format(" * Liberty library '{}' written by rtmchar {}.", lib_.name, RTMCHAR_VERSION));
    line(0, fmt::format(" * Delay thresholds: input {} % (rise) / {} % (fall), output {} % / {} % of the swing.",
                        plain(t.input_rise), plain(t.input_fall), plain(t.output_rise), plain(t.output_fall)));
    line(0, " * Slew convention: every transition (table index and transition table value) is the");
    line(0, fmt::format(" * threshold-to-threshold time from {} % to {} % of the swing (fall: {} % to {} %),",
                        plain(t.slew_lower_rise), plain(t.slew_upper_rise), plain(t.slew_upper_fall), plain(t.slew_lower_fall)));
    line(0, fmt::format(" * times slew_derate_from_library = {}; a full 0-100 % input ramp of slew s lasts s / {}.",
                        plain(t.slew_derate), plain(t.slew_derate * (t.slew_upper_rise - t.slew_lower_rise) / 100.0)));
    line(0, " * internal_power: energy per transition excluding the energy that charges the external load.");
    if (!lib_.comment.empty()) {
      std::string c = lib_.comment;
      for (std::size_t p; (p = c.find("*/")) != std::string::npos;) c.replace(p, 2, "* /");
      std::size_t start = 0;
      while (start <= c.size()) {
        std::size_t nl = c.find('\n', start);
        line(0, " * " + c.substr(start, nl == std::string::npos ? std::string::npos : nl - start));
        if (nl == std::string::npos) break;
        start = nl + 1;
      }
    }
    line(0, " */");
    line(0, fmt::format("library ({}) {{", lib_.name));
    line(1, fmt::format("technology ({});", lib_.technology));
    line(1, "delay_model : table_lookup;");
    line(1, fmt::format("time_unit : \"{}\";", time_));
    line(1, fmt::format("voltage_unit : \"{}\";", voltage_));
    line(1, fmt::format("current_unit : \"{}\";", current_));
    line(1, fmt::format("capacitive_load_unit ({});", cap_));
    line(1, fmt::format("leakage_power_unit : \"{}\";", leakage_));
    line(1, fmt::format("pulling_resistance_unit : \"{}\";", resistance_));
    line(1, fmt::format("input_threshold_pct_rise : {};", plain(t.input_rise)));
    line(1, fmt::format("input_threshold_pct_fall : {};", plain(t.input_fall)));
    line(1, fmt::format("output_threshold_pct_rise : {};", plain(t.output_rise)));
    line(1, fmt::format("output_threshold_pct_fall : {};", plain(t.output_fall)));
    line(1, fmt::format("slew_lower_threshold_pct_rise : {};", plain(t.slew_lower_rise)));
    line(1, fmt::format("slew_upper_threshold_pct_rise : {};", plain(t.slew_upper_rise)));
    line(1, fmt::format("slew_lower_threshold_pct_fall : {};", plain(t.slew_lower_fall)));
    line(1, fmt::format("slew_upper_threshold_pct_fall : {};", plain(t.slew_upper_fall)));
    line(1, fmt::format("slew_derate_from_library : {};", plain(t.slew_derate)));
    line(1, fmt::format("nom_process : {};", plain(lib_.nom_process)));
    line(1, fmt::format("nom_voltage : {};", plain(lib_.nom_voltage)));
    line(1, fmt::format("nom_temperature : {};", plain(lib_.nom_temperature)));
    for (const OperatingConditions& oc : lib_.operating_conditions) {
      line(1, fmt::format("operating_conditions ({}) {{", oc.name));
      line(2, fmt::format("process : {};", plain(oc.process)));
      line(2, fmt::format("voltage : {};", plain(oc.voltage)));
      line(2, fmt::format("temperature : {};", plain(oc.temperature)));
      line(1, "}");
    }
    line(1, fmt::format("default_operating_conditions : {};", lib_.default_operating_conditions));
    for (const auto& [type, parent] : group_order_) line(1, fmt::format("define_group ({}, {});", type, parent));
    for (const auto& key : define_order_) line(1, fmt::format("define ({}, {}, {});", key.first, key.second, defines_.at(key)));
  }

  void write_template(const TableTemplate& t) {
    if (t.axes.empty()) return;  // Liberty's built-in "scalar" template
    line(1, fmt::format("{} ({}) {{", t.kind == TableTemplate::Kind::Power ? "power_lut_template" : "lu_table_template", t.name));
    // Liberty names the input slew of a power template input_transition_time; OpenSTA (2019)
    // rejects input_net_transition there ("unsupported table axes") when computing power.
    for (std::size_t a = 0; a < t.axes.size(); ++a) {
      bool power_slew = t.kind == TableTemplate::Kind::Power && t.axes[a].variable == AxisVariable::InputNetTransition;
      line(2, fmt::format("variable_{} : {};", a + 1, power_slew ? "input_transition_time" : axis_variable_name(t.axes[a].variable)));
    }
    for (std::size_t a = 0; a < t.axes.size(); ++a)
      line(2, fmt::format("index_{} (\"{}\");", a + 1, list(t.axes[a].values, axis_quantity(t.axes[a].variable))));
    line(1, "}");
  }

  // -- cells ------------------------------------------------------------------------------------
  void write_table(int indent, const char* group, const Table& t) {
    line(indent, fmt::format("{} ({}) {{", group, t.tmpl->name));
    std::size_t cols = t.axes().size() == 2 ? t.axes()[1].values.size() : t.values.size();
    std::size_t rows = t.values.size() / std::max<std::size_t>(cols, 1);
    if (rows <= 1) {
      line(indent + 1, fmt::format("values (\"{}\");", list(t.values, t.quantity)));
    } else {
      line(indent + 1, "values ( \\");
      for (std::size_t r = 0; r < rows; ++r)
        line(indent + 2, fmt::format("\"{}\"{}", list(t.values, t.quantity, r * cols, cols), r + 1 < rows ? ", \\" : " \\"));
      line(indent + 1, ");");
    }
    line(indent, "}");
  }

  void write_user_attribute(int indent, const UserAttribute& a) {
    switch (a.kind) {
      case UserAttribute::Kind::Float: line(indent, fmt::format("{} : {};", a.name, num(a.numbers.at(0), a.quantity))); break;
      case UserAttribute::Kind::String: line(indent, fmt::format("{} : \"{}\";", a.name, a.text)); break;
      case UserAttribute::Kind::FloatList: line(indent, fmt::format("{} : \"{}\";", a.name, list(a.numbers, a.quantity))); break;
      case UserAttribute::Kind::Boolean: line(indent, fmt::format("{} : {};", a.name, a.flag ? "true" : "false")); break;
    }
  }

  void write_user_group(int indent, const UserGroup& g) {
    line(indent, fmt::format("{} ({}) {{", g.type, g.name));
    for (const UserAttribute& a : g.attributes) write_user_attribute(indent + 1, a);
    for (const UserGroup& sub : g.groups) write_user_group(indent + 1, sub);
    line(indent, "}");
  }

  void write_pin(const Pin& p) {
    line(2, fmt::format("pin ({}) {{", p.name));
    line(3, fmt::format("direction : {};", direction_name(p.direction)));
    if (p.clock) line(3, "clock : true;");
    if (p.capacitance) line(3, fmt::format("capacitance : {};", num(*p.capacitance, Quantity::Capacitance)));
    if (p.rise_capacitance) line(3, fmt::format("rise_capacitance : {};", num(*p.rise_capacitance, Quantity::Capacitance)));
    if (p.fall_capacitance) line(3, fmt::format("fall_capacitance : {};", num(*p.fall_capacitance, Quantity::Capacitance)));
    if (p.max_capacitance) line(3, fmt::format("max_capacitance : {};", num(*p.max_capacitance, Quantity::Capacitance)));
    if (!p.nextstate_type.empty()) line(3, fmt::format("nextstate_type : {};", p.nextstate_type));
    if (!p.function.empty()) line(3, fmt::format("function : \"{}\";", p.function));
    for (const UserAttribute& a : p.user_attributes) write_user_attribute(3, a);
    for (const TimingArc& a : p.timing) {
      line(3, "timing () {");
      line(4, fmt::format("related_pin : \"{}\";", a.related_pin));
      line(4, fmt::format("timing_type : {};", timing_type_name(a.type)));
      if (a.sense != TimingSense::None) line(4, fmt::format("timing_sense : {};", timing_sense_name(a.sense)));
      if (!a.when.empty()) line(4, fmt::format("when : \"{}\";", a.when));
      if (!a.sdf_cond.empty()) line(4, fmt::format("sdf_cond : \"{}\";", a.sdf_cond));
      for (auto [name, t] : a.tables()) write_table(4, name, *t);
      line(3, "}");
    }
    for (const InternalPower& ip : p.power) {
      line(3, "internal_power () {");
      if (!ip.related_pin.empty()) line(4, fmt::format("related_pin : \"{}\";", ip.related_pin));
      if (!ip.when.empty()) line(4, fmt::format("when : \"{}\";", ip.when));
      for (auto [name, t] : ip.tables()) write_table(4, name, *t);
      line(3, "}");
    }
    line(2, "}");
  }

  void write_cell(const Cell& c) {
    line(1, fmt::format("cell ({}) {{", c.name));
    line(2, fmt::format("area : {};", plain(c.area / 1e-12)));
    if (c.leakage) line(2, fmt::format("cell_leakage_power : {};", num(*c.leakage, Quantity::Power)));
    for (const LeakagePower& lp : c.leakage_power) {
      line(2, "leakage_power () {");
      if (!lp.when.empty()) line(3, fmt::format("when : \"{}\";", lp.when));
      line(3, fmt::format("value : {};", num(lp.value, Quantity::Power)));
      line(2, "}");
    }
    for (const UserAttribute& a : c.user_attributes) write_user_attribute(2, a);
    for (const UserGroup& g : c.user_groups) write_user_group(2, g);
    if (c.ff) {
      line(2, fmt::format("ff ({}, {}) {{", c.ff->iq, c.ff->iqn));
      line(3, fmt::format("next_state : \"{}\";", c.ff->next_state));
      line(3, fmt::format("clocked_on : \"{}\";", c.ff->clocked_on));
      if (!c.ff->clear.empty()) line(3, fmt::format("clear : \"{}\";", c.ff->clear));
      if (!c.ff->preset.empty()) line(3, fmt::format("preset : \"{}\";", c.ff->preset));
      line(2, "}");
    }
    if (c.latch) {
      line(2, fmt::format("latch ({}, {}) {{", c.latch->iq, c.latch->iqn));
      line(3, fmt::format("data_in : \"{}\";", c.latch->data_in));
      line(3, fmt::format("enable : \"{}\";", c.latch->enable));
      if (!c.latch->clear.empty()) line(3, fmt::format("clear : \"{}\";", c.latch->clear));
      if (!c.latch->preset.empty()) line(3, fmt::format("preset : \"{}\";", c.latch->preset));
      line(2, "}");
    }
    for (const Pin& p : c.pins) write_pin(p);
    line(1, "}");
  }

  const Library& lib_;
  const WriterOptions& opt_;
  std::string out_;
  std::string time_, voltage_, current_, leakage_, resistance_, cap_;
  std::map<std::pair<std::string, std::string>, const char*> defines_;
  std::vector<std::pair<std::string, std::string>> define_order_;
  std::set<std::pair<std::string, std::string>> group_defines_;
  std::vector<std::pair<std::string, std::string>> group_order_;
};

}  // namespace

std::optional<std::string> write_liberty(const Library& lib, Diagnostics& diag, const WriterOptions& options) {
  return Writer(lib, options).run(diag);
}

}  // namespace rtmchar::liberty
