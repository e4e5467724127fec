#include "imc/cam_write.h"

#include <algorithm>
#include <cmath>
#include <tuple>

#include <fmt/format.h>

#include "devices/from_technology.h"
#include "imc/spice_lines.h"
#include "sim/measure.h"
#include "tech/model_card.h"
#include "util/units.h"

namespace rtmchar::imc {

using units::format_number;

CamWriteParams cam_write_from_technology(const tech::Technology& t) {
  CamWriteParams p;
  p.track = devices::racetrack_from_technology(t);
  // Free layer of a DW-MTJ: the wall sits between the domain under the MTJ and a neighbour; one
  // end domain on each side keeps the wall inside the layer (ASSUMPTION: 5 pitches long).
  p.track.data_domains = 3;
  p.track.overhead_domains = 2;
  p.track.ports = {2};
  p.vdd = t.vdd();
  p.f = t.feature_size();
  p.wn_write = t.si("racetrack.access_width") * p.f;
  p.l = t.si("device.lmin_n");
  return p;
}

namespace {

// Patterns (data domains d0 d1 d2; the MTJ over d1) of free layers 1 and 2 before writing
// `value` over its complement. Writing '1' the current flows a -> b and the data move towards
// a (x -> -1), so d2 comes under the MTJ; writing '0' it flows b -> a (x -> +1), bringing d0.
std::pair<std::vector<int>, std::vector<int>> patterns(int value) {
  if (value) return {{0, 0, 1}, {1, 1, 0}};
  return {{0, 1, 1}, {1, 0, 0}};
}

std::string write_deck(const CamWriteParams& p, const tech::Technology& t, int value, double pulse) {
  devices::RacetrackParams t1 = p.track, t2 = p.track;
  std::tie(t1.pattern, t2.pattern) = patterns(value);
  std::string d = fmt::format("* cam bit write {}\n", value) + tech::model_card(t) + "\n" +
                  devices::racetrack_subckt("fl1", t1) + devices::racetrack_subckt("fl2", t2);
  d += fmt::format("Vwl wl 0 {}\n", pwl_pulse(p.vdd, p.t_start, p.t_start + p.edge + pulse, p.edge));
  d += fmt::format("Vbl bl 0 dc {}\nVsrl srl 0 dc {}\n", format_number(value ? p.vdd : 0.0),
                   format_number(value ? 0.0 : p.vdd));
  d += mos_line("Mw", "bl", "wl", "a1", "0", t.nmos_model(), p.wn_write, p.l, p.f);
  d += "X1 a1 mid p1 t1 x1 s1 fl1\nVp1 p1 t1 0\nX2 mid srl p2 t2 x2 s2 fl2\nVp2 p2 t2 0\n";
  d += fmt::format(".tran {} {} 0 {}\n.end\n", format_number(p.max_step / 10),
                   format_number(p.t_start + pulse + 2 * p.edge + p.relax), format_number(p.max_step));
  return d;
}

}  // namespace

std::optional<WriteRun> cam_write_once(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                       int value, double pulse, Diagnostics& diag) {
  sim::Job job;
  job.name = fmt::format("cam bit write {} pulse={}", value, format_number(pulse));
  job.deck = write_deck(p, t, value, pulse);
  job.tstop = p.t_start + pulse + 2 * p.edge + p.relax;
  job.vectors = {"v(x1)", "v(s1)", "v(s2)", "v(bl)", "i(vbl)", "v(srl)", "i(vsrl)", "v(wl)", "i(vwl)"};
  const sim::Result r = engine.run_one(job);
  if (!r.ok()) {
    diag.error("imc.sim-failed", {}, fmt::format("{}: {}", job.name, r.error));
    return std::nullopt;
  }
  const sim::Waveforms& w = r.waves;
  std::vector<double> power(w.scale.size(), 0.0);
  for (const char* src : {"bl", "srl", "wl"}) {
    const auto& v = *w.find(fmt::format("v({})", src));
    const auto& i = *w.find(fmt::format("i(v{})", src));
    for (std::size_t k = 0; k < power.size(); ++k) power[k] -= v[k] * i[k];
  }
  const auto& ibl = *w.find("i(vbl)");
  WriteRun out;
  out.x = w.find("v(x1)")->back();
  const double s1 = w.find("v(s1)")->back(), s2 = w.find("v(s2)")->back();
  const double step = value ? -1.0 : 1.0;
  out.written = std::abs(out.x - step) < 0.05 && std::abs(s1 - value) < 0.1 && std::abs(s2 - (1 - value)) < 0.1;
  out.energy = *sim::integral(w.scale, power, sim::kNegInf, sim::kPosInf);
  out.i_peak = std::max(*sim::maximum(w.scale, ibl, sim::kNegInf, sim::kPosInf),
                        -*sim::minimum(w.scale, ibl, sim::kNegInf, sim::kPosInf));
  return out;
}

namespace {

/// Shortest pulse writing `value`: grow from 0.1 ns until written, then bisect to 0.5 %.
std::optional<double> min_pulse(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t, int value,
                                Diagnostics& diag) {
  const double t_limit = 20e-9;
  double lo = 0, hi = 0.1e-9;
  for (;;) {
    auto r = cam_write_once(engine, p, t, value, hi, diag);
    if (!r) return std::nullopt;
    if (r->written) break;
    if (std::abs(r->x) > 1.5) break;  // overshot: more than one step already (bisect below)
    if (hi >= t_limit) {
      diag.error("imc.no-write", {},
                 fmt::format("cam bit: '{}' not written by a {} WL pulse (peak current {} vs depinning current {})",
                             value, units::format_eng(hi, "s"), units::format_eng(r->i_peak, "A"),
                             units::format_eng(p.track.depinning_current(), "A")));
      return std::nullopt;
    }
    lo = hi;
    hi *= 2;
  }
  while (hi - lo > 0.005 * hi) {
    const double mid = 0.5 * (lo + hi);
    auto r = cam_write_once(engine, p, t, value, mid, diag);
    if (!r) return std::nullopt;
    (r->written || std::abs(r->x) > 1.5 ? hi : lo) = mid;
  }
  return hi;
}

}  // namespace

std::optional<CamWrite> cam_write(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                  Diagnostics& diag) {
  auto m0 = min_pulse(engine, p, t, 0, diag);
  auto m1 = m0 ? min_pulse(engine, p, t, 1, diag) : std::nullopt;
  if (!m1) return std::nullopt;
  CamWrite out;
  out.min_pulse_0 = *m0;
  out.min_pulse_1 = *m1;
  out.edge = p.edge;
  out.pulse = p.pulse_margin * std::max(*m0, *m1);
  auto r0 = cam_write_once(engine, p, t, 0, out.pulse, diag);
  auto r1 = r0 ? cam_write_once(engine, p, t, 1, out.pulse, diag) : std::nullopt;
  if (!r1) return std::nullopt;
  if (!r0->written || !r1->written) {
    diag.error("imc.no-write", {},
               fmt::format("cam bit: a {} WL pulse ({} x the longer minimum) does not write both values by exactly "
                           "one domain (final wall positions {} / {})",
                           units::format_eng(out.pulse, "s"), p.pulse_margin, units::format_sig(r0->x, 3),
                           units::format_sig(r1->x, 3)));
    return std::nullopt;
  }
  out.energy_0 = r0->energy;
  out.energy_1 = r1->energy;
  out.i_peak_0 = r0->i_peak;
  out.i_peak_1 = r1->i_peak;
  return out;
}

}  // namespace rtmchar::imc
