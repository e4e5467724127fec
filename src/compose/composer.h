#pragma once
// The composer: a circuit as a Boost.Graph DAG of characterized Liberty cell instances, timed and
// costed from the library's tables alone (docs/composer.md).
//
// Vertices are primary inputs, primary outputs, constants (tie-0 / tie-1) and cell instances;
// an edge is one connection of a net, from the driving output pin of its source vertex to one
// input pin of its target vertex. A net is identified by its driver (vertex, output pin).
//
// Delay: longest arrival time through the Liberty tables (cell_rise/cell_fall and
// rise_transition/fall_transition, bilinear interpolation with linear extrapolation), with the
// ACTUAL load of each net (sum of the fanout pins' capacitances + wire capacitance + the primary
// output load) and the slews propagated from pin to pin; rise and fall are tracked separately and
// the arc's timing_sense decides which input edge launches which output edge.
// Energy: for an input-vector pair, the zero-delay Boolean evaluation of both steady states gives
// the nets that toggle; each toggling cell contributes the supply energy of its event from the
// internal_power tables at the actual slew and load (docs/composer.md, "Energy").
// Area: sum of the instances' cell areas.
// Clocked cells (Liberty `ff` groups clocked on the rising edge) are registers: their clock pin is
// ideal (not connected; Conditions::clock_slew at t = 0 of every cycle), their outputs launch at
// CLK->Q, their data pins' setup/hold arcs are the capture checks; clocked_timing() gives the
// minimum clock period, the number of cycles and the latency, and evaluate() charges each
// clocked cell its per-cycle energy (Conditions::cycle_energy).
#include <boost/graph/adjacency_list.hpp>
#include <map>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "liberty/model.h"
#include "netlist/function.h"
#include "util/diag.h"

namespace rtmchar::compose {

enum class VertexKind { PrimaryInput, PrimaryOutput, Constant, Instance };

struct VertexInfo {
  VertexKind kind = VertexKind::Instance;
  std::string name;                   ///< instance / port name
  const liberty::Cell* cell = nullptr;  ///< Instance only
  bool constant_value = false;        ///< Constant only
};

/// One connection: driver output pin (empty for primary inputs and constants) -> sink input pin
/// (empty for primary outputs).
struct EdgeInfo {
  std::string from_pin;
  std::string to_pin;
};

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, VertexInfo, EdgeInfo>;
using Vertex = Graph::vertex_descriptor;

/// A net: the driver vertex and its output pin ("" for a primary input or constant).
struct NetId {
  Vertex driver = 0;
  std::string pin;
  auto operator<=>(const NetId&) const = default;
};

/// Electrical and stimulus settings of an analysis.
struct Conditions {
  double input_slew = 20e-12;  ///< slew index (lower..upper threshold time) of primary-input edges, s
  double output_load = 2e-15;  ///< capacitance on every primary output, F
  double wire_cap = 0;         ///< wire capacitance added to every net driven by a cell, F
  std::optional<double> vdd;   ///< supply for 1/2 C VDD^2; default: the library's nom_voltage
  // Clocked cells (ignored by purely combinational circuits):
  double clock_slew = 20e-12;  ///< slew index of the ideal clock at every clocked cell, s
  double output_setup = 0;     ///< capture margin required at the primary outputs (clocked_timing), s
  /// Energy of one clock cycle of a clocked cell (by Liberty cell name), measured with
  /// `reference_load` on each output: evaluate() charges `energy` x clocked_cycles per instance,
  /// plus 1/2 (C_net - reference_load) VDD^2 per toggling output. A clocked cell without an
  /// entry is an error (compose.no-cycle-energy).
  struct CycleEnergy {
    double energy = 0;          ///< J per cycle
    double reference_load = 0;  ///< F on each output in that measurement
  };
  std::map<std::string, CycleEnergy> cycle_energy;
  int clocked_cycles = 1;  ///< cycles each clocked cell is clocked per evaluated operation (1 = pipelined)
};

/// Arrival time and slew of one edge of a net.
struct EdgeTiming {
  bool valid = false;
  double arrival = 0;  ///< s, at the delay threshold
  double slew = 0;     ///< s, lower..upper threshold time (library convention)
};

struct NetTiming {
  EdgeTiming rise, fall;
};

/// One step of a critical path: the net reached and the edge on it.
struct PathStep {
  std::string net;  ///< "<instance>/<pin>" or the primary input name
  bool rise = true;
  double arrival = 0;
  double slew = 0;
};

struct TimingReport {
  double delay = 0;               ///< latest arrival at a primary output, s
  std::string endpoint;           ///< primary output reached
  bool rise = true;               ///< edge at the endpoint
  std::vector<PathStep> path;     ///< from a primary input to the endpoint
};

/// One capture check of clocked_timing: the worst edge reaching a register data pin or a primary
/// output, after its launching edge.
struct CaptureCheck {
  std::string capture;  ///< "<register>/<data pin>" or the primary output
  std::string launch;   ///< start of that path: primary input or "<register>/<output>"
  bool rise = true;     ///< data edge at the capture point
  double arrival = 0;   ///< s
  double setup = 0;     ///< setup of that edge (output_setup for a primary output), s
};

/// Clocked (register-to-register) timing of a circuit.
struct ClockedReport {
  double period = 0;   ///< minimum clock period: max over capture points of launch->capture path + setup, s
  int cycles = 0;      ///< clock cycles from the primary inputs to the latest primary output (registers + 1)
  double latency = 0;  ///< cycles x period, s
  std::string launch;  ///< start of the critical stage: primary input or "<register>/<output>"
  std::string capture; ///< its end: "<register>/<data pin>" or a primary output
  std::vector<PathStep> path;  ///< the critical stage, launch first (arrivals after the launching edge)
  std::vector<CaptureCheck> checks;  ///< every capture point's worst edge (arrival + setup), graph order
  int registers = 0;   ///< clocked instances
  std::optional<double> hold_slack;  ///< min over hold checks of early arrival - hold, s (nullopt: none)
  std::string hold_endpoint;
};

/// Result of one input-vector pair.
struct VectorReport {
  std::optional<double> delay;     ///< latest toggle at a primary output (nullopt: no output toggles)
  std::string endpoint;
  double energy = 0;               ///< J: internal + load charging + clocked cycles, leakage excluded
  double internal_energy = 0;      ///< J, combinational cells
  double load_energy = 0;          ///< J
  double clocked_energy = 0;       ///< J, clocked cells' cycle energies (Conditions::cycle_energy)
  int toggled_nets = 0;
  int toggled_cells = 0;
  /// Energy charged to each instance (internal or cycle energy + its toggling outputs' load energy),
  /// for instances with a non-zero share, in topological order.
  std::vector<std::pair<std::string, double>> instance_energy;
  std::vector<bool> outputs_before, outputs_after;  ///< primary output values, in add_output order
};

/// A composed circuit over one library (which must outlive it).
class Circuit {
 public:
  explicit Circuit(const liberty::Library& lib) : lib_(&lib) {}

