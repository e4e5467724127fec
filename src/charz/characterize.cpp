#include "charz/characterize.h"

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <fmt/format.h>

#include "charz/area.h"
#include "charz/energy.h"
#include "charz/sparse.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::charz {
namespace {

using netlist::Edge;

// One (arc, side-input state, input edge) to characterize over the grid.
struct EdgeSpec {
  size_t arc = 0;  // index into CellResult::arcs
  const netlist::CombArc* comb = nullptr;
  const netlist::SensitizingState* state = nullptr;
  Edge in_edge = Edge::Rise;
  Edge out_edge = Edge::Rise;
  bool default_state = true;  // the default state of its polarity (timing source)
};

// Simulation settings of one grid point.
struct PointPlan {
  size_t edge = 0;  // index into the EdgeSpec list
  size_t is = 0, il = 0;
  double window = 0;  // simulated time after the end of the input ramp (s)
  double tmax = 0;    // time-step ceiling (s)
  bool safe = false;  // retry settings: gear integration, tmax / 4
};

// What one simulation yields.
struct PointMeasure {
  double delay = 0, transition = 0, energy = 0, cin = 0;
  double settle_after_ramp = 0;  // end of the energy window minus end of the input ramp
};

enum class Outcome { Ok, NotSettled, Failed };

// The fitted tables of an arc edge (the Liberty tables), by their name in EdgeTables::fits, their
// field in PointMeasure and their table in EdgeTables. The input-charge capacitance table is not
// among them: it bends along the slew/transition diagonal (Miller charge) where no low-order
// surface follows it, and only its nominal point (always simulated) enters the library.
struct Quantity {
  const char* name;
  double PointMeasure::*field;
  std::vector<double> EdgeTables::*table;
};
constexpr Quantity kQuantities[] = {{"delay", &PointMeasure::delay, &EdgeTables::delay},
                                    {"transition", &PointMeasure::transition, &EdgeTables::transition},
                                    {"energy", &PointMeasure::energy, &EdgeTables::energy}};
constexpr size_t kNumQuantities = std::size(kQuantities);

// Sparse runs: points added per arc edge and round (one engine batch per round for all edges).
constexpr size_t kSparseNewPerRound = 4;

std::vector<double> column(const std::vector<PointMeasure>& m, double PointMeasure::*field) {
  std::vector<double> v;
  v.reserve(m.size());
  for (const PointMeasure& p : m) v.push_back(p.*field);
  return v;
}

sim::Edge to_sim(Edge e) { return e == Edge::Rise ? sim::Edge::Rise : sim::Edge::Fall; }

class Characterizer {
 public:
  Characterizer(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& params,
                const Options& opts, sim::Engine& engine, Diagnostics& diag, CellContext ctx)
      : tech_(tech), cell_(cell), params_(params), opts_(opts), engine_(engine), diag_(diag), ctx_(std::move(ctx)) {}

  std::optional<CellResult> run();

 private:
  double vdd() const { return ctx_.vdd; }
  double ramp_start(double ramp) const { return 5e-12 + 0.1 * ramp; }
  std::string edge_name(const EdgeSpec& e) const;
  std::string point_name(const EdgeSpec& e, size_t is, size_t il) const;
  sim::Job make_job(const EdgeSpec& e, const PointPlan& p) const;
  Outcome measure(const EdgeSpec& e, const PointPlan& p, const sim::Waveforms& w, PointMeasure& out,
                  std::string& why) const;
  bool run_points(std::vector<PointPlan> plans, std::vector<std::vector<PointMeasure>>& meas);
  bool choose_grid(CellResult& r);
  PointPlan plan_point(size_t edge, size_t is, size_t il, const std::vector<std::vector<PointMeasure>>& meas) const;
  bool run_dense(std::vector<std::vector<PointMeasure>>& meas);
  bool run_sparse(std::vector<std::vector<PointMeasure>>& meas);
  std::vector<PointPlan> sparse_round(const std::vector<std::vector<PointMeasure>>& meas);
  bool characterize_leakage(CellResult& r);
  void plan_edges(CellResult& r);
  bool fill_tables(CellResult& r, const std::vector<std::vector<PointMeasure>>& meas);
  bool fill_table(size_t edge, const Quantity& q, const std::vector<std::vector<PointMeasure>>& meas,
                  EdgeTables& t);
  void sanity_checks(CellResult& r) const;

