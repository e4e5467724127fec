#include "liberty/builder.h"

#include <cctype>
#include <fmt/format.h>
#include <map>
#include <set>

#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::liberty {

namespace {

using Kind = SyntaxNode::Kind;

class Builder {
 public:
  Builder(const std::string& file, Diagnostics& diag) : file_(file), diag_(diag) {}

  std::optional<Library> run(const SyntaxNode& root) {
    if (root.name != "library" || root.args.size() != 1) {
      err(root.line, fmt::format("top-level group is '{}' with {} arguments; expected 'library (name)'", root.name, root.args.size()));
      return std::nullopt;
    }
    lib_.name = root.args[0].text;
    lib_.source_file = file_;
    lib_.operating_conditions.clear();
    header(root);
    for (const SyntaxNode& n : root.children) {
      if (n.kind != Kind::Group) continue;
      if (n.name == "lu_table_template" || n.name == "power_lut_template") table_template(n);
      else if (n.name == "operating_conditions") operating_conditions(n);
    }
    for (const SyntaxNode& n : root.children)
      if (n.kind == Kind::Group && n.name == "cell") cell(n);
    if (ok_) return std::move(lib_);
    return std::nullopt;
  }

 private:
  SourceLoc at(int line) const { return SourceLoc::at(file_, line); }
  void err(int line, std::string msg, const char* id = "liberty.bad-library") {
    diag_.error(id, at(line), std::move(msg));
    ok_ = false;
  }
  void warn(int line, std::string msg) { diag_.warning("liberty.unsupported", at(line), std::move(msg)); }

  /// A Liberty number: decimal with optional exponent, no unit or suffix.
  std::optional<double> number(const SyntaxValue& v, std::string_view what) {
    bool plain = !v.text.empty();
    for (char c : v.text) plain &= std::isdigit(static_cast<unsigned char>(c)) || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
    std::optional<double> x = plain ? units::parse_spice_number(v.text) : std::nullopt;
    if (!x) err(v.line, fmt::format("{}: '{}' is not a number", what, v.text), "liberty.bad-number");
    return x;
  }

  /// Numbers of a list such as "0.1, 0.2 0.3" (comma and/or blank separated).
  std::optional<std::vector<double>> numbers(const SyntaxValue& v, std::string_view what) {
    std::vector<double> out;
    std::string cur;
    bool good = true;
    auto flush = [&] {
      if (cur.empty()) return;
      auto x = number(SyntaxValue{cur, false, v.line}, what);
      if (x) out.push_back(*x);
      else good = false;
      cur.clear();
    };
    for (char c : v.text) {
      if (c == ',' || c == ' ' || c == '\t') flush();
      else cur += c;
    }
    flush();
    if (!good) return std::nullopt;
    return out;
  }

  /// Parses a unit attribute such as "1ns" or "1kohm" into the SI value of one unit.
  void unit(const SyntaxNode& root, const char* attr, const char* si, double& out) {
    const SyntaxValue* v = root.simple(attr);
    if (!v) return;
    std::string why;
    auto x = units::parse_quantity(v->text, si, units::UnitPolicy::Required, &why);
    if (!x || !(*x > 0)) err(v->line, fmt::format("{} \"{}\": {}", attr, v->text, why.empty() ? "not a positive unit" : why), "liberty.bad-units");
    else out = *x;
  }

