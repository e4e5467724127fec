#pragma once
// A cell definition built from a user's own subcircuit and the output functions given on the
// command line, so that any netlist can be characterized without writing a cells/*.toml file:
//   rtmchar cell --netlist my.sp --subckt FAX1 --function 'YS=A^B^C' --function 'YC=A&B|A&C|B&C'
#include <optional>
#include <string>
#include <vector>

#include "netlist/cell.h"
#include "netlist/spice.h"

namespace rtmchar::netlist {

/// What the user told us about the subcircuit; the flag names locate diagnostics.
struct UserCellSpec {
  std::string subckt;                     ///< --subckt
  std::vector<std::string> functions;     ///< --function, each "OUT=expression"
  std::vector<std::string> supply_pins;   ///< --vdd-pin (empty: recognise VDD/VCC/...)
  std::vector<std::string> ground_pins;   ///< --gnd-pin (empty: recognise VSS/GND/...)
};

/// Builds a combinational CellDef for `spec.subckt` of `netlist` (read from `netlist_path`):
/// ports in the subckt's order; supply/ground pins from classify_ports(); every port named on the
/// left of a --function is an output with that function; every other port is a data input. Names
/// in functions match ports case-insensitively (SPICE) and take the port's spelling. Errors
/// ("netlist.*", "cell.function", "function.syntax", located at the flag or the netlist line): no
/// such subckt, "OUT=" missing, an output that is not a port or is given twice or is a supply, a
/// function using a name that is not an input port. The cell has no sizing parameters and no
/// transistor groups (the netlist's devices carry absolute sizes).
std::optional<CellDef> make_user_cell(const SpiceNetlist& netlist, const std::string& netlist_path,
                                      const UserCellSpec& spec, Diagnostics& diag);

}  // namespace rtmchar::netlist
