#pragma once
// The flat transistor-level netlist of a composed circuit, for validating the composer against
// ngspice: every instance is the cell's own subcircuit (the one it was characterized from), the
// primary inputs are ideal PWL ramps and the primary outputs carry Conditions::output_load.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "charz/testbench.h"
#include "compose/composer.h"
#include "util/diag.h"

namespace rtmchar::compose {

struct FlatDeck {
  std::string deck;                          ///< complete deck ending with `analysis_line` and .end
  std::map<std::string, std::string> nodes;  ///< primary input / output name -> node name
  std::string supply_current;                ///< vector of the main supply source, "i(vsup)"
  /// instance_supplies: instance name -> the current vector of its own supply source (the total
  /// supply current is their sum plus supply_current, which then feeds only tie-1 constants).
  std::map<std::string, std::string> instance_currents;
  double t_switch = 0;                       ///< start of the input ramps, s
  double ramp = 0;                           ///< full 0-100 % ramp duration, s
};

/// Builds the deck: all primary inputs ramp from `before` to `after` (a non-toggling input is
/// held) starting at `t_switch`, with the full-ramp duration of Conditions::input_slew under
/// `slew`; `contexts` holds a CellContext for every cell used (keyed by Liberty cell name; all
/// from the same technology and supply, whose header the deck takes from the first one). Cell
/// supply pins connect to one source "vsup", ground pins to node 0, tie-1 constants to the supply,
/// tie-0 to ground; wire_cap is added on every cell-driven net. compose.flat on a missing context
/// or a cell pin the Liberty cell does not know. With `instance_supplies` every instance gets its
/// own supply source at the same voltage, so the energy of each cell can be measured.
std::optional<FlatDeck> flat_deck(const Circuit& circuit, const std::map<std::string, charz::CellContext>& contexts,
                                  const std::vector<bool>& before, const std::vector<bool>& after,
                                  const Conditions& c, const charz::SlewConvention& slew, double t_switch,
                                  const std::string& analysis_line, Diagnostics& diag, bool instance_supplies = false);

}  // namespace rtmchar::compose