  void header(const SyntaxNode& root) {
    if (const SyntaxNode* t = root.find("technology"); t && !t->args.empty()) lib_.technology = t->args[0].text;
    Units& u = lib_.units;
    unit(root, "time_unit", "s", u.time);
    unit(root, "voltage_unit", "V", u.voltage);
    unit(root, "current_unit", "A", u.current);
    unit(root, "leakage_power_unit", "W", u.leakage_power);
    unit(root, "pulling_resistance_unit", "Ohm", u.resistance);
    if (const SyntaxNode* c = root.find("capacitive_load_unit")) {
      std::string p = c->args.size() == 2 ? c->args[1].text : "";
      for (char& ch : p) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::optional<double> x;
      if ((p == "pf" || p == "ff") && c->kind == Kind::Complex)
        x = units::parse_quantity(fmt::format("{} {}F", c->args[0].text, p[0]), "F", units::UnitPolicy::Required);
      if (!x || !(*x > 0)) err(c->line, "capacitive_load_unit must be (number, pf|ff)", "liberty.bad-units");
      else u.capacitance = *x;
    }
    Thresholds& t = lib_.thresholds;
    struct D {
      const char* name;
      double* out;
    };
    for (D d : {D{"input_threshold_pct_rise", &t.input_rise}, D{"input_threshold_pct_fall", &t.input_fall},
                D{"output_threshold_pct_rise", &t.output_rise}, D{"output_threshold_pct_fall", &t.output_fall},
                D{"slew_lower_threshold_pct_rise", &t.slew_lower_rise}, D{"slew_upper_threshold_pct_rise", &t.slew_upper_rise},
                D{"slew_lower_threshold_pct_fall", &t.slew_lower_fall}, D{"slew_upper_threshold_pct_fall", &t.slew_upper_fall},
                D{"slew_derate_from_library", &t.slew_derate}, D{"nom_process", &lib_.nom_process},
                D{"nom_voltage", &lib_.nom_voltage}, D{"nom_temperature", &lib_.nom_temperature}})
      if (const SyntaxValue* v = root.simple(d.name))
        if (auto x = number(*v, d.name)) *d.out = *x;
    if (const SyntaxValue* v = root.simple("default_operating_conditions")) lib_.default_operating_conditions = v->text;
    for (const SyntaxNode& n : root.children) {
      if (n.name == "define_group" && n.args.size() == 2) user_group_types_.insert(n.args[0].text);
      if (n.name == "define" && n.args.size() == 3) user_attrs_[{n.args[1].text, n.args[0].text}] = n.args[2].text;
    }
  }

  void operating_conditions(const SyntaxNode& n) {
    OperatingConditions oc;
    oc.name = n.args.empty() ? "" : n.args[0].text;
    if (const SyntaxValue* v = n.simple("process")) oc.process = number(*v, "process").value_or(oc.process);
    if (const SyntaxValue* v = n.simple("voltage")) oc.voltage = number(*v, "voltage").value_or(oc.voltage);
    if (const SyntaxValue* v = n.simple("temperature")) oc.temperature = number(*v, "temperature").value_or(oc.temperature);
    lib_.operating_conditions.push_back(std::move(oc));
  }

  /// Axes of a template or table group: variable_i and index_i (index may be overridden).
  std::optional<std::vector<Axis>> axes(const SyntaxNode& n, const std::vector<Axis>* base) {
    std::vector<Axis> out = base ? *base : std::vector<Axis>{};
    for (int i = 1; i <= 3; ++i) {
      std::string var = fmt::format("variable_{}", i), idx = fmt::format("index_{}", i);
      if (const SyntaxValue* v = n.simple(var)) {
        auto av = axis_variable_from_name(v->text);
        if (!av || i == 3) {
          warn(v->line, fmt::format("{} '{}' is not supported; template skipped", var, v->text));
          return std::nullopt;
        }
        if (out.size() < static_cast<std::size_t>(i)) out.resize(static_cast<std::size_t>(i));
        out[static_cast<std::size_t>(i - 1)].variable = *av;
      }
      if (const SyntaxNode* x = n.find(idx)) {
        if (out.size() < static_cast<std::size_t>(i)) {
          err(x->line, fmt::format("{} without {}", idx, var), "liberty.bad-template");
          return std::nullopt;
        }
        Axis& a = out[static_cast<std::size_t>(i - 1)];
        a.values.clear();
        for (const SyntaxValue& v : x->args) {
          auto xs = numbers(v, idx);
          if (!xs) return std::nullopt;
          for (double d : *xs) a.values.push_back(d * lib_.units.scale(axis_quantity(a.variable)));
        }
      }
    }
    return out;
  }

  void table_template(const SyntaxNode& n) {
    std::string name = n.args.empty() ? "" : n.args[0].text;
    auto ax = axes(n, nullptr);
    if (!ax) {
      skipped_templates_.insert(name);
      return;
    }
    auto kind = n.name == "power_lut_template" ? TableTemplate::Kind::Power : TableTemplate::Kind::Delay;
    auto t = TableTemplate::make(name, kind, std::move(*ax), diag_, at(n.line));
    if (!t) ok_ = false;
    else lib_.templates.push_back(t);
  }

