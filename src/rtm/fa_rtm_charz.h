#pragma once
// Timing/power characterization of fa_rtm (the racetrack PCSA full adder) into Liberty. The
// generic flip-flop characterizer (charz/sequential.h) handles one data pin and one ff state;
// fa_rtm has two driven data pins (B, CI), the racetrack operand A (chosen by generating the
// operand tracks, not by a voltage source) and two registered outputs, so its benches are built
// here with the shared test-bench code (charz/testbench.h). Method and numbers:
// docs/racetrack-cells.md, "Characterization of fa_rtm". The result record, Liberty and JSON
// writers are shared with fa_tr (rtm/adder_charz.h): make_adder_library, to_json.
#include <optional>
#include <string>
#include <vector>

#include "charz/characterize.h"
#include "netlist/cell.h"
#include "rtm/adder_charz.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// Operand tracks of fa_rtm shifted together (data + data-bar for each of the two PCSAs).
inline constexpr int kShiftedTracks = 4;

struct FaRtmCharOptions {
  /// Clock slew indices (lower..upper slew threshold time, opts.slew convention) [s].
  std::vector<double> clock_slews = {20e-12, 60e-12, 180e-12};
  std::vector<double> loads = {1e-15, 4e-15, 16e-15};  ///< output load grid [F]
  double period = 2e-9;            ///< clock period of every bench (half precharge, half evaluation) [s]
  double data_slew = 30e-12;       ///< slew index of B/CI in the constraint benches [s]
  double constraint_clock_slew = 30e-12;  ///< clock slew index of the constraint benches [s]
  double resolution = 2e-12;       ///< bisection stops when the bracket is narrower [s]
  double max_degradation = 0.10;   ///< pass: outputs right and CLK->out <= (1 + this) x reference
  double max_step = 5e-12;         ///< transient step ceiling [s]
  /// Setup of the racetrack operand A to CLK: 0 when the operand is already under the ports (the
  /// MTJ read happens inside the evaluation and is part of CLK->S/CO); a caller that shifts the
  /// track before each add passes the shift latency (rtm::shift_table min_pulse) here [s].
  double operand_setup = 0;
  /// Shift currents of the memory-operation table [A]; empty = no shift table. The track is the
  /// techfile's racetrack with the cell's `domains` (devices::racetrack_from_technology).
  std::vector<double> shift_currents;
  double shift_rel_tol = 0.01;  ///< relative bisection tolerance of the minimum shift pulse
};

/// Characterizes fa_rtm at the techfile's VDD/temperature (or opts' overrides): CLK->S/CO delay,
/// transition and internal energy over clock slew x load, setup and hold of B and CI by bisection
/// (scalar constraints at one clock/data slew), read latency and energy from the functional bench
/// (simulate_fa_rtm), leakage and area. A measurement that fails is an "rtm.measure" error, a
/// bisection whose ends do not bracket the criterion "rtm.constraint-bracket"; nullopt on error.
std::optional<RtmAdderResult> characterize_fa_rtm(const tech::Technology& tech, const netlist::CellDef& cell,
                                                   const netlist::ParamValues& params, const charz::Options& opts,
                                                   const FaRtmCharOptions& fo, sim::Engine& engine, Diagnostics& diag);


}  // namespace rtmchar::rtm
