#pragma once
// Test benches: the SPICE deck around one cell instance for one characterization point.
//
// Node and source naming (all lower case, as ngspice reports vectors):
//   pin P (logic)   -> node "p_<pin>", driven by source "vi_<pin>" (DC level or PWL ramp)
//   supply pin S    -> node "s_<pin>", driven by "vs_<pin>" at the supply voltage
//   ground pin G    -> node 0
//   output pin O    -> node "p_<pin>", loaded by capacitor "cl_<pin>"
// Supply current i(vs_<pin>) is negative while the supply delivers charge (SPICE convention:
// positive current flows into the + terminal), and so is i(vi_<pin>) while an input charges.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netlist/cell.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::charz {

/// How the stimulus ramp of a slew index is built (Liberty semantics, docs/characterization.md):
/// the slew index is the time between the lower and upper slew thresholds, so the full 0-100 %
/// linear ramp lasts index / ((upper - lower) / 100). `full_ramp_equals_index` reproduces the
/// convention of some open tools (a full ramp equal to the index), available as a setting.
struct SlewConvention {
  double lower_pct = 20;
  double upper_pct = 80;
  bool full_ramp_equals_index = false;
  /// Duration of the full 0-100 % ramp for a slew index.
  double full_ramp(double slew_index) const;
};

/// Time-step ceiling of every characterization transient: the faster of the input ramp and the
/// (expected) output transition is resolved by at least this many steps (TMAX = edge / this).
/// ngspice's truncation-error control refines further where the waveforms bend; the analytic
/// golden tests (tests/charz/test_golden.cpp) hold delay and transition to 0.5 % at this setting.
inline constexpr double kStepsPerEdge = 10;

/// What every deck of a cell shares: the technology header (models, global size parameters,
/// temperature) and the rendered subcircuit.
struct CellContext {
  const tech::Technology* tech = nullptr;
  const netlist::CellDef* cell = nullptr;
  double vdd = 0;           ///< supply voltage in effect (V)
  double temperature = 25;  ///< degC
  std::string header;       ///< models + .param + .temp lines
  std::string subckt;       ///< the cell's rendered .subckt ... .ends

  /// Builds the context; nullopt (with diagnostics) if the template cannot be rendered.
  static std::optional<CellContext> make(const tech::Technology& tech, const netlist::CellDef& cell,
                                         const netlist::ParamValues& params, double vdd, double temperature,
                                         Diagnostics& diag);
};

/// A piecewise-linear waveform: (time, voltage) points, the first at t = 0.
using Pwl = std::vector<std::pair<double, double>>;

/// The stimulus and load of one test bench.
struct Stimulus {
  std::map<std::string, Pwl> inputs;     ///< by pin name; every logic input must be present
  std::map<std::string, double> loads;   ///< output load capacitance by pin name (F); absent = open
};

/// Node name of a pin in the bench ("p_a"; "0" for ground pins, "s_vdd" for supplies).
std::string node_of(const netlist::CellDef& cell, const std::string& pin);
/// Vector names: v(<node>) of a pin, i(vs_<pin>) of a supply, i(vi_<pin>) of an input source.
std::string voltage_vector(const netlist::CellDef& cell, const std::string& pin);
std::string supply_current_vector(const std::string& supply_pin);
std::string input_current_vector(const std::string& input_pin);

/// The complete deck: title, header, subckt, sources, loads, the instance and `analysis_line`
/// (e.g. ".tran 1e-13 2e-9 0 1e-13" or ".op"), ".end".
std::string make_deck(const CellContext& ctx, const Stimulus& stim, const std::string& title,
                      const std::string& analysis_line);

}  // namespace rtmchar::charz
