#include "rtm/fa_rtm.h"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "charz/testbench.h"
#include "rtm/bench.h"
#include "rtm/tracks.h"
#include "sim/measure.h"

namespace rtmchar::rtm {
namespace {

// The (B, CI) sequence of one run, as symbols 2 B + CI: a de Bruijn sequence of order 2 over the
// four symbols, closed by repeating its first symbol, so every combination follows every
// combination (itself included) once. A PCSA whose decision leaks from the previous result
// (e.g. through output loads that depend on the held value) fails some of these transitions.
constexpr std::array<int, 17> kSequence = {0, 0, 1, 0, 2, 0, 3, 1, 1, 2, 1, 3, 2, 2, 3, 3, 0};

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

// Folds cycle `e` into the record `w` of its (A, B, CI); `count` = cycles folded in before.
// Outputs: the first wrong value seen wins, so one wrong cycle makes the record wrong.
void merge_worst(FaEval& w, const FaEval& e, int count) {
  if (count == 0) {
    w = e;
    return;
  }
  const int s = e.a ^ e.b ^ e.ci, co = (e.a & e.b) | (e.a & e.ci) | (e.b & e.ci);
  if (e.s != s) w.s = e.s;
  if (e.co != co) w.co = e.co;
  if (e.s_held != s) w.s_held = e.s_held;
  if (e.co_held != co) w.co_held = e.co_held;
  w.margin_s = std::min(w.margin_s, e.margin_s);
  w.margin_co = std::min(w.margin_co, e.margin_co);
  w.decision_s = std::max(w.decision_s, e.decision_s);
  w.decision_co = std::max(w.decision_co, e.decision_co);
  w.track_state_error = std::max(w.track_state_error, e.track_state_error);
  w.energy += e.energy;
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
  const int n = static_cast<int>(kSequence.size());
  std::vector<int> bs, cis;
  for (int sym : kSequence) {
    bs.push_back(sym / 2);
    cis.push_back(sym % 2);
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

  // One record per (A, B, CI): the worst over the cycles that evaluate it (a wrong output in any
  // cycle, the smallest margin, the slowest decision, the largest track disturbance), the energy
  // averaged over them.
  std::vector<FaEval> out(8);
  std::vector<int> seen(8, 0);
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
      e.b = bs[static_cast<std::size_t>(k)];
      e.ci = cis[static_cast<std::size_t>(k)];
      const double t0 = k * bench.period;
      const double t_rise = t0 + bench.period / 2 + bench.edge / 2;
      const double t_eval = t0 + bench.period - 20e-12;
      const double t_hold = t0 + 1.5 * bench.period - 20e-12;
      const auto s = value_of(w, "v(p_s)", t_eval);
      const auto co = value_of(w, "v(p_co)", t_eval);
      const auto sh = value_of(w, "v(p_s)", t_hold);
      const auto coh = value_of(w, "v(p_co)", t_hold);
      const auto ps = sense_decision(w, "v(xdut.qls)", "v(xdut.qrs)", t_rise, t_eval, vdd);
      const auto pc = sense_decision(w, "v(xdut.qlc)", "v(xdut.qrc)", t_rise, t_eval, vdd);
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
        const auto st = value_of(w, v, w.scale.back());
        if (!st) {
          diag.error("rtm.measure", where, fmt::format("fa_rtm: track state {} not saved", v));
          return std::nullopt;
        }
        e.track_state_error = std::max(e.track_state_error, std::abs(*st - (bar ? 1 - a : a)));
      }
      merge_worst(out[static_cast<std::size_t>(4 * a + 2 * e.b + e.ci)], e, seen[static_cast<std::size_t>(4 * a + 2 * e.b + e.ci)]++);
    }
  }
  for (std::size_t i = 0; i < out.size(); ++i) out[i].energy /= seen[i];
  return out;
}

}  // namespace rtmchar::rtm
