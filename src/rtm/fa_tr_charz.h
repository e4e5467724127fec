#pragma once
// Timing/power characterization of fa_tr (the transverse-read racetrack full adder) into
// Liberty + JSON. All three operands are stored in the track segment (racetrack operands, setup
// = operand setup, no driven data pins), so the benches only choose the stored pattern and the
// latches' previous state. Result record and writers are shared with fa_rtm
// (rtm/adder_charz.h). Method and numbers: docs/racetrack-cells.md, "Characterization of fa_tr".
#include <optional>
#include <vector>

#include "charz/characterize.h"
#include "netlist/cell.h"
#include "rtm/adder_charz.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

struct FaTrCharOptions {
  /// Clock slew indices (lower..upper slew threshold time, opts.slew convention) [s].
  std::vector<double> clock_slews = {20e-12, 60e-12, 180e-12};
  std::vector<double> loads = {1e-15, 4e-15, 16e-15};  ///< output load grid [F]
  /// Clock period of every bench (half precharge, half evaluation) [s]. The comparators fire
  /// ~0.7 ns after CLK (line settling), later on a slow clock edge: at 180 ps clock slew and a
  /// 2 ns period the outputs do not switch inside the 1 ns evaluation phase (simulated).
  double period = 4e-9;
  double max_step = 5e-12;   ///< transient step ceiling [s]
  /// Setup of the operands A, B, CI to CLK: 0 when the segment is already under the ports; a
  /// caller that shifts the track before each add passes the shift latency here [s].
  double operand_setup = 0;
  /// Shift currents of the memory-operation table [A]; empty = no shift table (one track).
  std::vector<double> shift_currents;
  double shift_rel_tol = 0.01;  ///< relative bisection tolerance of the minimum shift pulse
};

/// Characterizes fa_tr at the techfile's VDD/temperature (or opts' overrides): CLK->S/CO delay,
/// transition and internal energy over clock slew x load (evaluations in which comparator 2
/// flips: count 1 -> 2 and 2 -> 1), read latency, energy per add and transverse-read margin from
/// the 8-pattern functional bench (simulate_fa_tr; a wrong result is an "rtm.measure" error),
/// leakage, area (CMOS + 2 port MTJs) and the optional shift table. nullopt on error.
std::optional<RtmAdderResult> characterize_fa_tr(const tech::Technology& tech, const netlist::CellDef& cell,
                                                 const netlist::ParamValues& params, const charz::Options& opts,
                                                 const FaTrCharOptions& fo, sim::Engine& engine, Diagnostics& diag);

}  // namespace rtmchar::rtm
