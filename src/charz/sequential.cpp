#include "charz/sequential.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fmt/format.h>

#include "charz/area.h"
#include "charz/energy.h"
#include "charz/library.h"
#include "charz/testbench.h"
#include "sim/measure.h"
#include "util/units.h"

namespace rtmchar::charz {
namespace {

using netlist::Edge;

// One capture experiment (docs/sequential.md): the cell is loaded with !captured by a first
// clock edge, the data pin moves to `captured` and the measured clock edge samples it.
//   kind Setup: the data edge (50 %) comes `offset` before the measured clock edge (50 %);
//   kind Hold:  the data edge comes early (long setup) and returns to !captured `offset` after it.
// A clock-to-output point is a Setup capture with offset = phase / 2 (long setup).
struct Capture {
  ConstraintKind kind = ConstraintKind::Setup;
  bool captured = true;
  double clock_slew = 0, data_slew = 0, load = 0, offset = 0;
  size_t output = 0;     // index into outputs_: the output that carries `load` and is measured
  double phase = 0;      // half clock period of the stimulus (s)
  bool energy = false;   // measure the internal energy of the measured clock edge
  std::string name;
};

struct CaptureMeasure {
  bool pre_ok = false;   // the output held the initial state before the measured edge
  bool correct = false;  // the output settled at the captured value
  double delay = 0, transition = 0, energy = 0;
};

enum class Outcome { Ok, NotSettled, Failed };

// Times of the stimulus, all derived from the phase P (docs/sequential.md, "Stimulus").
struct Timeline {
  double t0 = 0;   // start of the preparatory clock edge
  double tc = 0;   // start of the measured clock edge
  double tc50 = 0; // its 50 % point
};

class SeqChar {
 public:
  SeqChar(const tech::Technology& tech, const netlist::CellDef& cell, const netlist::ParamValues& params,
          const Options& opts, const SequentialOptions& seq, sim::Engine& engine, Diagnostics& diag, CellContext ctx)
      : tech_(tech), cell_(cell), params_(params), opts_(opts), seq_(seq), engine_(engine), diag_(diag),
        ctx_(std::move(ctx)) {}

  bool check_cell();
  std::optional<SequentialResult> run();
  std::optional<CaptureOutcome> probe(ConstraintKind kind, bool captured, double cs, double ds, double offset);

 private:
  double vdd() const { return ctx_.vdd; }
  double prep_ramp() const { return opts_.slew.full_ramp(prep_slew_); }
  bool out_value(size_t o, bool state) const;
  Timeline timeline(const Capture& c) const;
  sim::Job make_job(const Capture& c) const;
  double data_gap(const Capture& c) const;
  Outcome measure(const Capture& c, const sim::Waveforms& w, CaptureMeasure& m, std::string& why) const;
  bool run_captures(std::vector<Capture>& caps, std::vector<CaptureMeasure>& out);
  std::vector<sim::Result> run_jobs(const std::vector<sim::Job>& jobs);
  bool pin_capacitances(SequentialResult& r, double slew);
  bool choose_grid(SequentialResult& r);
  bool clock_arcs(SequentialResult& r);
  bool constraints(SequentialResult& r);
  bool leakage(SequentialResult& r);
  // Time-step ceiling: 1/20 of the measured edges' ramps (the PWL corners are breakpoints, and
  // ngspice's truncation-error control refines the step on every edge).
  double tmax(double a, double b) const { return std::max(std::min(a, b) / kStepsPerEdge, 1e-14); }

