#include "devices/characterize.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::devices {
namespace {

using units::format_number;

constexpr double kT0 = 0.1e-9;     // every drive starts after this quiet time [s]
constexpr double kRelax = 1e-9;    // settle time after an MTJ / SOT write pulse [s]

// A trapezoidal pulse with flat top `width` starting at t0.
std::string pulse(double amp, double t0, double width, double edge) {
  return fmt::format("pwl(0 0 {} 0 {} {} {} {} {} 0)", format_number(t0), format_number(t0 + edge),
                     format_number(amp), format_number(t0 + edge + width), format_number(amp),
                     format_number(t0 + 2 * edge + width));
}

std::string tran_line(double tstop, const SimSettings& s) {
  return fmt::format(".tran {} {} 0 {}\n", format_number(s.max_step / 10), format_number(tstop),
                     format_number(s.max_step));
}


std::optional<sim::Result> run(sim::Engine& engine, const sim::Job& job, Diagnostics& diag) {
  sim::Result r = engine.run_one(job);
  if (!r.ok()) {
    diag.error("devices.sim-failed", {}, fmt::format("{}: {}", job.name, r.error));
    return std::nullopt;
  }
  // ngspice's warnings (e.g. "singular matrix", "timestep too small" on a retried step) do not
  // fail a run but mean the model is near its numerical limits: pass them on.
  for (const auto& line : r.log) diag.warning("devices.sim-warning", {}, fmt::format("{}: {}", job.name, line));
  return r;
}

// Last sample of a saved vector (present by the Engine's contract for an Ok result).
double final_of(const sim::Result& r, const std::string& v) { return r.waves.find(v)->back(); }

// ---- MTJ -------------------------------------------------------------------------------------

std::optional<double> mtj_read_one(sim::Engine& engine, MtjParams p, bool ap, bool current_mode, double drive,
                                   const SimSettings& s, Diagnostics& diag, bool* disturbed) {
  p.initial_ap = ap;
  const double tstop = 1e-9;
  std::string deck = "* mtj read\n" + mtj_subckt("mtj", p);
  if (current_mode)
    deck += fmt::format("Ir 0 rl {}\n", pulse(drive, kT0, tstop, s.edge));
  else
    deck += fmt::format("Vr rl 0 {}\n", pulse(drive, kT0, tstop, s.edge));
  deck += "X1 rl 0 st mtj\n" + tran_line(tstop, s) + ".end\n";
  sim::Job job = sim::tran_job(fmt::format("mtj read {} {} {}", ap ? "AP" : "P", current_mode ? "I" : "V", format_number(drive)), deck, {current_mode ? "v(rl)" : "i(vr)", "v(st)"}, tstop);
  auto r = run(engine, job, diag);
  if (!r) return std::nullopt;
  *disturbed = *disturbed || std::abs(final_of(*r, "v(st)") - (ap ? 1.0 : 0.0)) > 0.5;
  // A voltage source's current is positive from + through the source to -: the device current
  // (rl -> 0 through the MTJ) is its negative.
  return current_mode ? final_of(*r, "v(rl)") : -final_of(*r, "i(vr)");
}

// Runs one write pulse of flat width `width`; returns {flipped, time of state crossing 0.5 or -1}.
struct WriteRun { bool flipped = false; double t_cross = -1; };

using WriteDeck = std::string (*)(const void* params, bool ap, double amp, double width, const SimSettings& s);

std::string mtj_write_deck(const void* params, bool ap, double amp, double width, const SimSettings& s) {
  MtjParams p = *static_cast<const MtjParams*>(params);
  p.initial_ap = ap;
  return "* mtj write\n" + mtj_subckt("mtj", p) + fmt::format("Iw 0 rl {}\n", pulse(amp, kT0, width, s.edge)) +
         "X1 rl 0 st mtj\n";
}

std::string sot_write_deck(const void* params, bool ap, double amp, double width, const SimSettings& s) {
  SotParams p = *static_cast<const SotParams*>(params);
  p.mtj.initial_ap = ap;
  return "* sot write\n" + sot_subckt("sot", p) + fmt::format("Iw 0 a {}\n", pulse(amp, kT0, width, s.edge)) +
         "Vb b 0 0\nRr r 0 1e12\nX1 a b r st sot\n";
}

std::optional<WriteRun> write_once(sim::Engine& engine, WriteDeck make, const void* params, WriteDir dir, double current,
                                   double width, const SimSettings& s, Diagnostics& diag) {
  const bool ap = dir == WriteDir::APtoP;
  const double tstop = kT0 + width + 2 * s.edge + kRelax;
  sim::Job job = sim::tran_job(fmt::format("write {} I={} w={}", ap ? "AP->P" : "P->AP", format_number(current),
                                   format_number(width)), make(params, ap, ap ? -current : current, width, s) + tran_line(tstop, s) + ".end\n", {"v(st)"}, tstop);
  auto r = run(engine, job, diag);
  if (!r) return std::nullopt;
  const auto* st = r->waves.find("v(st)");
  WriteRun w;
  w.flipped = std::abs(st->back() - (ap ? 0.0 : 1.0)) < 0.5;
  if (auto t = sim::cross(r->waves.scale, *st, 0.5, ap ? sim::Edge::Fall : sim::Edge::Rise)) w.t_cross = *t;
  return w;
}

std::optional<std::vector<WritePoint>> min_write_pulse(sim::Engine& engine, WriteDeck make, const void* params,
                                                       WriteDir dir, const std::vector<double>& currents,
                                                       const SimSettings& s, Diagnostics& diag, double rel_tol,
                                                       double t_max) {
  std::vector<WritePoint> out;
  for (double current : currents) {
    auto longrun = write_once(engine, make, params, dir, current, t_max, s, diag);
    if (!longrun) return std::nullopt;
    if (!longrun->flipped || longrun->t_cross < 0) {
      diag.error("devices.no-switch", {}, fmt::format("no switching at {} within {}", units::format_eng(current, "A"),
                                                      units::format_eng(t_max, "s")));
      return std::nullopt;
    }
    WritePoint wp{.current = current, .switch_time = longrun->t_cross - (kT0 + s.edge / 2)};
    // Bisection on the flat width: lo never switches, hi always does.
    double lo = 0, hi = std::min(t_max, 1.5 * wp.switch_time + 5 * s.edge);
    auto at_hi = write_once(engine, make, params, dir, current, hi, s, diag);
    if (!at_hi) return std::nullopt;
    if (!at_hi->flipped) hi = t_max;
    while (hi - lo > rel_tol * hi) {
      const double mid = 0.5 * (lo + hi);
      auto w = write_once(engine, make, params, dir, current, mid, s, diag);
      if (!w) return std::nullopt;
      (w->flipped ? hi : lo) = mid;
    }
    wp.min_pulse = hi;
    out.push_back(wp);
  }
  return out;
}

// ---- racetrack -------------------------------------------------------------------------------

// The subcircuit instance line and ties for the ports (each MTJ terminal shorted to its contact).
// `untied` (if >= 0) names a port whose MTJ terminal the caller drives itself.
std::string racetrack_instance(const RacetrackParams& p, int untied = -1) {
  const auto ports = p.port_positions();
  std::string ties, inst = "X1 a b";
  for (std::size_t i = 0; i < ports.size(); ++i) {
    inst += fmt::format(" p{0} t{0}", i);
    if (static_cast<int>(i) != untied) ties += fmt::format("Vp{0} p{0} t{0} 0\n", i);
  }
  inst += " x";
  for (std::size_t i = 0; i < ports.size(); ++i) inst += fmt::format(" s{}", i);
  return ties + inst + " rt\n";
}

// Initial end-to-end wire resistance of the model: r_pitch * (n + tr_mr * ones on the track).
double initial_wire_resistance(const RacetrackParams& p) {
  int ones = 0;
  for (int j = 0; j < p.total_domains(); ++j) ones += p.initial_bit(j);
  return p.r_pitch() * (p.total_domains() + p.tr_mr * ones);
}

// PWL of equal-width pulses with amplitudes `amps`, the first starting at t0, `gap` apart.
std::string pulse_train(const std::vector<double>& amps, double t0, double width, double gap, double edge) {
  std::string pwl = "pwl(0 0";
  const double period = width + 2 * edge + gap;
  for (std::size_t k = 0; k < amps.size(); ++k) {
    const double ts = t0 + static_cast<double>(k) * period;
    pwl += fmt::format(" {} 0 {} {} {} {} {} 0", format_number(ts), format_number(ts + edge), format_number(amps[k]),
                       format_number(ts + edge + width), format_number(amps[k]), format_number(ts + 2 * edge + width));
  }
  return pwl + ")";
}

// The track with a shift bound for `pulses` pulses (unless the caller set one): each pulse of the
// characterization moves at most a few domains, so domains farther away become constants.
RacetrackParams bounded(const RacetrackParams& p, int pulses) {
  RacetrackParams q = p;
  if (q.max_shift < 0) q.max_shift = std::max(8, 2 * pulses + 4);
  return q;
}

// The reduced model is exact only while |x| stays inside the bound.
bool within_bound(const RacetrackParams& q, double max_abs_x, const std::string& job, Diagnostics& diag) {
  if (max_abs_x <= q.max_shift - 1) return true;
  diag.error("devices.shift-range", {},
             fmt::format("{}: walls moved {} domains, beyond the simulated range of {} (raise max_shift)", job,
                         units::format_sig(max_abs_x, 3), q.max_shift));
  return false;
}

int steps_of(const ShiftRun& r) { return static_cast<int>(std::lround(std::abs(r.final_x))); }

}  // namespace

