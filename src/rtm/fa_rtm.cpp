#include "rtm/fa_rtm.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "charz/testbench.h"
#include "devices/models.h"
#include "rtm/tracks.h"
#include "sim/measure.h"

namespace rtmchar::rtm {
namespace {

// The (B, CI) order of the four cycles of one run.
constexpr std::array<std::array<int, 2>, 4> kCycles = {{{0, 0}, {0, 1}, {1, 0}, {1, 1}}};

charz::Pwl clock_wave(const FaBench& b, int cycles) {
  charz::Pwl w{{0.0, 0.0}};
  for (int k = 0; k < cycles + 1; ++k) {
    const double t0 = k * b.period;
    const double rise = t0 + b.period / 2;
    w.emplace_back(rise, 0.0);
    w.emplace_back(rise + b.edge, 1.0);
    w.emplace_back(t0 + b.period, 1.0);
    w.emplace_back(t0 + b.period + b.edge, 0.0);
  }
  return w;
}

// Input waveform: bit `bits[k]` during cycle k, changing input_delay after the falling edge.
charz::Pwl input_wave(const FaBench& b, const std::vector<int>& bits) {
  charz::Pwl w{{0.0, static_cast<double>(bits.front())}};
  for (std::size_t k = 1; k < bits.size(); ++k) {
    const double t = static_cast<double>(k) * b.period + b.input_delay;
    w.emplace_back(t, bits[k - 1]);
    w.emplace_back(t + b.edge, bits[k]);
  }
  return w;
}

charz::Pwl scaled(charz::Pwl w, double vdd) {
  for (auto& p : w) p.second *= vdd;
  return w;
}

struct Pcsa {
  double margin = 0;
  double decision = 0;
};

// Sense margin and decision time of one PCSA in the evaluation that starts at `t_rise`.
std::optional<Pcsa> pcsa_decision(const sim::Waveforms& w, const std::string& left, const std::string& right,
                                  double t_rise, double t_end, double vdd) {
  const auto* l = w.find(left);
  const auto* r = w.find(right);
  if (l == nullptr || r == nullptr) return std::nullopt;
  const auto tl = sim::cross(w.scale, *l, vdd / 2, sim::Edge::Fall, t_rise);
  const auto tr = sim::cross(w.scale, *r, vdd / 2, sim::Edge::Fall, t_rise);
  std::optional<double> t;
  if (tl && *tl < t_end) t = tl;
  if (tr && *tr < t_end && (!t || *tr < *t)) t = tr;
  if (!t) return std::nullopt;
  const auto vl = sim::value_at(w.scale, *l, *t);
  const auto vr = sim::value_at(w.scale, *r, *t);
  if (!vl || !vr) return std::nullopt;
  return Pcsa{std::abs(*vl - *vr), *t - t_rise};
}

std::optional<double> at(const sim::Waveforms& w, const std::string& v, double t) {
  const auto* y = w.find(v);
  if (y == nullptr) return std::nullopt;
  return sim::value_at(w.scale, *y, t);
}

// Time of the PCSA/comparator decision: the first of the two outputs to fall to VDD/2.
std::optional<double> decision_time(const sim::Waveforms& w, const std::string& left, const std::string& right,
                                    double t_rise, double t_end, double vdd) {
  auto p = pcsa_decision(w, left, right, t_rise, t_end, vdd);
  if (!p) return std::nullopt;
  return t_rise + p->decision;
}

}  // namespace

std::optional<std::vector<FaEval>> simulate_fa_rtm(sim::Engine& engine, const tech::Technology& tech,
                                                   const netlist::CellDef& cell, const netlist::ParamValues& params,
                                                   const FaBench& bench, Diagnostics& diag) {
  const SourceLoc where = SourceLoc::at(cell.file);
  auto ctx = charz::CellContext::make(tech, cell, params, bench.vdd.value_or(tech.vdd()),
                                      bench.temperature.value_or(tech.temperature()), diag);
  if (!ctx) return std::nullopt;
  const int domains = static_cast<int>(params.at("domains"));
  const double vdd = ctx->vdd;
  const int n = static_cast<int>(kCycles.size());
  std::vector<int> bs, cis;
  for (const auto& c : kCycles) {
    bs.push_back(c[0]);
    cis.push_back(c[1]);
  }
  bs.push_back(bs.back());
  cis.push_back(cis.back());

  std::vector<sim::Job> jobs;
  for (int a = 0; a <= 1; ++a) {
    charz::CellContext c = *ctx;
    c.subckt += operand_track_subckt("fa_rtm_trk_d", tech, domains, a);
    c.subckt += operand_track_subckt("fa_rtm_trk_b", tech, domains, 1 - a);
    charz::Stimulus stim;
    stim.inputs["A"] = {{0.0, a * vdd}};
    stim.inputs["B"] = scaled(input_wave(bench, bs), vdd);
    stim.inputs["CI"] = scaled(input_wave(bench, cis), vdd);
    stim.inputs["CLK"] = scaled(clock_wave(bench, n), vdd);
    stim.loads["S"] = bench.load;
    stim.loads["CO"] = bench.load;
    const double tstop = n * bench.period + bench.period / 2;
    sim::Job job;
    job.name = fmt::format("fa_rtm functional A={}", a);
    job.deck = charz::make_deck(c, stim, job.name,
                                fmt::format(".tran {} {} 0 {}", bench.max_step / 10, tstop, bench.max_step));
    job.vectors = {"v(p_s)", "v(p_co)", "i(vs_vdd)", "v(xdut.qls)", "v(xdut.qrs)", "v(xdut.qlc)", "v(xdut.qrc)",
                   "v(xdut.sds)", "v(xdut.sbs)", "v(xdut.sdc)", "v(xdut.sbc)"};
    job.analysis = sim::Analysis::Tran;
    job.tstop = tstop;
    jobs.push_back(std::move(job));
  }
  const auto results = engine.run(jobs);

  std::vector<FaEval> out;
  for (int a = 0; a <= 1; ++a) {
    const sim::Result& r = results[static_cast<std::size_t>(a)];
    if (!r.ok()) {
      diag.error("rtm.sim-failed", where, fmt::format("{}: {}", jobs[static_cast<std::size_t>(a)].name, r.error));
      return std::nullopt;
    }
    const sim::Waveforms& w = r.waves;
    const auto* isup = w.find("i(vs_vdd)");
    for (int k = 0; k < n; ++k) {
      FaEval e;
      e.a = a;
      e.b = kCycles[static_cast<std::size_t>(k)][0];
      e.ci = kCycles[static_cast<std::size_t>(k)][1];
      const double t0 = k * bench.period;
      const double t_rise = t0 + bench.period / 2 + bench.edge / 2;
      const double t_eval = t0 + bench.period - 20e-12;
      const double t_hold = t0 + 1.5 * bench.period - 20e-12;
      const auto s = at(w, "v(p_s)", t_eval);
      const auto co = at(w, "v(p_co)", t_eval);
      const auto sh = at(w, "v(p_s)", t_hold);
      const auto coh = at(w, "v(p_co)", t_hold);
      const auto ps = pcsa_decision(w, "v(xdut.qls)", "v(xdut.qrs)", t_rise, t_eval, vdd);
      const auto pc = pcsa_decision(w, "v(xdut.qlc)", "v(xdut.qrc)", t_rise, t_eval, vdd);
      const auto q = isup ? sim::integral(w.scale, *isup, t0, t0 + bench.period) : std::nullopt;
      if (!s || !co || !sh || !coh || !ps || !pc || !q) {
        diag.error("rtm.measure", where,
                   fmt::format("fa_rtm A={} B={} CI={}: no PCSA decision or output value in the simulated cycle", a,
                               e.b, e.ci));
        return std::nullopt;
      }
      e.s = *s > vdd / 2;
      e.co = *co > vdd / 2;
      e.s_held = *sh > vdd / 2;
      e.co_held = *coh > vdd / 2;
      e.margin_s = ps->margin;
      e.margin_co = pc->margin;
      e.decision_s = ps->decision;
      e.decision_co = pc->decision;
      e.energy = -*q * vdd;
      for (const char* v : {"v(xdut.sds)", "v(xdut.sdc)", "v(xdut.sbs)", "v(xdut.sbc)"}) {
        const bool bar = std::string(v).find(".sb") != std::string::npos;
        const auto st = at(w, v, w.scale.back());
        if (!st) {
          diag.error("rtm.measure", where, fmt::format("fa_rtm: track state {} not saved", v));
          return std::nullopt;
        }
        e.track_state_error = std::max(e.track_state_error, std::abs(*st - (bar ? 1 - a : a)));
      }
      out.push_back(e);
    }
  }
  return out;
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
  // Ports over data domains 0 and 4; operands A, B, CI in data domains 1, 2, 3.
  const devices::RacetrackParams base = operand_track(tech, domains, {}, {0, 4});
  std::string refs = ".subckt fa_tr_ref top r1 r2 r3\n";
  for (int k = 1; k <= 3; ++k) {
    refs += fmt::format("R{} top r{} {}\n", k, k, transverse_resistance(base, 0, 4, k - 0.5));
  }
  refs += ".ends fa_tr_ref\n";

  const double tstop = 1.5 * bench.period;
  std::vector<sim::Job> jobs;
  for (int code = 0; code < 8; ++code) {
    const int a = (code >> 2) & 1, b = (code >> 1) & 1, ci = code & 1;
    charz::CellContext c = *ctx;
    c.subckt += devices::racetrack_subckt("fa_tr_trk", operand_track(tech, domains, {0, a, b, ci, 0}, {0, 4}));
    c.subckt += refs;
    charz::Stimulus stim;
    stim.inputs["A"] = {{0.0, a * vdd}};
    stim.inputs["B"] = {{0.0, b * vdd}};
    stim.inputs["CI"] = {{0.0, ci * vdd}};
    stim.inputs["CLK"] = scaled(clock_wave(bench, 1), vdd);
    stim.loads["S"] = bench.load;
    stim.loads["CO"] = bench.load;
    sim::Job job;
    job.name = fmt::format("fa_tr functional A={} B={} CI={}", a, b, ci);
    job.deck = charz::make_deck(c, stim, job.name,
                                fmt::format(".tran {} {} 0 {}", bench.max_step / 10, tstop, bench.max_step));
    job.vectors = {"v(p_s)", "v(p_co)", "i(vs_vdd)", "v(xdut.tl)", "v(xdut.clkd)"};
    for (int k = 1; k <= 3; ++k) {
      job.vectors.push_back(fmt::format("v(xdut.vr{})", k));
      job.vectors.push_back(fmt::format("v(xdut.ol{})", k));
      job.vectors.push_back(fmt::format("v(xdut.or{})", k));
    }
    job.analysis = sim::Analysis::Tran;
    job.tstop = tstop;
    jobs.push_back(std::move(job));
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
    const auto* clkd = w.find("v(xdut.clkd)");
    std::optional<double> t_fire;
    if (clkd != nullptr) t_fire = sim::cross(w.scale, *clkd, vdd / 2, sim::Edge::Rise, t_rise);
    const auto s = at(w, "v(p_s)", t_eval);
    const auto co = at(w, "v(p_co)", t_eval);
    const auto sh = at(w, "v(p_s)", t_hold);
    const auto coh = at(w, "v(p_co)", t_hold);
    const auto* isup = w.find("i(vs_vdd)");
    const auto q = isup ? sim::integral(w.scale, *isup, 0, bench.period) : std::nullopt;
    if (!t_fire || !s || !co || !sh || !coh || !q) {
      diag.error("rtm.measure", where, fmt::format("{}: comparator clock, outputs or supply current missing", name));
      return std::nullopt;
    }
    const double tf = t_fire.value();
    const std::optional<double> vtl = at(w, "v(xdut.tl)", tf);
    if (!vtl) {
      diag.error("rtm.measure", where, fmt::format("{}: comparator clock, outputs or supply current missing", name));
      return std::nullopt;
    }
    e.v_tr = *vtl;
    e.margin = vdd;
    for (int k = 1; k <= 3; ++k) {
      const auto vr = at(w, fmt::format("v(xdut.vr{})", k), tf);
      const auto td = decision_time(w, fmt::format("v(xdut.ol{})", k), fmt::format("v(xdut.or{})", k), t_rise,
                                    t_eval, vdd);
      if (!vr || !td) {
        diag.error("rtm.measure", where, fmt::format("{}: comparator {} made no decision", name, k));
        return std::nullopt;
      }
      e.margin = std::min(e.margin, std::abs(*vr - *vtl));
      e.latency = std::max(e.latency, *td - (bench.period / 2 + bench.edge / 2));
    }
    e.s = *s > vdd / 2;
    e.co = *co > vdd / 2;
    e.s_held = *sh > vdd / 2;
    e.co_held = *coh > vdd / 2;
    e.energy = -*q * vdd;
    out.push_back(e);
  }
  return out;
}

}  // namespace rtmchar::rtm
