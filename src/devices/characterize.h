#pragma once
// Device-level characterization from SPICE: the numbers an architect needs for the MTJ, the
// racetrack nanowire and the SOT-MRAM device, each measured by simulating the behavioural models
// of models.h through the Engine (never computed from the model equations, which the tests use
// as the independent check). Failed simulations are reported through Diagnostics
// ("devices.sim-failed") and the function returns nullopt; no number is ever invented. Warnings
// ngspice prints on a run that still succeeds become "devices.sim-warning" diagnostics.
#include <optional>
#include <string>
#include <vector>

#include "devices/models.h"
#include "sim/simulator.h"
#include "util/diag.h"

namespace rtmchar::devices {

/// Simulation settings shared by all characterizations.
struct SimSettings {
  double max_step = 10e-12;  ///< transient step ceiling TMAX [s]
  double edge = 10e-12;      ///< rise/fall time of every drive pulse [s]
};

/// One read bias point of a two-terminal MTJ (voltage-mode read) in both states.
struct ReadPoint {
  double bias = 0;       ///< applied voltage [V]
  double i_p = 0;        ///< current in P [A]
  double i_ap = 0;       ///< current in AP [A]
  double i_margin = 0;   ///< i_p - i_ap [A]
  double v_margin = 0;   ///< voltage margin of a current-mode read at I = i_ap: V_AP - V_P [V]
  bool disturbed = false;  ///< the read flipped the state (bias above a critical current)
};

/// Reads the MTJ at each bias for 1 ns in P and in AP (ideal voltage source); the voltage margin
/// is measured with a second pair of runs driven by the ideal current i_ap.
std::optional<std::vector<ReadPoint>> mtj_read(sim::Engine& engine, const MtjParams& p, const std::vector<double>& biases,
                                               const SimSettings& s, Diagnostics& diag);

enum class WriteDir { PtoAP, APtoP };

/// Minimum write pulse at one current.
struct WritePoint {
  double current = 0;       ///< |I| of the write pulse [A]
  double switch_time = 0;   ///< time from the pulse's 50 % point to state 0.5 under a long pulse [s]
  double min_pulse = 0;     ///< shortest flat-top width that leaves the state flipped [s]
};

/// Minimum pulse that writes `dir` at each current (ideal current source), by bisection to
/// relative precision `rel_tol` on the pulse width. A current that does not switch within
/// `t_max` gives a devices.no-switch error.
std::optional<std::vector<WritePoint>> mtj_min_write_pulse(sim::Engine& engine, const MtjParams& p, WriteDir dir,
                                                           const std::vector<double>& currents, const SimSettings& s,
                                                           Diagnostics& diag, double rel_tol = 0.005,
                                                           double t_max = 50e-9);

/// Same for the SOT device: the pulse flows through the heavy-metal channel.
std::optional<std::vector<WritePoint>> sot_min_write_pulse(sim::Engine& engine, const SotParams& p, WriteDir dir,
                                                           const std::vector<double>& currents, const SimSettings& s,
                                                           Diagnostics& diag, double rel_tol = 0.005,
                                                           double t_max = 50e-9);

/// The outcome of one racetrack drive waveform.
struct ShiftRun {
  double final_x = 0;     ///< wall displacement after relaxation [pitches] (negative = towards a)
  double max_abs_x = 0;   ///< largest |x| during the run [pitches]
  double energy = 0;      ///< integral of V(a) * I_supply over the run [J]
  double i2rt = 0;        ///< integral of I_supply^2 dt * R_wire(t=0) [J] (the closed-form estimate)
  std::vector<double> port_states;  ///< state under each port at the end (0..1)
  std::vector<std::string> log;     ///< ngspice warnings (convergence problems)
};

/// Drives one current pulse per entry of `currents` (amplitude in A, positive = into terminal a,
/// which moves the data towards a, see RacetrackParams) of flat width `width` into terminal a
/// (b grounded, every port MTJ terminal tied to its wire contact), `gap` apart, then lets the
/// walls relax for `relax` seconds. The supply current is the simulated current of the drive.
/// Unless p.max_shift is set, the track is simulated with max_shift = max(8, 2*pulses + 4) (see
/// RacetrackParams); a run whose walls leave that range is a devices.shift-range error.
std::optional<ShiftRun> racetrack_shift(sim::Engine& engine, const RacetrackParams& p,
                                        const std::vector<double>& currents, double width, const SimSettings& s,
                                        Diagnostics& diag, double gap = 3e-9, double relax = 3e-9);

/// A port write followed by shifting.
struct WriteShiftRun {
  double written = 0;               ///< state under the written port just before the first shift (0..1)
  double final_x = 0;               ///< wall displacement at the end [pitches]
  std::vector<double> port_states;  ///< state under each port at the end
};

/// Writes through port `port`'s MTJ with a floating current source from its wire contact to its
/// MTJ terminal (`i_write` > 0 flows MTJ -> wire, the P->AP direction, and writes '1'; < 0 writes
/// '0'; no net current enters the wire), flat width `write_width`; then applies the shift pulses
/// of racetrack_shift (`shift_currents`, `shift_width`) and relaxes.
std::optional<WriteShiftRun> racetrack_write_then_shift(sim::Engine& engine, const RacetrackParams& p, int port,
                                                        double i_write, double write_width,
                                                        const std::vector<double>& shift_currents,
                                                        double shift_width, const SimSettings& s, Diagnostics& diag);

/// Shift timing at one current: the window of flat pulse widths that move every wall by exactly
/// one domain, both edges found by bisection to rel_tol.
struct ShiftPoint {
  double current = 0;     ///< [A]
  double min_pulse = 0;   ///< shortest width giving exactly one step [s]
  double max_pulse = 0;   ///< longest width still giving exactly one step [s]
  double energy = 0;      ///< simulated supply energy of one step at min_pulse * 1.25 (inside the window) [J]
  double pulse_used = 0;  ///< the width that energy was measured at [s]
};

/// Characterizes a one-domain step at each current (currents must exceed the depinning current;
/// a current that never gives one clean step is a devices.no-shift error).
std::optional<std::vector<ShiftPoint>> racetrack_shift_window(sim::Engine& engine, const RacetrackParams& p,
                                                              const std::vector<double>& currents,
                                                              const SimSettings& s, Diagnostics& diag,
                                                              double rel_tol = 0.005);

/// Transverse-read resistance between ports `port_lo` and `port_hi` (indices into
/// port_positions()) for 0..k '1' domains strictly between them (k = number of domains between
/// the ports), measured with a DC read current `i_read` below the depinning current. The
/// domains under the ports and outside the segment are 0; the c ones fill the segment from its
/// start.
std::optional<std::vector<double>> transverse_read_levels(sim::Engine& engine, const RacetrackParams& p, int port_lo,
                                                          int port_hi, double i_read, const SimSettings& s,
                                                          Diagnostics& diag);

/// Numbers of a SOT device read at `bias` from r to b in both states.
std::optional<ReadPoint> sot_read(sim::Engine& engine, const SotParams& p, double bias, const SimSettings& s,
                                  Diagnostics& diag);

}  // namespace rtmchar::devices
