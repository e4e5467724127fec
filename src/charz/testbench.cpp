#include "charz/testbench.h"

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fmt/format.h>

#include "tech/model_card.h"
#include "util/resources.h"
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

// A user netlist's `.include` / `.lib` lines name files relative to the netlist; the deck is
// handed to ngspice as text, so rewrite such paths to absolute ones (quotes added).
void absolutize_includes(std::string& text, const netlist::CellDef& cell) {
  if (resources::find(cell.template_path) != nullptr) return;  // built-in templates include nothing
  // Resolved as netlist::read_template does: relative to the cell definition file.
  std::filesystem::path tpl(cell.template_path);
  if (tpl.is_relative()) tpl = std::filesystem::path(cell.file).parent_path() / tpl;
  const std::filesystem::path base = std::filesystem::absolute(tpl).parent_path();
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t nl = text.find('\n', pos);
    size_t end = nl == std::string::npos ? text.size() : nl + 1;
    std::string line = text.substr(pos, end - pos);
    pos = end;
    std::string low = lower(line);
    for (const char* kw : {".include", ".inc", ".lib"}) {
      const std::string k = kw;
      if (low.rfind(k, 0) != 0 || low.size() <= k.size() || !std::isspace(static_cast<unsigned char>(low[k.size()])))
        continue;
      size_t a = line.find_first_not_of(" \t", k.size());
      if (a == std::string::npos) break;
      bool quoted = line[a] == '"' || line[a] == '\'';
      size_t b = quoted ? line.find(line[a], a + 1) : line.find_first_of(" \t\r\n", a);
      if (b == std::string::npos) b = line.find_last_not_of("\r\n") + 1;
      std::string path = line.substr(quoted ? a + 1 : a, b - (quoted ? a + 1 : a));
      if (!path.empty() && std::filesystem::path(path).is_relative()) {
        line = line.substr(0, a) + "\"" + (base / path).lexically_normal().string() + "\"" +
               line.substr(quoted ? b + 1 : b);
      }
      break;
    }
    out += line;
  }
  text = std::move(out);
}

}  // namespace

double SlewConvention::full_ramp(double slew_index) const {
  if (full_ramp_equals_index) return slew_index;
  return slew_index / ((upper_pct - lower_pct) / 100.0);
}

std::optional<CellContext> CellContext::make(const tech::Technology& tech, const netlist::CellDef& cell,
                                             const netlist::ParamValues& params, double vdd, double temperature,
                                             Diagnostics& diag) {
  auto sub = netlist::render_template(cell, params, diag, {tech.nmos_model(), tech.pmos_model()});
  if (!sub) return std::nullopt;
  absolutize_includes(*sub, cell);
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
