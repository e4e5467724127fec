#pragma once
// Characterization of edge-triggered clocked cells (flip-flops; later precharge cells with
// output latches): clock-to-output arcs, setup/hold constraint tables found by bisection, input
// pin capacitance, leakage per state and area. Stimuli, pass criterion and bisection are
// described in docs/sequential.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "charz/characterize.h"
#include "liberty/model.h"
#include <nlohmann/json.hpp>
#include "netlist/cell.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::charz {

/// Settings specific to clocked cells (the delay grid, VDD, temperature and slew convention come
/// from Options).
struct SequentialOptions {
  int constraint_grid_size = 3;              ///< points per axis of an automatic constraint grid
  std::vector<double> constraint_clock_slews;  ///< related_pin_transition (s); empty = automatic
  std::vector<double> constraint_data_slews;   ///< constrained_pin_transition (s); empty = automatic
  /// Pass criterion of a setup/hold point: the output reaches the captured value and clock-to-Q
  /// is at most (1 + max_degradation) x the long-setup reference at the same clock slew.
  double max_degradation = 0.10;
  double resolution_abs = 0.5e-12;  ///< bisection stops at max(resolution_abs, resolution_rel x clock slew)
  double resolution_rel = 0.01;
};

/// Clock-to-output tables of one output edge (rows: clock slew, columns: output load).
struct ClockArcTables {
  std::string output;
  netlist::Edge output_edge = netlist::Edge::Rise;
  std::vector<double> delay;       ///< s, 50 % clock to 50 % output
  std::vector<double> transition;  ///< s, output slew threshold to threshold
  std::vector<double> energy;      ///< J, internal energy of the clock edge (load charge, leakage excluded)
};

enum class ConstraintKind { Setup, Hold };

/// One constraint table (rows: clock slew, columns: data slew). Setup: how long before the clock
/// the data edge (50 %) must arrive; hold: how long after the clock it must stay (50 % to 50 %).
struct ConstraintTable {
  ConstraintKind kind = ConstraintKind::Setup;
  std::string data_pin;
  netlist::Edge data_edge = netlist::Edge::Rise;  ///< rise_constraint / fall_constraint
  std::vector<double> values;  ///< s
  std::vector<double> failing; ///< s, the closest offset that failed the criterion (bracket end)
};

struct SequentialResult {
  std::string cell, tech;
  std::string clock;  ///< clock pin
  std::string data;   ///< data pin
  double vdd = 0, temperature = 0;
  std::vector<double> slews, loads;  ///< clock slew x output load grid of the clock-to-output tables
  std::vector<ClockArcTables> clock_arcs;
  std::vector<double> constraint_clock_slews, constraint_data_slews;
  std::vector<ConstraintTable> constraints;
  /// Long-setup clock-to-Q at the constraint clock slews and the smallest load, by captured value
  /// (index 0: captures 0, 1: captures 1); the reference of the pass criterion.
  std::vector<double> reference_delay[2];
  std::vector<LeakageState> leakage;  ///< `when` over data, clock and the output(s)
  double leakage_average = 0;
  std::map<std::string, PinCapacitance> pin_caps;
  double area = 0;  ///< m^2
  double max_degradation = 0;  ///< pass criterion in effect (SequentialOptions::max_degradation)
  Stats stats;
  std::vector<std::string> warnings;
};

/// Characterizes a positive-edge flip-flop cell (kind FlipFlop, one `ff` state element clocked on
/// a clock pin, one data pin, outputs that are functions of the state variables). Unsupported
/// shapes are reported as "charz.unsupported"; a point that cannot be measured as
/// "charz.point-failed" naming cell, arc and grid point; a setup/hold search whose ends do not
/// bracket the pass criterion as "charz.constraint-bracket". Returns nullopt on any error.
std::optional<SequentialResult> characterize_sequential(const tech::Technology& tech, const netlist::CellDef& cell,
                                                        const netlist::ParamValues& params, const Options& opts,
                                                        const SequentialOptions& seq, sim::Engine& engine,
                                                        Diagnostics& diag);

/// The outcome of one capture experiment (docs/sequential.md, "Capture experiment").
struct CaptureOutcome {
  bool correct = false;   ///< the output settled at the value of the captured data
  double clk_to_q = 0;    ///< s, when correct
};

/// Runs one capture experiment on a flip-flop: the cell holds `!captured`, the data pin moves to
/// `captured` and, for Hold, back to `!captured` after the clock. `offset` is the setup time
/// (data edge before the clock, Setup) or the hold time (data return after the clock, Hold), 50 %
/// to 50 %, at the smallest load of `opts.loads` (or 1 fF if empty). nullopt (with diagnostics)
/// if the simulation fails. Used by the tests to check the bisection's failing side.
std::optional<CaptureOutcome> probe_capture(const tech::Technology& tech, const netlist::CellDef& cell,
                                            const netlist::ParamValues& params, const Options& opts,
                                            ConstraintKind kind, bool captured, double clock_slew, double data_slew,
                                            double offset, sim::Engine& engine, Diagnostics& diag);

/// The Liberty library of one characterized flip-flop: the header of make_library (library.h),
/// and a cell with an `ff (IQ, IQN)` group from the cell's state element, the clock pin marked
/// `clock : true`, rising_edge arcs with internal power on each output, setup_rising and
/// hold_rising arcs (rise/fall_constraint by the data edge) on the data pin, pin capacitances,
/// leakage per state and area. Returns nullopt (with diagnostics) if the model does not validate.
std::optional<liberty::Library> make_sequential_library(const netlist::CellDef& def, const SequentialResult& r,
                                                        const tech::Technology& tech, const Options& opts,
                                                        Diagnostics& diag);

/// JSON form of a sequential result (schema "rtmchar.seqcell/1", docs/sequential.md).
nlohmann::json to_json(const SequentialResult& r);

/// CSV of every table: cell,table,output_or_pin,edge,quantity,index_1,index_2,value (SI).
std::string to_csv(const SequentialResult& r);

}  // namespace rtmchar::charz
