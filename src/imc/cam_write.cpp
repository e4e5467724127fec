#include "imc/cam_write.h"

#include <algorithm>
#include <cmath>

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
  // Free layer of a DW-MTJ: two domains of one pitch, the wall between them, the MTJ over one of
  // them (ASSUMPTION: a 2-pitch free layer; a 5-pitch layer, 2.4 kOhm each, left the
  // source-degenerated '1' write at 68.7 uA, just above I_dep = 66.7 uA, and unwritten in 25 ns).
  p.track.data_domains = 2;
  p.track.overhead_domains = 0;
  p.track.pattern = {0, 1};
  p.vdd = t.vdd();
  p.f = t.feature_size();
  p.wn_write = t.si("racetrack.access_width") * p.f;
  p.l = t.si("device.lmin_n");
  return p;
}

namespace {

// Both free layers hold one wall between d0 and d1; layer 1 is (d0, d1) = (0, 1), layer 2 the
// complement. Writing '1' over '0' the MTJs are over d0 and the current flows a -> b, moving the
// data towards a (x -> -1) so that d1 comes under them; writing '0' over '1' they are over d1 and
// the current b -> a brings d0 (x -> +1). (The MTJ is fixed and the wall moves in the device;
// the model moves the data under a port placed on the wall's side, the same thing.)
int port_of(int value) { return value ? 0 : 1; }

std::string write_deck(const CamWriteParams& p, const tech::Technology& t, int value, double pulse) {
  devices::RacetrackParams t1 = p.track, t2 = p.track;
  t1.ports = t2.ports = {port_of(value)};
  t2.pattern = {1 - p.track.pattern[0], 1 - p.track.pattern[1]};
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
  const auto& ibl = *w.find("i(vbl)");  // the BL current is the write current
  WriteRun out;
  out.x = w.find("v(x1)")->back();
  const double s1 = w.find("v(s1)")->back(), s2 = w.find("v(s2)")->back();
  const double step = value ? -1.0 : 1.0;
  out.written = std::abs(out.x - step) < 0.05 && std::abs(s1 - value) < 0.1 && std::abs(s2 - (1 - value)) < 0.1;
  out.energy = *sim::integral(w.scale, power, sim::kNegInf, sim::kPosInf);
  std::vector<double> abs_i(ibl.size());
  for (std::size_t k = 0; k < ibl.size(); ++k) abs_i[k] = std::abs(ibl[k]);
  const double on = p.t_start + p.edge;
  out.current = *sim::integral(w.scale, abs_i, on, on + pulse) / pulse;
  return out;
}

namespace {

int steps(const WriteRun& r) { return static_cast<int>(std::lround(std::abs(r.x))); }

/// Bisection of [lo, hi] to 0.5 % for the shortest pulse with `done(run)`; hi must satisfy it.
std::optional<double> bisect(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t, int value,
                             double lo, double hi, bool (*done)(const WriteRun&), Diagnostics& diag) {
  while (hi - lo > 0.005 * hi) {
    const double mid = 0.5 * (lo + hi);
    auto r = cam_write_once(engine, p, t, value, mid, diag);
    if (!r) return std::nullopt;
    (done(*r) ? hi : lo) = mid;
  }
  return hi;
}

/// Grows a pulse from `from` (doubling, up to 20 ns) until done(run); returns [last not done, done].
std::optional<std::pair<double, double>> grow(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                              int value, double from, bool (*done)(const WriteRun&),
                                              Diagnostics& diag) {
  double lo = 0, hi = from;
  for (;;) {
    auto r = cam_write_once(engine, p, t, value, hi, diag);
    if (!r) return std::nullopt;
    if (done(*r)) return std::pair{lo, hi};
    if (hi >= 20e-9) {
      diag.error("imc.no-write", {},
                 fmt::format("cam bit: '{}' not written (or not past one step) by a {} WL pulse (peak current {} vs "
                             "depinning current {})",
                             value, units::format_eng(hi, "s"), units::format_eng(r->current, "A"),
                             units::format_eng(p.track.depinning_current(), "A")));
      return std::nullopt;
    }
    lo = hi;
    hi *= 2;
  }
}

/// One-step window of `value` by bisection, then the energy at the pulse used.
std::optional<BitWrite> write_value(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                    int value, Diagnostics& diag) {
  const auto moved = [](const WriteRun& r) { return r.written || steps(r) >= 1; };
  const auto twice = [](const WriteRun& r) { return steps(r) >= 2; };
  auto g1 = grow(engine, p, t, value, 0.1e-9, moved, diag);
  auto lo = g1 ? bisect(engine, p, t, value, g1->first, g1->second, moved, diag) : std::nullopt;
  auto g2 = lo ? grow(engine, p, t, value, *lo, twice, diag) : std::nullopt;
  auto hi = g2 ? bisect(engine, p, t, value, g2->first, g2->second, twice, diag) : std::nullopt;
  if (!hi) return std::nullopt;
  BitWrite b{.min_pulse = *lo, .max_pulse = *hi};
  b.pulse = std::min(p.pulse_margin * b.min_pulse, 0.5 * (b.min_pulse + b.max_pulse));
  auto r = cam_write_once(engine, p, t, value, b.pulse, diag);
  if (!r) return std::nullopt;
  if (!r->written) {
    diag.error("imc.no-write", {},
               fmt::format("cam bit: the {} pulse inside the one-step window does not write '{}' (wall at {})",
                           units::format_eng(b.pulse, "s"), value, units::format_sig(r->x, 3)));
    return std::nullopt;
  }
  b.energy = r->energy;
  b.current = r->current;
  return b;
}

}  // namespace

std::optional<CamWrite> cam_write(sim::Engine& engine, const CamWriteParams& p, const tech::Technology& t,
                                  Diagnostics& diag) {
  auto w0 = write_value(engine, p, t, 0, diag);
  auto w1 = w0 ? write_value(engine, p, t, 1, diag) : std::nullopt;
  if (!w1) return std::nullopt;
  return CamWrite{{*w0, *w1}, p.edge};
}

}  // namespace rtmchar::imc
