#include "bank/from_devices.h"

#include <algorithm>

#include "devices/characterize.h"
#include "devices/from_technology.h"

namespace rtmchar::bank {

std::optional<CellNumbers> cell_from_devices(sim::Engine& engine, const tech::Technology& t, Diagnostics& diag) {
  CellNumbers c = cell_from_technology(t);
  const devices::RacetrackParams rp = devices::racetrack_from_technology(t);
  if (!devices::validate(rp, diag, SourceLoc::cli("--tech"))) return std::nullopt;
  const devices::SimSettings settings;
  auto shift = devices::racetrack_shift_window(engine, rp, {c.shift_current}, settings, diag);
  auto read = devices::mtj_read(engine, rp.port_mtj, {c.read_voltage}, settings, diag);
  auto w_ap = devices::mtj_min_write_pulse(engine, rp.port_mtj, devices::WriteDir::PtoAP, {c.write_current}, settings, diag);
  auto w_p = devices::mtj_min_write_pulse(engine, rp.port_mtj, devices::WriteDir::APtoP, {c.write_current}, settings, diag);
  if (!shift || !read || !w_ap || !w_p || shift->empty() || read->empty() || w_ap->empty() || w_p->empty()) {
    return std::nullopt;
  }
  c.shift_pulse = shift->front().pulse_used;
  c.shift_energy = shift->front().energy;
  c.reference_track = rp.total_domains();
  c.r_p = c.read_voltage / read->front().i_p;
  c.r_ap = c.read_voltage / read->front().i_ap;
  c.write_pulse = std::max(w_ap->front().min_pulse, w_p->front().min_pulse);
  c.write_energy = t.vdd() * c.write_current * c.write_pulse;
  c.source = "device characterization (ngspice)";
  return c;
}

}  // namespace rtmchar::bank
