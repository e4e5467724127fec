#include "rtm/tracks.h"

#include "devices/from_technology.h"

namespace rtmchar::rtm {

devices::RacetrackParams operand_track(const tech::Technology& tech, int domains, const std::vector<int>& pattern,
                                       const std::vector<int>& port_domains) {
  devices::RacetrackParams p = devices::racetrack_from_technology(tech);
  p.data_domains = domains;
  p.ports.clear();
  for (int d : port_domains) p.ports.push_back(p.left_overhead() + d);
  p.pattern.assign(static_cast<std::size_t>(domains), 0);
  for (std::size_t i = 0; i < pattern.size(); ++i) p.pattern[i] = pattern[i];
  p.max_shift = 1;
  return p;
}

std::string operand_track_subckt(const std::string& name, const tech::Technology& tech, int domains, int bit) {
  return devices::racetrack_subckt(name, operand_track(tech, domains, {bit}));
}

double transverse_resistance(const devices::RacetrackParams& p, int lo, int hi, double ones) {
  return p.r_pitch() * ((hi - lo) + p.tr_mr * ones);
}

}  // namespace rtmchar::rtm
