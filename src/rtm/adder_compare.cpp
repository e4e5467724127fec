#include "rtm/adder_compare.h"

#include <fmt/format.h>

#include <algorithm>
#include <functional>

#include "charz/area.h"
#include "charz/testbench.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::rtm {
namespace {

constexpr int kVectors = 8;          // (A, B, CI), A most significant
constexpr int kStepsPerJob = 16;     // the 64 steps run as 4 transients on the pool

int bit(int v, int k) { return (v >> k) & 1; }
int sum_of(int v) { return bit(v, 2) ^ bit(v, 1) ^ bit(v, 0); }
int carry_of(int v) { return (bit(v, 2) + bit(v, 1) + bit(v, 0)) >= 2 ? 1 : 0; }

// Input waveform of pin bit `k` over vectors seq[first-1] (initial level) then seq[first..].
charz::Pwl pin_wave(const std::vector<int>& seq, std::size_t first, std::size_t steps, int k, double vdd,
                    const BaselineBench& b) {
  const std::size_t n = seq.size();
  double level = bit(seq[(first + n - 1) % n], k) * vdd;
  charz::Pwl w{{0.0, level}};
  for (std::size_t s = 0; s < steps; ++s) {
    const double next = bit(seq[(first + s) % n], k) * vdd;
    const double t = static_cast<double>(s + 1) * b.period;  // one settling period first
    w.emplace_back(t, level);
    w.emplace_back(t + b.ramp, next);
    level = next;
  }
  return w;
}

struct StepFigures {
  double energy = 0;
  double worst_delay = 0;
};

// Energy, delays and the functional check of `steps` steps of one transient.
std::optional<StepFigures> measure_steps(const sim::Waveforms& w, const std::vector<int>& seq, std::size_t first,
                                         std::size_t steps, double vdd, const BaselineBench& b,
                                         const std::string& name, const SourceLoc& where, Diagnostics& diag) {
  const std::size_t n = seq.size();
  const auto* isup = w.find(charz::supply_current_vector("VDD"));
  const auto* vs = w.find("v(p_s)");
  const auto* vc = w.find("v(p_co)");
  if (isup == nullptr || vs == nullptr || vc == nullptr) {
    diag.error("rtm.measure", where, name + ": supply current or outputs not saved");
    return std::nullopt;
  }
  StepFigures f;
  for (std::size_t s = 0; s < steps; ++s) {
    const int from = seq[(first + s + n - 1) % n], to = seq[(first + s) % n];
    const double t0 = static_cast<double>(s + 1) * b.period, t1 = t0 + b.period;
    const auto q = sim::integral(w.scale, *isup, t0, t1);
    const auto s_end = sim::value_at(w.scale, *vs, t1 - b.ramp);
    const auto c_end = sim::value_at(w.scale, *vc, t1 - b.ramp);
    if (!q || !s_end || !c_end) {
      diag.error("rtm.measure", where, fmt::format("{}: step {} not in the simulated window", name, s));
      return std::nullopt;
    }
    if ((*s_end > vdd / 2) != (sum_of(to) == 1) || (*c_end > vdd / 2) != (carry_of(to) == 1)) {
      diag.error("rtm.functional", where,
                 fmt::format("{}: wrong outputs for A={} B={} CI={} (S {:.3f} V, CO {:.3f} V)", name, bit(to, 2),
                             bit(to, 1), bit(to, 0), *s_end, *c_end));
      return std::nullopt;
    }
    f.energy += -*q * vdd;
    const double t_in = t0 + b.ramp / 2;  // 50 % of every input ramp
    for (const auto& [y, changes] : {std::pair{vs, sum_of(from) != sum_of(to)}, {vc, carry_of(from) != carry_of(to)}}) {
      if (!changes) continue;
      const auto t = sim::cross(w.scale, *y, vdd / 2, sim::Edge::Either, t_in);
      if (!t || *t > t1) {
        diag.error("rtm.measure", where, fmt::format("{}: output does not cross 50 % in step {}", name, s));
        return std::nullopt;
      }
      f.worst_delay = std::max(f.worst_delay, *t - t_in);
    }
  }
  return f;
}

// Mean DC supply power over the 8 input states.
std::optional<double> mean_leakage(sim::Engine& engine, const charz::CellContext& ctx, const BaselineBench& b,
                                   const SourceLoc& where, Diagnostics& diag) {
  std::vector<sim::Job> jobs;
  for (int v = 0; v < kVectors; ++v) {
    charz::Stimulus st;
    st.inputs = {{"A", {{0.0, bit(v, 2) * ctx.vdd}}}, {"B", {{0.0, bit(v, 1) * ctx.vdd}}},
                 {"CI", {{0.0, bit(v, 0) * ctx.vdd}}}};
    st.loads = {{"S", b.load}, {"CO", b.load}};
    sim::Job job;
    job.name = fmt::format("{} leakage state {:03b}", ctx.cell->name, v);
    job.deck = charz::make_deck(ctx, st, job.name, ".op");
    job.vectors = {charz::supply_current_vector("VDD")};
    job.analysis = sim::Analysis::Op;
    jobs.push_back(std::move(job));
  }
  const auto res = engine.run(jobs);
  double sum = 0;
  for (std::size_t k = 0; k < res.size(); ++k) {
    const auto* i = res[k].ok() ? res[k].waves.find(jobs[k].vectors[0]) : nullptr;
    if (i == nullptr || i->empty()) {
      diag.error("rtm.sim-failed", where, jobs[k].name + ": " + (res[k].ok() ? "no supply current" : res[k].error));
      return std::nullopt;
    }
    sum += -ctx.vdd * i->back();
  }
  return sum / kVectors;
}

}  // namespace