  const liberty::Library& library() const { return *lib_; }
  const Graph& graph() const { return g_; }

  Vertex add_input(const std::string& name);
  Vertex add_output(const std::string& name);
  Vertex add_constant(bool value);
  /// Adds an instance of `cell`; error compose.unknown-cell (nullopt) if the library lacks it.
  std::optional<Vertex> add_instance(const std::string& name, const std::string& cell, Diagnostics& diag);
  /// Connects (from, from_pin) -> (to, to_pin). Pins are checked against the cells (direction and
  /// existence, compose.bad-pin; clock pins of clocked cells are ideal and cannot be connected);
  /// an input pin may be driven only once (compose.multiple-drivers).
  bool connect(Vertex from, const std::string& from_pin, Vertex to, const std::string& to_pin, Diagnostics& diag);

  /// Checks the whole circuit: every instance input (except clock pins) and primary output driven,
  /// the graph acyclic (register feedback is not supported), every output pin function parseable
  /// over the cell's input pins or its ff state, ff groups clocked on one pin without clear/preset,
  /// no latches (compose.*). Must pass before the analyses; they return nullopt (with these
  /// diagnostics) otherwise.
  bool check(Diagnostics& diag) const;

  const std::vector<Vertex>& inputs() const { return inputs_; }
  const std::vector<Vertex>& outputs() const { return outputs_; }
  int instance_count() const;

  /// Sum of the instances' cell areas (m^2).
  double area() const;

  /// Total capacitance of a net (F): fanout input pins (rise_capacitance for a rising net,
  /// fall_capacitance for a falling one, else capacitance), wire_cap for cell-driven nets,
  /// output_load per primary output it reaches.
  double net_load(const NetId& net, bool rise, const Conditions& c) const;