std::optional<std::vector<ReadPoint>> mtj_read(sim::Engine& engine, const MtjParams& p,
                                               const std::vector<double>& biases, const SimSettings& s,
                                               Diagnostics& diag) {
  std::vector<ReadPoint> out;
  for (double v : biases) {
    ReadPoint rp{.bias = v};
    auto ip = mtj_read_one(engine, p, false, false, v, s, diag, &rp.disturbed);
    auto iap = mtj_read_one(engine, p, true, false, v, s, diag, &rp.disturbed);
    if (!ip || !iap) return std::nullopt;
    rp.i_p = *ip;
    rp.i_ap = *iap;
    rp.i_margin = rp.i_p - rp.i_ap;
    auto vp = mtj_read_one(engine, p, false, true, rp.i_ap, s, diag, &rp.disturbed);
    auto vap = mtj_read_one(engine, p, true, true, rp.i_ap, s, diag, &rp.disturbed);
    if (!vp || !vap) return std::nullopt;
    rp.v_margin = *vap - *vp;
    out.push_back(rp);
  }
  return out;
}

std::optional<std::vector<WritePoint>> mtj_min_write_pulse(sim::Engine& engine, const MtjParams& p, WriteDir dir,
                                                           const std::vector<double>& currents, const SimSettings& s,
                                                           Diagnostics& diag, double rel_tol, double t_max) {
  return min_write_pulse(engine, mtj_write_deck, &p, dir, currents, s, diag, rel_tol, t_max);
}