std::vector<int> de_bruijn_8x2() {
  // Lyndon-word construction (Fredricksen-Maiorana): concatenating the Lyndon words over the
  // alphabet whose length divides the order, in lexicographic order, gives the sequence.
  constexpr int k = kVectors, order = 2;
  std::vector<int> a(order + 1, 0), seq;
  std::function<void(int, int)> gen = [&](int t, int p) {
    if (t > order) {
      if (order % p == 0) seq.insert(seq.end(), a.begin() + 1, a.begin() + p + 1);
      return;
    }
    a[t] = a[t - p];
    gen(t + 1, p);
    for (int j = a[t - p] + 1; j < k; ++j) {
      a[t] = j;
      gen(t + 1, t);
    }
  };
  gen(1, 1);
  return seq;
}

std::optional<AdderFigures> cmos_adder_figures(sim::Engine& engine, const tech::Technology& tech,
                                               const netlist::CellDef& cell, const netlist::ParamValues& params,
                                               double vdd, const BaselineBench& bench, Diagnostics& diag) {
  const SourceLoc where = SourceLoc::at(cell.file);
  auto ctx = charz::CellContext::make(tech, cell, params, vdd, tech.temperature(), diag);
  if (!ctx) return std::nullopt;
  const std::vector<int> seq = de_bruijn_8x2();
  std::vector<sim::Job> jobs;
  for (std::size_t first = 0; first < seq.size(); first += kStepsPerJob) {
    charz::Stimulus st;
    st.inputs = {{"A", pin_wave(seq, first, kStepsPerJob, 2, vdd, bench)},
                 {"B", pin_wave(seq, first, kStepsPerJob, 1, vdd, bench)},
                 {"CI", pin_wave(seq, first, kStepsPerJob, 0, vdd, bench)}};
    st.loads = {{"S", bench.load}, {"CO", bench.load}};
    const double tstop = (kStepsPerJob + 1) * bench.period;
    const double tmax = bench.ramp / charz::kStepsPerEdge;
    sim::Job job;
    job.name = fmt::format("{} random-operand adds {}..{}", cell.name, first, first + kStepsPerJob - 1);
    job.deck = charz::make_deck(*ctx, st, job.name, fmt::format(".tran {} {} 0 {}", tmax / 10, tstop, tmax));
    job.vectors = {"v(p_s)", "v(p_co)", charz::supply_current_vector("VDD")};
    job.analysis = sim::Analysis::Tran;
    job.tstop = tstop;
    jobs.push_back(std::move(job));
  }
  const auto res = engine.run(jobs);
  AdderFigures f;
  f.name = cell.name;
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (!res[j].ok()) {
      diag.error("rtm.sim-failed", where, jobs[j].name + ": " + res[j].error);
      return std::nullopt;
    }
    auto s = measure_steps(res[j].waves, seq, j * kStepsPerJob, kStepsPerJob, vdd, bench, jobs[j].name, where, diag);
    if (!s) return std::nullopt;
    f.energy += s->energy;
    f.latency = std::max(f.latency, s->worst_delay);
  }
  f.energy /= static_cast<double>(seq.size());
  auto leak = mean_leakage(engine, *ctx, bench, where, diag);
  if (!leak) return std::nullopt;
  f.leakage = *leak;
  f.area = charz::cmos_cell_area(tech, cell, params, 0);
  f.basis = fmt::format("64 random-operand adds, one per {}, {} ramps, {} loads: worst input->output, mean energy",
                        units::format_eng(bench.period, "s"), units::format_eng(bench.ramp, "s"),
                        units::format_eng(bench.load, "F"));
  return f;
}

std::vector<AdderFigures> adder_figures(const RtmAdderResult& r) {
  AdderFigures add;
  add.name = r.cell;
  for (const charz::ClockArcTables& t : r.clock_arcs) add.latency = std::max(add.latency, t.delay.front());
  add.energy = r.energy_per_evaluation;
  add.area = r.area;
  add.leakage = r.leakage;
  add.basis = fmt::format("operands under the ports: slowest CLK->S/CO ({} clock slew, {}), energy per evaluation",
                          units::format_eng(r.slews.front(), "s"), units::format_eng(r.loads.front(), "F"));
  std::vector<AdderFigures> rows = {add};
  if (!r.shift.empty()) {
    AdderFigures sh = add;
    sh.name = r.cell + " + shift";
    sh.latency += r.shift.front().min_pulse;
    sh.energy += r.shifted_tracks * r.shift.front().energy;
    sh.basis = fmt::format("plus a one-domain shift of the {} operand track(s) at {} (minimum pulse, step energy)",
                           r.shifted_tracks, units::format_eng(r.shift.front().current, "A"));
    rows.push_back(sh);
  }
  return rows;
}

std::string format_comparison(const std::vector<AdderFigures>& rows) {
  std::string out = fmt::format("  {:<20} {:>12} {:>12} {:>12} {:>12}\n", "adder", "latency", "energy/add",
                                "area um^2", "leakage");
  for (const AdderFigures& f : rows) {
    if (!f.failure.empty()) {
      out += fmt::format("  {:<20} not characterized\n", f.name);
      continue;
    }
    out += fmt::format("  {:<20} {:>12} {:>12} {:>12} {:>12}\n", f.name, units::format_eng(f.latency, "s"),
                       units::format_eng(f.energy, "J"), units::format_sig(f.area * 1e12, 4),
                       units::format_eng(f.leakage, "W"));
  }
  for (const AdderFigures& f : rows) out += fmt::format("    {}: {}\n", f.name, f.failure.empty() ? f.basis : f.failure);
  return out;
}

}  // namespace rtmchar::rtm
