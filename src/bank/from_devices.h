#pragma once
// Cell numbers from rtmchar's own device characterization (src/devices, SPICE through the
// Engine) instead of the techfile's nominal values.
#include <optional>

#include "bank/bank.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::bank {

/// Starts from cell_from_technology(t) and replaces, with simulated numbers of the techfile's
/// racetrack (devices::racetrack_from_technology):
/// - shift_pulse / shift_energy: racetrack_shift_window at racetrack.shift_current (the pulse is
///   1.25 x the shortest one-step pulse, the energy the simulated supply energy of that step);
/// - r_p / r_ap: racetrack.read_voltage / simulated read current of the port MTJ in P / AP
///   (devices::mtj_read, bias-dependent TMR included);
/// - write_pulse: the longer of the two minimum write pulses of the port MTJ at
///   racetrack.write_current (devices::mtj_min_write_pulse), write_energy = Vdd I pulse.
/// source = "device characterization (ngspice)". Any failed simulation -> nullopt (the
/// devices.* diagnostics say why).
std::optional<CellNumbers> cell_from_devices(sim::Engine& engine, const tech::Technology& t, Diagnostics& diag);

}  // namespace rtmchar::bank