std::optional<std::vector<WritePoint>> sot_min_write_pulse(sim::Engine& engine, const SotParams& p, WriteDir dir,
                                                           const std::vector<double>& currents, const SimSettings& s,
                                                           Diagnostics& diag, double rel_tol, double t_max) {
  return min_write_pulse(engine, sot_write_deck, &p, dir, currents, s, diag, rel_tol, t_max);
}

std::optional<ShiftRun> racetrack_shift(sim::Engine& engine, const RacetrackParams& p,
                                        const std::vector<double>& currents, double width, const SimSettings& s,
                                        Diagnostics& diag, double gap, double relax) {
  const auto pulses = static_cast<int>(currents.size());
  const RacetrackParams q = bounded(p, pulses);
  const double period = width + 2 * s.edge + gap;
  const std::string pwl = pulse_train(currents, kT0, width, gap, s.edge);
  const double tstop = kT0 + pulses * period + relax;
  std::string deck = "* racetrack shift\n" + racetrack_subckt("rt", q) + "Ish 0 n1 " + pwl + "\nVsup n1 a 0\nVb b 0 0\n" +
                     racetrack_instance(p) + tran_line(tstop, s) + ".end\n";
  const auto nports = p.port_positions().size();
  sim::Job job = sim::tran_job(fmt::format("racetrack shift I={} w={} x{}", format_number(currents.empty() ? 0.0 : currents.front()),
                                    format_number(width), pulses), deck, {"v(x)", "v(a)", "i(vsup)"}, tstop);
  for (std::size_t i = 0; i < nports; ++i) job.vectors.push_back(fmt::format("v(s{})", i));
  auto r = run(engine, job, diag);
  if (!r) return std::nullopt;
  const auto& t = r->waves.scale;
  const auto& x = *r->waves.find("v(x)");
  const auto& va = *r->waves.find("v(a)");
  const auto& is = *r->waves.find("i(vsup)");
  std::vector<double> power(t.size()), i2(t.size());
  for (std::size_t k = 0; k < t.size(); ++k) {
    power[k] = va[k] * is[k];
    i2[k] = is[k] * is[k];
  }
  ShiftRun out;
  out.final_x = x.back();
  out.max_abs_x = *sim::maximum(t, x, sim::kNegInf, sim::kPosInf);
  out.max_abs_x = std::max(out.max_abs_x, -*sim::minimum(t, x, sim::kNegInf, sim::kPosInf));
  out.energy = *sim::integral(t, power, sim::kNegInf, sim::kPosInf);
  out.i2rt = *sim::integral(t, i2, sim::kNegInf, sim::kPosInf) * initial_wire_resistance(p);
  for (std::size_t i = 0; i < nports; ++i) out.port_states.push_back(final_of(*r, fmt::format("v(s{})", i)));
  out.log = r->log;
  if (!within_bound(q, out.max_abs_x, job.name, diag)) return std::nullopt;
  return out;
}