  TemplatePtr template_for(const SyntaxNode& n) {
    std::string name = n.args.empty() ? "scalar" : n.args[0].text;
    TemplatePtr t = lib_.find_template(name);
    if (!t && name == "scalar") {
      t = TableTemplate::make("scalar", TableTemplate::Kind::Delay, {}, diag_);
      lib_.templates.push_back(t);
    }
    if (!t) {
      if (skipped_templates_.count(name)) return nullptr;
      err(n.line, fmt::format("table '{}' uses unknown template '{}'", n.name, name), "liberty.unknown-template");
      return nullptr;
    }
    if (!n.find("index_1") && !n.find("index_2")) return t;
    auto ax = axes(n, &t->axes);  // the table overrides an index: derive a template
    if (!ax) return nullptr;
    for (const TemplatePtr& d : lib_.templates)
      if (d->kind == t->kind && d->axes == *ax && d->name.rfind(t->name, 0) == 0) return d;
    auto d = TableTemplate::make(fmt::format("{}_{}", t->name, ++derived_), t->kind, std::move(*ax), diag_, at(n.line));
    if (!d) {
      ok_ = false;
      return nullptr;
    }
    lib_.templates.push_back(d);
    return d;
  }

  std::optional<Table> table(const SyntaxNode& n, Quantity q) {
    TemplatePtr t = template_for(n);
    if (!t) return std::nullopt;
    const SyntaxNode* vals = n.find("values");
    if (!vals) {
      err(n.line, fmt::format("table '{}' has no values", n.name), "liberty.bad-table");
      return std::nullopt;
    }
    std::vector<double> v;
    std::size_t cols = t->axes.size() == 2 ? t->axes[1].values.size() : 0;
    std::size_t rows = t->axes.size() == 2 ? t->axes[0].values.size() : 0;
    for (std::size_t r = 0; r < vals->args.size(); ++r) {
      auto xs = numbers(vals->args[r], n.name);
      if (!xs) return std::nullopt;
      if (cols && vals->args.size() > 1 && xs->size() != cols) {
        err(vals->args[r].line, fmt::format("table '{}' row {} has {} values; template '{}' has {} columns", n.name, r + 1, xs->size(), t->name, cols), "liberty.bad-table");
        return std::nullopt;
      }
      for (double x : *xs) v.push_back(x * lib_.units.scale(q));
    }
    if (rows && vals->args.size() > 1 && vals->args.size() != rows) {
      err(vals->line, fmt::format("table '{}' has {} rows; template '{}' has {}", n.name, vals->args.size(), t->name, rows), "liberty.bad-table");
      return std::nullopt;
    }
    auto out = Table::make(q, t, std::move(v), diag_, at(vals->line));
    if (!out) ok_ = false;
    return out;
  }

  void timing(const SyntaxNode& n, Pin& pin) {
    TimingArc a;
    if (const SyntaxValue* v = n.simple("timing_type")) {
      auto tt = timing_type_from_name(v->text);
      if (!tt) {
        warn(v->line, fmt::format("timing_type '{}' is not supported; timing group skipped", v->text));
        return;
      }
      a.type = *tt;
    }
    if (const SyntaxValue* v = n.simple("related_pin")) a.related_pin = v->text;
    else err(n.line, fmt::format("pin {}: timing group without related_pin", pin.name), "liberty.no-related-pin");
    if (const SyntaxValue* v = n.simple("when")) a.when = v->text;
    if (const SyntaxValue* v = n.simple("sdf_cond")) a.sdf_cond = v->text;
    if (const SyntaxValue* v = n.simple("timing_sense")) {
      if (v->text == "positive_unate") a.sense = TimingSense::PositiveUnate;
      else if (v->text == "negative_unate") a.sense = TimingSense::NegativeUnate;
      else if (v->text == "non_unate") a.sense = TimingSense::NonUnate;
      else err(v->line, fmt::format("unknown timing_sense '{}'", v->text));
    }
    struct T {
      const char* name;
      std::optional<Table>* out;
    };
    for (T t : {T{"cell_rise", &a.cell_rise}, T{"cell_fall", &a.cell_fall}, T{"rise_transition", &a.rise_transition},
                T{"fall_transition", &a.fall_transition}, T{"rise_constraint", &a.rise_constraint},
                T{"fall_constraint", &a.fall_constraint}})
      if (const SyntaxNode* g = n.find(t.name); g && g->kind == Kind::Group) *t.out = table(*g, Quantity::Time);
    pin.timing.push_back(std::move(a));
  }

