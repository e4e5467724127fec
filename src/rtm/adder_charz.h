#pragma once
// What the racetrack in-memory full adders (fa_rtm, fa_tr) share in characterization: the
// result record, the clock/data waveforms of their benches, the CLK->S/CO measurement of one
// evaluation, and the Liberty/JSON writers. Method: docs/racetrack-cells.md, "Characterization
// of fa_rtm" and "Characterization of fa_tr".
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "charz/characterize.h"
#include "charz/sequential.h"
#include "charz/testbench.h"
#include "liberty/model.h"
#include "rtm/memops.h"
#include "sim/measure.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// Transverse-read figures of fa_tr (docs/racetrack-cells.md): worst case over the 8 patterns.
struct TrReadFigures {
  double margin = 0;           ///< min comparator input V(SRk) - V(STk) when it fires, > 0 on the right side [V]
  double margin_fraction = 0;  ///< min of margin / level step (ideal 0.5) [1]
  double step = 0;             ///< mean TR level step at the sense node [V]
  double read_current = 0;     ///< largest read current through the segment [A]
  double depinning_current = 0;  ///< I_dep of the techfile's track [A]
  double tr_mr = 0;            ///< racetrack.tr_mr in effect [1]
};

/// Results of characterize_fa_rtm / characterize_fa_tr (all SI).
struct RtmAdderResult {
  std::string schema;                           ///< JSON schema id ("rtmchar.fa_rtm/1", "rtmchar.fa_tr/1")
  std::string cell, tech;
  double vdd = 0, temperature = 0;
  std::vector<double> slews, loads;             ///< clock slew x load grid
  std::vector<charz::ClockArcTables> clock_arcs;  ///< S rise/fall, CO rise/fall
  std::vector<charz::ConstraintTable> constraints;  ///< scalar (one value) setup/hold of driven data pins
  std::vector<std::string> operand_pins;        ///< racetrack-operand inputs (setup = operand_setup, no hold)
  /// Input capacitance of the driven pins (fa_rtm: B, CI, CLK) from the charge their sources
  /// deliver during the ramps of the CLK->S/CO and constraint benches (C = |Q| / VDD); empty when
  /// not measured. Each Liberty view carries half (both views sit on the same nets).
  std::map<std::string, charz::PinCapacitance> pin_caps;
  double reference_delay = 0;   ///< long-setup CLK->out of the constraint benches (0: none) [s]
  double read_latency = 0;      ///< CLK 50 % -> slowest sense decision, mean over the 8 evaluations [s]
  double energy_per_evaluation = 0;  ///< mean supply energy per clock cycle over the 8 (A,B,CI) [J]
  double leakage = 0;           ///< supply power with CLK low (precharge, outputs held) [W]
  double area = 0;              ///< CMOS area + MTJ port footprints (layout.mtj_footprint) [m^2]
  double operand_setup = 0;     ///< setup of the racetrack operands to CLK [s]
  double max_degradation = 0;   ///< constraint pass criterion (0: no constraints)
  int domains = 0;              ///< data domains per operand track
  int shifted_tracks = 1;       ///< tracks a cell shift moves together
  /// One-track shift table (rtm::shift_table); a cell shift costs shifted_tracks x the track energy.
  std::vector<ShiftEntry> shift;
  std::optional<TrReadFigures> transverse_read;  ///< fa_tr only
  int simulations = 0;
};

/// Clock that starts low, with rising ramps starting at `rises` and falling ramps at `falls`.
charz::Pwl adder_clock(double vdd, double ramp, const std::vector<double>& rises, const std::vector<double>& falls);

/// The four CLK->S/CO tables being filled, grid order (slew-major).
struct AdderArcs {
  charz::ClockArcTables sr{"S", netlist::Edge::Rise, {}, {}, {}}, sf{"S", netlist::Edge::Fall, {}, {}, {}};
  charz::ClockArcTables cr{"CO", netlist::Edge::Rise, {}, {}, {}}, cf{"CO", netlist::Edge::Fall, {}, {}, {}};
};

/// One evaluation whose clock ramp starts at t_start (full ramp `ramp`, clock period P) in which
/// S and CO switch in opposite directions (S rises iff s_rise): appends delay (50 % CLK -> 50 %
/// out), transition (lo..hi) and internal energy (supply energy from t_start to min(t_start + P,
/// t_stop) minus load vdd^2 of the rising output, half to each output) to `arcs`. Returns why it
/// failed, or nullopt.
std::optional<std::string> measure_adder_edge(const sim::Waveforms& w, double t_start, double ramp, double P,
                                              double t_stop, double load, bool s_rise, double vdd, double lo,
                                              double hi, AdderArcs& arcs);

/// The Liberty library of a racetrack adder. The data model (liberty::Cell) holds one `ff` group
/// per cell, so the two registered outputs are written as two view cells of the same circuit:
/// `<cell>_sum` (ff (IS, ISN) next_state A^B^CI, pin S) and `<cell>_carry` (ff (ICO, ICON)
/// next_state maj(A,B,CI), pin CO). Each view carries half the cell's area, leakage and clock
/// energy, so a netlist using both views of one adder adds up to the cell. Operand pins carry the
/// user attribute `rtm_operand` and a scalar setup_rising arc of operand_setup; other data pins
/// their setup/hold tables. The cells carry `rtm_read_latency` and `rtm_evaluation_energy` (and,
/// for fa_tr, `rtm_read_margin_voltage`, `rtm_read_margin_fraction`, `rtm_read_current`). The
/// memory operations (written once, on `<cell>_sum`): `rtm_operation (read)` (op_latency =
/// read_latency, op_energy = energy_per_evaluation) and, when a shift table was measured,
/// `rtm_operation (shift)` (op_latency = minimum one-domain pulse, op_energy = shifted_tracks x
/// track step energy at the first current, with an `rtm_sweep (shift_current)` of the lists
/// sweep_current / sweep_pulse / sweep_energy), plus the cell attribute rtm_domains.
std::optional<liberty::Library> make_adder_library(const RtmAdderResult& r, const tech::Technology& tech,
                                                   const charz::Options& opts, Diagnostics& diag);

/// JSON form (schema r.schema, SI units in the key suffixes; docs/racetrack-cells.md): grid,
/// clock arcs, constraints, operand pins, read latency, energy per evaluation, leakage, area,
/// shift table and, for fa_tr, the transverse-read figures.
nlohmann::json to_json(const RtmAdderResult& r);

}  // namespace rtmchar::rtm
