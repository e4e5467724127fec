#pragma once
// Functional simulation of fa_tr, the transverse-read full adder (docs/racetrack-cells.md,
// "fa_tr"): operands A, B, CI are data domains 1..3 of one track, between ports over data
// domains 0 and 4; one transverse read gives the count c of ones, three comparators against
// reference lines give c >= 1, 2, 3, and SUM = c odd, CARRY = c >= 2. Every number comes from a
// transient simulation through the Engine.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "charz/testbench.h"
#include "netlist/cell.h"
#include "rtm/fa_rtm.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// Data domains under the two ports of the fa_tr segment; the operands sit strictly between.
inline constexpr int kTrPortLo = 0;
inline constexpr int kTrPortHi = 4;

/// The subcircuits an fa_tr deck needs besides its rendered template: the track `fa_tr_trk`
/// (the techfile's racetrack with `domains` data domains, ports over data domains 0 and 4,
/// (a, b, ci) stored in data domains 1..3) and the reference lines `fa_tr_ref` (resistors at the
/// midpoints r_pitch (4 + tr_mr (k - 1/2)) between adjacent TR levels of the model).
std::string fa_tr_subckts(const tech::Technology& tech, int domains, int a, int b, int ci);

/// `.ic` line that sets the three SR latches to the state an add with `count` ones leaves
/// (G_k = count >= k). The benches start from the complement of the expected state so the
/// outputs must switch.
std::string fa_tr_latch_ic(int count, double vdd);

/// One fa_tr transient: (a, b, ci) stored in the segment, latches starting in the state of an
/// add with `prior_count` ones, clock `clk` (volts), `load` on S and CO, A/B/CI pins at 0 V (they
/// have no electrical connection). Saves the outputs, supply current, sense/reference lines,
/// sampled nodes, comparator outputs and clocks, read current i(v.xdut.vtr), wall position and
/// port states.
sim::Job fa_tr_job(const charz::CellContext& ctx, const tech::Technology& tech, int domains, std::array<int, 3> abc,
                   int prior_count, charz::Pwl clk, double load, double tstop, double max_step, const std::string& name);

/// One transverse-read add of fa_tr for (A, B, CI) stored in the segment.
struct TrEval {
  int a = 0, b = 0, ci = 0;
  int s = 0, co = 0;            ///< outputs at the end of the evaluation phase (0/1 by VDD/2)
  int s_held = 0, co_held = 0;  ///< outputs just before the next rising edge (held through precharge)
  double v_tr = 0;              ///< sense node V(TL) when the sampling switches open [V]
  std::array<double, 3> v_ref{};  ///< reference lines V(VRk) at that time [V]
  double step = 0;              ///< TR level step: mean spacing of the reference lines [V]
  double margin = 0;            ///< min over the comparators of V(SRk) - V(STk) when they fire, signed so
                                ///< that > 0 is the right side (c >= k: SRk above STk) [V]
  double latency = 0;           ///< CLK 50 % rise -> last comparator decision (falling side at VDD/2) [s]
  double energy = 0;            ///< supply energy over the cycle (precharge + evaluation) [J]
  double read_current = 0;      ///< peak read current through the segment [A]
  double read_time = 0;         ///< read charge through the segment over the run / read_current: how
                                ///< long the read current flows (gated off once sampled) [s]
  double wall_shift = 0;        ///< largest |wall displacement| over the run [domain pitches]
  double port_state_error = 0;  ///< largest |stored state - 0| of the two port domains at the end
};

/// Simulates fa_tr for the 8 operand patterns (one run each: the operands are the stored
/// domains): one precharge + evaluation cycle and the following precharge, latches starting in
/// the complement state (fa_tr_latch_ic(3 - c)). Results in the order (A, B, CI) = 000 ... 111.
/// nullopt with diagnostics ("rtm.sim-failed", "rtm.measure") if a run or a measurement fails.
std::optional<std::vector<TrEval>> simulate_fa_tr(sim::Engine& engine, const tech::Technology& tech,
                                                  const netlist::CellDef& cell, const netlist::ParamValues& params,
                                                  const FaBench& bench, Diagnostics& diag);

}  // namespace rtmchar::rtm
