#include "rtm/adder_charz.h"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>

#include "charz/library.h"
#include "netlist/arcs.h"
#include "util/units.h"

namespace rtmchar::rtm {
namespace {

using charz::Pwl;

std::optional<double> crossing(const sim::Waveforms& w, const std::string& v, double level, sim::Edge e, double after,
                               double before) {
  const auto* y = w.find(v);
  if (y == nullptr) return std::nullopt;
  auto t = sim::cross(w.scale, *y, level, e, after);
  if (!t || *t > before) return std::nullopt;
  return t;
}

liberty::UserAttribute number(const std::string& name, double value) {
  return {name, liberty::UserAttribute::Kind::Float, liberty::user_attribute_quantity(name), {value}, ""};
}

liberty::UserAttribute list(const std::string& name, std::vector<double> values) {
  return {name, liberty::UserAttribute::Kind::FloatList, liberty::user_attribute_quantity(name), std::move(values), ""};
}

// Memory-operation groups (docs/liberty.md "User-defined groups", docs/racetrack-cells.md).
void add_memory_operations(liberty::Cell& c, const RtmAdderResult& r) {
  c.user_attributes.push_back(number("rtm_domains", r.domains));
  liberty::UserGroup read{"rtm_operation", "read", {}, {}};
  read.attributes = {number("op_latency", r.read_latency), number("op_energy", r.energy_per_evaluation)};
  c.user_groups.push_back(std::move(read));
  if (r.shift.empty()) return;
  liberty::UserGroup shift{"rtm_operation", "shift", {}, {}};
  shift.attributes = {number("op_latency", r.shift.front().min_pulse),
                      number("op_energy", r.shifted_tracks * r.shift.front().energy),
                      number("op_current", r.shift.front().current)};
  liberty::UserGroup sweep{"rtm_sweep", "shift_current", {}, {}};
  std::vector<double> cur, pulse, energy;
  for (const ShiftEntry& e : r.shift) {
    cur.push_back(e.current);
    pulse.push_back(e.min_pulse);
    energy.push_back(r.shifted_tracks * e.energy);
  }
  sweep.attributes = {list("sweep_current", cur), list("sweep_pulse", pulse), list("sweep_energy", energy)};
  shift.groups.push_back(std::move(sweep));
  c.user_groups.push_back(std::move(shift));
}

}  // namespace

Pwl adder_clock(double vdd, double ramp, const std::vector<double>& rises, const std::vector<double>& falls) {
  std::vector<std::pair<double, double>> edges;  // (start, target level)
  for (double t : rises) edges.emplace_back(t, vdd);
  for (double t : falls) edges.emplace_back(t, 0.0);
  std::sort(edges.begin(), edges.end());
  Pwl w{{0.0, 0.0}};
  double level = 0;
  for (const auto& [t, v] : edges) {
    w.emplace_back(t, level);
    w.emplace_back(t + ramp, v);
    level = v;
  }
  return w;
}

std::optional<std::string> measure_adder_edge(const sim::Waveforms& w, double t_start, double ramp, double P,
                                              double t_stop, double load, bool s_rise, double vdd, double lo,
                                              double hi, AdderArcs& arcs) {
  const double t50 = t_start + ramp / 2;
  const double t_end = t_start + P / 2;
  for (int o = 0; o < 2; ++o) {
    const bool rise = (o == 0) == s_rise;
    const std::string v = o == 0 ? "v(p_s)" : "v(p_co)";
    const sim::Edge e = rise ? sim::Edge::Rise : sim::Edge::Fall;
    const auto t_d = crossing(w, v, vdd / 2, e, t50, t_end);
    const auto t_lo = crossing(w, v, rise ? lo : hi, e, t_start, t_end);
    const auto t_hi = crossing(w, v, rise ? hi : lo, e, t_start, t_end);
    if (!t_d || !t_lo || !t_hi) return fmt::format("output {} did not switch in the evaluation at {}", v, units::format_eng(t_start, "s"));
    charz::ClockArcTables& t = o == 0 ? (rise ? arcs.sr : arcs.sf) : (rise ? arcs.cr : arcs.cf);
    t.delay.push_back(*t_d - t50);
    t.transition.push_back(*t_hi - *t_lo);
  }
  // Supply energy of the cycle (evaluation + following precharge) minus the load charge of the
  // one rising output (docs/racetrack-cells.md); half to each output's table.
  const auto* isup = w.find("i(vs_vdd)");
  const auto q = isup ? sim::integral(w.scale, *isup, t_start, std::min(t_start + P, t_stop)) : std::nullopt;
  if (!q) return std::string("supply current not saved");
  const double internal = -*q * vdd - load * vdd * vdd;
  for (charz::ClockArcTables* t : s_rise ? std::vector{&arcs.sr, &arcs.cf} : std::vector{&arcs.sf, &arcs.cr})
    t->energy.push_back(internal / 2);
  return std::nullopt;
}

std::optional<liberty::Library> make_adder_library(const RtmAdderResult& r, const tech::Technology& tech,
                                                   const charz::Options& opts, Diagnostics& diag) {
  using namespace liberty;
  auto lib = charz::make_library({}, tech, opts, diag);
  if (!lib) return std::nullopt;
  auto delay_t = TableTemplate::make(r.cell + "_delay", TableTemplate::Kind::Delay,
                                     {{AxisVariable::InputNetTransition, r.slews},
                                      {AxisVariable::TotalOutputNetCapacitance, r.loads}},
                                     diag);
  auto energy_t = TableTemplate::make(r.cell + "_energy", TableTemplate::Kind::Power,
                                      {{AxisVariable::InputNetTransition, r.slews},
                                       {AxisVariable::TotalOutputNetCapacitance, r.loads}},
                                      diag);
  auto scalar_t = TableTemplate::make("scalar", TableTemplate::Kind::Delay, {}, diag);
  if (!delay_t || !energy_t || !scalar_t) return std::nullopt;
  lib->templates.insert(lib->templates.end(), {delay_t, energy_t, scalar_t});
  lib->comment += fmt::format(
      " {0}: two view cells {0}_sum and {0}_carry of one circuit (one ff group per cell); each carries half "
      "the area, leakage and clock energy. Racetrack operands {1}: setup = operand setup.",
      r.cell, fmt::join(r.operand_pins, ", "));
  if (!r.constraints.empty())
    lib->comment += fmt::format(
        " Setup/hold of the driven data pins: bisection, pass = outputs right and CLK->out <= {} % above the "
        "long-setup reference.",
        units::format_sig(100 * r.max_degradation, 3));
  bool ok = true;
  auto table = [&](Quantity q, const TemplatePtr& t, const std::vector<double>& v) {
    auto tab = Table::make(q, t, v, diag);
    ok &= tab.has_value();
    return tab;
  };
  struct View {
    const char* suffix;
    const char* out;
    const char* iq;
    const char* iqn;
    const char* next;
  };
  for (const View& v : {View{"_sum", "S", "IS", "ISN", "A^B^CI"}, View{"_carry", "CO", "ICO", "ICON", "(A&B)|(A&CI)|(B&CI)"}}) {
    Cell c;
    c.name = r.cell + v.suffix;
    c.area = r.area / 2;
    c.leakage = r.leakage / 2;
    c.ff = FlipFlop{v.iq, v.iqn, v.next, "CLK", "", ""};
    c.user_attributes.push_back({"rtm_read_latency", UserAttribute::Kind::Float, Quantity::Time, {r.read_latency}, ""});
    c.user_attributes.push_back(
        {"rtm_evaluation_energy", UserAttribute::Kind::Float, Quantity::Energy, {r.energy_per_evaluation}, ""});
    if (r.transverse_read) {
      c.user_attributes.push_back(number("rtm_read_margin_voltage", r.transverse_read->margin));
      c.user_attributes.push_back(number("rtm_read_margin_fraction", r.transverse_read->margin_fraction));
      c.user_attributes.push_back(number("rtm_read_current", r.transverse_read->read_current));
    }
    if (std::string(v.suffix) == "_sum") add_memory_operations(c, r);
    for (const char* in : {"A", "B", "CI", "CLK"}) {
      Pin p;
      p.name = in;
      p.direction = Direction::Input;
      p.clock = std::string(in) == "CLK";
      if (auto it = r.pin_caps.find(in); it != r.pin_caps.end()) {
        // Both views of one adder load the same net: each carries half the pin's capacitance.
        p.rise_capacitance = it->second.rise / 2;
        p.fall_capacitance = it->second.fall / 2;
        p.capacitance = (it->second.rise + it->second.fall) / 4;
      }
      if (std::find(r.operand_pins.begin(), r.operand_pins.end(), in) != r.operand_pins.end()) {
        p.nextstate_type = "data";
        p.user_attributes.push_back(UserAttribute::boolean("rtm_operand", true));
        TimingArc a;
        a.related_pin = "CLK";
        a.type = TimingType::SetupRising;
        a.rise_constraint = table(Quantity::Time, scalar_t, {r.operand_setup});
        a.fall_constraint = table(Quantity::Time, scalar_t, {r.operand_setup});
        p.timing.push_back(std::move(a));
      } else if (!p.clock) {
        p.nextstate_type = "data";
        for (auto kind : {charz::ConstraintKind::Setup, charz::ConstraintKind::Hold}) {
          TimingArc a;
          a.related_pin = "CLK";
          a.type = kind == charz::ConstraintKind::Setup ? TimingType::SetupRising : TimingType::HoldRising;
          for (const charz::ConstraintTable& t : r.constraints) {
            if (t.kind != kind || t.data_pin != in) continue;
            (t.data_edge == netlist::Edge::Rise ? a.rise_constraint : a.fall_constraint) =
                table(Quantity::Time, scalar_t, t.values);
          }
          p.timing.push_back(std::move(a));
        }
      }
      c.pins.push_back(std::move(p));
    }
    Pin o;
    o.name = v.out;
    o.direction = Direction::Output;
    o.function = v.iq;
    o.max_capacitance = r.loads.back();
    TimingArc a;
    a.related_pin = "CLK";
    a.type = TimingType::RisingEdge;
    InternalPower pw;
    pw.related_pin = "CLK";
    for (const charz::ClockArcTables& t : r.clock_arcs) {
      if (t.output != v.out) continue;
      const bool rise = t.output_edge == netlist::Edge::Rise;
      (rise ? a.cell_rise : a.cell_fall) = table(Quantity::Time, delay_t, t.delay);
      (rise ? a.rise_transition : a.fall_transition) = table(Quantity::Time, delay_t, t.transition);
      (rise ? pw.rise_power : pw.fall_power) = table(Quantity::Energy, energy_t, t.energy);
    }
    o.timing.push_back(std::move(a));
    o.power.push_back(std::move(pw));
    c.pins.push_back(std::move(o));
    lib->cells.push_back(std::move(c));
  }
  if (!ok || !lib->validate(diag)) return std::nullopt;
  return lib;
}

nlohmann::json to_json(const RtmAdderResult& r) {
  using nlohmann::json;
  json j;
  j["schema"] = r.schema;
  j["cell"] = r.cell;
  j["technology"] = r.tech;
  j["vdd_V"] = r.vdd;
  j["temperature_C"] = r.temperature;
  j["clock_slews_s"] = r.slews;
  j["loads_F"] = r.loads;
  j["clock_arcs"] = json::array();
  for (const charz::ClockArcTables& t : r.clock_arcs)
    j["clock_arcs"].push_back({{"output", t.output},
                               {"output_edge", netlist::to_string(t.output_edge)},
                               {"delay_s", t.delay},
                               {"transition_s", t.transition},
                               {"energy_J", t.energy}});
  j["constraints"] = json::array();
  for (const charz::ConstraintTable& c : r.constraints)
    j["constraints"].push_back({{"kind", c.kind == charz::ConstraintKind::Setup ? "setup" : "hold"},
                                {"pin", c.data_pin},
                                {"data_edge", netlist::to_string(c.data_edge)},
                                {"value_s", c.values.front()},
                                {"failing_s", c.failing.front()}});
  for (const auto& [pin, c] : r.pin_caps) j["pin_capacitance_F"][pin] = {{"rise", c.rise}, {"fall", c.fall}};
  j["reference_clk_to_out_s"] = r.reference_delay;
  if (r.transverse_read) {
    const TrReadFigures& t = *r.transverse_read;
    j["transverse_read"] = {{"margin_V", t.margin},
                            {"margin_fraction", t.margin_fraction},
                            {"step_V", t.step},
                            {"read_current_A", t.read_current},
                            {"depinning_current_A", t.depinning_current},
                            {"tr_mr", t.tr_mr}};
  }
  j["operand_setup_s"] = r.operand_setup;
  j["read_latency_s"] = r.read_latency;
  j["energy_per_evaluation_J"] = r.energy_per_evaluation;
  j["leakage_W"] = r.leakage;
  j["area_m2"] = r.area;
  j["domains"] = r.domains;
  j["shifted_tracks"] = r.shifted_tracks;
  j["operand_pins"] = r.operand_pins;
  j["shift"] = json::array();
  for (const ShiftEntry& e : r.shift)
    j["shift"].push_back({{"current_A", e.current}, {"min_pulse_s", e.min_pulse}, {"track_energy_J", e.energy}});
  j["simulations"] = r.simulations;
  return j;
}

}  // namespace rtmchar::rtm
