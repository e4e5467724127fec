#pragma once
// Racetrack operand tracks of the in-memory cells: the device-model subcircuits (devices::
// racetrack_subckt) that the cell templates in netlists/rtm/ instantiate. The track geometry and
// port MTJ come from the techfile (devices::racetrack_from_technology); the cell decides the
// number of data domains, the port position and the stored pattern. The cell templates carry
// only CMOS devices; a deck of a racetrack cell is its rendered template plus these subcircuits.
#include <string>
#include <vector>

#include "devices/models.h"
#include "tech/technology.h"

namespace rtmchar::rtm {

/// An operand track with `domains` data domains, one MTJ port over each data domain listed in
/// `port_domains` (data-domain indices; default: one port over data domain 0) and `pattern` stored
/// from data domain 0 on (the rest '0'). The walls are bounded to one domain of
/// displacement (RacetrackParams::max_shift = 1): a compute cycle does not shift, and the bound
/// keeps a 64-domain track to a handful of state nodes (an exact reduction, docs/devices.md).
/// Precondition: domains >= 1, pattern.size() <= domains, bits 0/1, ports inside the data region.
devices::RacetrackParams operand_track(const tech::Technology& tech, int domains, const std::vector<int>& pattern,
                                       const std::vector<int>& port_domains = {0});

/// `.subckt <name> a b p0 t0 x s0` of operand_track(tech, domains, {bit}).
std::string operand_track_subckt(const std::string& name, const tech::Technology& tech, int domains, int bit);

/// Transverse-read resistance of the model between the contacts of ports over data domains `lo`
/// and `hi` with `ones` '1' domains strictly between them (docs/devices.md): r_pitch ((hi - lo) +
/// tr_mr * ones). Used only to place the reference resistances of fa_tr between the levels; the
/// levels themselves are measured by simulation.
double transverse_resistance(const devices::RacetrackParams& p, int lo, int hi, double ones);

}  // namespace rtmchar::rtm
