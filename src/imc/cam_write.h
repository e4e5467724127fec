#pragma once
// Write of one racetrack-CAM bit (3T-2DW-MTJ cell, US patent 9812205; de Lima et al.;
// ../shared/notes/device-physics.md secs. 2 and 4). The two domain-wall MTJs of a bit have their
// free layers in series on the write path
//   BL -- N(gate WL) -- track 1 (a -> b) -- track 2 (a -> b) -- SrL
// and a write moves the domain wall in BOTH free layers by one domain pitch, by current direction:
// (SrL, BL) = (0, V_DD) writes '1', (V_DD, 0) writes '0' (the patent's polarities). Each free layer
// is a two-domain racetrack nanowire of the techfile's racetrack.* values (devices/models.h: tilted
// washboard, depinning current I_dep = v_pin w t / mu) with a wall next to the MTJ; the two
// layers hold complementary patterns, so one pulse turns MTJ1 to AP and MTJ2 to P (write '1') or
// back. The access transistor is the techfile's racetrack.access_width (DESTINY: 8.5 F) at Lmin.
// Writing '1' the transistor's source is the track side, so its gate drive is reduced by the
// I R drop of the free layers (source degeneration): the two values need different pulses.
//
// MODEL LIMITS: the washboard has no end stop, so a pulse longer than the one-step window moves
// the wall two domains (a real DW-MTJ free layer pins the wall at its end); each value's pulse
// is therefore kept inside its simulated one-step window and checked to write. A write of the value already stored
// pushes the wall against the end stop in the device (same current, same energy to first order);
// it is priced like a transition.
#include <algorithm>
#include <array>
#include <optional>

#include "devices/models.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::imc {

struct CamWriteParams {
  devices::RacetrackParams track;  ///< one free layer: 2 domains, wall between (pattern 0 1), no overhead
  double vdd = 0.9;                ///< BL / SrL / WL drive [V] (tech.vdd)
  double wn_write = 272e-9;        ///< access transistor width [m] (racetrack.access_width x F)
  double l = 32e-9;                ///< Lmin [m]
  double f = 32e-9;                ///< feature size [m] (diffusion AD/PD)
  double edge = 10e-12;            ///< WL pulse edges [s]
  double t_start = 0.1e-9;         ///< WL pulse start [s]
  double relax = 2e-9;             ///< after the pulse: the wall settles into its notch [s]
  double max_step = 10e-12;        ///< transient step ceiling [s]
  double pulse_margin = 1.25;      ///< pulse used = margin x the minimum pulse (as the devices/ shift energy)
};

/// Write bench of `t`: racetrack_from_technology geometry and material, vdd, access width, Lmin.
CamWriteParams cam_write_from_technology(const tech::Technology& t);

/// One write pulse of width `pulse` writing `value` over the opposite stored value.
struct WriteRun {
  bool written = false;  ///< MTJ1 = value, MTJ2 = !value, and the walls moved exactly one domain
  double x = 0;          ///< final wall displacement of free layer 1 [pitches]
  double energy = 0;     ///< all sources (BL, SrL, WL) over the run [J]
  double current = 0;    ///< mean |BL current| over the flat top of the pulse [A]
};

std::optional<WriteRun> cam_write_once(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                       int value, double pulse, Diagnostics& diag);

/// Write numbers of one value.
struct BitWrite {
  double min_pulse = 0;  ///< shortest WL pulse moving the walls one domain (bisection to 0.5 %) [s]
  double max_pulse = 0;  ///< longest pulse still moving them only one domain (model without end stop) [s]
  double pulse = 0;      ///< pulse used: min(pulse_margin x min, window midpoint) [s]
  double energy = 0;     ///< per bit at `pulse` [J]
  double current = 0;    ///< mean write current over the flat top at `pulse` [A]
};

/// Per-bit write numbers. The row's WL is on for the longer pulse; the column drivers end the
/// shorter value's current earlier (BL = SrL), so each value gets its own pulse.
struct CamWrite {
  std::array<BitWrite, 2> value;  ///< index = value written
  double edge = 0;                ///< WL edge [s]
  double latency() const { return std::max(value[0].pulse, value[1].pulse) + 2 * edge; }  ///< one write pass [s]
};

/// One-step windows of both values by bisection, then the energy at the pulses used. imc.no-write
/// if a value is not written by pulses up to 20 ns (current below the depinning current).
std::optional<CamWrite> cam_write(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                  Diagnostics& diag);

}  // namespace rtmchar::imc
