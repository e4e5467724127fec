#include "rtm/fa_rtm_charz.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "charz/area.h"
#include "charz/testbench.h"
#include "devices/from_technology.h"
#include "netlist/arcs.h"
#include "rtm/adder_charz.h"
#include "rtm/fa_rtm.h"
#include "rtm/tracks.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::rtm {
namespace {

// Time from the end of a clock ramp to the centre of the next data edge in the CLK->S/CO bench:
// longer than every hold time measured at 45/32/22 nm (<= 75 ps) with margin.
constexpr double kDataAfterEdge = 150e-12;

using charz::Pwl;

// Everything one fa_rtm bench needs besides the waveforms.
struct Bench {
  const charz::CellContext* ctx = nullptr;
  const tech::Technology* tech = nullptr;
  int domains = 0;
  double max_step = 5e-12;
};

// A data waveform starting at `v0` with ramps (centre time, new level).
Pwl data(double v0, double ramp, const std::vector<std::pair<double, double>>& changes) {
  Pwl w{{0.0, v0}};
  double level = v0;
  for (const auto& [tc, v] : changes) {
    w.emplace_back(tc - ramp / 2, level);
    w.emplace_back(tc + ramp / 2, v);
    level = v;
  }
  return w;
}

sim::Job job(const Bench& b, const std::string& name, int a, Pwl clk, Pwl bw, Pwl ciw, double load, double tstop) {
  charz::CellContext c = *b.ctx;
  c.subckt += operand_track_subckt("fa_rtm_trk_d", *b.tech, b.domains, a);
  c.subckt += operand_track_subckt("fa_rtm_trk_b", *b.tech, b.domains, 1 - a);
  charz::Stimulus st;
  st.inputs["A"] = {{0.0, a * b.ctx->vdd}};
  st.inputs["B"] = std::move(bw);
  st.inputs["CI"] = std::move(ciw);
  st.inputs["CLK"] = std::move(clk);
  st.loads["S"] = load;
  st.loads["CO"] = load;
  sim::Job j;
  j.name = name;
  j.deck = charz::make_deck(c, st, name, fmt::format(".tran {} {} 0 {}", b.max_step / 10, tstop, b.max_step));
  j.vectors = {"v(p_s)", "v(p_co)", "i(vs_vdd)", "i(vi_b)", "i(vi_ci)", "i(vi_clk)"};
  j.analysis = sim::Analysis::Tran;
  j.tstop = tstop;
  return j;
}

std::optional<double> crossing(const sim::Waveforms& w, const std::string& v, double level, sim::Edge e, double after,
                               double before) {
  const auto* y = w.find(v);
  if (y == nullptr) return std::nullopt;
  auto t = sim::cross(w.scale, *y, level, e, after);
  if (!t || *t > before) return std::nullopt;
  return t;
}

// One setup/hold search of data pin X (B or CI) capturing `v`, with A = 1 and the other input
// 0, so S = !X and CO = X: both outputs toggle when the capture succeeds.
struct Search {
  charz::ConstraintKind kind = charz::ConstraintKind::Setup;
  std::string pin;
  int v = 0;
  double pass = 0, fail = 0;  ///< offsets known to pass / fail the criterion
};

}  // namespace

