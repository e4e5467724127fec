#include "charz/testbench.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>

#include "tech/model_card.h"
#include "util/units.h"

namespace rtmchar::charz {
namespace {

std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

bool is_role(const netlist::CellDef& cell, const std::string& pin, netlist::PinRole role) {
  const netlist::Pin* p = cell.pin(pin);
  return p != nullptr && p->role == role;
}

std::string num(double v) { return units::format_number(v); }

}  // namespace

double SlewConvention::full_ramp(double slew_index) const {
  if (full_ramp_equals_index) return slew_index;
  return slew_index / ((upper_pct - lower_pct) / 100.0);
}

std::optional<CellContext> CellContext::make(const tech::Technology& tech, const netlist::CellDef& cell,
                                             const netlist::ParamValues& params, double vdd, double temperature,
                                             Diagnostics& diag) {
  auto sub = netlist::render_template(cell, params, diag);
  if (!sub) return std::nullopt;
  CellContext ctx;
  ctx.tech = &tech;
  ctx.cell = &cell;
  ctx.vdd = vdd;
  ctx.temperature = temperature;
  ctx.subckt = std::move(*sub);
  // Global size parameters the templates refer to ({wn*wmin_n}, {l*lmin_p}, ...).
  ctx.header = tech::model_card(tech);
  ctx.header += fmt::format("\n.param wmin_n={} wmin_p={} lmin_n={} lmin_p={} supply={}\n.temp {}\n",
                            num(tech.si("device.wmin_n")), num(tech.si("device.wmin_p")),
                            num(tech.si("device.lmin_n")), num(tech.si("device.lmin_p")), num(vdd),
                            num(temperature));
  return ctx;
}

std::string node_of(const netlist::CellDef& cell, const std::string& pin) {
  if (is_role(cell, pin, netlist::PinRole::Ground)) return "0";
  if (is_role(cell, pin, netlist::PinRole::Supply)) return "s_" + lower(pin);
  return "p_" + lower(pin);
}

std::string voltage_vector(const netlist::CellDef& cell, const std::string& pin) {
  return "v(" + node_of(cell, pin) + ")";
}
std::string supply_current_vector(const std::string& supply_pin) { return "i(vs_" + lower(supply_pin) + ")"; }
std::string input_current_vector(const std::string& input_pin) { return "i(vi_" + lower(input_pin) + ")"; }

std::string make_deck(const CellContext& ctx, const Stimulus& stim, const std::string& title,
                      const std::string& analysis_line) {
  const netlist::CellDef& cell = *ctx.cell;
  std::string d = "* " + title + "\n";
  d += ctx.header;
  d += ctx.subckt;
  if (!d.empty() && d.back() != '\n') d += '\n';
  for (const std::string& s : cell.supply_pins()) {
    d += fmt::format("vs_{} {} 0 dc {}\n", lower(s), node_of(cell, s), num(ctx.vdd));
  }
  for (const auto& [pin, pwl] : stim.inputs) {
    std::string points;
    for (const auto& [t, v] : pwl) points += fmt::format(" {} {}", num(t), num(v));
    if (pwl.size() == 1) {
      d += fmt::format("vi_{} {} 0 dc {}\n", lower(pin), node_of(cell, pin), num(pwl.front().second));
    } else {
      d += fmt::format("vi_{} {} 0 dc {} pwl({} )\n", lower(pin), node_of(cell, pin), num(pwl.front().second),
                       points);
    }
  }
  for (const auto& [pin, c] : stim.loads) {
    d += fmt::format("cl_{} {} 0 {}\n", lower(pin), node_of(cell, pin), num(c));
  }
  d += "xdut";
  for (const std::string& port : cell.ports) d += " " + node_of(cell, port);
  d += " " + cell.subckt + "\n";
  d += analysis_line + "\n.end\n";
  return d;
}

}  // namespace rtmchar::charz