std::optional<WriteShiftRun> racetrack_write_then_shift(sim::Engine& engine, const RacetrackParams& p, int port,
                                                        double i_write, double write_width,
                                                        const std::vector<double>& shift_currents,
                                                        double shift_width, const SimSettings& s, Diagnostics& diag) {
  const auto nports = p.port_positions().size();
  if (port < 0 || static_cast<std::size_t>(port) >= nports) {
    diag.error("devices.bad-param", {}, fmt::format("racetrack has no port {}", port));
    return std::nullopt;
  }
  const double gap = 3e-9;
  const double t_shift = kT0 + write_width + 2 * s.edge + kRelax;  // first shift pulse starts here
  const double tstop =
      t_shift + static_cast<double>(shift_currents.size()) * (shift_width + 2 * s.edge + gap) + kRelax;
  const RacetrackParams q = bounded(p, static_cast<int>(shift_currents.size()));
  const std::string deck = "* racetrack write + shift\n" + racetrack_subckt("rt", q) +
                           fmt::format("Iw t{0} p{0} {1}\n", port, pulse(i_write, kT0, write_width, s.edge)) +
                           "Ish 0 n1 " + pulse_train(shift_currents, t_shift, shift_width, gap, s.edge) +
                           "\nVsup n1 a 0\nVb b 0 0\n" + racetrack_instance(p, port) + tran_line(tstop, s) + ".end\n";
  sim::Job job = sim::tran_job(fmt::format("racetrack write port {} I={}", port, format_number(i_write)), deck, {"v(x)"},
                          tstop);
  for (std::size_t i = 0; i < nports; ++i) job.vectors.push_back(fmt::format("v(s{})", i));
  auto r = run(engine, job, diag);
  if (!r) return std::nullopt;
  WriteShiftRun out;
  const std::string sw = fmt::format("v(s{})", port);
  out.written = *sim::value_at(r->waves.scale, *r->waves.find(sw), t_shift);
  out.final_x = final_of(*r, "v(x)");
  for (std::size_t i = 0; i < nports; ++i) out.port_states.push_back(final_of(*r, fmt::format("v(s{})", i)));
  const auto& x = *r->waves.find("v(x)");
  const double max_abs_x = std::max(*sim::maximum(r->waves.scale, x, sim::kNegInf, sim::kPosInf),
                                    -*sim::minimum(r->waves.scale, x, sim::kNegInf, sim::kPosInf));
  if (!within_bound(q, max_abs_x, job.name, diag)) return std::nullopt;
  return out;
}

