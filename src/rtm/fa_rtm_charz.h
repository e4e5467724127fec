#pragma once
// Timing/power characterization of fa_rtm (the racetrack PCSA full adder) into Liberty. The
// generic flip-flop characterizer (charz/sequential.h) handles one data pin and one ff state;
// fa_rtm has two driven data pins (B, CI), the racetrack operand A (chosen by generating the
// operand tracks, not by a voltage source) and two registered outputs, so its benches are built
// here with the shared test-bench code (charz/testbench.h). Method and numbers:
// docs/racetrack-cells.md, "Characterization of fa_rtm".
#include <optional>
#include <string>
#include <vector>

#include "charz/characterize.h"
#include "charz/sequential.h"
#include "liberty/model.h"
#include <nlohmann/json.hpp>
#include "netlist/cell.h"
#include "rtm/memops.h"
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

/// Results of characterize_fa_rtm (all SI).
struct FaRtmResult {
  std::string cell, tech;
  double vdd = 0, temperature = 0;
  std::vector<double> slews, loads;             ///< clock slew x load grid
  std::vector<charz::ClockArcTables> clock_arcs;  ///< S rise/fall, CO rise/fall
  std::vector<charz::ConstraintTable> constraints;  ///< scalar (one value): B, CI x setup/hold x edge
  double reference_delay = 0;   ///< long-setup CLK->out of the constraint benches (pass criterion) [s]
  double read_latency = 0;      ///< CLK 50 % -> slower PCSA decision, mean over the 8 evaluations [s]
  double energy_per_evaluation = 0;  ///< mean supply energy per clock cycle over the 8 (A,B,CI) [J]
  double leakage = 0;           ///< supply power with CLK low (precharge, outputs held) [W]
  double area = 0;              ///< CMOS area + 4 MTJ ports (layout.mtj_footprint) [m^2]
  double operand_setup = 0;     ///< FaRtmCharOptions::operand_setup [s]
  double max_degradation = 0;
  int domains = 0;              ///< data domains per operand track
  /// One-track shift table (rtm::shift_table) at FaRtmCharOptions::shift_currents; the cell's
  /// four tracks are shifted together, so a cell shift costs kShiftedTracks x the track energy.
  std::vector<ShiftEntry> shift;
  int simulations = 0;
};

/// Characterizes fa_rtm at the techfile's VDD/temperature (or opts' overrides): CLK->S/CO delay,
/// transition and internal energy over clock slew x load, setup and hold of B and CI by bisection
/// (scalar constraints at one clock/data slew), read latency and energy from the functional bench
/// (simulate_fa_rtm), leakage and area. A measurement that fails is an "rtm.measure" error, a
/// bisection whose ends do not bracket the criterion "rtm.constraint-bracket"; nullopt on error.
std::optional<FaRtmResult> characterize_fa_rtm(const tech::Technology& tech, const netlist::CellDef& cell,
                                               const netlist::ParamValues& params, const charz::Options& opts,
                                               const FaRtmCharOptions& fo, sim::Engine& engine, Diagnostics& diag);

/// The Liberty library of fa_rtm. The data model (liberty::Cell) holds one `ff` group per cell,
/// so the two registered outputs are written as two view cells of the same circuit:
/// `<cell>_sum` (ff (IS, ISN) next_state A^B^CI, pin S) and `<cell>_carry` (ff (ICO, ICON)
/// next_state maj(A,B,CI), pin CO). Each view carries half the cell's area, leakage and clock
/// energy, so a netlist using both views of one adder adds up to the cell. Pin A carries the
/// user attribute `rtm_operand : "racetrack"` and a scalar setup_rising arc of operand_setup; the
/// cells carry `rtm_read_latency` and `rtm_evaluation_energy` user attributes. The memory
/// operations (written once, on `<cell>_sum`): `rtm_operation (read)` (the evaluation: op_latency
/// = read_latency, op_energy = energy_per_evaluation) and, when a shift table was measured,
/// `rtm_operation (shift)` (op_latency = minimum one-domain pulse, op_energy = kShiftedTracks x
/// track step energy at the first current, with an `rtm_sweep (shift_current)` of the lists
/// sweep_current / sweep_pulse / sweep_energy), plus the cell attribute rtm_domains.
std::optional<liberty::Library> make_fa_rtm_library(const FaRtmResult& r, const tech::Technology& tech,
                                                    const charz::Options& opts, Diagnostics& diag);

/// JSON form (schema "rtmchar.fa_rtm/1", SI units in the key suffixes; docs/racetrack-cells.md):
/// grid, clock arcs, constraints, read latency, energy per evaluation, leakage, area, shift table.
nlohmann::json to_json(const FaRtmResult& r);

}  // namespace rtmchar::rtm
