#include "rtm/memops.h"

#include <fmt/format.h>

namespace rtmchar::rtm {

std::optional<std::vector<ShiftEntry>> shift_table(sim::Engine& engine, const devices::RacetrackParams& base,
                                                   const std::vector<int>& domains,
                                                   const std::vector<double>& currents, Diagnostics& diag,
                                                   double rel_tol) {
  bool ok = true;
  for (double i : currents) {
    if (!(i > base.depinning_current())) {
      diag.error("rtm.bad-param", {},
                 fmt::format("shift current {} A does not exceed the depinning current {} A", i,
                             base.depinning_current()));
      ok = false;
    }
  }
  std::vector<devices::RacetrackParams> tracks;
  for (int n : domains) {
    devices::RacetrackParams p = base;
    p.data_domains = n;
    p.pattern.clear();
    if (!devices::validate(p, diag)) {
      diag.error("rtm.bad-param", {}, fmt::format("racetrack with {} data domains is not a valid track", n));
      ok = false;
    }
    tracks.push_back(p);
  }
  if (!ok) return std::nullopt;
  std::vector<ShiftEntry> out;
  for (std::size_t k = 0; k < tracks.size(); ++k) {
    auto win = devices::racetrack_shift_window(engine, tracks[k], currents, devices::SimSettings{}, diag, rel_tol);
    if (!win) return std::nullopt;
    for (const devices::ShiftPoint& sp : *win) {
      out.push_back({domains[k], sp.current, sp.min_pulse, sp.energy});
    }
  }
  return out;
}

}  // namespace rtmchar::rtm
