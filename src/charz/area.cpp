#include "charz/area.h"

#include <algorithm>
#include <cmath>

namespace rtmchar::charz {

double cmos_cell_area(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& params,
                      int magnetic_devices) {
  const double f = tech.feature_size();
  const double height = tech.si("layout.cell_height") * f;
  const double row = std::max((tech.si("layout.cell_height") - 2 * tech.si("layout.metal1_pitch")) * f / 2, f);
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
  const double columns = cell.transistors.empty() ? 0.0 : std::max(fingers_n, fingers_p) + 1;
  return columns * tech.si("layout.contacted_gate_pitch") * f * height +
         magnetic_devices * tech.si("layout.mtj_footprint");
}

}  // namespace rtmchar::charz