  const tech::Technology& tech_;
  const netlist::CellDef& cell_;
  const netlist::ParamValues& params_;
  const Options& opts_;
  sim::Engine& engine_;
  Diagnostics& diag_;
  CellContext ctx_;
  std::vector<netlist::CombArc> arcs_;  // EdgeSpec points into these
  std::vector<double> slews_, loads_;
  std::vector<EdgeSpec> edges_;
  std::vector<std::vector<bool>> simulated_;  // per edge, per grid point (all true in a dense run)
  std::vector<std::array<HeldOut, kNumQuantities>> held_;  // sparse: last held-out check per edge
  Stats stats_;
};

std::string Characterizer::edge_name(const EdgeSpec& e) const {
  return fmt::format("{} {}->{} ({}) {} input", cell_.name, e.comb->input, e.comb->output,
                     e.state->when().empty() ? "no side inputs" : e.state->when(),
                     e.in_edge == Edge::Rise ? "rising" : "falling");
}

std::string Characterizer::point_name(const EdgeSpec& e, size_t is, size_t il) const {
  return fmt::format("{}, slew={} load={}", edge_name(e), units::format_eng(slews_[is], "s"),
                     units::format_eng(loads_[il], "F"));
}

sim::Job Characterizer::make_job(const EdgeSpec& e, const PointPlan& p) const {
  const double slew = slews_[p.is];
  const double ramp = opts_.slew.full_ramp(slew);
  const double t0 = ramp_start(ramp);
  const double v0 = e.in_edge == Edge::Rise ? 0.0 : vdd();
  Stimulus st;
  st.inputs[e.comb->input] = {{0.0, v0}, {t0, v0}, {t0 + ramp, vdd() - v0}};
  for (const auto& [pin, value] : e.state->side) st.inputs[pin] = {{0.0, value ? vdd() : 0.0}};
  // The arc's output carries the grid load; every other output the smallest load.
  for (const std::string& out : cell_.outputs()) st.loads[out] = loads_.front();
  st.loads[e.comb->output] = loads_[p.il];
  const double tmax = p.safe ? p.tmax / 4 : p.tmax;
  const double tstop = t0 + ramp + p.window;
  std::string analysis = p.safe ? ".options method=gear\n" : "";
  analysis += fmt::format(".tran {} {} 0 {}", units::format_number(tmax), units::format_number(tstop),
                          units::format_number(tmax));
  sim::Job job;
  job.name = point_name(e, p.is, p.il);
  job.deck = make_deck(ctx_, st, job.name, analysis);
  job.vectors = {voltage_vector(cell_, e.comb->input), voltage_vector(cell_, e.comb->output),
                 input_current_vector(e.comb->input)};
  for (const std::string& s : cell_.supply_pins()) job.vectors.push_back(supply_current_vector(s));
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  return job;
}

// Measures delay, transition, internal energy and input charge of one simulated point.
//   energy window: [t0, end of simulation], valid once the output has settled within
//   settle_fraction*VDD of its final rail and the supply current within 1 % of its excursion
//   (with a floor, see below) before the last 10 % of the window;
//   E_internal = VDD * Q_supply(window) - P_leak(final state) * (window) - C_load * VDD^2 / 2
//   (pin-based convention, subtraction on both output edges: docs/characterization.md).
Outcome Characterizer::measure(const EdgeSpec& e, const PointPlan& p, const sim::Waveforms& w, PointMeasure& out,
                               std::string& why) const {
  const double ramp = opts_.slew.full_ramp(slews_[p.is]);
  const double t0 = ramp_start(ramp);
  const auto* vin = w.find(voltage_vector(cell_, e.comb->input));
  const auto* vout = w.find(voltage_vector(cell_, e.comb->output));
  const auto* iin = w.find(input_current_vector(e.comb->input));
  if (vin == nullptr || vout == nullptr || iin == nullptr) {
    why = "a saved vector is missing";
    return Outcome::Failed;
  }
  const auto& t = w.scale;
  const double mid = opts_.delay_threshold_pct / 100 * vdd();
  const double lo = opts_.slew.lower_pct / 100 * vdd(), hi = opts_.slew.upper_pct / 100 * vdd();
  const auto tin = sim::cross(t, *vin, mid, to_sim(e.in_edge), 0.0);
  const auto tout = sim::cross(t, *vout, mid, to_sim(e.out_edge), t0);
  const bool rise = e.out_edge == Edge::Rise;
  const auto ta = sim::cross(t, *vout, rise ? lo : hi, to_sim(e.out_edge), t0);
  const auto tb = sim::cross(t, *vout, rise ? hi : lo, to_sim(e.out_edge), t0);
  if (!tin || !tout || !ta || !tb) {
    // The output never completed its edge in the window: either too short or a dead arc.
    why = fmt::format("output {} did not complete its {} edge by {}", e.comb->output, rise ? "rising" : "falling",
                      units::format_eng(t.back(), "s"));
    return Outcome::NotSettled;
  }
  out.delay = *tout - *tin;
  out.transition = *tb - *ta;
  // Total supply current (sum over supply pins; negative while delivering).
  std::vector<double> isup(t.size(), 0.0);
  for (const std::string& s : cell_.supply_pins()) {
    const auto* i = w.find(supply_current_vector(s));
    if (i == nullptr) {
      why = "supply current vector missing";
      return Outcome::Failed;
    }
    for (size_t k = 0; k < t.size(); ++k) isup[k] += (*i)[k];
  }
  EnergyResult er;
  const EnergyStatus es = internal_energy(
      {t, isup, *vout, vdd(), rise ? vdd() : 0.0, t0, *tout, t0 + ramp, loads_[p.il], opts_.settle_fraction}, er, why);
  if (es != EnergyStatus::Ok) return es == EnergyStatus::NotSettled ? Outcome::NotSettled : Outcome::Failed;
  out.energy = er.energy;
  out.settle_after_ramp = er.settle_time - (t0 + ramp);
  // Input capacitance from the charge the input source delivers DURING its ramp (the usual
  // definition; integrating to the settled state would give rise = fall by charge conservation).
  const auto q_in = sim::integral(t, *iin, t0, t0 + ramp);
  if (!q_in) {
    why = "empty input ramp window";
    return Outcome::Failed;
  }
  out.cin = std::fabs(*q_in) / vdd();
  return Outcome::Ok;
}

// Runs the planned points, extending windows that did not settle (x2, up to 8 times) and retrying
// failed points once with safer settings. Fills meas[edge][is * nl + il].
bool Characterizer::run_points(std::vector<PointPlan> plans,
                               std::vector<std::vector<PointMeasure>>& meas) {
  int extensions = 0;
  while (!plans.empty()) {
    std::vector<sim::Job> jobs;
    jobs.reserve(plans.size());
    for (const PointPlan& p : plans) jobs.push_back(make_job(edges_[p.edge], p));
    std::vector<sim::Result> results = engine_.run(jobs);
    stats_.simulations += static_cast<int>(jobs.size());
    std::vector<PointPlan> again;
    for (size_t k = 0; k < plans.size(); ++k) {
      const PointPlan& p = plans[k];
      const EdgeSpec& e = edges_[p.edge];
      if (results[k].from_cache) ++stats_.cache_hits;
      std::string why;
      Outcome o = Outcome::Failed;
      PointMeasure m;
      if (results[k].ok()) {
        o = measure(e, p, results[k].waves, m, why);
      } else {
        why = results[k].error;
        for (const std::string& line : results[k].log) why += "\n    ngspice: " + line;
      }
      if (o == Outcome::Ok) {
        meas[p.edge][p.is * loads_.size() + p.il] = m;
      } else if (o == Outcome::NotSettled && extensions < 8) {
        if (opts_.log) opts_.log(fmt::format("{}: {}; window x2", point_name(e, p.is, p.il), why));
        PointPlan longer = p;
        longer.window *= 2;
        again.push_back(longer);
      } else if (o == Outcome::Failed && !p.safe) {
        if (opts_.log) opts_.log(fmt::format("{}: {}; retrying with gear and tmax/4", point_name(e, p.is, p.il), why));
        PointPlan safer = p;
        safer.safe = true;
        ++stats_.retries;
        again.push_back(safer);
      } else {
        diag_.error("charz.point-failed", {}, fmt::format("{}: {}", point_name(e, p.is, p.il), why));
      }
    }
    if (diag_.has_errors()) return false;
    if (!again.empty()) ++extensions;
    plans = std::move(again);
  }
  return true;
}

// An automatic grid from the cell's own behaviour. Loads: the cell's own input capacitance
// (measured on its first arc) times fanouts 1, 2, 4, ... 64 (7 points; other sizes spread
// geometrically over the same FO1..FO64 range). Slews: geometric from half the output transition
// at FO1 to the output transition at FO64, measured on the cell itself driven by a moderate ramp.
bool Characterizer::choose_grid(CellResult& r) {
  slews_ = opts_.slews;
  loads_ = opts_.loads;
  if (slews_.empty() || loads_.empty()) {
    // Probe: first edge, a ramp of 10 ps index into a 1 fF load and a 64 fF load would be
    // technology-agnostic guesses; instead measure the input capacitance first with a small load.
    const std::vector<double> user_slews = slews_, user_loads = loads_;
    const double c_guess = 1e-15;
    slews_ = user_slews.empty() ? std::vector<double>{20e-12} : std::vector<double>{user_slews.front()};
    loads_ = {c_guess};
    std::vector<std::vector<PointMeasure>> m(edges_.size(), std::vector<PointMeasure>(1));
    if (!run_points({PointPlan{0, 0, 0, 200e-12, opts_.slew.full_ramp(slews_[0]) / kStepsPerEdge}}, m)) return false;
    const double cin = m[0][0].cin;
    if (!(cin > 0)) {
      diag_.error("charz.probe", {}, fmt::format("{}: measured input capacitance is not positive", cell_.name));
      return false;
    }
    const int n = std::max(opts_.grid_size, 2);
    auto geom = [n](double a, double b) {
      std::vector<double> v;
      for (int i = 0; i < n; ++i) v.push_back(a * std::pow(b / a, i / double(n - 1)));
      return v;
    };
    loads_ = user_loads.empty() ? geom(cin, 64 * cin) : user_loads;
    if (user_slews.empty()) {
      // Output transitions at the smallest and largest load, driven by a 20 ps index ramp.
      std::vector<std::vector<PointMeasure>> m2(edges_.size(), std::vector<PointMeasure>(loads_.size()));
      const double tmax = opts_.slew.full_ramp(slews_[0]) / kStepsPerEdge;
      if (!run_points({PointPlan{0, 0, 0, 200e-12, tmax}, PointPlan{0, 0, loads_.size() - 1, 400e-12, tmax}}, m2))
        return false;
      const double t_small = m2[0][0].transition, t_large = m2[0][loads_.size() - 1].transition;
      slews_ = geom(std::max(t_small / 2, 1e-13), std::max(t_large, t_small));
    } else {
      slews_ = user_slews;
    }
  }
  r.slews = slews_;
  r.loads = loads_;
  return true;
}

void Characterizer::plan_edges(CellResult& r) {
  arcs_ = cell_.arcs();
  for (size_t a = 0; a < arcs_.size(); ++a) {
    const netlist::CombArc& arc = arcs_[a];
    r.arcs.push_back({arc.input, arc.output, arc.sense, {}});
    // The default states first (the first edge also probes the automatic grid), then, for
    // internal power, every other sensitizing state in truth-table order.
    for (const auto& idx : {arc.default_positive, arc.default_negative}) {
      if (!idx) continue;
      const netlist::SensitizingState& st = arc.states[*idx];
      for (Edge in : {Edge::Rise, Edge::Fall}) edges_.push_back({a, &arc, &st, in, st.output_edge(in), true});
    }
    if (!opts_.all_states) continue;
    for (size_t k = 0; k < arc.states.size(); ++k) {
      if (k == arc.default_positive || k == arc.default_negative) continue;
      const netlist::SensitizingState& st = arc.states[k];
      for (Edge in : {Edge::Rise, Edge::Fall}) edges_.push_back({a, &arc, &st, in, st.output_edge(in), false});
    }
  }
}

// Leakage per input state from DC operating points: P = sum over supplies of VDD * I_supply.
bool Characterizer::characterize_leakage(CellResult& r) {
  const std::vector<std::string> inputs = cell_.logic_inputs();
  const size_t n = size_t{1} << inputs.size();
  std::vector<sim::Job> jobs;
  std::vector<std::string> whens;
  for (size_t code = 0; code < n; ++code) {
    Stimulus st;
    std::string when;
    for (size_t k = 0; k < inputs.size(); ++k) {
      const bool one = (code >> (inputs.size() - 1 - k)) & 1U;
      st.inputs[inputs[k]] = {{0.0, one ? vdd() : 0.0}};
      if (!when.empty()) when += "&";
      when += (one ? "" : "!") + inputs[k];
    }
    for (const std::string& out : cell_.outputs()) st.loads[out] = loads_.front();
    sim::Job job;
    job.name = fmt::format("{} leakage {}", cell_.name, when.empty() ? "(no inputs)" : when);
    job.deck = make_deck(ctx_, st, job.name, ".op");
    for (const std::string& s : cell_.supply_pins()) job.vectors.push_back(supply_current_vector(s));
    job.analysis = sim::Analysis::Op;
    jobs.push_back(std::move(job));
    whens.push_back(when);
  }
  std::vector<sim::Result> res = engine_.run(jobs);
  stats_.simulations += static_cast<int>(jobs.size());
  double sum = 0;
  for (size_t k = 0; k < res.size(); ++k) {
    if (res[k].from_cache) ++stats_.cache_hits;
    if (!res[k].ok()) {
      diag_.error("charz.point-failed", {}, jobs[k].name + ": " + res[k].error);
      return false;
    }
    double p = 0;
    for (const std::string& s : cell_.supply_pins()) {
      const auto* i = res[k].waves.find(supply_current_vector(s));
      if (i == nullptr || i->empty()) {
        diag_.error("charz.point-failed", {}, jobs[k].name + ": no supply current in the operating point");
        return false;
      }
      p += -vdd() * i->back();
    }
    r.leakage.push_back({whens[k], p});
    sum += p;
  }
  r.leakage_average = sum / static_cast<double>(n);
  return true;
}

// One table of an arc edge: the simulated values, in a sparse run the rest filled from the fit to
// the simulated points, and the fit report (residual at the simulated points; held-out errors).
bool Characterizer::fill_table(size_t edge, const Quantity& q, const std::vector<std::vector<PointMeasure>>& meas,
                               EdgeTables& t) {
  const Grid g{slews_, loads_};
  std::vector<double>& values = t.*q.table;
  values = column(meas[edge], q.field);
  const std::vector<bool>& sim = simulated_[edge];
  std::optional<SurfaceFit> fit = fill_from_fit(g, values, sim);
  const bool complete = std::all_of(sim.begin(), sim.end(), [](bool b) { return b; });
  if (!fit && !complete) {
    diag_.error("charz.sparse-fit", {},
                fmt::format("{}: {} table: the fit to the simulated points is rank-deficient",
                            edge_name(edges_[edge]), q.name));
    return false;
  }
  if (!fit) return true;  // a dense table the basis cannot describe: no fit report
  std::vector<Sample> samples;
  const size_t nl = loads_.size();
  for (size_t k = 0; k < values.size(); ++k)
    if (sim[k]) samples.push_back({slews_[k / nl], loads_[k % nl], values[k]});
  const double scale = error_scale(samples);
  EdgeTables::FitReport rep{fit->terms(), fit->max_error(samples, scale), fit->rms_error(samples, scale)};
  if (opts_.sparse) {
    const HeldOut& h = held_[edge][static_cast<size_t>(&q - kQuantities)];
    rep.held_out_points = h.points;
    rep.held_out_max_error = h.max;
    rep.held_out_rms_error = h.rms;
    rep.fill_spread = h.max_spread;
  }
  t.fits[q.name] = rep;
  return true;
}

// Stores the measurements as tables (sparse: filled from the verified fit where not simulated)
// and derives the input pin capacitances from the nominal point (middle slew, smallest load) of
// each input edge, which every run simulates.
bool Characterizer::fill_tables(CellResult& r, const std::vector<std::vector<PointMeasure>>& meas) {
  const size_t nl = loads_.size();
  std::map<std::string, std::vector<double>> cap_rise, cap_fall;
  for (size_t k = 0; k < edges_.size(); ++k) {
    const EdgeSpec& e = edges_[k];
    EdgeTables t;
    t.input_edge = e.in_edge;
    t.output_edge = e.out_edge;
    t.when = e.state->when();
    t.default_state = e.default_state;
    t.simulated = simulated_[k];
    for (const Quantity& q : kQuantities)
      if (!fill_table(k, q, meas, t)) return false;
    t.input_charge_cap = column(meas[k], &PointMeasure::cin);
    for (size_t p = 0; p < t.simulated.size(); ++p)
      if (!t.simulated[p]) t.input_charge_cap[p] = std::numeric_limits<double>::quiet_NaN();  // not measured
    stats_.saved_by_sparse += static_cast<int>(std::count(t.simulated.begin(), t.simulated.end(), false));
    const double c_nom = t.input_charge_cap[(slews_.size() / 2) * nl];
    // Pin capacitance from the default states only, like the timing tables it loads.
    if (e.default_state) (e.in_edge == Edge::Rise ? cap_rise : cap_fall)[e.comb->input].push_back(c_nom);
    r.arcs[e.arc].edges.push_back(std::move(t));
  }
  auto mean = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return v.empty() ? 0.0 : s / static_cast<double>(v.size());
  };
  for (const std::string& pin : cell_.logic_inputs()) {
    if (!cap_rise.count(pin) || !cap_fall.count(pin)) continue;
    r.pin_caps[pin] = {mean(cap_rise[pin]), mean(cap_fall[pin])};
  }
  return true;
}

