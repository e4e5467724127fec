#pragma once
// Write of one racetrack-CAM bit (3T-2DW-MTJ cell, US patent 9812205; de Lima et al.;
// ../shared/notes/device-physics.md secs. 2 and 4). The two domain-wall MTJs of a bit have their
// free layers in series on the write path
//   BL -- N(gate WL) -- track 1 (a -> b) -- track 2 (a -> b) -- SrL
// and a write moves the domain wall in BOTH free layers by one domain pitch, by current direction:
// (SrL, BL) = (0, V_DD) writes '1', (V_DD, 0) writes '0' (the patent's polarities). Each free layer
// is a short racetrack nanowire of the techfile's racetrack.* values (devices/models.h: tilted
// washboard, depinning current I_dep = v_pin w t / mu) with a wall next to the MTJ; the two
// layers hold complementary patterns, so one pulse turns MTJ1 to AP and MTJ2 to P (write '1') or
// back. The access transistor is the techfile's racetrack.access_width (DESTINY: 8.5 F) at Lmin.
// Writing '1' the transistor's source is the track side, so its gate drive is reduced by the
// I R drop of the free layers (source degeneration): the two values need different pulses.
//
// MODEL LIMITS: the washboard has no end stop, so a pulse longer than the one-step window moves
// the wall two domains (a real DW-MTJ free layer pins the wall at its end); the pulse used is
// therefore checked to give exactly one step for both values. A write of the value already stored
// pushes the wall against the end stop in the device (same current, same energy to first order);
// it is priced like a transition.
#include <optional>

#include "devices/models.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::imc {

struct CamWriteParams {
  devices::RacetrackParams track;  ///< one free layer: 3 data + 2 end domains, port over the middle one
  double vdd = 0.9;                ///< BL / SrL / WL drive [V] (tech.vdd)
  double wn_write = 272e-9;        ///< access transistor width [m] (racetrack.access_width x F)
  double l = 32e-9;                ///< Lmin [m]
  double f = 32e-9;                ///< feature size [m] (diffusion AD/PD)
  double edge = 10e-12;            ///< WL pulse edges [s]
  double t_start = 0.1e-9;         ///< WL pulse start [s]
  double relax = 2e-9;             ///< after the pulse: the wall settles into its notch [s]
  double max_step = 10e-12;        ///< transient step ceiling [s]
  double pulse_margin = 1.25;      ///< pulse used = margin x the longer minimum pulse (as devices/ shift energy)
};

/// Write bench of `t`: racetrack_from_technology geometry and material, vdd, access width, Lmin.
CamWriteParams cam_write_from_technology(const tech::Technology& t);

/// One write pulse of width `pulse` writing `value` over the opposite stored value.
struct WriteRun {
  bool written = false;  ///< MTJ1 = value, MTJ2 = !value, and the walls moved exactly one domain
  double x = 0;          ///< final wall displacement of free layer 1 [pitches]
  double energy = 0;     ///< all sources (BL, SrL, WL) over the run [J]
  double i_peak = 0;     ///< largest |BL current| [A]
};

std::optional<WriteRun> cam_write_once(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                       int value, double pulse, Diagnostics& diag);

/// Per-bit write numbers.
struct CamWrite {
  double min_pulse_0 = 0, min_pulse_1 = 0;  ///< shortest WL pulse writing 0 / 1, by bisection to 0.5 % [s]
  double pulse = 0;                          ///< pulse used for both values [s]
  double energy_0 = 0, energy_1 = 0;         ///< per bit at `pulse` [J]
  double i_peak_0 = 0, i_peak_1 = 0;         ///< peak write current [A]
  double edge = 0;                           ///< WL edge [s]
  double latency() const { return pulse + 2 * edge; }  ///< WL pulse including its edges [s]
};

/// Bisection of the WL pulse for both values, then the energy at the pulse used. imc.no-write if
/// a value is not written by pulses up to 20 ns (current below the depinning current) or the
/// pulse used moves a wall by more than one domain.
std::optional<CamWrite> cam_write(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                  Diagnostics& diag);

}  // namespace rtmchar::imc