  void internal_power(const SyntaxNode& n, Pin& pin) {
    InternalPower p;
    if (const SyntaxValue* v = n.simple("related_pin")) p.related_pin = v->text;
    if (const SyntaxValue* v = n.simple("when")) p.when = v->text;
    if (const SyntaxNode* g = n.find("rise_power"); g && g->kind == Kind::Group) p.rise_power = table(*g, Quantity::Energy);
    if (const SyntaxNode* g = n.find("fall_power"); g && g->kind == Kind::Group) p.fall_power = table(*g, Quantity::Energy);
    if (const SyntaxNode* g = n.find("power"); g && g->kind == Kind::Group) {  // one table for both edges
      p.rise_power = table(*g, Quantity::Energy);
      p.fall_power = p.rise_power;
    }
    if (p.rise_power || p.fall_power) pin.power.push_back(std::move(p));
  }

  std::optional<double> cap(const SyntaxNode& n, const char* attr) {
    const SyntaxValue* v = n.simple(attr);
    if (!v) return std::nullopt;
    auto x = number(*v, attr);
    if (!x) return std::nullopt;
    return *x * lib_.units.capacitance;
  }

  void pin(const SyntaxNode& n, Cell& c) {
    for (const SyntaxValue& name : n.args) {
      Pin p;
      p.name = name.text;
      if (const SyntaxValue* v = n.simple("direction")) {
        if (v->text == "input") p.direction = Direction::Input;
        else if (v->text == "output") p.direction = Direction::Output;
        else if (v->text == "inout") p.direction = Direction::Inout;
        else if (v->text == "internal") p.direction = Direction::Internal;
        else err(v->line, fmt::format("pin {}: unknown direction '{}'", p.name, v->text));
      }
      p.capacitance = cap(n, "capacitance");
      p.rise_capacitance = cap(n, "rise_capacitance");
      p.fall_capacitance = cap(n, "fall_capacitance");
      p.max_capacitance = cap(n, "max_capacitance");
      if (const SyntaxValue* v = n.simple("function")) p.function = v->text;
      if (const SyntaxValue* v = n.simple("clock")) p.clock = v->text == "true";
      if (const SyntaxValue* v = n.simple("nextstate_type")) p.nextstate_type = v->text;
      for (const SyntaxNode& ch : n.children) {
        if (ch.kind == Kind::Group && ch.name == "timing") timing(ch, p);
        else if (ch.kind == Kind::Group && ch.name == "internal_power") internal_power(ch, p);
        else if (auto it = user_attrs_.find({"pin", ch.name}); it != user_attrs_.end())
          if (auto a = user_attribute(ch, it->second)) p.user_attributes.push_back(std::move(*a));
      }
      c.pins.push_back(std::move(p));
    }
  }

  std::optional<UserAttribute> user_attribute(const SyntaxNode& n, const std::string& type) {
    if (n.kind != Kind::Simple || n.args.empty()) return std::nullopt;
    UserAttribute a;
    a.name = n.name;
    a.quantity = user_attribute_quantity(n.name);
    if (type == "string") {
      // A string of numbers written by rtmchar for a FloatList; otherwise plain text.
      Diagnostics quiet;
      Builder probe(file_, quiet);
      probe.lib_.units = lib_.units;
      auto xs = probe.numbers(n.args[0], n.name);
      if (xs && !xs->empty() && a.quantity != Quantity::Dimensionless) {
        a.kind = UserAttribute::Kind::FloatList;
        for (double x : *xs) a.numbers.push_back(x * lib_.units.scale(a.quantity));
      } else {
        a.kind = UserAttribute::Kind::String;
        a.quantity = Quantity::Dimensionless;
        a.text = n.args[0].text;
      }
      return a;
    }
    if (type == "boolean") {
      const std::string& v = n.args[0].text;
      if (v != "true" && v != "false") {
        err(n.args[0].line, fmt::format("boolean attribute '{}': '{}' is neither true nor false", n.name, v),
            "liberty.bad-user-attribute");
        return std::nullopt;
      }
      return UserAttribute::boolean(n.name, v == "true");
    }
    auto x = number(n.args[0], n.name);
    if (!x) return std::nullopt;
    a.kind = UserAttribute::Kind::Float;
    a.numbers = {*x * lib_.units.scale(a.quantity)};
    return a;
  }