// Warnings that never change a number: delay monotonic in load, rise+fall energy positive,
// input capacitance within physical bounds of the gate area.
void Characterizer::sanity_checks(CellResult& r) const {
  const size_t nl = loads_.size();
  for (const ArcResult& a : r.arcs) {
    for (const EdgeTables& t : a.edges) {
      for (size_t is = 0; is < slews_.size(); ++is)
        for (size_t il = 1; il < nl; ++il)
          if (t.delay[is * nl + il] < t.delay[is * nl + il - 1])
            r.warnings.push_back(fmt::format("{}->{} {}: delay decreases with load at slew {}", a.input, a.output,
                                             t.input_edge == Edge::Rise ? "rise" : "fall",
                                             units::format_eng(slews_[is], "s")));
    }
    for (size_t k = 0; k + 1 < a.edges.size(); k += 2) {
      for (size_t p = 0; p < a.edges[k].energy.size(); ++p)
        if (a.edges[k].energy[p] + a.edges[k + 1].energy[p] <= 0) {
          r.warnings.push_back(fmt::format("{}->{}: rise + fall internal energy not positive", a.input, a.output));
          break;
        }
    }
  }
  // Upper bound of a pin's capacitance: the gate capacitance of ALL the cell's transistors,
  // Cox * sum(W*L) with Cox = 3.9*eps0/toxe (NMOS oxide), times 3 for overlap, fringe and Miller
  // doubling. A single pin above that (or not positive) is unphysical.
  const double cox = 3.9 * 8.8541878128e-12 / tech_.si("bsim4.nmos.toxe");
  double gate_area = 0;
  for (const netlist::TransistorGroup& g : cell_.transistors) {
    auto w = params_.find(g.w);
    auto l = params_.find(g.l);
    const bool p = g.model == "pmos";
    gate_area += g.count * (w != params_.end() ? w->second : 1.0) * tech_.si(p ? "device.wmin_p" : "device.wmin_n") *
                 (l != params_.end() ? l->second : 1.0) * tech_.si(p ? "device.lmin_p" : "device.lmin_n");
  }
  const double bound = 3 * cox * gate_area;
  if (gate_area <= 0) return;  // no transistors (ideal-element cells): no bound to check against
  for (const auto& [pin, c] : r.pin_caps) {
    if (!(c.rise > 0) || !(c.fall > 0) || c.rise > bound || c.fall > bound)
      r.warnings.push_back(fmt::format("pin {}: input capacitance {} / {} outside (0, {}] (3 x Cox x gate area)", pin,
                                       units::format_eng(c.rise, "F"), units::format_eng(c.fall, "F"),
                                       units::format_eng(bound, "F")));
  }
}

