#pragma once
// Per-operation figures of the full adders side by side (docs/racetrack-cells.md, "Comparison"):
// the racetrack adders against the CMOS mirror adder fa_cmos in the same technology, measured on
// the same clock period, edges and loads, so the in-memory benefit (or its absence when the
// operand must first be shifted or written) is visible.
#include <optional>
#include <string>
#include <vector>

#include "netlist/cell.h"
#include "rtm/adder_charz.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// One row of the comparison (all SI).
struct AdderFigures {
  std::string name;      ///< row label, e.g. "fa_cmos", "fa_rtm", "fa_rtm + shift A"
  double latency = 0;    ///< time from the operands (or the clock) to the slower result [s]
  double energy = 0;     ///< supply energy per add [J]
  double area = 0;       ///< [m^2]
  double leakage = 0;    ///< [W]
  std::string basis;     ///< how latency and energy were obtained (one line)
  /// Non-empty: the row could not be characterized (why, one line); the numbers are not set and
  /// are neither printed nor written.
  std::string failure;
};

/// The conditions the CMOS baseline is simulated under: one add per `period`, input ramps of
/// `ramp` (0-100 %), `load` on S and CO.
struct BaselineBench {
  double period = 2e-9;
  double ramp = 20e-12;
  double load = 1e-15;
};

/// The CMOS mirror adder `cell` (pins A, B, CI -> S, CO) simulated through all 64 ordered pairs of
/// input vectors (a de Bruijn sequence of order 2 over the 8 vectors, i.e. uniformly random
/// operands, one add per period): energy = mean supply energy per period, latency = the slowest
/// 50 %-input to 50 %-output delay of an output that changes; every step's outputs are checked
/// against A^B^CI and maj(A,B,CI) ("rtm.functional" error otherwise). Leakage = mean over the 8
/// input states of DC operating points; area from the layout rules. nullopt on error.
std::optional<AdderFigures> cmos_adder_figures(sim::Engine& engine, const tech::Technology& tech,
                                               const netlist::CellDef& cell, const netlist::ParamValues& params,
                                               double vdd, const BaselineBench& bench, Diagnostics& diag);

/// The 8 vectors' de Bruijn sequence of order 2 (64 entries; each ordered pair of vectors, the
/// last entry followed by the first, occurs exactly once). Exposed for its unit test.
std::vector<int> de_bruijn_8x2();

/// Rows of a racetrack adder (fa_rtm, fa_tr) from its characterization: the add with the operands
/// already under the ports (latency = slowest CLK->S/CO at the first grid point, energy per
/// evaluation) and, when a shift table was measured, the add preceded by a one-domain shift of the
/// cell's shifted_tracks tracks.
std::vector<AdderFigures> adder_figures(const RtmAdderResult& r);

/// The comparison as a fixed-width text table (one row per entry).
std::string format_comparison(const std::vector<AdderFigures>& rows);

}  // namespace rtmchar::rtm