  UserGroup user_group(const SyntaxNode& n) {
    UserGroup g;
    g.type = n.name;
    g.name = n.args.empty() ? "" : n.args[0].text;
    for (const SyntaxNode& ch : n.children) {
      if (ch.kind == Kind::Group && user_group_types_.count(ch.name)) g.groups.push_back(user_group(ch));
      else if (auto it = user_attrs_.find({n.name, ch.name}); it != user_attrs_.end())
        if (auto a = user_attribute(ch, it->second)) g.attributes.push_back(std::move(*a));
    }
    return g;
  }

  void cell(const SyntaxNode& n) {
    Cell c;
    c.name = n.args.empty() ? "" : n.args[0].text;
    if (const SyntaxValue* v = n.simple("area")) c.area = number(*v, "area").value_or(0) * 1e-12;
    if (const SyntaxValue* v = n.simple("cell_leakage_power"))
      if (auto x = number(*v, "cell_leakage_power")) c.leakage = *x * lib_.units.leakage_power;
    for (const SyntaxNode& ch : n.children) {
      if (ch.kind == Kind::Group && ch.name == "leakage_power") {
        LeakagePower lp;
        if (const SyntaxValue* v = ch.simple("when")) lp.when = v->text;
        if (const SyntaxValue* v = ch.simple("value"))
          lp.value = number(*v, "leakage_power value").value_or(0) * lib_.units.leakage_power;
        else err(ch.line, "leakage_power without value");
        c.leakage_power.push_back(std::move(lp));
      } else if (ch.kind == Kind::Group && (ch.name == "pin" || ch.name == "pg_pin")) {
        if (ch.name == "pin") pin(ch, c);
      } else if (ch.kind == Kind::Group && ch.name == "ff") {
        FlipFlop f;
        if (ch.args.size() >= 2) f.iq = ch.args[0].text, f.iqn = ch.args[1].text;
        auto s = [&](const char* a) { const SyntaxValue* v = ch.simple(a); return v ? v->text : std::string(); };
        f.next_state = s("next_state");
        f.clocked_on = s("clocked_on");
        f.clear = s("clear");
        f.preset = s("preset");
        c.ff = f;
      } else if (ch.kind == Kind::Group && ch.name == "latch") {
        Latch l;
        if (ch.args.size() >= 2) l.iq = ch.args[0].text, l.iqn = ch.args[1].text;
        auto s = [&](const char* a) { const SyntaxValue* v = ch.simple(a); return v ? v->text : std::string(); };
        l.data_in = s("data_in");
        l.enable = s("enable");
        l.clear = s("clear");
        l.preset = s("preset");
        c.latch = l;
      } else if (ch.kind == Kind::Group && user_group_types_.count(ch.name)) {
        c.user_groups.push_back(user_group(ch));
      } else if (auto it = user_attrs_.find({"cell", ch.name}); it != user_attrs_.end()) {
        if (auto a = user_attribute(ch, it->second)) c.user_attributes.push_back(std::move(*a));
      }
    }
    lib_.cells.push_back(std::move(c));
  }

  const std::string& file_;
  Diagnostics& diag_;
  Library lib_;
  bool ok_ = true;
  int derived_ = 0;
  std::set<std::string> skipped_templates_;
  std::set<std::string> user_group_types_;
  std::map<std::pair<std::string, std::string>, std::string> user_attrs_;  ///< (group, name) -> type
};

}  // namespace

std::optional<Library> build_library(const SyntaxNode& root, const std::string& file, Diagnostics& diag,
                                     const BuildOptions& options) {
  auto lib = Builder(file, diag).run(root);
  if (!lib) return std::nullopt;
  Diagnostics v;
  bool valid = lib->validate(v);
  for (Diagnostic d : v.all()) {
    if (!options.strict && d.severity == Severity::Error) d.severity = Severity::Warning;
    diag.add(std::move(d));
  }
  if (options.strict && !valid) return std::nullopt;
  return lib;
}

std::optional<Library> read_liberty_file(const std::filesystem::path& path, Diagnostics& diag, const BuildOptions& options) {
  std::string why;
  auto text = read_file(path, why);
  if (!text) {
    diag.error("liberty.read", SourceLoc::at(path.string()), why);
    return std::nullopt;
  }
  auto tree = parse_liberty(*text, path.string(), diag);
  if (!tree) return std::nullopt;
  return build_library(*tree, path.string(), diag, options);
}

}  // namespace rtmchar::liberty