std::optional<std::vector<ShiftPoint>> racetrack_shift_window(sim::Engine& engine, const RacetrackParams& p,
                                                              const std::vector<double>& currents,
                                                              const SimSettings& s, Diagnostics& diag,
                                                              double rel_tol) {
  std::vector<ShiftPoint> out;
  const double t_limit = 50e-9;
  for (double current : currents) {
    auto steps_at = [&](double w) -> std::optional<int> {
      auto r = racetrack_shift(engine, p, {current}, w, s, diag);
      if (!r) return std::nullopt;
      return steps_of(*r);
    };
    // Grow hi until at least one step, then bisect [lo, hi] for the first step.
    double lo = 0, hi = 0.1e-9;
    std::optional<int> n;
    while ((n = steps_at(hi)) && *n < 1 && hi < t_limit) lo = hi, hi *= 2;
    if (!n) return std::nullopt;
    if (*n != 1) {
      diag.error("devices.no-shift", {}, fmt::format("no single-domain shift at {} (pulses up to {} gave {} steps)",
                                                     units::format_eng(current, "A"), units::format_eng(hi, "s"), *n));
      return std::nullopt;
    }
    while (hi - lo > rel_tol * hi) {
      const double mid = 0.5 * (lo + hi);
      auto m = steps_at(mid);
      if (!m) return std::nullopt;
      (*m >= 1 ? hi : lo) = mid;
    }
    ShiftPoint sp{.current = current, .min_pulse = hi};
    // Upper edge: grow until two steps, then bisect.
    double lo2 = hi, hi2 = 2 * hi;
    while ((n = steps_at(hi2)) && *n < 2 && hi2 < t_limit) lo2 = hi2, hi2 *= 2;
    if (!n) return std::nullopt;
    while (hi2 - lo2 > rel_tol * hi2) {
      const double mid = 0.5 * (lo2 + hi2);
      auto m = steps_at(mid);
      if (!m) return std::nullopt;
      (*m >= 2 ? hi2 : lo2) = mid;
    }
    sp.max_pulse = lo2;
    sp.pulse_used = std::min(1.25 * sp.min_pulse, 0.5 * (sp.min_pulse + sp.max_pulse));
    auto e = racetrack_shift(engine, p, {current}, sp.pulse_used, s, diag);
    if (!e) return std::nullopt;
    sp.energy = e->energy;
    out.push_back(sp);
  }
  return out;
}

