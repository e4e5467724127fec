#pragma once
// Characterization of a cell: grid -> simulation jobs -> measurements -> tables, with windows
// sized from the cell's own behaviour, failed points retried with safer settings and otherwise
// reported by cell, arc and grid point (never a made-up number). See docs/characterization.md.
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "charz/fit.h"
#include "charz/testbench.h"
#include "netlist/arcs.h"
#include "netlist/cell.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::charz {

/// Options of one characterization run.
struct Options {
  std::vector<double> slews;  ///< input transition grid (s); empty = chosen from the cell's behaviour
  std::vector<double> loads;  ///< output load grid (F); empty = chosen from the cell's behaviour
  int grid_size = 7;          ///< points per axis of an automatic grid
  std::optional<double> vdd;          ///< override of the techfile's VDD
  std::optional<double> temperature;  ///< override (degC)
  SlewConvention slew;
  double delay_threshold_pct = 50;
  /// Settling band for the end of the energy window, as a fraction of VDD.
  double settle_fraction = 2e-3;
  /// Receives progress notes (window extensions, retries) for --verbose; may be empty.
  std::function<void(const std::string&)> log;
  /// Simulate a subset of the grid and fill the rest from a fit verified at held-out simulated
  /// points (charz/sparse.h); the loop adds points until every table's held-out error is below
  /// sparse_tolerance or the table is fully simulated.
  bool sparse = false;
  double sparse_tolerance = 0.01;  ///< max held-out error, relative to the table's largest magnitude
  /// Characterize every sensitizing side-input state of every arc, not only the default state of
  /// each polarity. The library then has, per arc polarity with more than one state, one timing
  /// group and one internal_power group per state (conditioned by `when`) and an unconditioned
  /// timing group that is their element-wise worst case. Pin capacitances come from the default
  /// states either way (docs/characterization.md, "Arcs and stimuli"). CLI: --states all|default.
  bool all_states = true;
};

/// One input edge of an arc in one side-input state, over the whole grid (row-major: slew index
/// selects the row, load index the column).
struct EdgeTables {
  netlist::Edge input_edge = netlist::Edge::Rise;
  netlist::Edge output_edge = netlist::Edge::Rise;
  std::string when;                 ///< side-input state, Liberty syntax ("" if none)
  /// The default state of its polarity (netlist::CombArc::default_positive/negative): the source
  /// of the pin capacitances, and the only state characterized with Options::all_states off.
  bool default_state = true;
  std::vector<double> delay;        ///< s, 50 % input to 50 % output
  std::vector<double> transition;   ///< s, output lower..upper slew threshold time
  std::vector<double> energy;       ///< J, internal energy (load charge and leakage excluded)
  std::vector<double> input_charge_cap;  ///< F, charge delivered by the input source / VDD; NaN where not simulated
  std::vector<bool> simulated;      ///< false where a sparse run filled the point from the fit
  struct FitReport {
    int terms = 0;
    double max_error = 0;  ///< residual at the simulated points, relative to the table's largest magnitude
    double rms_error = 0;
    int held_out_points = 0;        ///< sparse runs: simulated points left out in turn (0 = dense run)
    double held_out_max_error = 0;  ///< sparse runs: largest error at a left-out point (same measure)
    double held_out_rms_error = 0;
    double fill_spread = 0;  ///< sparse runs: largest change of a filled value when one point is dropped
  };
  /// By quantity name: delay, transition, energy.
  std::map<std::string, FitReport> fits;
};

struct ArcResult {
  std::string input;
  std::string output;
  netlist::TimingSense sense = netlist::TimingSense::PositiveUnate;
  std::vector<EdgeTables> edges;  ///< per characterized (state, input edge)
};

struct LeakageState {
  std::string when;   ///< Liberty condition over the logic inputs
  double power = 0;   ///< W
};

struct PinCapacitance {
  double rise = 0;  ///< F
  double fall = 0;  ///< F
};

struct Stats {
  int simulations = 0;     ///< jobs submitted (including retries and window extensions)
  int cache_hits = 0;
  int retries = 0;         ///< points rerun with safer settings
  int saved_by_sparse = 0; ///< grid points filled from the fit instead of simulated
  double wall_seconds = 0;
};

struct CellResult {
  std::string cell;
  std::string tech;
  double vdd = 0;
  double temperature = 0;
  std::vector<double> slews;
  std::vector<double> loads;
  std::vector<ArcResult> arcs;
  std::vector<LeakageState> leakage;
  double leakage_average = 0;  ///< W, mean over all input states
  std::map<std::string, PinCapacitance> pin_caps;
  double area = 0;  ///< m^2
  Stats stats;
  std::vector<std::string> warnings;  ///< sanity-check findings
};

/// Characterizes a combinational cell. On failure reports diagnostics naming the cell, arc and
/// grid point (id "charz.point-failed") and returns nullopt.
std::optional<CellResult> characterize_combinational(const tech::Technology& tech, const netlist::CellDef& cell,
                                                     const netlist::ParamValues& params, const Options& opts,
                                                     sim::Engine& engine, Diagnostics& diag);

}  // namespace rtmchar::charz
