#include "devices/from_technology.h"

namespace rtmchar::devices {

MtjParams mtj_from_technology(const tech::Technology& t) {
  MtjParams p;
  p.ra = t.si("mtj.ra");
  p.area = t.si("mtj.width") * t.si("mtj.length");
  p.tmr0 = t.si("mtj.tmr0");
  p.v_h = t.si("mtj.v_h");
  p.ic_p2ap = t.si("mtj.ic_p_ap");
  p.ic_ap2p = t.si("mtj.ic_ap_p");
  p.tau0 = t.si("mtj.tau0");
  return p;
}

RacetrackParams racetrack_from_technology(const tech::Technology& t) {
  RacetrackParams p;
  p.data_domains = t.count("racetrack.domains");
  p.overhead_domains = t.count("racetrack.overhead_domains");
  p.pitch = t.si("racetrack.domain_pitch");
  p.width = t.si("racetrack.width");
  p.thickness = t.si("racetrack.thickness");
  p.resistivity = t.si("racetrack.resistivity");
  p.tr_mr = t.si("racetrack.tr_mr");
  p.mobility = t.si("racetrack.mobility");
  p.v_pin = t.si("racetrack.v_pin");
  const int n_ports = t.count("racetrack.ports");
  const int distance = t.count("racetrack.port_distance");
  p.ports.clear();
  for (int i = 0; i < n_ports; ++i) p.ports.push_back(p.left_overhead() + i * distance);
  MtjParams m = mtj_from_technology(t);
  m.area = p.width * p.pitch;
  m.ra = t.si("racetrack.read_r_p") * m.area;
  m.tmr0 = t.si("racetrack.read_r_ap") / t.si("racetrack.read_r_p") - 1;
  p.port_mtj = m;
  return p;
}

SotParams sot_from_technology(const tech::Technology& t) {
  SotParams p;
  p.mtj = mtj_from_technology(t);
  p.mtj.ra = t.si("sot.r_low") * p.mtj.area;
  p.mtj.v_h = SotParams{}.mtj.v_h;          // IMAC: bias-independent R_low / R_high
  p.mtj.ic_p2ap = SotParams{}.mtj.ic_p2ap;  // no STT through the read path
  p.mtj.ic_ap2p = SotParams{}.mtj.ic_ap2p;
  p.r_high = t.si("sot.r_high");
  p.hm_resistivity = t.si("sot.hm_resistivity");
  p.hm_length = t.si("sot.hm_length");
  p.hm_width = t.si("sot.hm_width");
  p.hm_thickness = t.si("sot.hm_thickness");
  p.ic = t.si("sot.ic");
  p.tau0 = t.si("sot.tau0");
  return p;
}

}  // namespace rtmchar::devices