std::optional<std::vector<double>> transverse_read_levels(sim::Engine& engine, const RacetrackParams& p, int port_lo,
                                                          int port_hi, double i_read, const SimSettings& s,
                                                          Diagnostics& diag) {
  const auto ports = p.port_positions();
  const auto np = static_cast<int>(ports.size());
  if (port_lo < 0 || port_hi < 0 || port_lo >= np || port_hi >= np || ports[port_lo] >= ports[port_hi]) {
    diag.error("devices.bad-param", {}, "transverse read needs two ports with port_lo left of port_hi");
    return std::nullopt;
  }
  const int j0 = ports[static_cast<std::size_t>(port_lo)], j1 = ports[static_cast<std::size_t>(port_hi)];
  if (j0 + 1 < p.left_overhead() || j1 - 1 >= p.left_overhead() + p.data_domains) {
    diag.error("devices.bad-param", {}, "transverse-read segment lies outside the data domains");
    return std::nullopt;
  }
  std::vector<double> levels;
  const double tstop = 0.5e-9;
  for (int c = 0; c <= j1 - j0 - 1; ++c) {
    RacetrackParams q = p;
    if (q.max_shift < 0) q.max_shift = 1;  // the read current is below I_dep: no wall moves
    q.pattern.assign(static_cast<std::size_t>(p.data_domains), 0);
    for (int j = j0 + 1; j <= j0 + c; ++j) q.pattern[static_cast<std::size_t>(j - p.left_overhead())] = 1;
    const std::string deck = "* transverse read\n" + racetrack_subckt("rt", q) +
                             fmt::format("Ir 0 t{} {}\nVg t{} 0 0\n", port_lo, pulse(i_read, kT0, tstop, s.edge), port_hi) +
                             "Ra a 0 1e12\nRb b 0 1e12\n" + racetrack_instance(q) + tran_line(tstop, s) + ".end\n";
    // racetrack_instance ties p<i> to t<i>; here the contacts themselves carry the read current.
    sim::Job job = sim::tran_job(fmt::format("transverse read c={}", c), deck, {fmt::format("v(t{})", port_lo)}, tstop);
    auto r = run(engine, job, diag);
    if (!r) return std::nullopt;
    levels.push_back(final_of(*r, fmt::format("v(t{})", port_lo)) / i_read);
  }
  return levels;
}

std::optional<ReadPoint> sot_read(sim::Engine& engine, const SotParams& p, double bias, const SimSettings& s,
                                  Diagnostics& diag) {
  ReadPoint rp{.bias = bias};
  auto one = [&](bool ap, bool current_mode, double drive) -> std::optional<double> {
    SotParams q = p;
    q.mtj.initial_ap = ap;
    const double tstop = 1e-9;
    std::string deck = "* sot read\n" + sot_subckt("sot", q) +
                       fmt::format("{} {}\n", current_mode ? "Ir 0 r" : "Vr r 0", pulse(drive, kT0, tstop, s.edge)) +
                       "Vb b 0 0\nX1 a b r st sot\n" + tran_line(tstop, s) + ".end\n";
    sim::Job job = sim::tran_job(fmt::format("sot read {} {}", ap ? "AP" : "P", format_number(drive)), deck, {current_mode ? "v(r)" : "i(vr)", "v(st)"}, tstop);
    auto r = run(engine, job, diag);
    if (!r) return std::nullopt;
    rp.disturbed = rp.disturbed || std::abs(final_of(*r, "v(st)") - (ap ? 1.0 : 0.0)) > 0.5;
    return current_mode ? final_of(*r, "v(r)") : -final_of(*r, "i(vr)");
  };
  auto ip = one(false, false, bias), iap = one(true, false, bias);
  if (!ip || !iap) return std::nullopt;
  rp.i_p = *ip;
  rp.i_ap = *iap;
  rp.i_margin = rp.i_p - rp.i_ap;
  auto vp = one(false, true, rp.i_ap), vap = one(true, true, rp.i_ap);
  if (!vp || !vap) return std::nullopt;
  rp.v_margin = *vap - *vp;
  return rp;
}

}  // namespace rtmchar::devices
