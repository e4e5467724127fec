#include "charz/library.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

#include "util/units.h"

namespace rtmchar::charz {
namespace {

using netlist::Edge;

std::string compact(double v) {
  std::string s = units::format_sig(v, 3);
  for (char& c : s)
    if (c == '.') c = 'p';
  return s;
}

// Element-wise max (delay, transition) or mean (energy) over the edge tables with output edge `out`.
std::vector<double> combine(const ArcResult& a, Edge out, std::vector<double> EdgeTables::*member, bool take_max) {
  std::vector<double> acc;
  int n = 0;
  for (const EdgeTables& t : a.edges) {
    if (t.output_edge != out) continue;
    const std::vector<double>& v = t.*member;
    if (acc.empty()) {
      acc = v;
    } else {
      for (size_t k = 0; k < v.size(); ++k) acc[k] = take_max ? std::max(acc[k], v[k]) : acc[k] + v[k];
    }
    ++n;
  }
  if (!take_max && n > 1)
    for (double& x : acc) x /= n;
  return acc;
}

// The side-input states of the arc's edges (their `when`), in characterization order.
std::vector<std::string> states_of(const ArcResult& a) {
  std::vector<std::string> states;
  for (const EdgeTables& t : a.edges)
    if (std::find(states.begin(), states.end(), t.when) == states.end()) states.push_back(t.when);
  return states;
}

// The arc with only its edges in side-input state `when`.
ArcResult in_state(const ArcResult& a, const std::string& when) {
  ArcResult st{a.input, a.output, a.sense, {}};
  for (const EdgeTables& t : a.edges)
    if (t.when == when) st.edges.push_back(t);
  return st;
}

// SDF form of a `when` that is a conjunction of literals ("B&!CI" -> "B == 1'b1 && CI == 1'b0"),
// for the timing groups' sdf_cond; "" for "".
std::string sdf_condition(const std::string& when) {
  std::string out;
  std::size_t start = 0;
  while (start < when.size()) {
    std::size_t end = when.find('&', start);
    if (end == std::string::npos) end = when.size();
    std::string lit = when.substr(start, end - start);
    const bool negated = !lit.empty() && lit.front() == '!';
    if (negated) lit.erase(0, 1);
    if (!out.empty()) out += " && ";
    out += lit + (negated ? " == 1'b0" : " == 1'b1");
    start = end + 1;
  }
  return out;
}

liberty::TimingSense to_liberty(netlist::TimingSense s) {
  switch (s) {
    case netlist::TimingSense::PositiveUnate: return liberty::TimingSense::PositiveUnate;
    case netlist::TimingSense::NegativeUnate: return liberty::TimingSense::NegativeUnate;
    case netlist::TimingSense::NonUnate: return liberty::TimingSense::NonUnate;
  }
  return liberty::TimingSense::NonUnate;
}

bool add_cell(liberty::Library& lib, const CharacterizedCell& cc, Diagnostics& diag) {
  const CellResult& r = cc.result;
  const netlist::CellDef& def = *cc.def;
  using liberty::Axis;
  using liberty::AxisVariable;
  std::vector<Axis> axes = {{AxisVariable::InputNetTransition, r.slews},
                            {AxisVariable::TotalOutputNetCapacitance, r.loads}};
  auto delay_t = liberty::TableTemplate::make(r.cell + "_delay", liberty::TableTemplate::Kind::Delay, axes, diag);
  auto energy_t = liberty::TableTemplate::make(r.cell + "_energy", liberty::TableTemplate::Kind::Power, axes, diag);
  if (!delay_t || !energy_t) return false;
  lib.templates.push_back(delay_t);
  lib.templates.push_back(energy_t);

  liberty::Cell cell;
  cell.name = r.cell;
  cell.area = r.area;
  cell.leakage = r.leakage_average;
  for (const LeakageState& s : r.leakage) cell.leakage_power.push_back({s.when, s.power});
  for (const std::string& in : def.logic_inputs()) {
    liberty::Pin p;
    p.name = in;
    p.direction = liberty::Direction::Input;
    auto it = r.pin_caps.find(in);
    if (it != r.pin_caps.end()) {
      p.rise_capacitance = it->second.rise;
      p.fall_capacitance = it->second.fall;
      p.capacitance = 0.5 * (it->second.rise + it->second.fall);
    }
    cell.pins.push_back(std::move(p));
  }
  for (const std::string& out : def.outputs()) {
    liberty::Pin p;
    p.name = out;
    p.direction = liberty::Direction::Output;
    p.max_capacitance = r.loads.back();
    if (const netlist::Pin* dp = def.pin(out); dp != nullptr && dp->function) p.function = dp->function->str();
    for (const ArcResult& arc_result : r.arcs) {
      if (arc_result.output != out) continue;
      auto table = [&](liberty::Quantity q, const liberty::TemplatePtr& t, std::vector<double> v) {
        return liberty::Table::make(q, t, std::move(v), diag);
      };
      // Timing: a non_unate arc is written as one group per polarity (docs/characterization.md):
      // a positive_unate group with the tables of the positive states (input edge = output edge)
      // and a negative_unate one with the negative states'. One non_unate table per output edge
      // would be the worst of two different input edges and states, which a tool then applies to
      // both. A polarity characterized in several side-input states gets an unconditioned group
      // with the element-wise worst case over its states (what a tool that ignores `when` must
      // assume) and one group per state conditioned by `when` and `sdf_cond`.
      for (bool positive : {true, false}) {
        if (arc_result.sense != netlist::TimingSense::NonUnate &&
            positive != (arc_result.sense == netlist::TimingSense::PositiveUnate))
          continue;
        const netlist::TimingSense sense =
            positive ? netlist::TimingSense::PositiveUnate : netlist::TimingSense::NegativeUnate;
        ArcResult part{arc_result.input, arc_result.output, sense, {}};
        for (const EdgeTables& t : arc_result.edges)
          if ((t.input_edge == t.output_edge) == positive) part.edges.push_back(t);
        const std::vector<std::string> states = states_of(part);
        auto add_group = [&](const ArcResult& a, const std::string& when) {
          liberty::TimingArc arc;
          arc.related_pin = a.input;
          arc.sense = to_liberty(a.sense);
          arc.type = liberty::TimingType::Combinational;
          arc.when = when;
          arc.sdf_cond = sdf_condition(when);
          arc.cell_rise = table(liberty::Quantity::Time, delay_t, combine(a, Edge::Rise, &EdgeTables::delay, true));
          arc.cell_fall = table(liberty::Quantity::Time, delay_t, combine(a, Edge::Fall, &EdgeTables::delay, true));
          arc.rise_transition =
              table(liberty::Quantity::Time, delay_t, combine(a, Edge::Rise, &EdgeTables::transition, true));
          arc.fall_transition =
              table(liberty::Quantity::Time, delay_t, combine(a, Edge::Fall, &EdgeTables::transition, true));
          if (!arc.cell_rise || !arc.cell_fall || !arc.rise_transition || !arc.fall_transition) return false;
          p.timing.push_back(std::move(arc));
          return true;
        };
        if (!add_group(part, "")) return false;
        if (states.size() < 2) continue;
        for (const std::string& when : states)
          if (!add_group(in_state(part, when), when)) return false;
      }
      // Internal power: one group per characterized side-input state (the default states, and
      // with Options::all_states every sensitizing state), conditioned on the state by
      // `when` when the arc has more than one; an arc with a single state needs no condition.
      const std::vector<std::string> states = states_of(arc_result);
      for (const std::string& when : states) {
        const ArcResult st = in_state(arc_result, when);
        liberty::InternalPower pw;
        pw.related_pin = arc_result.input;
        if (states.size() > 1) pw.when = when;
        pw.rise_power = table(liberty::Quantity::Energy, energy_t, combine(st, Edge::Rise, &EdgeTables::energy, false));
        pw.fall_power = table(liberty::Quantity::Energy, energy_t, combine(st, Edge::Fall, &EdgeTables::energy, false));
        if (!pw.rise_power || !pw.fall_power) return false;
        p.power.push_back(std::move(pw));
      }
    }
    cell.pins.push_back(std::move(p));
  }
  lib.cells.push_back(std::move(cell));
  return true;
}

}  // namespace

std::string library_name(const tech::Technology& tech, double vdd, double temperature) {
  std::string name = "rtmchar_" + tech.name();
  for (char& c : name)
    if (c == '-') c = '_';
  if (std::fabs(vdd - tech.vdd()) > 1e-9) name += "_" + compact(vdd) + "V";
  if (std::fabs(temperature - tech.temperature()) > 1e-9) name += "_" + compact(temperature) + "C";
  return name;
}

std::optional<liberty::Library> make_library(const std::vector<CharacterizedCell>& cells,
                                             const tech::Technology& tech, const Options& opts,
                                             Diagnostics& diag) {
  const double vdd = opts.vdd.value_or(tech.vdd());
  const double temp = opts.temperature.value_or(tech.temperature());
  liberty::Library lib;
  lib.name = library_name(tech, vdd, temp);
  lib.units.time = 1e-9;
  lib.units.capacitance = 1e-12;
  lib.units.voltage = 1.0;
  lib.units.current = 1e-3;
  lib.units.leakage_power = 1e-9;
  lib.units.resistance = 1e3;
  lib.thresholds.input_rise = lib.thresholds.input_fall = opts.delay_threshold_pct;
  lib.thresholds.output_rise = lib.thresholds.output_fall = opts.delay_threshold_pct;
  lib.thresholds.slew_lower_rise = lib.thresholds.slew_lower_fall = opts.slew.lower_pct;
  lib.thresholds.slew_upper_rise = lib.thresholds.slew_upper_fall = opts.slew.upper_pct;
  lib.nom_voltage = vdd;
  lib.nom_temperature = temp;
  const std::string corner = tech.str("tech.corner");
  lib.operating_conditions.push_back({corner, 1.0, vdd, temp});
  lib.default_operating_conditions = corner;
  lib.comment = fmt::format(
      "Characterized by rtmchar with ngspice: technology {} (corner {}), VDD {} V, {} degC. "
      "Input stimuli are linear ramps whose full 0-100 % duration is {}. Internal power is energy per "
      "transition excluding the charge of the external load (pin-based: C*VDD^2/2 subtracted on both "
      "output edges, leakage subtracted over the window).",
      tech.name(), corner, units::format_number(vdd), units::format_number(temp),
      opts.slew.full_ramp_equals_index ? "the slew index"
                                       : fmt::format("the slew index / {}", (opts.slew.upper_pct - opts.slew.lower_pct) / 100));
  for (const CharacterizedCell& c : cells)
    if (!add_cell(lib, c, diag)) return std::nullopt;
  if (!lib.validate(diag)) return std::nullopt;
  return lib;
}

nlohmann::json to_json(const CellResult& r) {
  using nlohmann::json;
  json j;
  j["schema"] = "rtmchar.cell/1";
  j["cell"] = r.cell;
  j["technology"] = r.tech;
  j["vdd_V"] = r.vdd;
  j["temperature_degC"] = r.temperature;
  j["area_m2"] = r.area;
  j["slews_s"] = r.slews;
  j["loads_F"] = r.loads;
  j["leakage_average_W"] = r.leakage_average;
  for (const LeakageState& s : r.leakage) j["leakage_W"].push_back({{"when", s.when}, {"power_W", s.power}});
  for (const auto& [pin, c] : r.pin_caps) j["pin_capacitance_F"][pin] = {{"rise", c.rise}, {"fall", c.fall}};
  for (const ArcResult& a : r.arcs) {
    json ja = {{"input", a.input}, {"output", a.output}, {"timing_sense", netlist::to_string(a.sense)}};
    for (const EdgeTables& t : a.edges) {
      json je = {{"when", t.when},
                 {"default_state", t.default_state},
                 {"input_edge", netlist::to_string(t.input_edge)},
                 {"output_edge", netlist::to_string(t.output_edge)},
                 {"delay_s", t.delay},
                 {"transition_s", t.transition},
                 {"internal_energy_J", t.energy},
                 {"input_capacitance_F", t.input_charge_cap},
                 {"simulated", t.simulated}};
      for (const auto& [q, f] : t.fits) {
        je["fit"][q] = {{"terms", f.terms}, {"max_rel_error", f.max_error}, {"rms_rel_error", f.rms_error}};
        if (f.held_out_points > 0)
          je["fit"][q]["held_out"] = {{"points", f.held_out_points},
                                      {"max_rel_error", f.held_out_max_error},
                                      {"rms_rel_error", f.held_out_rms_error},
                                      {"max_rel_fill_change", f.fill_spread}};
      }
      ja["edges"].push_back(std::move(je));
    }
    j["arcs"].push_back(std::move(ja));
  }
  j["stats"] = {{"simulations", r.stats.simulations},     {"cache_hits", r.stats.cache_hits},
                {"retries", r.stats.retries},             {"saved_by_sparse", r.stats.saved_by_sparse},
                {"wall_seconds", r.stats.wall_seconds}};
  j["warnings"] = r.warnings;
  return j;
}

std::string to_csv(const CellResult& r) {
  std::string out = "cell,input,output,when,input_edge,output_edge,quantity,slew_s,load_F,value,simulated\n";
  const size_t nl = r.loads.size();
  for (const ArcResult& a : r.arcs) {
    for (const EdgeTables& t : a.edges) {
      for (const auto& [q, v] : {std::pair<const char*, const std::vector<double>*>{"delay_s", &t.delay},
                                 {"transition_s", &t.transition},
                                 {"internal_energy_J", &t.energy},
                                 {"input_capacitance_F", &t.input_charge_cap}}) {
        for (size_t k = 0; k < v->size(); ++k) {
          if (std::isnan((*v)[k])) continue;  // a table entry a sparse run did not measure
          out += fmt::format("{},{},{},{},{},{},{},{},{},{},{}\n", r.cell, a.input, a.output, t.when,
                             netlist::to_string(t.input_edge), netlist::to_string(t.output_edge), q,
                             units::format_number(r.slews[k / nl]), units::format_number(r.loads[k % nl]),
                             units::format_number((*v)[k]), t.simulated[k] ? 1 : 0);
        }
      }
    }
  }
  return out;
}

}  // namespace rtmchar::charz
