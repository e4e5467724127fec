#pragma once
// Device parameters from a loaded technology (techfile keys mtj.*, racetrack.*, sot.*; see
// docs/techfiles.md for the keys and docs/devices.md for the mapping). Values the techfile does
// not define (numerical constants of the SPICE realisation, racetrack transverse-read MR) keep the
// struct defaults.
#include "devices/models.h"
#include "tech/technology.h"

namespace rtmchar::devices {

/// mtj.ra, area = mtj.width * mtj.length, mtj.tmr0, mtj.v_h, mtj.ic_p_ap, mtj.ic_ap_p, mtj.tau0.
MtjParams mtj_from_technology(const tech::Technology& t);

/// racetrack.domains / overhead_domains / domain_pitch / width / thickness / resistivity /
/// mobility / v_pin; racetrack.ports ports `port_distance` apart from the first data domain; port
/// MTJ of area width x pitch with R_P = read_r_p, TMR0 = read_r_ap/read_r_p - 1, and V_h, I_c and
/// tau0 of the mtj.* section (STT write through the port). Ports that would fall off the track
/// are reported as devices.bad-param by validate().
RacetrackParams racetrack_from_technology(const tech::Technology& t);

/// sot.hm_*, sot.ic, sot.tau0; read MTJ of the mtj.* footprint with R_P = sot.r_low and
/// r_high = sot.r_high.
SotParams sot_from_technology(const tech::Technology& t);

}  // namespace rtmchar::devices
