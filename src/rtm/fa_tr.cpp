#include "rtm/fa_tr.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "devices/models.h"
#include "rtm/bench.h"
#include "rtm/tracks.h"
#include "sim/measure.h"

namespace rtmchar::rtm {
namespace {

// Sense-amplifier and line measurements of one evaluation starting at t_rise (CLK 50 %).
struct TrSense {
  double v_tr = 0, step = 0, margin = 0, latency = 0;
  std::array<double, 3> v_ref{};
};

// The margin is signed: comparator k must see V(SRk) > V(STk) iff count >= k, so a negative
// margin is an input on the wrong side (a wrong read the outputs would also show).
std::optional<TrSense> tr_sense(const sim::Waveforms& w, double t_rise, double t_end, double vdd, int count) {
  const auto* clke = w.find("v(xdut.clke)");
  const auto* clkd = w.find("v(xdut.clkd)");
  if (clke == nullptr || clkd == nullptr) return std::nullopt;
  const auto t_sample = sim::cross(w.scale, *clke, vdd / 2, sim::Edge::Rise, t_rise);
  const auto t_fire = sim::cross(w.scale, *clkd, vdd / 2, sim::Edge::Rise, t_rise);
  if (!t_sample || !t_fire || *t_fire > t_end) return std::nullopt;
  const auto vtl = value_of(w, "v(xdut.tl)", *t_sample);
  if (!vtl) return std::nullopt;
  TrSense s;
  s.v_tr = *vtl;
  s.margin = vdd;
  for (int k = 1; k <= 3; ++k) {
    const auto vr = value_of(w, fmt::format("v(xdut.vr{})", k), *t_sample);
    const auto sr = value_of(w, fmt::format("v(xdut.sr{})", k), *t_fire);
    const auto st = value_of(w, fmt::format("v(xdut.st{})", k), *t_fire);
    const auto d = sense_decision(w, fmt::format("v(xdut.ol{})", k), fmt::format("v(xdut.or{})", k), t_rise, t_end, vdd);
    if (!vr || !sr || !st || !d) return std::nullopt;
    s.v_ref[static_cast<std::size_t>(k - 1)] = *vr;
    s.margin = std::min(s.margin, count >= k ? *sr - *st : *st - *sr);
    s.latency = std::max(s.latency, d->decision);
  }
  s.step = (s.v_ref[0] - s.v_ref[2]) / 2;
  return s;
}

}  // namespace

std::string fa_tr_subckts(const tech::Technology& tech, int domains, int a, int b, int ci) {
  const devices::RacetrackParams track = operand_track(tech, domains, {0, a, b, ci, 0}, {kTrPortLo, kTrPortHi});
  std::string out = devices::racetrack_subckt("fa_tr_trk", track);
  out += ".subckt fa_tr_ref top r1 r2 r3\n";
  for (int k = 1; k <= 3; ++k)
    out += fmt::format("R{} top r{} {}\n", k, k, transverse_resistance(track, kTrPortLo, kTrPortHi, k - 0.5));
  out += ".ends fa_tr_ref\n";
  return out;
}

std::string fa_tr_latch_ic(int count, double vdd) {
  std::string line = ".ic";
  for (int k = 1; k <= 3; ++k) {
    const bool g = count >= k;
    line += fmt::format(" v(xdut.g{0})={1} v(xdut.gn{0})={2}", k, g ? vdd : 0.0, g ? 0.0 : vdd);
  }
  return line + "\n";
}

sim::Job fa_tr_job(const charz::CellContext& ctx, const tech::Technology& tech, int domains, std::array<int, 3> abc,
                   int prior_count, charz::Pwl clk, double load, double tstop, double max_step, const std::string& name) {
  charz::CellContext c = ctx;
  c.subckt += fa_tr_subckts(tech, domains, abc[0], abc[1], abc[2]) + fa_tr_latch_ic(prior_count, ctx.vdd);
  charz::Stimulus stim;
  for (const char* pin : {"A", "B", "CI"}) stim.inputs[pin] = {{0.0, 0.0}};
  stim.inputs["CLK"] = std::move(clk);
  stim.loads["S"] = load;
  stim.loads["CO"] = load;
  sim::Job job;
  job.name = name;
  job.deck = charz::make_deck(c, stim, name, fmt::format(".tran {} {} 0 {}", max_step / 10, tstop, max_step));
  job.vectors = {"v(p_s)",       "v(p_co)",      "i(vs_vdd)",     "v(xdut.tl)",  "v(xdut.clke)",
                 "v(xdut.clkd)", "i(v.xdut.vtr)", "v(xdut.xtr)", "v(xdut.ps0)", "v(xdut.ps1)"};
  for (int k = 1; k <= 3; ++k)
    for (const char* n : {"vr", "sr", "st", "ol", "or"}) job.vectors.push_back(fmt::format("v(xdut.{}{})", n, k));
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  return job;
}

std::optional<std::vector<TrEval>> simulate_fa_tr(sim::Engine& engine, const tech::Technology& tech,
                                                  const netlist::CellDef& cell, const netlist::ParamValues& params,
                                                  const FaBench& bench, Diagnostics& diag) {
  const SourceLoc where = SourceLoc::at(cell.file);
  auto ctx = charz::CellContext::make(tech, cell, params, bench.vdd.value_or(tech.vdd()),
                                      bench.temperature.value_or(tech.temperature()), diag);
  if (!ctx) return std::nullopt;
  const int domains = static_cast<int>(params.at("domains"));
  const double vdd = ctx->vdd;
  const double tstop = 1.5 * bench.period;
  std::vector<sim::Job> jobs;
  for (int code = 0; code < 8; ++code) {
    const int a = (code >> 2) & 1, b = (code >> 1) & 1, ci = code & 1;
    jobs.push_back(fa_tr_job(*ctx, tech, domains, {a, b, ci}, 3 - (a + b + ci), scaled(clock_wave(bench, 1), vdd),
                             bench.load, tstop, bench.max_step,
                             fmt::format("fa_tr functional A={} B={} CI={}", a, b, ci)));
  }
  const auto results = engine.run(jobs);

  std::vector<TrEval> out;
  for (int code = 0; code < 8; ++code) {
    const sim::Result& r = results[static_cast<std::size_t>(code)];
    const std::string& name = jobs[static_cast<std::size_t>(code)].name;
    if (!r.ok()) {
      diag.error("rtm.sim-failed", where, fmt::format("{}: {}", name, r.error));
      return std::nullopt;
    }
    const sim::Waveforms& w = r.waves;
    TrEval e;
    e.a = (code >> 2) & 1;
    e.b = (code >> 1) & 1;
    e.ci = code & 1;
    const double t_rise = bench.period / 2 + bench.edge / 2;
    const double t_eval = bench.period - 20e-12;
    const double t_hold = 1.5 * bench.period - 20e-12;
    const auto sense = tr_sense(w, t_rise, t_eval, vdd, e.a + e.b + e.ci);
    const auto s = value_of(w, "v(p_s)", t_eval);
    const auto co = value_of(w, "v(p_co)", t_eval);
    const auto sh = value_of(w, "v(p_s)", t_hold);
    const auto coh = value_of(w, "v(p_co)", t_hold);
    const auto* isup = w.find("i(vs_vdd)");
    const auto* itr = w.find("i(v.xdut.vtr)");
    const auto* x = w.find("v(xdut.xtr)");
    const auto q = isup ? sim::integral(w.scale, *isup, 0, bench.period) : std::nullopt;
    const auto imax = itr ? sim::maximum(w.scale, *itr, 0, tstop) : std::nullopt;
    const auto imin = itr ? sim::minimum(w.scale, *itr, 0, tstop) : std::nullopt;
    const auto qtr = itr ? sim::integral(w.scale, *itr, 0, tstop) : std::nullopt;
    const auto xmax = x ? sim::maximum(w.scale, *x, 0, tstop) : std::nullopt;
    const auto xmin = x ? sim::minimum(w.scale, *x, 0, tstop) : std::nullopt;
    const auto ps0 = value_of(w, "v(xdut.ps0)", tstop);
    const auto ps1 = value_of(w, "v(xdut.ps1)", tstop);
    if (!sense || !s || !co || !sh || !coh || !q || !imax || !imin || !qtr || !xmax || !xmin || !ps0 || !ps1) {
      diag.error("rtm.measure", where,
                 fmt::format("{}: a comparator made no decision, or outputs, read current or track state missing", name));
      return std::nullopt;
    }
    e.s = *s > vdd / 2;
    e.co = *co > vdd / 2;
    e.s_held = *sh > vdd / 2;
    e.co_held = *coh > vdd / 2;
    e.v_tr = sense->v_tr;
    e.v_ref = sense->v_ref;
    e.step = sense->step;
    e.margin = sense->margin;
    e.latency = sense->latency;
    e.energy = -*q * vdd;
    e.read_current = std::max(std::abs(*imax), std::abs(*imin));
    e.read_time = std::abs(*qtr) / e.read_current;
    e.wall_shift = std::max(std::abs(*xmax), std::abs(*xmin));
    e.port_state_error = std::max(std::abs(*ps0), std::abs(*ps1));
    out.push_back(e);
  }
  return out;
}

}  // namespace rtmchar::rtm