// Window and step of a non-corner point: interpolated in load between the two corners (x1.5).
PointPlan Characterizer::plan_point(size_t edge, size_t is, size_t il,
                                    const std::vector<std::vector<PointMeasure>>& meas) const {
  const size_t ns = slews_.size(), nl = loads_.size();
  const PointMeasure& a = meas[edge][0];
  const PointMeasure& b = meas[edge][(ns - 1) * nl + nl - 1];
  const double f = nl > 1 ? (loads_[il] - loads_[0]) / (loads_[nl - 1] - loads_[0]) : 0.0;
  const double settle = a.settle_after_ramp + f * (b.settle_after_ramp - a.settle_after_ramp);
  const double trans = a.transition + f * (b.transition - a.transition);
  const double ramp = opts_.slew.full_ramp(slews_[is]);
  return {edge, is, il, 1.5 * std::max(settle, a.settle_after_ramp) + 10e-12,
          std::max(std::min(ramp, trans) / kStepsPerEdge, 1e-14)};
}

bool Characterizer::run_dense(std::vector<std::vector<PointMeasure>>& meas) {
  std::vector<PointPlan> rest;
  for (size_t k = 0; k < edges_.size(); ++k) {
    for (size_t p = 0; p < simulated_[k].size(); ++p) {
      if (simulated_[k][p]) continue;
      rest.push_back(plan_point(k, p / loads_.size(), p % loads_.size(), meas));
      simulated_[k][p] = true;
    }
  }
  return run_points(rest, meas);
}

