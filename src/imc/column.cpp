#include "imc/column.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "devices/from_technology.h"
#include "sim/measure.h"
#include "tech/model_card.h"
#include "util/units.h"

namespace rtmchar::imc {

using units::format_number;

ColumnParams column_from_technology(const tech::Technology& t, int n) {
  ColumnParams p;
  p.n = n;
  p.device = devices::sot_from_technology(t);
  p.v_read_pos = t.si("imac.v_read_pos");
  p.v_read_neg = t.si("imac.v_read_neg");
  const double f = t.feature_size();
  p.cell_area = t.si("layout.sot_cell_area") * f * f;
  p.pitch = std::sqrt(p.cell_area);
  p.r_wire = t.si("wire.local.r");
  p.c_wire = t.si("wire.local.c");
  p.gain = t.si("imac.diffamp_gain");
  p.sample_time = t.si("imac.sample_time");
  p.neuron = neuron_from_technology(t);
  return p;
}

namespace {

constexpr double kT1 = 0.1e-9;  ///< time of the input edge [s]

std::string row_source(int i, double v_from, double v_to, double edge, double tstop) {
  return fmt::format("Vr{} r{} 0 pwl(0 {} {} {} {} {} {} {})\n", i, i, format_number(v_from), format_number(kT1),
                     format_number(v_from), format_number(kT1 + edge), format_number(v_to), format_number(tstop),
                     format_number(v_to));
}

double level(const ColumnParams& p, int x) { return x > 0 ? p.v_read_pos : (x < 0 ? p.v_read_neg : 0.0); }

bool check_pattern(const ColumnParams& p, const std::vector<int>& v, const char* what, Diagnostics& diag) {
  const bool values_ok = std::all_of(v.begin(), v.end(), [](int x) { return x >= -1 && x <= 1; });
  if (static_cast<int>(v.size()) != p.n || !values_ok) {
    diag.error("imc.bad-param", {}, fmt::format("imac_column: {} must be {} values in {{-1, 0, +1}}", what, p.n));
    return false;
  }
  return true;
}

}  // namespace

std::string column_deck(const ColumnParams& p, const tech::Technology& t, const std::vector<int>& weights,
                        const std::vector<int>& inputs) {
  devices::SotParams lo = p.device, hi = p.device;
  lo.mtj.initial_ap = false;
  hi.mtj.initial_ap = true;
  const double tstop = kT1 + p.sample_time;
  std::string d = fmt::format("* imac column n={}\n", p.n) + tech::model_card(t) + "\n" +
                  devices::sot_subckt("syn_lo", lo) + devices::sot_subckt("syn_hi", hi);
  const std::string rs = format_number(p.r_segment()), cs = format_number(p.c_wire * p.pitch);
  for (int i = 0; i < p.n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const double v = level(p, inputs[k]);
    d += row_source(i, -v, v, p.edge, tstop);
    // +1: low on P, high on M; -1: swapped; 0: low on both (IMAC encoding).
    const char* dev_p = weights[k] < 0 ? "syn_hi" : "syn_lo";
    const char* dev_m = weights[k] > 0 ? "syn_hi" : "syn_lo";
    d += fmt::format("Xp{0} p{0} p{0} r{0} sp{0} {1}\nXm{0} m{0} m{0} r{0} sm{0} {2}\n", i, dev_p, dev_m);
    d += fmt::format("Rwp{0} p{0} p{1} {2}\nRwm{0} m{0} m{1} {2}\nCwp{0} p{0} 0 {3}\nCwm{0} m{0} 0 {3}\n", i, i + 1,
                     rs, cs);
  }
  // Row n is the sense end of both ladders.
  d += fmt::format("Rsp p{0} 0 {1}\nRsm m{0} 0 {1}\n", p.n, format_number(p.sense()));
  d += fmt::format("Eamp ina 0 p{0} m{0} {1}\nVamp ina in 0\n", p.n, format_number(p.gain));
  d += neuron_stage(p.neuron, t, "in");
  return d;
}

std::optional<std::vector<ColumnEval>> evaluate_column(sim::Engine& engine, const ColumnParams& p,
                                                       const tech::Technology& t, const std::vector<int>& weights,
                                                       const std::vector<std::vector<int>>& inputs,
                                                       Diagnostics& diag) {
  if (p.n < 1 || p.n > 128) {
    diag.error("imc.bad-param", {}, fmt::format("imac_column: n = {} outside 1..128", p.n));
    return std::nullopt;
  }
  if (!check_pattern(p, weights, "weights", diag)) return std::nullopt;
  for (const auto& x : inputs)
    if (!check_pattern(p, x, "inputs", diag)) return std::nullopt;
  const double tstop = kT1 + p.sample_time;
  std::vector<sim::Job> jobs;
  for (const auto& x : inputs) {
    sim::Job job;
    job.name = fmt::format("imac_column n={} input {}", p.n, fmt::join(x, ","));
    job.deck = column_deck(p, t, weights, x) + fmt::format(".tran {} {} 0 {}\n.end\n", format_number(p.edge / 10),
                                                           format_number(tstop), format_number(p.edge));
    job.tstop = tstop;
    job.vectors = {"v(in)", "v(out)", "v(off)", "v(vp)", "v(vn)", "i(vamp)", "i(voff)", "i(vp)", "i(vn)"};
    for (int i = 0; i < p.n; ++i) {
      job.vectors.push_back(fmt::format("v(r{})", i));
      job.vectors.push_back(fmt::format("i(vr{})", i));
    }
    jobs.push_back(std::move(job));
  }
  const std::vector<sim::Result> results = engine.run(jobs);
  std::vector<ColumnEval> out;
  const double t0 = kT1 + p.edge / 2;
  for (std::size_t j = 0; j < results.size(); ++j) {
    const sim::Result& r = results[j];
    const auto fail = [&](const std::string& why) {
      diag.error("imc.sim-failed", {}, fmt::format("{}: {}", jobs[j].name, why));
      return std::nullopt;
    };
    if (!r.ok()) return fail(r.error);
    const std::vector<double>& ts = r.waves.scale;
    // Power delivered by every source: rows, the amplifier output (ideal amplifier: the power it
    // delivers to the neuron; its own bias power is not modelled) and the neuron's supplies.
    std::vector<std::pair<std::string, std::string>> sources = {{"in", "vamp"}, {"off", "voff"}, {"vp", "vp"}, {"vn", "vn"}};
    for (int i = 0; i < p.n; ++i) sources.emplace_back(fmt::format("r{}", i), fmt::format("vr{}", i));
    std::vector<double> pw(ts.size(), 0.0);
    for (const auto& [node, src] : sources) {
      const auto* v = r.waves.find(fmt::format("v({})", node));
      const auto* i = r.waves.find(fmt::format("i({})", src));
      if (!v || !i || v->size() != ts.size() || i->size() != ts.size()) return fail("vectors of source " + src + " missing");
      // Vamp sits between the amplifier and the neuron input: its current flows into `in`.
      const double sign = src == "vamp" ? 1.0 : -1.0;
      for (std::size_t k = 0; k < ts.size(); ++k) pw[k] += sign * (*v)[k] * (*i)[k];
    }
    const auto energy = sim::integral(ts, pw, kT1, tstop);
    const auto* amp = r.waves.find("v(in)");
    const auto* vo = r.waves.find("v(out)");
    if (!energy || !amp || !vo || amp->empty() || vo->empty()) return fail("no energy or output vectors");
    ColumnEval e;
    for (std::size_t i = 0; i < weights.size(); ++i) e.sum += weights[i] * inputs[j][i];
    double ideal = 0;
    for (std::size_t i = 0; i < weights.size(); ++i) ideal += weights[i] * level(p, inputs[j][i]);
    e.v_ideal = p.gain * p.sense() * (p.g_low() - p.g_high()) * ideal;
    e.v_amp = amp->back();
    e.v_out = vo->back();
    const auto s_amp = sim::settle_time(ts, *amp, e.v_amp, 0.01 * p.v_read_pos, t0);
    const auto s_out = sim::settle_time(ts, *vo, e.v_out, p.settle_tol * (p.neuron.v_pos - p.neuron.v_neg), t0);
    if (!s_amp || !s_out) return fail("output did not settle within the sample");
    e.latency = std::max(*s_amp, *s_out) - t0;
    e.energy = *energy;
    out.push_back(e);
  }
  return out;
}

std::optional<ColumnSweep> sweep_column(sim::Engine& engine, const ColumnParams& p, const tech::Technology& t,
                                        int step, Diagnostics& diag) {
  if (step < 1 || step > p.n) {
    diag.error("imc.bad-param", {}, fmt::format("imac_column: sweep step {} outside 1..{}", step, p.n));
    return std::nullopt;
  }
  const auto un = static_cast<std::size_t>(std::max(p.n, 0));
  std::vector<int> w(un);
  for (std::size_t i = 0; i < un; ++i) w[i] = i % 2 == 0 ? 1 : -1;
  std::vector<std::vector<int>> xs;
  for (int k = 0;; k = std::min(k + step, p.n)) {
    std::vector<int> x(un);
    for (std::size_t i = 0; i < un; ++i) x[i] = static_cast<int>(i) < k ? w[i] : -w[i];
    xs.push_back(std::move(x));
    if (k == p.n) break;
  }
  auto evals = evaluate_column(engine, p, t, w, xs, diag);
  if (!evals) return std::nullopt;
  ColumnSweep s;
  s.n = p.n;
  s.evals = *evals;
  // Least-squares line v_amp = a + b v_ideal.
  double sx = 0, sy = 0, sxx = 0, sxy = 0;
  const double m = static_cast<double>(s.evals.size());
  for (const auto& e : s.evals) {
    sx += e.v_ideal;
    sy += e.v_amp;
    sxx += e.v_ideal * e.v_ideal;
    sxy += e.v_ideal * e.v_amp;
  }
  const double den = m * sxx - sx * sx;
  if (s.evals.size() < 2 || den <= 0) {
    diag.error("imc.bad-param", {}, "imac_column: the sweep needs at least two distinct weighted sums");
    return std::nullopt;
  }
  const double b = (m * sxy - sx * sy) / den, a = (sy - b * sx) / m;
  s.gain_error = b - 1;
  for (const auto& e : s.evals) {
    s.max_error_lsb = std::max(s.max_error_lsb, std::abs(e.v_amp - e.v_ideal) / p.lsb());
    s.inl_lsb = std::max(s.inl_lsb, std::abs(e.v_amp - (a + b * e.v_ideal)) / p.lsb());
    s.latency_max = std::max(s.latency_max, e.latency);
    s.energy_max = std::max(s.energy_max, e.energy);
    s.energy_mean += e.energy / m;
  }
  s.area = 2 * p.n * p.cell_area;
  return s;
}

}  // namespace rtmchar::imc
