#pragma once
// Cell area from the technology's layout rules (documented in docs/characterization.md).
#include "netlist/cell.h"
#include "netlist/spice.h"
#include "tech/technology.h"

namespace rtmchar::charz {

/// Standard-cell area estimate of a CMOS cell, in m^2:
///   row width     W_row   = (cell_height - 2 * metal1_pitch) * F / 2   (one diffusion row per type,
///                           power rails and the middle routing track take the rest)
///   fingers(t)            = ceil(W_t / W_row) for each transistor t (wide devices are folded)
///   columns               = max(sum of NMOS fingers, sum of PMOS fingers) + 1 (diffusion break),
///                           0 for a cell without transistors
///   area                  = columns * contacted_gate_pitch * F * cell_height * F
/// Widths come from the cell's transistor groups (parameter value x device.wmin_n or wmin_p). Magnetic devices add
/// `magnetic_devices` x layout.mtj_footprint.
double cmos_cell_area(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& params,
                      int magnetic_devices = 0);

/// Area of a user's flat subcircuit with the same standard-cell model: every MOSFET ('M' element)
/// with its W (default device.wmin_n) is folded into fingers; a MOSFET whose model name is the
/// technology's PMOS model or starts with 'p' counts in the PMOS row, others in the NMOS row.
/// Subcircuit instances ('X') are not counted; `skipped` receives their number.
double netlist_cell_area(const tech::Technology& tech, const netlist::SpiceSubckt& subckt, int& skipped);

}  // namespace rtmchar::charz