std::optional<RtmAdderResult> characterize_fa_rtm(const tech::Technology& tech, const netlist::CellDef& cell,
                                                   const netlist::ParamValues& params, const charz::Options& opts,
                                                   const FaRtmCharOptions& fo, sim::Engine& engine, Diagnostics& diag) {
  const SourceLoc where = SourceLoc::at(cell.file);
  const double vdd0 = opts.vdd.value_or(tech.vdd());
  const double temp = opts.temperature.value_or(tech.temperature());
  auto ctx = charz::CellContext::make(tech, cell, params, vdd0, temp, diag);
  if (!ctx) return std::nullopt;
  const auto dom = params.find("domains");
  if (dom == params.end()) {
    diag.error("rtm.bad-param", where, fmt::format("cell {}: parameter 'domains' missing", cell.name));
    return std::nullopt;
  }
  const Bench bench{&*ctx, &tech, static_cast<int>(dom->second), fo.max_step};
  const double vdd = ctx->vdd;
  const double P = fo.period;
  const double lo = opts.slew.lower_pct / 100 * vdd, hi = opts.slew.upper_pct / 100 * vdd;

  RtmAdderResult r;
  r.schema = "rtmchar.fa_rtm/1";
  r.operand_pins = {"A"};
  r.shifted_tracks = kShiftedTracks;
  r.cell = cell.name;
  r.tech = tech.name();
  r.vdd = vdd;
  r.temperature = temp;
  r.slews = fo.clock_slews;
  r.loads = fo.loads;
  r.operand_setup = fo.operand_setup;
  r.max_degradation = fo.max_degradation;
  auto fail = [&](const std::string& job_name, const std::string& why) {
    diag.error("rtm.measure", where, fmt::format("{}: {}", job_name, why));
    return std::nullopt;
  };

  // ---- CLK -> S/CO over clock slew x load. A = 1, CI = 0, B = 0, 1, 0 in cycles 0, 1, 2:
  // cycle 1 (clock rise at 1.5 P) S falls and CO rises, cycle 2 (2.5 P) S rises and CO falls.
  // B changes kDataAfterEdge after the previous clock ramp has ended (past the measured hold, as
  // in a registered ripple where CI arrives CLK->CO after the edge), so it has the whole
  // precharge phase to settle the trees: B rising needs 0.7-0.8 ns of setup at 45/32 nm and more
  // at 22 nm (docs/racetrack-cells.md).
  const double in_ramp = opts.slew.full_ramp(fo.data_slew);
  std::vector<sim::Job> jobs;
  for (double s : fo.clock_slews) {
    const double ramp = opts.slew.full_ramp(s);
    for (double load : fo.loads) {
      Pwl clk = adder_clock(vdd, ramp, {0.5 * P, 1.5 * P, 2.5 * P}, {P, 2 * P});
      const double after = ramp + kDataAfterEdge;
      Pwl bw = data(0, in_ramp, {{0.5 * P + after, vdd}, {1.5 * P + after, 0}});
      jobs.push_back(job(bench, fmt::format("{} CLK->S/CO slew={} load={}", cell.name, units::format_eng(s, "s"),
                                            units::format_eng(load, "F")),
                         1, std::move(clk), std::move(bw), {{0.0, 0.0}}, load, 3 * P));
    }
  }
  auto res = engine.run(jobs);
  r.simulations += static_cast<int>(jobs.size());
  AdderArcs arcs;
  std::size_t k = 0;
  for (double s : fo.clock_slews) {
    const double ramp = opts.slew.full_ramp(s);
    for (double load : fo.loads) {
      const sim::Result& res_k = res[k];
      const std::string& name = jobs[k].name;
      ++k;
      if (!res_k.ok()) {
        diag.error("rtm.sim-failed", where, fmt::format("{}: {}", name, res_k.error));
        return std::nullopt;
      }
      // cycle 1: S falls, CO rises; cycle 2: S rises, CO falls.
      for (int cyc = 1; cyc <= 2; ++cyc) {
        const auto why = measure_adder_edge(res_k.waves, (cyc + 0.5) * P, ramp, P, 3 * P, load, cyc == 2, vdd, lo, hi, arcs);
        if (why) return fail(name, *why);
      }
    }
  }
  r.clock_arcs = {arcs.sr, arcs.sf, arcs.cr, arcs.cf};
  // Input charge of B and CLK during their ramps in the first grid point's bench (C = |Q| / VDD).
  auto charge_cap = [&](const sim::Result& res_j, const char* vec, double t0, double t1) -> std::optional<double> {
    const auto* i = res_j.waves.find(vec);
    const auto q = i ? sim::integral(res_j.waves.scale, *i, t0, t1) : std::nullopt;
    if (!q || !(std::fabs(*q) > 0)) return std::nullopt;
    return std::fabs(*q) / vdd;
  };
  {
    const double ramp = opts.slew.full_ramp(fo.clock_slews.front());
    const double tb = ramp + kDataAfterEdge;
    const auto br = charge_cap(res[0], "i(vi_b)", 0.5 * P + tb - in_ramp / 2, 0.5 * P + tb + in_ramp / 2);
    const auto bf = charge_cap(res[0], "i(vi_b)", 1.5 * P + tb - in_ramp / 2, 1.5 * P + tb + in_ramp / 2);
    const auto cr = charge_cap(res[0], "i(vi_clk)", 0.5 * P, 0.5 * P + ramp);
    const auto cf = charge_cap(res[0], "i(vi_clk)", P, P + ramp);
    if (!br || !bf || !cr || !cf) return fail(jobs[0].name, "no input charge on B or CLK");
    r.pin_caps["B"] = {*br, *bf};
    r.pin_caps["CLK"] = {*cr, *cf};
  }

  // ---- Setup/hold of B and CI by bisection (lockstep batches). Clock: rise at P/2 (evaluates
  // X = !v), fall at P, measured rise at 1.5 P.
  const double c_ramp = opts.slew.full_ramp(fo.constraint_clock_slew);
  const double tc50 = 1.5 * P + c_ramp / 2;
  auto capture_job = [&](const Search& s, double offset, const std::string& tag) {
    const double nv = (1 - s.v) * vdd, v = s.v * vdd;
    Pwl x = s.kind == charz::ConstraintKind::Setup
                ? data(nv, in_ramp, {{tc50 - offset, v}})
                : data(nv, in_ramp, {{P + 150e-12, v}, {tc50 + offset, nv}});
    Pwl other{{0.0, 0.0}};
    Pwl clk = adder_clock(vdd, c_ramp, {0.5 * P, 1.5 * P}, {P});
    const bool is_b = s.pin == "B";
    return job(bench,
               fmt::format("{} {} {} {} offset={} {}", cell.name, s.kind == charz::ConstraintKind::Setup ? "setup" : "hold",
                           s.pin, s.v, units::format_eng(offset, "s"), tag),
               1, std::move(clk), is_b ? std::move(x) : other, is_b ? other : std::move(x), fo.loads.front(), 2 * P);
  };
  // Outcome of one capture: both outputs reached the captured values (S = !v, CO = v) at the
  // end of the evaluation; CLK->out = the later of the two 50 % crossings.
  struct Capture {
    bool correct = false;
    double clk_to_out = 0;
    double s_end = 0, co_end = 0;  // output voltages at the end of the evaluation (for messages)
  };
  auto outcome = [&](const sim::Result& res_j, const Search& s) -> std::optional<Capture> {
    if (!res_j.ok()) return std::nullopt;
    const sim::Waveforms& w = res_j.waves;
    Capture c;
    c.correct = true;
    for (int o = 0; o < 2; ++o) {
      const std::string v = o == 0 ? "v(p_s)" : "v(p_co)";
      const int want = o == 0 ? 1 - s.v : s.v;
      const auto* y = w.find(v);
      if (y == nullptr) return std::nullopt;
      const auto end = sim::value_at(w.scale, *y, 2 * P - 20e-12);
      if (!end) return std::nullopt;
      (o == 0 ? c.s_end : c.co_end) = *end;
      const auto t = crossing(w, v, vdd / 2, want ? sim::Edge::Rise : sim::Edge::Fall, 1.5 * P, 2 * P);
      if ((*end > vdd / 2) != (want == 1) || !t) {
        c.correct = false;
        continue;
      }
      c.clk_to_out = std::max(c.clk_to_out, *t - tc50);
    }
    return c;
  };
  auto passes = [&](const Capture& c, double reference) {
    return c.correct && c.clk_to_out <= (1 + fo.max_degradation) * reference;
  };
  auto ends = [&](const Capture& c) {
    return fmt::format("S = {} V, CO = {} V at the end of the evaluation", units::format_sig(c.s_end, 3),
                       units::format_sig(c.co_end, 3));
  };
  // Brackets: setup passes with the data edge 150 ps after the precharge starts (the logic trees'
  // internal nodes need most of the precharge phase, docs/racetrack-cells.md) and fails with the
  // edge 200 ps into the evaluation; hold passes with the data held 400 ps into the evaluation and
  // fails when it returns 400 ps before the clock.
  std::vector<Search> searches;
  for (auto kind : {charz::ConstraintKind::Setup, charz::ConstraintKind::Hold})
    for (const char* pin : {"B", "CI"})
      for (int v : {1, 0})
        searches.push_back(kind == charz::ConstraintKind::Setup ? Search{kind, pin, v, 0.5 * P - 150e-12, -0.2e-9}
                                                                : Search{kind, pin, v, 0.4e-9, -0.4e-9});
  // Reference: the long-setup capture (= the setup searches' pass end).
  double ref = 0;
  {
    jobs.clear();
    for (const Search& s : searches) jobs.push_back(capture_job(s, s.pass, "(pass end)"));
    for (const Search& s : searches) jobs.push_back(capture_job(s, s.fail, "(fail end)"));
    res = engine.run(jobs);
    r.simulations += static_cast<int>(jobs.size());
    for (std::size_t j = 0; j < searches.size(); ++j) {
      const auto o = outcome(res[j], searches[j]);
      if (!o) return fail(jobs[j].name, res[j].ok() ? "outputs not saved" : res[j].error);
      if (!o->correct) {
        diag.error("rtm.constraint-bracket", where,
                   fmt::format("{}: the long-offset capture failed ({})", jobs[j].name, ends(*o)));
        return std::nullopt;
      }
      if (searches[j].kind == charz::ConstraintKind::Setup) ref = std::max(ref, o->clk_to_out);
      // CI's input capacitance from the long-setup captures (its ramp in the precharge phase).
      if (searches[j].kind == charz::ConstraintKind::Setup && searches[j].pin == "CI") {
        const double tc = tc50 - searches[j].pass;
        const auto cap = charge_cap(res[j], "i(vi_ci)", tc - in_ramp / 2, tc + in_ramp / 2);
        if (!cap) return fail(jobs[j].name, "no input charge on CI");
        (searches[j].v == 1 ? r.pin_caps["CI"].rise : r.pin_caps["CI"].fall) = *cap;
      }
    }
    for (std::size_t j = 0; j < searches.size(); ++j) {
      const std::size_t i = j + searches.size();
      const auto o = outcome(res[i], searches[j]);
      if (!o) return fail(jobs[i].name, res[i].ok() ? "outputs not saved" : res[i].error);
      if (passes(*o, ref)) {
        diag.error("rtm.constraint-bracket", where,
                   fmt::format("{}: the short-offset capture passed ({})", jobs[i].name, ends(*o)));
        return std::nullopt;
      }
    }
  }
  r.reference_delay = ref;
  while (true) {
    std::vector<std::size_t> open;
    for (std::size_t j = 0; j < searches.size(); ++j)
      if (std::fabs(searches[j].pass - searches[j].fail) > fo.resolution) open.push_back(j);
    if (open.empty()) break;
    jobs.clear();
    for (std::size_t j : open) {
      const Search& s = searches[j];
      jobs.push_back(capture_job(s, 0.5 * (s.pass + s.fail), "(bisection)"));
    }
    res = engine.run(jobs);
    r.simulations += static_cast<int>(jobs.size());
    for (std::size_t i = 0; i < open.size(); ++i) {
      Search& s = searches[open[i]];
      const auto o = outcome(res[i], s);
      if (!o) return fail(jobs[i].name, res[i].ok() ? "outputs not saved" : res[i].error);
      const double mid = 0.5 * (s.pass + s.fail);
      (passes(*o, ref) ? s.pass : s.fail) = mid;
    }
  }
  for (const Search& s : searches) {
    charz::ConstraintTable t;
    t.kind = s.kind;
    t.data_pin = s.pin;
    // Setup constrains the edge to the captured value; hold the edge back to the old value.
    const bool rising = (s.kind == charz::ConstraintKind::Setup) == (s.v == 1);
    t.data_edge = rising ? netlist::Edge::Rise : netlist::Edge::Fall;
    t.values = {s.pass};
    t.failing = {s.fail};
    r.constraints.push_back(t);
  }

  // ---- Leakage: after one evaluation, CLK low (precharge, latches holding) for 3 ns; mean
  // supply power over the last 1 ns.
  {
    jobs.clear();
    jobs.push_back(job(bench, cell.name + " leakage", 1, adder_clock(vdd, c_ramp, {0.5 * P}, {P}), {{0.0, 0.0}},
                       {{0.0, 0.0}}, fo.loads.front(), P + 3e-9));
    res = engine.run(jobs);
    r.simulations += 1;
    if (!res[0].ok()) return fail(jobs[0].name, res[0].error);
    const auto* y = res[0].waves.find("i(vs_vdd)");
    const auto avg = y ? sim::average(res[0].waves.scale, *y, P + 2e-9, P + 3e-9) : std::nullopt;
    if (!avg || !(-*avg > 0)) return fail(jobs[0].name, "no positive supply current in the hold phase");
    r.leakage = -*avg * vdd;
  }

  // ---- Read latency and energy per evaluation from the functional bench (8 combinations).
  FaBench fb;
  fb.period = P;
  fb.load = fo.loads.front();
  fb.max_step = fo.max_step;
  fb.vdd = vdd;
  fb.temperature = temp;
  auto evals = simulate_fa_rtm(engine, tech, cell, params, fb, diag);
  if (!evals) return std::nullopt;
  r.simulations += 2;
  double lat = 0, en = 0;
  for (const FaEval& e : *evals) {
    if (e.s != (e.a ^ e.b ^ e.ci) || e.co != ((e.a + e.b + e.ci) >= 2))
      return fail(cell.name + " functional bench", fmt::format("wrong result for A={} B={} CI={}", e.a, e.b, e.ci));
    // The read current runs along the operand tracks: above the depinning current it moves the
    // walls and the stored operand is lost (a read disturb, not a usable adder).
    if (e.track_state_error > 0.01)
      return fail(cell.name + " functional bench",
                  fmt::format("the evaluation for A={} B={} CI={} disturbed the stored operand (state error {:.3f}): "
                              "the read current through the tracks exceeds the depinning current; narrow wne/wnt",
                              e.a, e.b, e.ci, e.track_state_error));
    lat += std::max(e.decision_s, e.decision_co);
    en += e.energy;
  }
  r.read_latency = lat / static_cast<double>(evals->size());
  r.energy_per_evaluation = en / static_cast<double>(evals->size());
  r.area = charz::cmos_cell_area(tech, cell, params, kShiftedTracks);
  r.domains = bench.domains;

  // ---- Shift table of one operand track (minimum pulse by bisection on the device model).
  if (!fo.shift_currents.empty()) {
    const devices::RacetrackParams track = devices::racetrack_from_technology(tech);
    auto t = shift_table(engine, track, {r.domains}, fo.shift_currents, diag, fo.shift_rel_tol);
    if (!t) return std::nullopt;
    r.shift = std::move(*t);
  }
  return r;
}

}  // namespace rtmchar::rtm
