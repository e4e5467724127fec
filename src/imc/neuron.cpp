#include "imc/neuron.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "devices/from_technology.h"
#include "sim/measure.h"
#include "tech/model_card.h"
#include "util/units.h"

namespace rtmchar::imc {

using units::format_number;

NeuronParams neuron_from_technology(const tech::Technology& t) {
  NeuronParams p;
  p.r1 = t.si("imac.neuron_r1");
  p.r2 = t.si("imac.neuron_r2");
  p.offset = t.si("imac.neuron_offset");
  p.device = devices::sot_from_technology(t);
  p.device.mtj.ra = p.r1 * p.device.mtj.area;  // R_low = r1 on the same footprint
  p.device.r_high = p.r2;
  p.v_pos = t.vdd() / 2;
  p.v_neg = -t.vdd() / 2;
  p.sweep_lo = t.si("imac.v_read_neg");
  p.sweep_hi = t.si("imac.v_read_pos");
  p.sample_time = t.si("imac.sample_time");
  p.wn = t.si("device.wmin_n");
  p.wp = 2 * t.si("device.wmin_p");
  p.l = t.si("device.lmin_n");
  return p;
}

std::string neuron_stage(const NeuronParams& p, const tech::Technology& t, const std::string& in_node) {
  devices::SotParams lo = p.device, hi = p.device;
  lo.mtj.initial_ap = false;
  hi.mtj.initial_ap = true;
  std::string d = devices::sot_subckt("sot_lo", lo) + devices::sot_subckt("sot_hi", hi);
  d += fmt::format("Voff off 0 {}\nVp vp 0 {}\nVn vn 0 {}\n", format_number(p.offset), format_number(p.v_pos),
                   format_number(p.v_neg));
  // Device ports a b r st: read path r -> channel mid-point; channel ends tied to the divider node.
  d += fmt::format("X1 g g {} s1 sot_lo\nX2 g g off s2 sot_hi\n", in_node);
  d += fmt::format("Mp out g vp vp {} W={} L={}\nMn out g vn vn {} W={} L={}\nCl out 0 {}\n", t.pmos_model(),
                   format_number(p.wp), format_number(p.l), t.nmos_model(), format_number(p.wn),
                   format_number(p.l), format_number(p.c_load));
  return d;
}

std::string neuron_deck(const NeuronParams& p, const tech::Technology& t, const std::string& vin_spec) {
  return "* imac sigmoid neuron\n" + tech::model_card(t) + "\n" + neuron_stage(p, t, "in") +
         fmt::format("Vin in 0 {}\n", vin_spec);
}

std::optional<std::pair<std::vector<double>, std::vector<double>>> neuron_dc(sim::Engine& engine, const NeuronParams& p,
                                                                             const tech::Technology& t, double lo,
                                                                             double hi, double step,
                                                                             Diagnostics& diag) {
  sim::Job job;
  job.name = fmt::format("imac_neuron dc {}..{}", format_number(lo), format_number(hi));
  job.deck = neuron_deck(p, t, "dc 0") +
             fmt::format(".dc Vin {} {} {}\n.end\n", format_number(lo), format_number(hi), format_number(step));
  job.analysis = sim::Analysis::Dc;
  job.vectors = {"v(out)"};
  const sim::Result r = engine.run_one(job);
  const auto* out = r.waves.find("v(out)");
  if (!r.ok() || !out || out->size() != r.waves.scale.size() || out->size() < 5) {
    diag.error("imc.sim-failed", {}, fmt::format("{}: {}", job.name, r.error));
    return std::nullopt;
  }
  return std::make_pair(r.waves.scale, *out);
}

namespace {

/// The neuron's sources as (positive node, source name); the negative node is ground.
constexpr std::pair<const char*, const char*> kSources[] = {{"in", "vin"}, {"off", "voff"}, {"vp", "vp"}, {"vn", "vn"}};

/// Energy delivered by the sources Vin, Voff, Vp, Vn over [t0, t1]: sum of -V * I. nullopt (and
/// the missing vector in `missing`) if a vector is absent.
std::optional<double> source_energy(const sim::Waveforms& w, double t0, double t1, std::string& missing) {
  const std::vector<double>& ts = w.scale;
  std::vector<double> pw(ts.size(), 0.0);
  for (const auto& [node, src] : kSources) {
    const auto* v = w.find(fmt::format("v({})", node));
    const auto* i = w.find(fmt::format("i({})", src));
    if (!v || !i) {
      missing = fmt::format("vectors of source {} missing", src);
      return std::nullopt;
    }
    for (std::size_t k = 0; k < ts.size(); ++k) pw[k] -= (*v)[k] * (*i)[k];
  }
  return sim::integral(ts, pw, t0, t1);
}

}  // namespace

std::optional<NeuronResult> characterize_neuron(sim::Engine& engine, const NeuronParams& p,
                                                const tech::Technology& t, Diagnostics& diag) {
  NeuronResult res;
  auto dc = neuron_dc(engine, p, t, p.sweep_lo, p.sweep_hi, p.sweep_step, diag);
  if (!dc) return std::nullopt;
  res.v_in = dc->first;
  res.v_out = dc->second;
  auto fit = fit_logistic(res.v_in, res.v_out);
  if (!fit) {
    diag.error("imc.fit-failed", {}, "imac_neuron: the logistic fit of the DC transfer curve did not converge");
    return std::nullopt;
  }
  res.fit = *fit;

  // Transient: one rising and one falling full-swing input sample of sample_time each.
  const double t1 = 0.1e-9, ts = p.sample_time, e = p.edge;
  const std::string pwl =
      fmt::format("pwl(0 {lo} {a} {lo} {b} {hi} {c} {hi} {d} {lo})", fmt::arg("lo", format_number(p.sweep_lo)),
                  fmt::arg("hi", format_number(p.sweep_hi)), fmt::arg("a", format_number(t1)),
                  fmt::arg("b", format_number(t1 + e)), fmt::arg("c", format_number(t1 + ts)),
                  fmt::arg("d", format_number(t1 + ts + e)));
  const double tstop = t1 + 2 * ts;
  sim::Job job;
  job.name = "imac_neuron transient";
  job.deck = neuron_deck(p, t, pwl) + fmt::format(".tran {} {} 0 {}\n.end\n", format_number(e / 10),
                                                 format_number(tstop), format_number(e));
  job.tstop = tstop;
  job.vectors = {"v(in)", "v(out)", "v(off)", "v(vp)", "v(vn)", "i(vin)", "i(voff)", "i(vp)", "i(vn)"};
  const double mid_out = fit->curve.base + fit->curve.swing / 2;
  const double mid_in = 0.5 * (p.sweep_lo + p.sweep_hi);
  job.measures = {
      sim::Measure::delay("fall", {"v(in)", mid_in, sim::Edge::Rise}, {"v(out)", mid_out, sim::Edge::Fall}),
      sim::Measure::delay("rise", {"v(in)", mid_in, sim::Edge::Fall}, {"v(out)", mid_out, sim::Edge::Rise})};
  const sim::Result r = engine.run_one(job);
  std::string missing;
  std::optional<double> en = r.ok() ? source_energy(r.waves, 0, tstop, missing) : std::nullopt;
  std::optional<double> e0 = r.ok() ? source_energy(r.waves, 0, t1, missing) : std::nullopt;
  if (!r.ok() || !en || !e0) {
    diag.error("imc.sim-failed", {}, fmt::format("{}: {}", job.name, r.ok() ? missing : r.error));
    return std::nullopt;
  }
  res.latency_fall = r.measures.at("fall");
  res.latency_rise = r.measures.at("rise");
  res.energy = (*en - *e0) / 2;

  // Static power at the midpoint: the inverter's crowbar current plus the divider.
  sim::Job op;
  op.name = "imac_neuron op at midpoint";
  op.deck = neuron_deck(p, t, "dc " + format_number(fit->curve.x0)) + ".op\n.end\n";
  op.analysis = sim::Analysis::Op;
  op.vectors = {"v(in)", "v(off)", "v(vp)", "v(vn)", "i(vin)", "i(voff)", "i(vp)", "i(vn)"};
  const sim::Result ro = engine.run_one(op);
  if (!ro.ok()) {
    diag.error("imc.sim-failed", {}, fmt::format("{}: {}", op.name, ro.error));
    return std::nullopt;
  }
  double pw = 0;
  for (const auto& [node, src] : kSources) {
    const auto* v = ro.waves.find(fmt::format("v({})", node));
    const auto* i = ro.waves.find(fmt::format("i({})", src));
    if (!v || !i || v->empty() || i->empty()) {
      diag.error("imc.sim-failed", {}, fmt::format("{}: vector of source {} missing", op.name, src));
      return std::nullopt;
    }
    pw -= v->front() * i->front();
  }
  res.static_power_mid = pw;
  return res;
}

}  // namespace rtmchar::imc
