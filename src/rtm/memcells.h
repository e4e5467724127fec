#pragma once
// Racetrack storage cells and their memory-operation tables: rtm_track (nanowire + `ports` access
// ports + end shift drivers), read_port (access NMOS + PCSA), write_port (bidirectional write
// driver + transmission-gate access) and shift_driver (end drivers on VDD). Each cell's CMOS part is its template (netlists/rtm/*.sp); the tracks are generated
// from the racetrack device model (devices::racetrack_subckt). Every number is measured on a
// transient simulation through the Engine: minimum write and shift pulses by bisection on the
// enable pulse width (the state of the simulated device decides), latencies from waveform
// crossings, energies from the simulated supply currents. Method, equations and numbers:
// docs/racetrack-cells.md, "Memory operations".
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "charz/characterize.h"
#include "liberty/model.h"
#include "netlist/cell.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// The memory cells characterized here: rtm_track, read_port, write_port, shift_driver.
bool is_memory_cell(std::string_view name);

/// One memory-operation table: `op` (read, write, shift, transverse_read) swept over `axis`
/// (a cell parameter, the supply or the stored value). Each row holds one number per column;
/// column names end in the quantity's word (user_attribute_quantity: ..._latency, ..._pulse ->
/// time, ..._energy, ..._current, ..._voltage, ..._resistance; others dimensionless), so they
/// are also the Liberty list attribute names. Values are SI.
struct MemTable {
  std::string op;
  std::string axis;
  std::vector<std::string> columns;
  std::vector<std::vector<double>> rows;
};

/// The headline numbers of one operation at the cell's own parameters (Liberty `rtm_operation`).
struct MemOperation {
  std::string op;
  double latency = 0;  ///< [s]
  double energy = 0;   ///< [J]
  /// Characteristic current [A]: rtm_track read I(0) - I(1) at the read voltage, transverse-read
  /// current, write current (the smaller of the two values), per-track shift current; none for
  /// the read_port (its PCSA current is not a measured figure).
  std::optional<double> current;
};

struct MemCellResult {
  std::string cell, tech;
  double vdd = 0, temperature = 0;
  netlist::ParamValues params;
  double area = 0;                      ///< [m^2]
  double leakage = 0;                   ///< all supplies, enables low [W]
  std::map<std::string, double> pin_caps;  ///< input pins: charge over a 0 -> VDD ramp / VDD [F]
  std::vector<MemOperation> operations;
  std::vector<MemTable> tables;
  /// Measured facts that are not table entries (e.g. a track length the drivers cannot shift).
  std::vector<std::string> findings;
  int simulations = 0;
};

/// Options of the characterization (the grids are derived from the cell's parameters).
struct MemCharOptions {
  double max_step = 10e-12;   ///< transient step ceiling [s]
  double edge = 20e-12;       ///< 0-100 % edge of every enable [s]
  double rel_tol = 0.01;      ///< relative resolution of the minimum-pulse bisections
  bool sweeps = true;         ///< false: only the cell's own point of every operation (tests)
};

/// Checks the cell parameters the TOML ranges cannot (every port, port0 + k port_pitch, inside
/// the track); "rtm.bad-param" errors at `where` (the --param flag or the cell file).
bool validate_memory_params(const tech::Technology& tech, const netlist::CellDef& cell,
                            const netlist::ParamValues& params, const SourceLoc& where, Diagnostics& diag);

/// Characterizes one memory cell at the techfile's supply/temperature (or opts' overrides).
/// Errors: "rtm.bad-param" (parameters), "rtm.sim-failed" (a simulation), "rtm.measure" (a
/// waveform without the expected event), "rtm.no-switch" / "rtm.no-shift" (no pulse up to 50 ns
/// writes / shifts), "rtm.read-disturb" (a read or write moved the walls or flipped a domain).
std::optional<MemCellResult> characterize_memory_cell(const tech::Technology& tech, const netlist::CellDef& cell,
                                                      const netlist::ParamValues& params, const charz::Options& opts,
                                                      const MemCharOptions& mo, sim::Engine& engine,
                                                      Diagnostics& diag);

/// Liberty cell: the logic pins of the definition at r.params (pin arrays sized; inputs with their
/// measured capacitance, outputs with their functions; inout analog terminals are left out), area,
/// leakage, the attributes rtm_domains / rtm_tracks / rtm_ports where they apply, one `rtm_operation (<op>)` group per operation and one
/// `rtm_<op>_table (<axis>)` group per table with one list attribute per column.
liberty::Cell memory_liberty_cell(const MemCellResult& r, const netlist::CellDef& cell);

/// Library rtmchar_<tech...> (charz::make_library header) holding `cells`; validated.
std::optional<liberty::Library> memory_library(const tech::Technology& tech, const charz::Options& opts,
                                               std::vector<liberty::Cell> cells, Diagnostics& diag);

/// JSON form (schema rtmchar.memcell/1): cell, technology, supply, parameters, area, leakage,
/// operations, tables (columns + units + rows, SI) and findings.
nlohmann::json to_json(const MemCellResult& r);

}  // namespace rtmchar::rtm
