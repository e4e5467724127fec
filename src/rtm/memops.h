#pragma once
// Memory-operation tables of a racetrack track: shift latency (minimum one-domain pulse, by
// bisection on the device model) and shift energy versus shift current and track length. Every
// entry is simulated (devices::racetrack_shift_window); a point that cannot be simulated fails
// the whole table (no invented numbers).
#include <optional>
#include <vector>

#include "devices/characterize.h"
#include "devices/models.h"
#include "sim/simulator.h"
#include "util/diag.h"

namespace rtmchar::rtm {

/// One entry of the shift table.
struct ShiftEntry {
  int domains = 0;         ///< data domains of the track
  double current = 0;      ///< shift current [A]
  double min_pulse = 0;    ///< shortest flat pulse giving exactly one step [s] (shift latency)
  double energy = 0;       ///< supply energy of one step at 1.25 x min_pulse [J]
};

/// Shift table over `domains` x `currents` for the track `base` (its data_domains replaced by each
/// entry of `domains`). Bad parameters (a track devices::validate rejects, a current at or below
/// the depinning current) are "rtm.bad-param" errors; simulation failures come from the device
/// characterization. Entries in the order domains-major.
std::optional<std::vector<ShiftEntry>> shift_table(sim::Engine& engine, const devices::RacetrackParams& base,
                                                   const std::vector<int>& domains,
                                                   const std::vector<double>& currents, Diagnostics& diag,
                                                   double rel_tol = 0.01);

}  // namespace rtmchar::rtm
