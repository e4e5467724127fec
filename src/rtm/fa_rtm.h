#pragma once
// Functional simulation of the racetrack in-memory full adders (fa_rtm: PCSA logic-in-memory
// adder; docs/racetrack-cells.md). Operand A is the bit stored in the cell's tracks, B and CI
// are driven; every number comes from a transient simulation through the Engine.
#include <optional>
#include <vector>

#include "netlist/cell.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// Clocking of the functional bench: each cycle starts with CLK low (precharge, B and CI change
/// `input_delay` after the falling edge), CLK rises at period/2 (evaluation).
struct FaBench {
  double period = 2e-9;        ///< clock period [s]
  double edge = 20e-12;        ///< 0-100 % edge of CLK, B, CI [s]
  double input_delay = 100e-12;  ///< B/CI change this long after the falling CLK edge [s]
  double load = 1e-15;         ///< load on S and CO [F]
  double max_step = 5e-12;     ///< transient step ceiling [s]
  std::optional<double> vdd;          ///< supply [V]; nullopt = the techfile's
  std::optional<double> temperature;  ///< [degC]; nullopt = the techfile's
};

/// One evaluation of fa_rtm for (A, B, CI).
struct FaEval {
  int a = 0, b = 0, ci = 0;
  int s = 0, co = 0;           ///< simulated outputs at the end of the evaluation phase (0/1 by VDD/2)
  int s_held = 0, co_held = 0; ///< outputs just before the next rising edge (latched through precharge)
  double margin_s = 0;         ///< SUM PCSA: |V(left) - V(right)| when the falling side crosses VDD/2 [V]
  double margin_co = 0;        ///< COUT PCSA, same [V]
  double decision_s = 0;       ///< CLK 50 % rise -> falling PCSA output at VDD/2 [s]
  double decision_co = 0;
  double energy = 0;           ///< supply energy over the cycle (precharge + evaluation) [J]
  double track_state_error = 0;  ///< largest |stored state - A (or !A)| of the four ports at the end
};

/// Simulates fa_rtm with A stored in the tracks and 17 cycles of (B, CI) in which every
/// combination follows every combination once (a de Bruijn sequence), for A = 0 and A = 1 (two
/// transient runs). One record per (A, B, CI) in the order 000, 001, ..., 111 (A most
/// significant), the worst over the cycles that evaluate it: an output wrong in any of them, the
/// smallest margin, the slowest decision; energy = their mean. nullopt with diagnostics
/// ("rtm.sim-failed", "rtm.measure") if a run or a measurement fails.
std::optional<std::vector<FaEval>> simulate_fa_rtm(sim::Engine& engine, const tech::Technology& tech,
                                                   const netlist::CellDef& cell, const netlist::ParamValues& params,
                                                   const FaBench& bench, Diagnostics& diag);

}  // namespace rtmchar::rtm