// The sparse selection loop (charz/sparse.h): the initial subset of every arc edge, then rounds
// of held-out checks adding points where a table misses the tolerance, one engine batch per round.
bool Characterizer::run_sparse(std::vector<std::vector<PointMeasure>>& meas) {
  const Grid g{slews_, loads_};
  std::vector<size_t> initial = sparse_initial(g);
  initial.push_back(g.size() - loads_.size());  // the other two corners
  initial.push_back(loads_.size() - 1);
  initial.push_back((slews_.size() / 2) * loads_.size());  // nominal point of the pin capacitance
  held_.assign(edges_.size(), {});
  std::vector<PointPlan> plans;
  for (size_t k = 0; k < edges_.size(); ++k) {
    for (size_t p : initial) {
      if (simulated_[k][p]) continue;
      plans.push_back(plan_point(k, p / loads_.size(), p % loads_.size(), meas));
      simulated_[k][p] = true;
    }
  }
  while (!plans.empty()) {
    if (!run_points(plans, meas)) return false;
    plans = sparse_round(meas);
  }
  return true;
}

// One round: held-out check of every table of every arc edge, and the points to add.
std::vector<PointPlan> Characterizer::sparse_round(const std::vector<std::vector<PointMeasure>>& meas) {
  const Grid g{slews_, loads_};
  std::vector<PointPlan> plans;
  for (size_t k = 0; k < edges_.size(); ++k) {
    for (size_t q = 0; q < kNumQuantities; ++q)
      held_[k][q] = held_out_error(g, column(meas[k], kQuantities[q].field), simulated_[k]);
    const std::vector<size_t> next =
        sparse_next(g, simulated_[k], held_[k], opts_.sparse_tolerance, kSparseNewPerRound);
    if (!next.empty() && opts_.log) {
      std::string errs;
      for (size_t q = 0; q < kNumQuantities; ++q)
        errs += fmt::format(" {} {:.3g} %", kQuantities[q].name, 100 * held_[k][q].max);
      opts_.log(fmt::format("{}: held-out error{}; simulating {} more point(s)", edge_name(edges_[k]), errs,
                            next.size()));
    }
    for (size_t p : next) {
      plans.push_back(plan_point(k, p / loads_.size(), p % loads_.size(), meas));
      simulated_[k][p] = true;
    }
  }
  return plans;
}

