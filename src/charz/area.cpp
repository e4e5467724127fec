#include "charz/area.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "util/units.h"

namespace rtmchar::charz {

namespace {

// Columns of gate pitch for the given finger counts, and the resulting area.
double rows_area(const tech::Technology& tech, double fingers_n, double fingers_p, bool any) {
  const double f = tech.feature_size();
  const double columns = any ? std::max(fingers_n, fingers_p) + 1 : 0.0;
  return columns * tech.si("layout.contacted_gate_pitch") * f * tech.si("layout.cell_height") * f;
}

double row_width(const tech::Technology& tech) {
  const double f = tech.feature_size();
  return std::max((tech.si("layout.cell_height") - 2 * tech.si("layout.metal1_pitch")) * f / 2, f);
}

}  // namespace

double cmos_cell_area(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& params,
                      int magnetic_devices) {
  const double row = row_width(tech);
  double fingers_n = 0, fingers_p = 0;
  for (const netlist::TransistorGroup& g : cell.transistors) {
    const bool p = g.model == "pmos";
    const double wunit = tech.si(p ? "device.wmin_p" : "device.wmin_n");
    auto it = params.find(g.w);
    const double w = (it != params.end() ? it->second : 1.0) * wunit;
    const double fingers = std::ceil(w / row - 1e-9) * g.count;
    (p ? fingers_p : fingers_n) += fingers;
  }
  // A cell without transistors (ideal-element test cells) has no CMOS layout.
  return rows_area(tech, fingers_n, fingers_p, !cell.transistors.empty()) +
         magnetic_devices * tech.si("layout.mtj_footprint");
}

double netlist_cell_area(const tech::Technology& tech, const netlist::SpiceSubckt& subckt, int& skipped) {
  const double row = row_width(tech);
  double fingers_n = 0, fingers_p = 0;
  bool any = false;
  skipped = 0;
  for (const netlist::SpiceElement& e : subckt.elements) {
    if (e.type() == 'x') ++skipped;
    if (e.type() != 'm' || e.tokens.size() < 5) continue;
    std::string model = e.tokens[4];
    for (char& c : model) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string pmos = tech.pmos_model();
    for (char& c : pmos) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool p = model == pmos || model.front() == 'p';
    double w = tech.si("device.wmin_n");
    for (size_t k = 5; k < e.tokens.size(); ++k) {
      const std::string& tok = e.tokens[k];
      if (tok.size() > 2 && (tok[0] == 'w' || tok[0] == 'W') && tok[1] == '=') {
        if (auto v = units::parse_spice_number(tok.substr(2))) w = *v;
      }
    }
    (p ? fingers_p : fingers_n) += std::ceil(w / row - 1e-9);
    any = true;
  }
  return rows_area(tech, fingers_n, fingers_p, any);
}

}  // namespace rtmchar::charz