  /// Static timing: every primary input launches a rise and a fall at t = 0 with the input slew;
  /// arrival = max over arcs and launching edges (positive_unate: same edge; negative_unate:
  /// opposite edge; non_unate: both), slew = max over the same candidates (OpenSTA's default
  /// slew merge). Returns the latest primary-output arrival with its path. Combinational circuits
  /// only (compose.clocked otherwise: use clocked_timing).
  std::optional<TimingReport> static_timing(const Conditions& c, Diagnostics& diag) const;

  /// Register-to-register timing (docs/composer.md). Primary inputs and register outputs launch at
  /// a clock edge (t = 0): inputs with input_slew, registers at CLK->Q (rising_edge arcs at
  /// clock_slew and the actual load); late (max) and early (min) arrivals propagate through the
  /// combinational cells as in static_timing. Capture points: every register data pin with
  /// setup_rising arcs (arrival + setup at the clock slew and the data slew) and every primary
  /// output (arrival + output_setup). Period = the largest of them; cycles = 1 + the most
  /// registers on a path to a primary output; latency = cycles x period. Hold: early arrival -
  /// hold_rising at each register data pin. Purely combinational circuits: period = the
  /// static_timing delay, cycles = 1.
  std::optional<ClockedReport> clocked_timing(const Conditions& c, Diagnostics& diag) const;

  /// One vector pair: the primary inputs switch from `before` to `after` at t = 0 (values in
  /// add_input order). Nets toggle iff their steady values differ (glitches are not modelled); the
  /// arrival of a toggling cell output is the latest over its toggling inputs whose arc sense is
  /// compatible with the two edges (a conservative choice for simultaneous input events), and that
  /// latest input is the arc's "cause". Energy per toggling cell, from the cause's internal_power
  /// group (the one whose `when` holds for the side inputs after the event, else the one of the
  /// event's polarity): one toggling output o: E_int,o + 1/2 C_o VDD^2; several: the largest over
  /// the outputs' arcs of E_int,o + 1/2 C_o VDD^2 + (C_k - C_min) VDD^2 for each other RISING
  /// output k (it carried the grid's smallest load C_min in that measurement; a falling output
  /// draws nothing from the supply), docs/composer.md. Reported split: load_energy = 1/2 C VDD^2
  /// of every toggling cell output, internal_energy = the rest. Clocked cells hold next_state(inputs) in both steady states (a feed-forward
  /// pipeline after enough cycles); each is charged its cycle energy (Conditions::cycle_energy)
  /// whether or not its outputs toggle, and a toggling register output arrives at CLK->Q after
  /// its edge (so `delay` counts from the launching edge of the last stage).
  std::optional<VectorReport> evaluate(const std::vector<bool>& before, const std::vector<bool>& after,
                                       const Conditions& c, Diagnostics& diag) const;

  /// Mean energy (J) over `pairs` random vector pairs (uniform, seeded, reproducible).
  std::optional<double> average_energy(int pairs, std::uint64_t seed, const Conditions& c, Diagnostics& diag) const;

  /// Steady values of every net for a primary-input assignment (add_input order).
  std::optional<std::vector<std::pair<NetId, bool>>> simulate(const std::vector<bool>& in, Diagnostics& diag) const;

  /// "<instance>/<pin>" or the port name of the net.
  std::string net_name(const NetId& net) const;

 private:
  const liberty::Library* lib_;
  Graph g_;
  std::vector<Vertex> inputs_, outputs_;
  int constants_ = 0;
};

/// Bilinear interpolation of a setup/hold table at (clock slew, data slew): related_pin_transition
/// = the clock, constrained_pin_transition = the data; scalar and one-axis tables are supported.
std::optional<double> lookup_constraint(const liberty::Table& t, double clock_slew, double data_slew);

/// One library holding the cells of `libs` (all characterized with the same units, thresholds and
/// supply; the first one's header is kept), for analysis: templates keep their identity (tables
/// point to them) and their names may repeat, so the result is not meant to be written.
/// compose.merge on a cell name that appears twice or a different nom_voltage.
std::optional<liberty::Library> merge_libraries(const std::vector<const liberty::Library*>& libs, Diagnostics& diag);

/// Bilinear interpolation of `t` at (slew, load), linear extrapolation outside the index range,
/// with the axes mapped by their variables (input transition / total output capacitance, either
/// order; one-axis and scalar tables are supported). nullopt for axes it cannot map.
std::optional<double> lookup(const liberty::Table& t, double slew, double load);

}  // namespace rtmchar::compose