std::optional<CellResult> Characterizer::run() {
  const auto start = std::chrono::steady_clock::now();
  CellResult r;
  r.cell = cell_.name;
  r.tech = tech_.name();
  r.vdd = ctx_.vdd;
  r.temperature = ctx_.temperature;
  plan_edges(r);
  if (edges_.empty()) {
    diag_.error("charz.no-arcs", SourceLoc::at(cell_.file), fmt::format("cell {} has no timing arcs", cell_.name));
    return std::nullopt;
  }
  if (!choose_grid(r)) return std::nullopt;
  const size_t ns = slews_.size(), nl = loads_.size();
  std::vector<std::vector<PointMeasure>> meas(edges_.size(), std::vector<PointMeasure>(ns * nl));
  // 1. Corner points with a generous window: they calibrate the window and step of the rest.
  std::vector<PointPlan> corners;
  simulated_.assign(edges_.size(), std::vector<bool>(ns * nl, false));
  for (size_t k = 0; k < edges_.size(); ++k) {
    for (auto [is, il] : {std::pair<size_t, size_t>{0, 0}, {ns - 1, nl - 1}}) {
      const double ramp = opts_.slew.full_ramp(slews_[is]);
      corners.push_back({k, is, il, std::max(100e-12, 2 * ramp), ramp / kStepsPerEdge});
      simulated_[k][is * nl + il] = true;
    }
  }
  if (!run_points(corners, meas)) return std::nullopt;
  // 2. The other points, all of them or a verified subset.
  if (!(opts_.sparse ? run_sparse(meas) : run_dense(meas))) return std::nullopt;
  if (!characterize_leakage(r)) return std::nullopt;
  if (!fill_tables(r, meas)) return std::nullopt;
  r.area = cmos_cell_area(tech_, cell_, params_, 0);
  sanity_checks(r);
  stats_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.stats = stats_;
  return r;
}

}  // namespace

std::optional<CellResult> characterize_combinational(const tech::Technology& tech, const netlist::CellDef& cell,
                                                     const netlist::ParamValues& params, const Options& opts,
                                                     sim::Engine& engine, Diagnostics& diag) {
  const double vdd = opts.vdd.value_or(tech.vdd());
  const double temp = opts.temperature.value_or(tech.temperature());
  auto ctx = CellContext::make(tech, cell, params, vdd, temp, diag);
  if (!ctx) return std::nullopt;
  Characterizer c(tech, cell, params, opts, engine, diag, std::move(*ctx));
  return c.run();
}

}  // namespace rtmchar::charz