  const tech::Technology& tech_;
  const netlist::CellDef& cell_;
  const netlist::ParamValues& params_;
  const Options& opts_;
  const SequentialOptions& seq_;
  sim::Engine& engine_;
  Diagnostics& diag_;
  CellContext ctx_;
  std::string clock_, data_;
  std::vector<std::string> outputs_;
  std::vector<std::string> state_vars_;  // {IQ, IQN} (IQN may be absent)
  std::vector<double> slews_, loads_;
  double prep_slew_ = 20e-12;  // slew index of the preparatory edges
  double phase_ = 200e-12;
  Stats stats_;
};

// The cell must be a positive-edge flip-flop with one data input; outputs are functions of the
// state variables only (Q = IQ, QN = IQN).
bool SeqChar::check_cell() {
  auto unsupported = [&](const std::string& why) {
    diag_.error("charz.unsupported", SourceLoc::at(cell_.file), fmt::format("cell {}: {}", cell_.name, why));
    return false;
  };
  if (cell_.kind != netlist::CellKind::FlipFlop) return unsupported("not a flip-flop");
  if (cell_.states.size() != 1 || cell_.states[0].type != netlist::StateElement::Type::FlipFlop)
    return unsupported("needs exactly one ff state element");
  const netlist::StateElement& st = cell_.states[0];
  const std::vector<std::string> clocks = cell_.pins_where(netlist::PinRole::Clock);
  if (clocks.size() != 1) return unsupported("needs exactly one clock pin");
  clock_ = clocks[0];
  if (!st.clock || st.clock->str() != clock_)
    return unsupported(fmt::format("clocked_on must be the clock pin {} (rising edge)", clock_));
  for (const std::string& in : cell_.logic_inputs())
    if (in != clock_) {
      if (!data_.empty()) return unsupported("more than one data input");
      data_ = in;
    }
  if (data_.empty() || !st.data || st.data->str() != data_)
    return unsupported("next_state must be the single data pin");
  state_vars_ = {st.var};
  if (!st.var_inverted.empty()) state_vars_.push_back(st.var_inverted);
  outputs_ = cell_.outputs();
  if (outputs_.empty()) return unsupported("no outputs");
  for (size_t k = 0; k < outputs_.size(); ++k) {
    const std::string& o = outputs_[k];
    const netlist::Pin* p = cell_.pin(o);
    if (p == nullptr || !p->function) return unsupported(fmt::format("output {} has no function", o));
    for (const std::string& v : p->function->variables())
      if (std::find(state_vars_.begin(), state_vars_.end(), v) == state_vars_.end())
        return unsupported(fmt::format("output {} depends on {}, not only on the state", o, v));
    if (out_value(k, false) == out_value(k, true))
      return unsupported(fmt::format("output {} does not depend on the state", o));
  }
  return true;
}

// Output o's value when the flip-flop stores `state` (IQ = state, IQN = !state).
bool SeqChar::out_value(size_t o, bool state) const {
  const netlist::Pin* p = cell_.pin(outputs_[o]);
  const std::uint64_t assignment = state ? 1U : 2U;  // bit 0: IQ, bit 1: IQN
  return p->function->eval(state_vars_.size() == 2 ? state_vars_ : std::vector<std::string>{state_vars_[0], ""},
                           assignment);
}

Timeline SeqChar::timeline(const Capture& c) const {
  Timeline t;
  t.t0 = c.phase / 4;
  t.tc = t.t0 + 2 * c.phase;
  t.tc50 = t.tc + opts_.slew.full_ramp(c.clock_slew) / 2;
  return t;
}

std::string bit(bool b) { return b ? "1" : "0"; }

// Time between consecutive events of the data stimulus that must stay in order: Setup: from the
// end of the preparatory clock's fall to the start of the data edge; Hold: from the end of the
// first data edge to the start of the return edge (and the first data edge after the clock's
// fall). Must be positive.
double SeqChar::data_gap(const Capture& c) const {
  const Timeline tl = timeline(c);
  const double rd = opts_.slew.full_ramp(c.data_slew);
  if (c.kind == ConstraintKind::Setup) return (tl.tc50 - c.offset - rd / 2) - (tl.t0 + c.phase + prep_ramp());
  return std::min((tl.tc50 + c.offset - rd / 2) - (tl.t0 + 1.25 * c.phase + rd / 2),
                  (tl.t0 + 1.25 * c.phase - rd / 2) - (tl.t0 + c.phase + prep_ramp()));
}

// Clock: preparatory rising edge at t0 (loads !captured), falls at t0 + P, measured rising edge at
// t0 + 2P. Data: !captured, then `captured` (Setup: `offset` before the measured clock's 50 %;
// Hold: at t0 + 1.25 P, returning to !captured `offset` after the clock's 50 %).
sim::Job SeqChar::make_job(const Capture& c) const {
  const Timeline tl = timeline(c);
  const double rf = prep_ramp(), rc = opts_.slew.full_ramp(c.clock_slew), rd = opts_.slew.full_ramp(c.data_slew);
  const double va = c.captured ? 0.0 : vdd(), vb = vdd() - va;
  Stimulus st;
  st.inputs[clock_] = {{0.0, 0.0}, {tl.t0, 0.0}, {tl.t0 + rf, vdd()}, {tl.t0 + c.phase, vdd()},
                       {tl.t0 + c.phase + rf, 0.0}, {tl.tc, 0.0}, {tl.tc + rc, vdd()}};
  if (c.kind == ConstraintKind::Setup) {
    const double td = tl.tc50 - c.offset;
    st.inputs[data_] = {{0.0, va}, {td - rd / 2, va}, {td + rd / 2, vb}};
  } else {
    const double td1 = tl.t0 + 1.25 * c.phase, td2 = tl.tc50 + c.offset;
    st.inputs[data_] = {{0.0, va}, {td1 - rd / 2, va}, {td1 + rd / 2, vb}, {td2 - rd / 2, vb}, {td2 + rd / 2, va}};
  }
  for (size_t o = 0; o < outputs_.size(); ++o) st.loads[outputs_[o]] = o == c.output ? c.load : loads_.front();
  const double tstop = tl.tc50 + std::max(c.offset, 0.0) + rd + c.phase;
  const double step = tmax(rc, rd);
  sim::Job job;
  job.name = c.name;
  job.deck = make_deck(ctx_, st, c.name,
                       fmt::format(".tran {} {} 0 {}", units::format_number(step), units::format_number(tstop),
                                   units::format_number(step)));
  job.vectors = {voltage_vector(cell_, clock_), voltage_vector(cell_, outputs_[c.output])};
  for (const std::string& s : cell_.supply_pins()) job.vectors.push_back(supply_current_vector(s));
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  return job;
}

// pre_ok: the output is within 5 % VDD of its initial value at the start of the measured edge.
// correct: the last sample is within 10 % VDD of the captured value and the output crossed 50 %
// toward it after the clock; delay from the first such crossing. With c.energy the internal
// energy of the edge is measured as in the combinational core (docs/characterization.md):
//   E = VDD * Q_supply[tc, t_end] - P_leak * (t_end - tc) - C_load * VDD^2 / 2.
Outcome SeqChar::measure(const Capture& c, const sim::Waveforms& w, CaptureMeasure& m, std::string& why) const {
  const Timeline tl = timeline(c);
  const auto* vq = w.find(voltage_vector(cell_, outputs_[c.output]));
  if (vq == nullptr) {
    why = "a saved vector is missing";
    return Outcome::Failed;
  }
  const auto& t = w.scale;
  const double from = out_value(c.output, !c.captured) ? vdd() : 0.0;
  const double to = vdd() - from;
  const auto v_pre = sim::value_at(t, *vq, tl.tc);
  m.pre_ok = v_pre && std::fabs(*v_pre - from) <= 0.05 * vdd();
  if (!m.pre_ok) {
    why = fmt::format("output {} had not settled at its initial value before the measured clock edge",
                      outputs_[c.output]);
    return Outcome::NotSettled;
  }
  const bool rise = to > from;
  const sim::Edge dir = rise ? sim::Edge::Rise : sim::Edge::Fall;
  const double mid = opts_.delay_threshold_pct / 100 * vdd();
  const auto tq = sim::cross(t, *vq, mid, dir, tl.tc);
  m.correct = tq && std::fabs(vq->back() - to) <= 0.1 * vdd();
  if (!m.correct) return Outcome::Ok;
  m.delay = *tq - tl.tc50;
  const double lo = opts_.slew.lower_pct / 100 * vdd(), hi = opts_.slew.upper_pct / 100 * vdd();
  const auto ta = sim::cross(t, *vq, rise ? lo : hi, dir, tl.tc);
  const auto tb = sim::cross(t, *vq, rise ? hi : lo, dir, tl.tc);
  if (!ta || !tb) {
    why = "output slew thresholds not crossed";
    return Outcome::NotSettled;
  }
  m.transition = *tb - *ta;
  if (!c.energy) return Outcome::Ok;
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
  const EnergyStatus es = internal_energy({t, isup, *vq, vdd(), to, tl.tc, *tq, tl.tc + opts_.slew.full_ramp(c.clock_slew),
                                           c.load, opts_.settle_fraction},
                                          er, why);
  if (es != EnergyStatus::Ok) return es == EnergyStatus::NotSettled ? Outcome::NotSettled : Outcome::Failed;
  m.energy = er.energy;
  return Outcome::Ok;
}

std::vector<sim::Result> SeqChar::run_jobs(const std::vector<sim::Job>& jobs) {
  std::vector<sim::Result> res = engine_.run(jobs);
  stats_.simulations += static_cast<int>(jobs.size());
  for (const sim::Result& r : res)
    if (r.from_cache) ++stats_.cache_hits;
  return res;
}

// Runs the captures in one batch; a capture whose window was too short (initial state not reached
// or output not settled) is rerun with twice the phase, up to 6 times. out[k] belongs to caps[k];
// caps[k].phase holds the phase that finally worked.
bool SeqChar::run_captures(std::vector<Capture>& caps, std::vector<CaptureMeasure>& out) {
  out.assign(caps.size(), {});
  std::vector<size_t> todo(caps.size());
  for (size_t k = 0; k < caps.size(); ++k) todo[k] = k;
  for (int round = 0; !todo.empty(); ++round) {
    std::vector<sim::Job> jobs;
    for (size_t k : todo) {
      // Long ramps and far bracket offsets need a longer phase for the data edges to stay in
      // order (after the preparatory clock's fall, the hold return after the first data edge).
      while (data_gap(caps[k]) <= 0 && caps[k].phase < 1e-3) caps[k].phase *= 2;
      jobs.push_back(make_job(caps[k]));
    }
    std::vector<sim::Result> res = run_jobs(jobs);
    std::vector<size_t> again;
    for (size_t j = 0; j < todo.size(); ++j) {
      Capture& c = caps[todo[j]];
      std::string why;
      Outcome o = Outcome::Failed;
      if (res[j].ok()) {
        o = measure(c, res[j].waves, out[todo[j]], why);
      } else {
        why = res[j].error;
        for (const std::string& line : res[j].log) why += "\n    ngspice: " + line;
      }
      if (o == Outcome::NotSettled && round < 6) {
        c.phase *= 2;
        again.push_back(todo[j]);
      } else if (o != Outcome::Ok) {
        diag_.error("charz.point-failed", {}, fmt::format("{}: {}", c.name, why));
      }
    }
    if (diag_.has_errors()) return false;
    todo = std::move(again);
  }
  return true;
}

// Input capacitance of each logic input from the charge its source delivers during a rising and
// a falling ramp (C = |Q| / VDD), the other input at 0 (D: clock low, master transparent; CLK:
// data low).
bool SeqChar::pin_capacitances(SequentialResult& r, double slew) {
  const double ramp = opts_.slew.full_ramp(slew);
  const double t0 = phase_ / 4, t1 = t0 + phase_;
  std::vector<sim::Job> jobs;
  for (const std::string& pin : {data_, clock_}) {
    Stimulus st;
    st.inputs[data_] = {{0.0, 0.0}};
    st.inputs[clock_] = {{0.0, 0.0}};
    st.inputs[pin] = {{0.0, 0.0}, {t0, 0.0}, {t0 + ramp, vdd()}, {t1, vdd()}, {t1 + ramp, 0.0}};
    for (const std::string& o : outputs_) st.loads[o] = 1e-15;
    const double tstop = t1 + ramp + phase_;
    const double step = std::max(ramp / kStepsPerEdge, 1e-14);
    sim::Job job;
    job.name = fmt::format("{} input capacitance of {} (slew {})", cell_.name, pin, units::format_eng(slew, "s"));
    job.deck = make_deck(ctx_, st, job.name,
                         fmt::format(".tran {} {} 0 {}", units::format_number(step), units::format_number(tstop),
                                     units::format_number(step)));
    job.vectors = {input_current_vector(pin)};
    job.analysis = sim::Analysis::Tran;
    job.tstop = tstop;
    jobs.push_back(std::move(job));
  }
  std::vector<sim::Result> res = run_jobs(jobs);
  for (size_t k = 0; k < jobs.size(); ++k) {
    const std::string& pin = k == 0 ? data_ : clock_;
    const auto* i = res[k].ok() ? res[k].waves.find(input_current_vector(pin)) : nullptr;
    const auto qr = i ? sim::integral(res[k].waves.scale, *i, t0, t0 + ramp) : std::nullopt;
    const auto qf = i ? sim::integral(res[k].waves.scale, *i, t1, t1 + ramp) : std::nullopt;
    if (!qr || !qf || !(std::fabs(*qr) > 0) || !(std::fabs(*qf) > 0)) {
      diag_.error("charz.point-failed", {}, fmt::format("{}: {}", jobs[k].name, res[k].ok() ? "no input charge" : res[k].error));
      return false;
    }
    r.pin_caps[pin] = {std::fabs(*qr) / vdd(), std::fabs(*qf) / vdd()};
  }
  return true;
}

std::vector<double> geometric(double a, double b, int n) {
  std::vector<double> v;
  if (n < 2 || !(b > a)) return {a};
  for (int i = 0; i < n; ++i) v.push_back(a * std::pow(b / a, i / double(n - 1)));
  return v;
}

// The clock-to-output grid as in the combinational core: loads FO1..FO64 of the data pin's
// capacitance, clock slews from half the output transition at FO1 to the transition at FO64
// (measured with a 20 ps clock slew). Constraint axes: constraint_grid_size points spread
// geometrically over the clock-slew range.
bool SeqChar::choose_grid(SequentialResult& r) {
  slews_ = opts_.slews;
  loads_ = opts_.loads;
  const int n = std::max(opts_.grid_size, 2);
  if (!pin_capacitances(r, slews_.empty() ? prep_slew_ : slews_[slews_.size() / 2])) return false;
  if (loads_.empty()) loads_ = geometric(r.pin_caps[data_].rise, 64 * r.pin_caps[data_].rise, n);
  if (slews_.empty()) {
    std::vector<Capture> probes;
    for (size_t il : {size_t{0}, loads_.size() - 1})
      probes.push_back({ConstraintKind::Setup, true, prep_slew_, prep_slew_, loads_[il], phase_ / 2, 0, phase_,
                        false, fmt::format("{} grid probe CLK->{} load {}", cell_.name, outputs_[0],
                                           units::format_eng(loads_[il], "F"))});
    for (Capture& c : probes) c.offset = c.phase / 2;
    std::vector<CaptureMeasure> m;
    if (!run_captures(probes, m)) return false;
    if (!m[0].correct || !m[1].correct) {
      diag_.error("charz.point-failed", {}, fmt::format("{}: grid probe did not capture the data", cell_.name));
      return false;
    }
    slews_ = geometric(std::max(m[0].transition / 2, 1e-13), std::max(m[1].transition, m[0].transition), n);
  }
  r.slews = slews_;
  r.loads = loads_;
  const int nc = std::max(seq_.constraint_grid_size, 1);
  r.constraint_clock_slews = seq_.constraint_clock_slews.empty() ? geometric(slews_.front(), slews_.back(), nc)
                                                                 : seq_.constraint_clock_slews;
  r.constraint_data_slews = seq_.constraint_data_slews.empty() ? geometric(slews_.front(), slews_.back(), nc)
                                                               : seq_.constraint_data_slews;
  // Phase: long enough for every ramp and the bisection brackets; doubled per point if the output
  // had not settled (run_captures).
  double max_ramp = opts_.slew.full_ramp(slews_.back());
  for (double s : r.constraint_clock_slews) max_ramp = std::max(max_ramp, opts_.slew.full_ramp(s));
  for (double s : r.constraint_data_slews) max_ramp = std::max(max_ramp, opts_.slew.full_ramp(s));
  phase_ = std::max(phase_, 3 * max_ramp + 100e-12);
  return true;
}

bool SeqChar::clock_arcs(SequentialResult& r) {
  const size_t ns = slews_.size(), nl = loads_.size();
  std::vector<Capture> caps;
  for (size_t o = 0; o < outputs_.size(); ++o)
    for (bool b : {true, false})
      for (size_t is = 0; is < ns; ++is)
        for (size_t il = 0; il < nl; ++il) {
          Capture c{ConstraintKind::Setup, b, slews_[is], prep_slew_, loads_[il], phase_ / 2, o, phase_, true, ""};
          c.name = fmt::format("{} {}->{} {} (captures {}), clock slew={} load={}", cell_.name, clock_, outputs_[o],
                               out_value(o, b) ? "rise" : "fall", bit(b), units::format_eng(slews_[is], "s"),
                               units::format_eng(loads_[il], "F"));
          caps.push_back(std::move(c));
        }
  std::vector<CaptureMeasure> m;
  if (!run_captures(caps, m)) return false;
  for (size_t k = 0; k < caps.size(); ++k)
    if (!m[k].correct) {
      diag_.error("charz.point-failed", {}, caps[k].name + ": the output did not take the captured value");
      return false;
    }
  for (size_t o = 0; o < outputs_.size(); ++o)
    for (bool b : {true, false}) {
      ClockArcTables t;
      t.output = outputs_[o];
      t.output_edge = out_value(o, b) ? Edge::Rise : Edge::Fall;
      const size_t base = (o * 2 + (b ? 0 : 1)) * ns * nl;
      for (size_t k = 0; k < ns * nl; ++k) {
        t.delay.push_back(m[base + k].delay);
        t.transition.push_back(m[base + k].transition);
        t.energy.push_back(m[base + k].energy);
      }
      r.clock_arcs.push_back(std::move(t));
    }
  return true;
}

// Setup and hold by bisection on the offset, all grid points of one iteration in one batch.
// Bracket: pass at +P/2 (long setup / late return), fail at -(clock ramp + data ramp + 2 x the
// reference clock-to-Q) (the data edge well after the clock for setup, well before for hold).
bool SeqChar::constraints(SequentialResult& r) {
  const auto& cs = r.constraint_clock_slews;
  const auto& ds = r.constraint_data_slews;
  // References: long-setup clock-to-Q at each clock slew, smallest load, per captured value.
  std::vector<Capture> refs;
  for (bool b : {false, true})
    for (double s : cs)
      refs.push_back({ConstraintKind::Setup, b, s, ds.front(), loads_.front(), phase_ / 2, 0, phase_, false,
                      fmt::format("{} reference CLK->{} (captures {}), clock slew={}", cell_.name, outputs_[0], bit(b),
                                  units::format_eng(s, "s"))});
  std::vector<CaptureMeasure> rm;
  if (!run_captures(refs, rm)) return false;
  for (size_t k = 0; k < refs.size(); ++k) {
    if (!rm[k].correct) {
      diag_.error("charz.point-failed", {}, refs[k].name + ": the output did not take the captured value");
      return false;
    }
    r.reference_delay[k / cs.size()].push_back(rm[k].delay);
  }
  struct Search {
    Capture cap;
    double pass = 0, fail = 0, res = 0;
    size_t table = 0, index = 0;
  };
  std::vector<Search> searches;
  for (ConstraintKind kind : {ConstraintKind::Setup, ConstraintKind::Hold})
    for (bool b : {true, false}) {
      ConstraintTable t;
      t.kind = kind;
      t.data_pin = data_;
      // Setup constrains the edge toward the captured value, hold the edge back from it.
      t.data_edge = (kind == ConstraintKind::Setup) == b ? Edge::Rise : Edge::Fall;
      t.values.assign(cs.size() * ds.size(), 0.0);
      t.failing.assign(cs.size() * ds.size(), 0.0);
      r.constraints.push_back(std::move(t));
      for (size_t ic = 0; ic < cs.size(); ++ic)
        for (size_t id = 0; id < ds.size(); ++id) {
          Search s;
          const double ref = r.reference_delay[b ? 1 : 0][ic];
          s.cap = {kind, b, cs[ic], ds[id], loads_.front(), 0, 0, phase_, false, ""};
          s.pass = phase_ / 2;
          s.fail = -(opts_.slew.full_ramp(cs[ic]) + opts_.slew.full_ramp(ds[id]) + 2 * ref);
          s.res = std::max(seq_.resolution_abs, seq_.resolution_rel * cs[ic]);
          s.table = r.constraints.size() - 1;
          s.index = ic * ds.size() + id;
          searches.push_back(std::move(s));
        }
    }
  auto name = [&](const Search& s, double off) {
    const ConstraintTable& t = r.constraints[s.table];
    return fmt::format("{} {} {} {} vs {}, clock slew={} data slew={}, offset={}", cell_.name,
                       t.kind == ConstraintKind::Setup ? "setup" : "hold", t.data_pin,
                       t.data_edge == Edge::Rise ? "rise" : "fall", clock_, units::format_eng(s.cap.clock_slew, "s"),
                       units::format_eng(s.cap.data_slew, "s"), units::format_eng(off, "s"));
  };
  auto passes = [&](const Search& s, const CaptureMeasure& m) {
    const double ref = r.reference_delay[s.cap.captured ? 1 : 0][s.index / ds.size()];
    return m.correct && m.delay <= (1 + seq_.max_degradation) * ref;
  };
  // Bracket check.
  std::vector<Capture> ends;
  for (const Search& s : searches)
    for (double off : {s.pass, s.fail}) {
      Capture c = s.cap;
      c.offset = off;
      c.name = name(s, off);
      ends.push_back(std::move(c));
    }
  std::vector<CaptureMeasure> em;
  if (!run_captures(ends, em)) return false;
  for (size_t k = 0; k < searches.size(); ++k) {
    if (!passes(searches[k], em[2 * k]) || passes(searches[k], em[2 * k + 1])) {
      diag_.error("charz.constraint-bracket", {},
                  fmt::format("{}: the search interval does not bracket the pass criterion ({} must pass, {} must fail)",
                              name(searches[k], searches[k].pass), units::format_eng(searches[k].pass, "s"),
                              units::format_eng(searches[k].fail, "s")));
      return false;
    }
    searches[k].cap.phase = std::max(ends[2 * k].phase, ends[2 * k + 1].phase);
  }
  // Bisection: the pass side shrinks toward the boundary; the reported value is the pass side.
  for (;;) {
    std::vector<size_t> open;
    std::vector<Capture> mids;
    for (size_t k = 0; k < searches.size(); ++k) {
      const Search& s = searches[k];
      if (std::fabs(s.pass - s.fail) <= s.res) continue;
      Capture c = s.cap;
      c.offset = 0.5 * (s.pass + s.fail);
      c.name = name(s, c.offset);
      mids.push_back(std::move(c));
      open.push_back(k);
    }
    if (open.empty()) break;
    std::vector<CaptureMeasure> mm;
    if (!run_captures(mids, mm)) return false;
    for (size_t j = 0; j < open.size(); ++j) {
      Search& s = searches[open[j]];
      (passes(s, mm[j]) ? s.pass : s.fail) = mids[j].offset;
    }
  }
  for (const Search& s : searches) {
    r.constraints[s.table].values[s.index] = s.pass;
    r.constraints[s.table].failing[s.index] = s.fail;
  }
  return true;
}

// Leakage per state (data, clock, stored value): a first clock edge stores q, the clock is left
// high or brought low, the data pin is set, and the supply current is averaged over the last P/2
// of a long hold; the hold is extended until that average agrees within 1 % with the P/2 before
// it (the transient has reached its DC state).
bool SeqChar::leakage(SequentialResult& r) {
  struct State {
    bool d, c, q;
    double hold;
    std::string when;
  };
  std::vector<State> states;
  for (bool d : {false, true})
    for (bool c : {false, true})
      for (bool q : {false, true}) {
        std::string when = fmt::format("{}{}&{}{}", d ? "" : "!", data_, c ? "" : "!", clock_);
        for (size_t o = 0; o < outputs_.size(); ++o) when += fmt::format("&{}{}", out_value(o, q) ? "" : "!", outputs_[o]);
        states.push_back({d, c, q, 4 * phase_, when});
      }
  const double rf = prep_ramp(), t0 = phase_ / 4;
  std::vector<size_t> todo(states.size());
  for (size_t k = 0; k < todo.size(); ++k) todo[k] = k;
  double sum = 0;
  for (int round = 0; !todo.empty(); ++round) {
    std::vector<sim::Job> jobs;
    for (size_t k : todo) {
      const State& s = states[k];
      const double vq = s.q ? vdd() : 0.0, vd = s.d ? vdd() : 0.0;
      Stimulus st;
      st.inputs[clock_] = {{0.0, 0.0}, {t0, 0.0}, {t0 + rf, vdd()}};
      if (!s.c) st.inputs[clock_].insert(st.inputs[clock_].end(), {{t0 + phase_, vdd()}, {t0 + phase_ + rf, 0.0}});
      st.inputs[data_] = {{0.0, vq}, {t0 + 1.5 * phase_, vq}, {t0 + 1.5 * phase_ + rf, vd}};
      for (const std::string& o : outputs_) st.loads[o] = loads_.front();
      const double tstop = t0 + 2 * phase_ + s.hold;
      sim::Job job;
      job.name = fmt::format("{} leakage {}", cell_.name, s.when);
      const double step = tstop / 2000;
      job.deck = make_deck(ctx_, st, job.name,
                           fmt::format(".tran {} {}", units::format_number(step), units::format_number(tstop)));
      job.vectors = {voltage_vector(cell_, outputs_[0])};
      for (const std::string& sp : cell_.supply_pins()) job.vectors.push_back(supply_current_vector(sp));
      job.analysis = sim::Analysis::Tran;
      job.tstop = tstop;
      jobs.push_back(std::move(job));
    }
    std::vector<sim::Result> res = run_jobs(jobs);
    std::vector<size_t> again;
    for (size_t j = 0; j < todo.size(); ++j) {
      State& s = states[todo[j]];
      const sim::Waveforms& w = res[j].waves;
      std::optional<double> late = 0.0, early = 0.0;
      const double end = w.scale.empty() ? 0.0 : w.scale.back();
      for (const std::string& sp : cell_.supply_pins()) {
        const auto* i = res[j].ok() ? w.find(supply_current_vector(sp)) : nullptr;
        const auto a = i ? sim::average(w.scale, *i, end - phase_ / 2, end) : std::nullopt;
        const auto b = i ? sim::average(w.scale, *i, end - phase_, end - phase_ / 2) : std::nullopt;
        late = a && late ? std::optional<double>(*late + *a) : std::nullopt;
        early = b && early ? std::optional<double>(*early + *b) : std::nullopt;
      }
      const auto* vq = res[j].ok() ? w.find(voltage_vector(cell_, outputs_[0])) : nullptr;
      const bool state_ok = vq != nullptr && !vq->empty() && std::fabs(vq->back() - (out_value(0, s.q) ? vdd() : 0.0)) < 0.1 * vdd();
      if (!late || !early || !state_ok) {
        diag_.error("charz.point-failed", {},
                    fmt::format("{}: {}", jobs[j].name, !res[j].ok() ? res[j].error : "the stored state was not reached"));
        return false;
      }
      if (std::fabs(*late - *early) > 0.01 * std::fabs(*late) && round < 4) {
        s.hold *= 4;
        again.push_back(todo[j]);
        continue;
      }
      const double p = -vdd() * *late;
      if (!(p > 0)) {
        diag_.error("charz.point-failed", {}, fmt::format("{}: leakage power {} is not positive", jobs[j].name,
                                                          units::format_eng(p, "W")));
        return false;
      }
      r.leakage.push_back({s.when, p});
      sum += p;
    }
    todo = std::move(again);
  }
  std::sort(r.leakage.begin(), r.leakage.end(), [](const auto& a, const auto& b) { return a.when < b.when; });
  r.leakage_average = sum / static_cast<double>(states.size());
  return true;
}

std::optional<SequentialResult> SeqChar::run() {
  const auto start = std::chrono::steady_clock::now();
  SequentialResult r;
  r.cell = cell_.name;
  r.tech = tech_.name();
  r.clock = clock_;
  r.data = data_;
  r.vdd = vdd();
  r.temperature = ctx_.temperature;
  if (!opts_.slews.empty()) prep_slew_ = opts_.slews.front();
  if (!choose_grid(r) || !clock_arcs(r) || !constraints(r) || !leakage(r)) return std::nullopt;
  r.area = cmos_cell_area(tech_, cell_, params_, 0);
  r.max_degradation = seq_.max_degradation;
  // Sanity checks that never change a number.
  const size_t nl = loads_.size();
  for (const ClockArcTables& t : r.clock_arcs)
    for (size_t is = 0; is < slews_.size(); ++is)
      for (size_t il = 1; il < nl; ++il)
        if (t.delay[is * nl + il] < t.delay[is * nl + il - 1])
          r.warnings.push_back(fmt::format("{}->{} {}: clock-to-output delay decreases with load at clock slew {}",
                                           clock_, t.output, netlist::to_string(t.output_edge),
                                           units::format_eng(slews_[is], "s")));
  stats_.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.stats = stats_;
  return r;
}

std::optional<CaptureOutcome> SeqChar::probe(ConstraintKind kind, bool captured, double cs, double ds, double offset) {
  loads_ = opts_.loads.empty() ? std::vector<double>{1e-15} : opts_.loads;
  phase_ = std::max(phase_, 3 * opts_.slew.full_ramp(std::max(cs, ds)) + 100e-12);
  phase_ = std::max(phase_, 4 * std::fabs(offset));
  std::vector<Capture> caps = {{kind, captured, cs, ds, loads_.front(), offset, 0, phase_, false,
                                fmt::format("{} probe capture", cell_.name)}};
  std::vector<CaptureMeasure> m;
  if (!run_captures(caps, m)) return std::nullopt;
  return CaptureOutcome{m[0].correct, m[0].delay};
}

std::optional<CellContext> context(const tech::Technology& tech, const netlist::CellDef& cell,
                                   const netlist::ParamValues& params, const Options& opts, Diagnostics& diag) {
  return CellContext::make(tech, cell, params, opts.vdd.value_or(tech.vdd()),
                           opts.temperature.value_or(tech.temperature()), diag);
}

}  // namespace

std::optional<SequentialResult> characterize_sequential(const tech::Technology& tech, const netlist::CellDef& cell,
                                                        const netlist::ParamValues& params, const Options& opts,
                                                        const SequentialOptions& seq, sim::Engine& engine,
                                                        Diagnostics& diag) {
  auto ctx = context(tech, cell, params, opts, diag);
  if (!ctx) return std::nullopt;
  SeqChar c(tech, cell, params, opts, seq, engine, diag, std::move(*ctx));
  if (!c.check_cell()) return std::nullopt;
  return c.run();
}

std::optional<CaptureOutcome> probe_capture(const tech::Technology& tech, const netlist::CellDef& cell,
                                            const netlist::ParamValues& params, const Options& opts,
                                            ConstraintKind kind, bool captured, double clock_slew, double data_slew,
                                            double offset, sim::Engine& engine, Diagnostics& diag) {
  auto ctx = context(tech, cell, params, opts, diag);
  if (!ctx) return std::nullopt;
  const SequentialOptions seq;
  SeqChar c(tech, cell, params, opts, seq, engine, diag, std::move(*ctx));
  if (!c.check_cell()) return std::nullopt;
  return c.probe(kind, captured, clock_slew, data_slew, offset);
}

namespace {

bool add_sequential_cell(liberty::Library& lib, const netlist::CellDef& def, const SequentialResult& r,
                         Diagnostics& diag) {
  using namespace liberty;
  auto delay_t = TableTemplate::make(r.cell + "_delay", TableTemplate::Kind::Delay,
                                     {{AxisVariable::InputNetTransition, r.slews},
                                      {AxisVariable::TotalOutputNetCapacitance, r.loads}},
                                     diag);
  auto energy_t = TableTemplate::make(r.cell + "_energy", TableTemplate::Kind::Power,
                                      {{AxisVariable::InputNetTransition, r.slews},
                                       {AxisVariable::TotalOutputNetCapacitance, r.loads}},
                                      diag);
  auto constraint_t = TableTemplate::make(r.cell + "_constraint", TableTemplate::Kind::Delay,
                                          {{AxisVariable::RelatedPinTransition, r.constraint_clock_slews},
                                           {AxisVariable::ConstrainedPinTransition, r.constraint_data_slews}},
                                          diag);
  if (!delay_t || !energy_t || !constraint_t) return false;
  lib.templates.insert(lib.templates.end(), {delay_t, energy_t, constraint_t});
  bool ok = true;
  auto table = [&](Quantity q, const TemplatePtr& t, const std::vector<double>& v) {
    auto tab = Table::make(q, t, v, diag);
    ok &= tab.has_value();
    return tab;
  };
  Cell cell;
  cell.name = r.cell;
  cell.area = r.area;
  cell.leakage = r.leakage_average;
  for (const LeakageState& s : r.leakage) cell.leakage_power.push_back({s.when, s.power});
  const netlist::StateElement& st = def.states.front();
  FlipFlop ff;
  ff.iq = st.var;
  if (!st.var_inverted.empty()) ff.iqn = st.var_inverted;
  ff.next_state = st.data->str();
  ff.clocked_on = st.clock->str();
  cell.ff = ff;
  for (const std::string& in : def.logic_inputs()) {
    Pin p;
    p.name = in;
    p.direction = Direction::Input;
    if (auto it = r.pin_caps.find(in); it != r.pin_caps.end()) {
      p.rise_capacitance = it->second.rise;
      p.fall_capacitance = it->second.fall;
      p.capacitance = 0.5 * (it->second.rise + it->second.fall);
    }
    p.clock = in == r.clock;
    if (in == r.data) {
      p.nextstate_type = "data";
      for (ConstraintKind kind : {ConstraintKind::Setup, ConstraintKind::Hold}) {
        TimingArc a;
        a.related_pin = r.clock;
        a.type = kind == ConstraintKind::Setup ? TimingType::SetupRising : TimingType::HoldRising;
        for (const ConstraintTable& c : r.constraints) {
          if (c.kind != kind || c.data_pin != in) continue;
          (c.data_edge == Edge::Rise ? a.rise_constraint : a.fall_constraint) =
              table(Quantity::Time, constraint_t, c.values);
        }
        p.timing.push_back(std::move(a));
      }
    }
    cell.pins.push_back(std::move(p));
  }
  for (const std::string& out : def.outputs()) {
    Pin p;
    p.name = out;
    p.direction = Direction::Output;
    p.max_capacitance = r.loads.back();
    p.function = def.pin(out)->function->str();
    TimingArc a;
    a.related_pin = r.clock;
    a.type = TimingType::RisingEdge;
    InternalPower pw;
    pw.related_pin = r.clock;
    for (const ClockArcTables& t : r.clock_arcs) {
      if (t.output != out) continue;
      const bool rise = t.output_edge == Edge::Rise;
      (rise ? a.cell_rise : a.cell_fall) = table(Quantity::Time, delay_t, t.delay);
      (rise ? a.rise_transition : a.fall_transition) = table(Quantity::Time, delay_t, t.transition);
      (rise ? pw.rise_power : pw.fall_power) = table(Quantity::Energy, energy_t, t.energy);
    }
    p.timing.push_back(std::move(a));
    p.power.push_back(std::move(pw));
    cell.pins.push_back(std::move(p));
  }
  lib.cells.push_back(std::move(cell));
  return ok;
}

}  // namespace

std::optional<liberty::Library> make_sequential_library(const netlist::CellDef& def, const SequentialResult& r,
                                                        const tech::Technology& tech, const Options& opts,
                                                        Diagnostics& diag) {
  auto lib = make_library({}, tech, opts, diag);
  if (!lib) return std::nullopt;
  lib->comment += fmt::format(
      " Setup/hold: bisection on the data-to-clock offset; a point passes when the output reaches the "
      "captured value and clock-to-output is at most {} % above the long-setup reference.",
      units::format_sig(100 * r.max_degradation, 3));
  if (!add_sequential_cell(*lib, def, r, diag) || !lib->validate(diag)) return std::nullopt;
  return lib;
}

nlohmann::json to_json(const SequentialResult& r) {
  using nlohmann::json;
  json j;
  j["schema"] = "rtmchar.seqcell/1";
  j["cell"] = r.cell;
  j["technology"] = r.tech;
  j["clock"] = r.clock;
  j["data"] = r.data;
  j["vdd_V"] = r.vdd;
  j["temperature_degC"] = r.temperature;
  j["area_m2"] = r.area;
  j["clock_slews_s"] = r.slews;
  j["loads_F"] = r.loads;
  j["constraint_clock_slews_s"] = r.constraint_clock_slews;
  j["constraint_data_slews_s"] = r.constraint_data_slews;
  j["reference_clk_to_q_s"] = {{"captures_0", r.reference_delay[0]}, {"captures_1", r.reference_delay[1]}};
  j["leakage_average_W"] = r.leakage_average;
  for (const LeakageState& s : r.leakage) j["leakage_W"].push_back({{"when", s.when}, {"power_W", s.power}});
  for (const auto& [pin, c] : r.pin_caps) j["pin_capacitance_F"][pin] = {{"rise", c.rise}, {"fall", c.fall}};
  for (const ClockArcTables& t : r.clock_arcs)
    j["clock_arcs"].push_back({{"output", t.output},
                               {"output_edge", netlist::to_string(t.output_edge)},
                               {"delay_s", t.delay},
                               {"transition_s", t.transition},
                               {"internal_energy_J", t.energy}});
  for (const ConstraintTable& c : r.constraints)
    j["constraints"].push_back({{"kind", c.kind == ConstraintKind::Setup ? "setup_rising" : "hold_rising"},
                                {"pin", c.data_pin},
                                {"data_edge", netlist::to_string(c.data_edge)},
                                {"values_s", c.values},
                                {"failing_offset_s", c.failing}});
  j["stats"] = {{"simulations", r.stats.simulations},
                {"cache_hits", r.stats.cache_hits},
                {"wall_seconds", r.stats.wall_seconds}};
  j["warnings"] = r.warnings;
  return j;
}

std::string to_csv(const SequentialResult& r) {
  std::string out = "cell,table,pin,edge,quantity,index_1,index_2,value\n";
  auto rows = [&](const std::string& table, const std::string& pin, Edge e, const char* q,
                  const std::vector<double>& i1, const std::vector<double>& i2, const std::vector<double>& v) {
    for (size_t k = 0; k < v.size(); ++k)
      out += fmt::format("{},{},{},{},{},{},{},{}\n", r.cell, table, pin, netlist::to_string(e), q,
                         units::format_number(i1[k / i2.size()]), units::format_number(i2[k % i2.size()]),
                         units::format_number(v[k]));
  };
  for (const ClockArcTables& t : r.clock_arcs) {
    rows("rising_edge", t.output, t.output_edge, "delay_s", r.slews, r.loads, t.delay);
    rows("rising_edge", t.output, t.output_edge, "transition_s", r.slews, r.loads, t.transition);
    rows("rising_edge", t.output, t.output_edge, "internal_energy_J", r.slews, r.loads, t.energy);
  }
  for (const ConstraintTable& c : r.constraints)
    rows(c.kind == ConstraintKind::Setup ? "setup_rising" : "hold_rising", c.data_pin, c.data_edge, "constraint_s",
         r.constraint_clock_slews, r.constraint_data_slews, c.values);
  return out;
}

}  // namespace rtmchar::charz
