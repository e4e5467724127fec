#include "rtm/fa_tr_charz.h"

#include <fmt/format.h>

#include <algorithm>

#include "charz/area.h"
#include "devices/from_technology.h"
#include "rtm/fa_tr.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::rtm {
namespace {

// Port MTJ stacks of the fa_tr segment (over data domains 0 and 4).
constexpr int kTrPorts = 2;

// Operand pattern and previous count of the two CLK->S/CO benches: 1 -> 2 ones (S falls, CO
// rises), 2 -> 1 (S rises, CO falls). Only comparator 2 flips; S goes through its slowest path
// (GN2 -> X1 -> S, two NAND levels).
struct ArcBench {
  std::array<int, 3> abc;
  int prior;
  bool s_rise;
};
constexpr std::array<ArcBench, 2> kArcBenches = {{{{0, 1, 1}, 1, false}, {{0, 0, 1}, 2, true}}};

TrReadFigures read_figures(const std::vector<TrEval>& evals, const tech::Technology& tech) {
  TrReadFigures f;
  f.margin = evals.front().margin;
  f.margin_fraction = evals.front().margin / evals.front().step;
  for (const TrEval& e : evals) {
    f.margin = std::min(f.margin, e.margin);
    f.margin_fraction = std::min(f.margin_fraction, e.margin / e.step);
    f.step += e.step / static_cast<double>(evals.size());
    f.read_current = std::max(f.read_current, e.read_current);
  }
  const devices::RacetrackParams track = devices::racetrack_from_technology(tech);
  f.depinning_current = track.depinning_current();
  f.tr_mr = track.tr_mr;
  return f;
}

}  // namespace

std::optional<RtmAdderResult> characterize_fa_tr(const tech::Technology& tech, const netlist::CellDef& cell,
                                                 const netlist::ParamValues& params, const charz::Options& opts,
                                                 const FaTrCharOptions& fo, sim::Engine& engine, Diagnostics& diag) {
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
  const int domains = static_cast<int>(dom->second);
  const double vdd = ctx->vdd;
  const double P = fo.period;
  const double lo = opts.slew.lower_pct / 100 * vdd, hi = opts.slew.upper_pct / 100 * vdd;

  RtmAdderResult r;
  r.schema = "rtmchar.fa_tr/1";
  r.cell = cell.name;
  r.tech = tech.name();
  r.vdd = vdd;
  r.temperature = temp;
  r.slews = fo.clock_slews;
  r.loads = fo.loads;
  r.operand_pins = {"A", "B", "CI"};
  r.operand_setup = fo.operand_setup;
  r.domains = domains;
  r.shifted_tracks = 1;
  auto fail = [&](const std::string& job_name, const std::string& why) {
    diag.error("rtm.measure", where, fmt::format("{}: {}", job_name, why));
    return std::nullopt;
  };

  // ---- CLK -> S/CO over clock slew x load: one evaluation (clock rise at P/2) per bench.
  std::vector<sim::Job> jobs;
  for (double s : fo.clock_slews)
    for (double load : fo.loads)
      for (const ArcBench& b : kArcBenches)
        jobs.push_back(fa_tr_job(*ctx, tech, domains, b.abc, b.prior,
                                 adder_clock(vdd, opts.slew.full_ramp(s), {0.5 * P}, {P}), load, 1.5 * P, fo.max_step,
                                 fmt::format("{} CLK->S/CO count {}->{} slew={} load={}", cell.name, b.prior,
                                             b.abc[0] + b.abc[1] + b.abc[2], units::format_eng(s, "s"),
                                             units::format_eng(load, "F"))));
  auto res = engine.run(jobs);
  r.simulations += static_cast<int>(jobs.size());
  AdderArcs arcs;
  std::size_t k = 0;
  for (double s : fo.clock_slews)
    for (double load : fo.loads)
      for (const ArcBench& b : kArcBenches) {
        const sim::Result& rk = res[k];
        const std::string& name = jobs[k++].name;
        if (!rk.ok()) {
          diag.error("rtm.sim-failed", where, fmt::format("{}: {}", name, rk.error));
          return std::nullopt;
        }
        const auto why = measure_adder_edge(rk.waves, 0.5 * P, opts.slew.full_ramp(s), P, 1.5 * P, load, b.s_rise,
                                            vdd, lo, hi, arcs);
        if (why) return fail(name, *why);
      }
  r.clock_arcs = {arcs.sr, arcs.sf, arcs.cr, arcs.cf};

  // ---- Leakage: after one evaluation (c = 0), CLK low (precharge, latches holding) for 3 ns;
  // mean supply power over the last 1 ns.
  {
    const double ramp = opts.slew.full_ramp(fo.clock_slews.front());
    jobs = {fa_tr_job(*ctx, tech, domains, {0, 0, 0}, 3, adder_clock(vdd, ramp, {0.5 * P}, {P}), fo.loads.front(),
                      P + 3e-9, fo.max_step, cell.name + " leakage")};
    res = engine.run(jobs);
    r.simulations += 1;
    if (!res[0].ok()) return fail(jobs[0].name, res[0].error);
    const auto* y = res[0].waves.find("i(vs_vdd)");
    const auto avg = y ? sim::average(res[0].waves.scale, *y, P + 2e-9, P + 3e-9) : std::nullopt;
    if (!avg || !(-*avg > 0)) return fail(jobs[0].name, "no positive supply current in the hold phase");
    r.leakage = -*avg * vdd;
  }

  // ---- Read latency, energy per add and read margin from the functional bench (8 patterns).
  FaBench fb;
  fb.period = P;
  fb.load = fo.loads.front();
  fb.max_step = fo.max_step;
  fb.vdd = vdd;
  fb.temperature = temp;
  auto evals = simulate_fa_tr(engine, tech, cell, params, fb, diag);
  if (!evals) return std::nullopt;
  r.simulations += static_cast<int>(evals->size());
  double lat = 0, en = 0;
  const double i_dep = devices::racetrack_from_technology(tech).depinning_current();
  for (const TrEval& e : *evals) {
    const int c = e.a + e.b + e.ci;
    if (e.s != c % 2 || e.co != (c >= 2 ? 1 : 0))
      return fail(cell.name + " functional bench", fmt::format("wrong result for A={} B={} CI={}", e.a, e.b, e.ci));
    // The read current runs along the segment: at or above the depinning current it would move
    // the walls (DP sec. 2). The device model does not couple the TR current to the walls, so
    // the bound is checked here, as fa_rtm checks its stored operand.
    if (e.read_current >= i_dep)
      return fail(cell.name + " functional bench",
                  fmt::format("the read current {} for A={} B={} CI={} is not below the depinning current {}: the "
                              "read would shift the stored operands; raise rsink",
                              units::format_eng(e.read_current, "A"), e.a, e.b, e.ci, units::format_eng(i_dep, "A")));
    lat += e.latency;
    en += e.energy;
  }
  r.read_latency = lat / static_cast<double>(evals->size());
  r.energy_per_evaluation = en / static_cast<double>(evals->size());
  r.transverse_read = read_figures(*evals, tech);
  r.area = charz::cmos_cell_area(tech, cell, params, kTrPorts);

  // ---- Shift table of the track (minimum pulse by bisection on the device model).
  if (!fo.shift_currents.empty()) {
    const devices::RacetrackParams track = devices::racetrack_from_technology(tech);
    auto t = shift_table(engine, track, {r.domains}, fo.shift_currents, diag, fo.shift_rel_tol);
    if (!t) return std::nullopt;
    r.shift = std::move(*t);
  }
  return r;
}

}  // namespace rtmchar::rtm
