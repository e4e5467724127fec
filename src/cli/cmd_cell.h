#pragma once
// rtmchar cell: the options and validated inputs shared by the characterization flows of
// cmd_cell.cpp (combinational cells, flip-flops, user netlists) and cmd_cell_rtm.cpp (the
// racetrack adders).
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "charz/characterize.h"
#include "cli/app.h"
#include "netlist/cell.h"
#include "netlist/spice.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::cli {

struct CellOptions {
  std::string cell;
  std::string tech = std::string(tech::kDefaultTech);
  std::vector<std::string> sets;
  std::vector<std::string> params;
  std::string vdd, temp, slews, loads;
  int grid = 7;
  std::optional<int> bits;  ///< mul_rtm operand width (default 4)
  std::string out_dir = "out";
  bool plot = false;
  bool sparse = false;
  double sparse_tol = 0.01;
  std::string states = "all";  ///< --states: all | default (charz::Options::all_states)
  // User-netlist mode.
  std::string netlist, subckt, models;
  std::vector<std::string> functions, vdd_pins, gnd_pins;
};

// Everything a characterization needs, validated; nullopt = bad input (already reported).
struct Inputs {
  tech::Technology tech;
  netlist::CellDef cell;
  netlist::ParamValues params;
  charz::Options opts;
  std::optional<netlist::SpiceNetlist> user_netlist;  ///< --netlist mode: the parsed file
};

/// Writes <stem><ext> into `dir` for each (ext, content), atomically; false (with a cli.write
/// diagnostic) if a file cannot be written. `written` receives the paths.
bool write_outputs(const std::filesystem::path& dir, const std::string& stem,
                   const std::vector<std::pair<std::string, std::string>>& ext_content,
                   std::vector<std::string>& written, Diagnostics& diag);

/// True for the in-memory computing cells that `rtmchar imc` characterizes (cam_word,
/// imac_neuron, imac_column): `rtmchar cell NAME` runs the same flow with its default sizes.
bool is_imc_cell(const std::string& name);
/// rtmchar cell cam_word|imac_neuron|imac_column (cmd_imc.cpp); flags that have no meaning for
/// these cells (--param, --vdd, --temp, --slews, --loads, --plot) are usage errors.
int run_imc_cell(const CellOptions& o, const GlobalOptions& global);

/// True for the racetrack adders that cmd_cell_rtm.cpp characterizes (fa_rtm).
bool is_racetrack_adder(const netlist::CellDef& cell);

/// rtmchar cell fa_rtm: characterization, Liberty/JSON, and the comparison against fa_cmos.
int run_racetrack_adder(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine);

/// True for the racetrack memory cells of cmd_cell_mem.cpp (rtm_track, read_port, write_port,
/// shift_driver).
bool is_memory_cell(const netlist::CellDef& cell);

/// rtmchar cell rtm_track|read_port|write_port|shift_driver: memory-operation tables into Liberty
/// + JSON; --slews, --loads, --grid, --sparse, --plot are usage errors.
int run_memory_cell(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine);

/// The options of the fa_rtm characterization inside `rtmchar cell mul_rtm` (cell = fa_rtm; the
/// other flags apply to it: --param, --slews/--loads = its clock slew/load grid, --vdd, --temp).
CellOptions mul_rtm_adder_options(const CellOptions& o);

/// rtmchar cell mul_rtm --bits N (cmd_mul_rtm.cpp): characterizes fa_rtm (`in`), fa_cmos, nand2
/// and inv, composes the multiplier and the fa_cmos reference, writes mul_rtm<N>_<tech>.json.
int run_mul_rtm(const CellOptions& o, const GlobalOptions& global, const Inputs& in, sim::Engine& engine);

}  // namespace rtmchar::cli
