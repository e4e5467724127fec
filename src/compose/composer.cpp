#include "compose/composer.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <deque>
#include <fmt/format.h>
#include <map>
#include <random>
#include <sstream>

namespace rtmchar::compose {
namespace {

using liberty::AxisVariable;

bool names_pin(const std::string& related, const std::string& pin) {
  std::istringstream in(related);
  std::string w;
  while (in >> w)
    if (w == pin) return true;
  return false;
}

// Linear interpolation weight of x in axis v: returns (i, f) with value = y[i] + f (y[i+1]-y[i]);
// f outside [0,1] extrapolates from the end segments.
std::pair<std::size_t, double> locate(const std::vector<double>& v, double x) {
  if (v.size() < 2) return {0, 0.0};
  std::size_t i = 0;
  while (i + 2 < v.size() && x > v[i + 1]) ++i;
  return {i, (x - v[i]) / (v[i + 1] - v[i])};
}

double axis_value(AxisVariable var, double slew, double load) {
  switch (var) {
    case AxisVariable::InputNetTransition:
    case AxisVariable::RelatedPinTransition: return slew;
    case AxisVariable::TotalOutputNetCapacitance: return load;
    default: return std::nan("");
  }
}

// Per-analysis cache of the parsed functions: (cell, output pin) -> output function, and for
// clocked cells (cell, "") -> the ff's next_state.
using Functions = std::map<std::pair<const liberty::Cell*, std::string>, netlist::BoolFunction>;

bool is_clocked(const liberty::Cell& c) { return c.ff.has_value(); }

// The clock pin of a clocked cell (its ff clocked_on), or "" when the cell is combinational.
std::string clock_pin(const liberty::Cell& c) { return c.ff ? c.ff->clocked_on : std::string(); }

// Whether `name` is a (non-clock) input pin of the cell.
bool data_input(const liberty::Cell& c, const std::string& name) {
  const liberty::Pin* ip = c.find_pin(name);
  return ip != nullptr && ip->direction == liberty::Direction::Input && !ip->clock && name != clock_pin(c);
}

bool parse_functions(const Graph& g, Functions& out, Diagnostics& diag) {
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    const VertexInfo& vi = g[v];
    if (vi.kind != VertexKind::Instance) continue;
    const liberty::Cell& cell = *vi.cell;
    if (cell.latch) {
      diag.error("compose.unsupported", {}, fmt::format("cell {} is a latch; latches cannot be composed", cell.name));
      return false;
    }
    if (cell.ff && !out.count({&cell, ""})) {
      const liberty::FlipFlop& ff = *cell.ff;
      const liberty::Pin* ck = cell.find_pin(ff.clocked_on);
      if (!ff.clear.empty() || !ff.preset.empty() || ck == nullptr || ck->direction != liberty::Direction::Input) {
        diag.error("compose.unsupported", {},
                   fmt::format("cell {}: only ff groups clocked_on one input pin, without clear/preset, can be "
                               "composed (clocked_on '{}')", cell.name, ff.clocked_on));
        return false;
      }
      auto f = netlist::BoolFunction::parse(ff.next_state, diag, {});
      if (!f) return false;
      for (const std::string& var : f->variables())
        if (!data_input(cell, var)) {
          diag.error("compose.no-function", {},
                     fmt::format("cell {}: next_state names {}, which is not a data input pin", cell.name, var));
          return false;
        }
      out.emplace(std::make_pair(&cell, std::string()), std::move(*f));
    }
    for (const liberty::Pin& p : cell.pins) {
      if (p.direction != liberty::Direction::Output || out.count({&cell, p.name})) continue;
      if (p.function.empty()) {
        diag.error("compose.no-function", {}, fmt::format("cell {} output {} has no function", cell.name, p.name));
        return false;
      }
      auto f = netlist::BoolFunction::parse(p.function, diag, {});
      if (!f) return false;
      for (const std::string& var : f->variables()) {
        const bool state = cell.ff && (var == cell.ff->iq || var == cell.ff->iqn);
        if (!state && !data_input(cell, var)) {
          diag.error("compose.no-function", {},
                     fmt::format("cell {} output {}: function names {}, which is neither a data input pin nor the "
                                 "cell's ff state", cell.name, p.name, var));
          return false;
        }
      }
      out.emplace(std::make_pair(&cell, p.name), std::move(*f));
    }
  }
  return true;
}

// Vertices in topological order (Kahn); nullopt if the graph has a cycle.
std::optional<std::vector<Vertex>> topo_order(const Graph& g) {
  std::vector<std::size_t> indeg(boost::num_vertices(g));
  std::deque<Vertex> ready;
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    indeg[v] = boost::in_degree(v, g);
    if (indeg[v] == 0) ready.push_back(v);
  }
  std::vector<Vertex> order;
  while (!ready.empty()) {
    Vertex v = ready.front();
    ready.pop_front();
    order.push_back(v);
    for (auto e : boost::make_iterator_range(boost::out_edges(v, g)))
      if (--indeg[boost::target(e, g)] == 0) ready.push_back(boost::target(e, g));
  }
  if (order.size() != boost::num_vertices(g)) return std::nullopt;
  return order;
}

// The net driving input pin `pin` of vertex v ("" for a primary output's single input).
std::optional<NetId> driver_of(const Graph& g, Vertex v, const std::string& pin) {
  for (auto e : boost::make_iterator_range(boost::in_edges(v, g)))
    if (g[e].to_pin == pin) return NetId{boost::source(e, g), g[e].from_pin};
  return std::nullopt;
}

const liberty::Table* delay_table(const liberty::TimingArc& a, bool rise) {
  return rise ? (a.cell_rise ? &*a.cell_rise : nullptr) : (a.cell_fall ? &*a.cell_fall : nullptr);
}
const liberty::Table* slew_table(const liberty::TimingArc& a, bool rise) {
  return rise ? (a.rise_transition ? &*a.rise_transition : nullptr)
              : (a.fall_transition ? &*a.fall_transition : nullptr);
}

// Whether an input edge may launch an output edge through an arc of this sense.
bool sense_allows(liberty::TimingSense s, bool in_rise, bool out_rise) {
  switch (s) {
    case liberty::TimingSense::PositiveUnate: return in_rise == out_rise;
    case liberty::TimingSense::NegativeUnate: return in_rise != out_rise;
    default: return true;
  }
}

struct ArcEval {
  double arrival = 0, slew = 0;
};

// Delay and output slew of one arc edge; error compose.missing-table / compose.bad-axis.
std::optional<ArcEval> eval_arc(const liberty::Cell& cell, const liberty::Pin& out, const liberty::TimingArc& a,
                                bool out_rise, const EdgeTiming& in, double load, Diagnostics& diag) {
  const liberty::Table* d = delay_table(a, out_rise);
  const liberty::Table* s = slew_table(a, out_rise);
  if (d == nullptr || s == nullptr) {
    diag.error("compose.missing-table", {},
               fmt::format("cell {} arc {}->{}: no {} delay/transition table", cell.name, a.related_pin, out.name,
                           out_rise ? "rise" : "fall"));
    return std::nullopt;
  }
  auto dv = lookup(*d, in.slew, load);
  auto sv = lookup(*s, in.slew, load);
  if (!dv || !sv) {
    diag.error("compose.bad-axis", {},
               fmt::format("cell {} arc {}->{}: table axes are not input transition / output capacitance",
                           cell.name, a.related_pin, out.name));
    return std::nullopt;
  }
  return ArcEval{in.arrival + *dv, std::max(*sv, 0.0)};
}

// The side-input state of an event on input `cause`: the cell's data inputs (cause first, as bit
// 0) and the assignment with the side inputs at `side(pin)` and the cause at 0. nullopt when the
// cell has too many inputs for a truth table.
struct SideState {
  std::vector<std::string> ins;
  std::uint64_t now = 0;
};
template <typename Side>
std::optional<SideState> side_state(const liberty::Cell& cell, const std::string& cause, Side side) {
  SideState st;
  st.ins.push_back(cause);
  for (const liberty::Pin& p : cell.pins)
    if (p.direction == liberty::Direction::Input && data_input(cell, p.name) && p.name != cause) st.ins.push_back(p.name);
  if (st.ins.size() > netlist::kMaxTruthTableInputs) return std::nullopt;
  for (std::size_t k = 1; k < st.ins.size(); ++k)
    if (side(st.ins[k])) st.now |= std::uint64_t{1} << k;
  return st;
}

// A group's `when` parsed over the cell's inputs; nullopt if it has none or it does not parse.
std::optional<netlist::BoolFunction> when_of(const std::string& when) {
  if (when.empty()) return std::nullopt;
  Diagnostics quiet;
  return netlist::BoolFunction::parse(when, quiet, {});
}

// The internal_power group of output `out` for an event caused by input `cause` (rising iff
// `in_rise`; the output rises iff `out_rise`), the other inputs at `side(pin)`. Among several groups
// related to `cause` (one per characterized side-input state, each conditioned by `when`): the one
// whose `when` holds in the side state; else (the side state does not sensitize the arc, e.g. a
// side input toggled too) among the groups whose state has the event's polarity (same edge or
// opposite) the one whose state differs from the side state in the fewest side inputs (first on
// ties); else the last one. nullptr if none is related to `cause`.
template <typename Side>
const liberty::InternalPower* power_group(const liberty::Cell& cell, const liberty::Pin& out,
                                          const netlist::BoolFunction& fn, const std::string& cause, bool in_rise,
                                          bool out_rise, Side side) {
  std::vector<const liberty::InternalPower*> groups;
  for (const liberty::InternalPower& p : out.power)
    if (names_pin(p.related_pin, cause)) groups.push_back(&p);
  if (groups.size() < 2) return groups.empty() ? nullptr : groups.front();
  const auto st = side_state(cell, cause, side);
  if (!st) return groups.back();
  const std::vector<std::string>& ins = st->ins;
  const liberty::InternalPower* nearest = nullptr;
  int nearest_distance = 0;
  for (const liberty::InternalPower* g : groups) {
    auto w = when_of(g->when);
    if (!w) continue;
    if (w->eval(ins, st->now)) return g;
    // The group's state: the first side assignment satisfying `when`; its polarity.
    for (std::uint64_t s = 0; s < (std::uint64_t{1} << ins.size()); s += 2) {
      if (!w->eval(ins, s)) continue;
      const bool positive = fn.eval(ins, s | 1U) && !fn.eval(ins, s);
      const int distance = std::popcount(s ^ st->now);
      if (positive == (in_rise == out_rise) && (nearest == nullptr || distance < nearest_distance)) {
        nearest = g;
        nearest_distance = distance;
      }
      break;
    }
  }
  return nearest != nullptr ? nearest : groups.back();
}

// The combinational timing groups of `out` that time an event on input `cause` (rising iff
// `in_rise`) making the output rise iff `out_rise`, the other inputs at `side(pin)`: the first
// group whose `when` holds in that state (a state-dependent group, docs/characterization.md); if
// none holds (no group is conditioned, or the side state does not sensitize the arc because a
// side input toggled too) the unconditioned groups, which are the worst case over the states; if
// there are none, every candidate. Empty if no group relates `cause` with a compatible sense.
template <typename Side>
std::vector<const liberty::TimingArc*> timing_groups(const liberty::Cell& cell, const liberty::Pin& out,
                                                     const std::string& cause, bool in_rise, bool out_rise,
                                                     Side side) {
  std::vector<const liberty::TimingArc*> cand, plain;
  for (const liberty::TimingArc& a : out.timing)
    if (a.type == liberty::TimingType::Combinational && names_pin(a.related_pin, cause) &&
        sense_allows(a.sense, in_rise, out_rise)) {
      cand.push_back(&a);
      if (a.when.empty()) plain.push_back(&a);
    }
  if (plain.size() == cand.size()) return cand;
  if (const auto st = side_state(cell, cause, side))
    for (const liberty::TimingArc* a : cand)
      if (auto w = when_of(a->when); w && w->eval(st->ins, st->now)) return {a};
  return plain.empty() ? cand : plain;
}

// The rising_edge arc from the clock pin to output `out` of a clocked cell;
// compose.missing-table / compose.unsupported (falling-edge registers) otherwise.
const liberty::TimingArc* clock_arc(const liberty::Cell& cell, const liberty::Pin& out, Diagnostics& diag) {
  for (const liberty::TimingArc& a : out.timing) {
    if (!names_pin(a.related_pin, clock_pin(cell))) continue;
    if (a.type == liberty::TimingType::RisingEdge) return &a;
    if (a.type == liberty::TimingType::FallingEdge) {
      diag.error("compose.unsupported", {}, fmt::format("cell {}: falling-edge registers are not supported", cell.name));
      return nullptr;
    }
  }
  diag.error("compose.missing-table", {},
             fmt::format("clocked cell {} has no rising_edge arc {}->{}", cell.name, clock_pin(cell), out.name));
  return nullptr;
}

}  // namespace

namespace {

// Bilinear interpolation with the axis coordinates given by `coord` (NaN: unsupported axis).
template <typename Coord>
std::optional<double> lookup_by(const liberty::Table& t, Coord coord) {
  const auto& axes = t.axes();
  if (axes.empty()) return t.values.empty() ? std::nullopt : std::optional<double>(t.values.front());
  const double x1 = coord(axes[0].variable);
  if (std::isnan(x1)) return std::nullopt;
  const auto [i, f] = locate(axes[0].values, x1);
  const std::size_t n1 = axes[0].values.size();
  auto row = [&](std::size_t r) -> std::optional<double> {
    if (axes.size() == 1) return t.at(r);
    const double x2 = coord(axes[1].variable);
    if (std::isnan(x2)) return std::nullopt;
    const auto [j, h] = locate(axes[1].values, x2);
    if (axes[1].values.size() < 2) return t.at(r, 0);
    return t.at(r, j) + h * (t.at(r, j + 1) - t.at(r, j));
  };
  auto y0 = row(i);
  if (!y0) return std::nullopt;
  if (n1 < 2) return y0;
  auto y1 = row(i + 1);
  if (!y1) return std::nullopt;
  return *y0 + f * (*y1 - *y0);
}

}  // namespace

std::optional<double> lookup(const liberty::Table& t, double slew, double load) {
  return lookup_by(t, [&](AxisVariable v) { return axis_value(v, slew, load); });
}

std::optional<double> lookup_constraint(const liberty::Table& t, double clock_slew, double data_slew) {
  return lookup_by(t, [&](AxisVariable v) {
    switch (v) {
      case AxisVariable::RelatedPinTransition: return clock_slew;
      case AxisVariable::ConstrainedPinTransition: return data_slew;
      default: return std::nan("");
    }
  });
}

std::optional<liberty::Library> merge_libraries(const std::vector<const liberty::Library*>& libs, Diagnostics& diag) {
  if (libs.empty()) {
    diag.error("compose.merge", {}, "no library to merge");
    return std::nullopt;
  }
  liberty::Library out = *libs.front();
  for (std::size_t k = 1; k < libs.size(); ++k) {
    const liberty::Library& l = *libs[k];
    if (std::fabs(l.nom_voltage - out.nom_voltage) > 1e-9 * std::fabs(out.nom_voltage)) {
      diag.error("compose.merge", {},
                 fmt::format("library {} has nom_voltage {} V, {} has {} V", l.name, l.nom_voltage, out.name,
                             out.nom_voltage));
      return std::nullopt;
    }
    // Tables point to their templates, so the templates move along unchanged (names may repeat:
    // the merged library is for analysis, not for writing).
    for (const liberty::TemplatePtr& t : l.templates)
      if (std::find(out.templates.begin(), out.templates.end(), t) == out.templates.end()) out.templates.push_back(t);
    for (const liberty::Cell& c : l.cells) {
      if (out.find_cell(c.name) != nullptr) {
        diag.error("compose.merge", {}, fmt::format("cell {} is in more than one library", c.name));
        return std::nullopt;
      }
      out.cells.push_back(c);
    }
  }
  return out;
}

Vertex Circuit::add_input(const std::string& name) {
  Vertex v = boost::add_vertex(VertexInfo{VertexKind::PrimaryInput, name, nullptr, false}, g_);
  inputs_.push_back(v);
  return v;
}

Vertex Circuit::add_output(const std::string& name) {
  Vertex v = boost::add_vertex(VertexInfo{VertexKind::PrimaryOutput, name, nullptr, false}, g_);
  outputs_.push_back(v);
  return v;
}

Vertex Circuit::add_constant(bool value) {
  return boost::add_vertex(
      VertexInfo{VertexKind::Constant, fmt::format("tie{}_{}", value ? 1 : 0, constants_++), nullptr, value}, g_);
}

std::optional<Vertex> Circuit::add_instance(const std::string& name, const std::string& cell, Diagnostics& diag) {
  const liberty::Cell* c = lib_->find_cell(cell);
  if (c == nullptr) {
    diag.error("compose.unknown-cell", {},
               fmt::format("library {} has no cell '{}' (instance {})", lib_->name, cell, name));
    return std::nullopt;
  }
  return boost::add_vertex(VertexInfo{VertexKind::Instance, name, c, false}, g_);
}

bool Circuit::connect(Vertex from, const std::string& from_pin, Vertex to, const std::string& to_pin,
                      Diagnostics& diag) {
  const VertexInfo& a = g_[from];
  const VertexInfo& b = g_[to];
  auto bad = [&](const std::string& what) {
    diag.error("compose.bad-pin", {}, fmt::format("connect {}/{} -> {}/{}: {}", a.name, from_pin, b.name, to_pin, what));
    return false;
  };
  if (a.kind == VertexKind::PrimaryOutput) return bad("a primary output drives nothing");
  if (b.kind == VertexKind::PrimaryInput || b.kind == VertexKind::Constant) return bad("the sink cannot be driven");
  if (a.kind == VertexKind::Instance) {
    const liberty::Pin* p = a.cell->find_pin(from_pin);
    if (p == nullptr || p->direction != liberty::Direction::Output) return bad("driver pin is not an output of " + a.cell->name);
  } else if (!from_pin.empty()) {
    return bad("ports and constants have no pin names");
  }
  if (b.kind == VertexKind::Instance) {
    const liberty::Pin* p = b.cell->find_pin(to_pin);
    if (p == nullptr || p->direction != liberty::Direction::Input) return bad("sink pin is not an input of " + b.cell->name);
    if (p->clock || to_pin == clock_pin(*b.cell)) return bad("clock pins are ideal (Conditions::clock_slew), not connected");
  } else if (!to_pin.empty()) {
    return bad("ports have no pin names");
  }
  if (driver_of(g_, to, to_pin)) {
    diag.error("compose.multiple-drivers", {}, fmt::format("{}/{} is already driven", b.name, to_pin));
    return false;
  }
  boost::add_edge(from, to, EdgeInfo{from_pin, to_pin}, g_);
  return true;
}

bool Circuit::check(Diagnostics& diag) const {
  const int before = diag.error_count();
  for (Vertex v : boost::make_iterator_range(boost::vertices(g_))) {
    const VertexInfo& vi = g_[v];
    if (vi.kind == VertexKind::PrimaryOutput && !driver_of(g_, v, ""))
      diag.error("compose.undriven", {}, fmt::format("primary output {} is not driven", vi.name));
    if (vi.kind != VertexKind::Instance) continue;
    for (const liberty::Pin& p : vi.cell->pins)
      if (p.direction == liberty::Direction::Input && data_input(*vi.cell, p.name) && !driver_of(g_, v, p.name))
        diag.error("compose.undriven", {}, fmt::format("input {}/{} is not driven", vi.name, p.name));
  }
  if (!topo_order(g_)) diag.error("compose.cycle", {}, "the circuit has a combinational cycle");
  Functions f;
  parse_functions(g_, f, diag);
  return diag.error_count() == before;
}

int Circuit::instance_count() const {
  int n = 0;
  for (Vertex v : boost::make_iterator_range(boost::vertices(g_))) n += g_[v].kind == VertexKind::Instance;
  return n;
}

double Circuit::area() const {
  double a = 0;
  for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
    if (g_[v].kind == VertexKind::Instance) a += g_[v].cell->area;
  return a;
}

std::string Circuit::net_name(const NetId& net) const {
  if (net.pin.empty()) return g_[net.driver].name;
  return g_[net.driver].name + "/" + net.pin;
}

double Circuit::net_load(const NetId& net, bool rise, const Conditions& c) const {
  double load = g_[net.driver].kind == VertexKind::Instance ? c.wire_cap : 0.0;
  for (auto e : boost::make_iterator_range(boost::out_edges(net.driver, g_))) {
    if (g_[e].from_pin != net.pin) continue;
    const VertexInfo& sink = g_[boost::target(e, g_)];
    if (sink.kind == VertexKind::PrimaryOutput) {
      load += c.output_load;
      continue;
    }
    const liberty::Pin* p = sink.cell->find_pin(g_[e].to_pin);
    const std::optional<double>& edge_cap = rise ? p->rise_capacitance : p->fall_capacitance;
    load += edge_cap.value_or(p->capacitance.value_or(0.0));
  }
  return load;
}

std::optional<std::vector<std::pair<NetId, bool>>> Circuit::simulate(const std::vector<bool>& in,
                                                                     Diagnostics& diag) const {
  if (in.size() != inputs_.size()) {
    diag.error("compose.vector", {}, fmt::format("vector has {} bits, the circuit {} inputs", in.size(), inputs_.size()));
    return std::nullopt;
  }
  Functions fns;
  auto order = topo_order(g_);
  if (!order || !parse_functions(g_, fns, diag)) {
    if (!order) diag.error("compose.cycle", {}, "the circuit has a combinational cycle");
    return std::nullopt;
  }
  std::map<NetId, bool> val;
  for (std::size_t k = 0; k < inputs_.size(); ++k) val[{inputs_[k], ""}] = in[k];
  std::vector<std::pair<NetId, bool>> out;
  for (Vertex v : *order) {
    const VertexInfo& vi = g_[v];
    if (vi.kind == VertexKind::Constant) val[{v, ""}] = vi.constant_value;
    if (vi.kind != VertexKind::Instance) continue;
    // Values of a function's variables: input pins from their nets, the ff state (steady state of
    // a feed-forward pipeline: next_state of the inputs) as iq / !iq.
    bool state = false;
    auto evaluate_fn = [&](const netlist::BoolFunction& f) -> std::optional<bool> {
      std::uint64_t assign = 0;
      for (std::size_t k = 0; k < f.variables().size(); ++k) {
        const std::string& var = f.variables()[k];
        bool x = false;
        if (vi.cell->ff && var == vi.cell->ff->iq) {
          x = state;
        } else if (vi.cell->ff && var == vi.cell->ff->iqn) {
          x = !state;
        } else {
          auto d = driver_of(g_, v, var);
          if (!d) {
            diag.error("compose.undriven", {}, fmt::format("input {}/{} is not driven", vi.name, var));
            return std::nullopt;
          }
          x = val.at(*d);
        }
        if (x) assign |= std::uint64_t{1} << k;
      }
      return f.eval(f.variables(), assign);
    };
    if (vi.cell->ff) {
      auto st = evaluate_fn(fns.at({vi.cell, ""}));
      if (!st) return std::nullopt;
      state = *st;
    }
    for (const liberty::Pin& p : vi.cell->pins) {
      if (p.direction != liberty::Direction::Output) continue;
      auto y = evaluate_fn(fns.at({vi.cell, p.name}));
      if (!y) return std::nullopt;
      val[{v, p.name}] = *y;
    }
  }
  out.assign(val.begin(), val.end());
  return out;
}

std::optional<TimingReport> Circuit::static_timing(const Conditions& c, Diagnostics& diag) const {
  if (!check(diag)) return std::nullopt;
  for (Vertex v : boost::make_iterator_range(boost::vertices(g_)))
    if (g_[v].kind == VertexKind::Instance && is_clocked(*g_[v].cell)) {
      diag.error("compose.clocked", {},
                 fmt::format("instance {} ({}) is clocked: use clocked_timing", g_[v].name, g_[v].cell->name));
      return std::nullopt;
    }
  const auto order = *topo_order(g_);
  std::map<NetId, NetTiming> nt;
  using Key = std::pair<NetId, bool>;
  std::map<Key, Key> pred;
  for (Vertex v : inputs_) nt[{v, ""}] = {{true, 0.0, c.input_slew}, {true, 0.0, c.input_slew}};
  for (Vertex v : order) {
    const VertexInfo& vi = g_[v];
    if (vi.kind != VertexKind::Instance) continue;
    for (const liberty::Pin& out : vi.cell->pins) {
      if (out.direction != liberty::Direction::Output) continue;
      const NetId onet{v, out.name};
      NetTiming res;
      for (const liberty::TimingArc& a : out.timing) {
        if (a.type != liberty::TimingType::Combinational) continue;
        std::istringstream rel(a.related_pin);
        std::string ip;
        while (rel >> ip) {
          auto d = driver_of(g_, v, ip);
          if (!d || !nt.count(*d)) continue;  // constant inputs launch nothing
          for (bool orise : {true, false}) {
            const double load = net_load(onet, orise, c);
            EdgeTiming& o = orise ? res.rise : res.fall;
            for (bool irise : {true, false}) {
              const EdgeTiming& in = irise ? nt[*d].rise : nt[*d].fall;
              if (!in.valid || !sense_allows(a.sense, irise, orise)) continue;
              auto r = eval_arc(*vi.cell, out, a, orise, in, load, diag);
              if (!r) return std::nullopt;
              if (!o.valid || r->arrival > o.arrival) {
                o.arrival = r->arrival;
                pred[{onet, orise}] = {*d, irise};
              }
              o.slew = o.valid ? std::max(o.slew, r->slew) : r->slew;
              o.valid = true;
            }
          }
        }
      }
      nt[onet] = res;
    }
  }
  std::optional<TimingReport> best;
  std::optional<Key> end;
  for (Vertex po : outputs_) {
    const NetId d = *driver_of(g_, po, "");
    if (!nt.count(d)) continue;
    for (bool rise : {true, false}) {
      const EdgeTiming& e = rise ? nt[d].rise : nt[d].fall;
      if (e.valid && (!best || e.arrival > best->delay)) {
        best = TimingReport{e.arrival, g_[po].name, rise, {}};
        end = Key{d, rise};
      }
    }
  }
  if (!best) {
    diag.error("compose.no-path", {}, "no timing path reaches a primary output");
    return std::nullopt;
  }
  for (std::optional<Key> k = end; k; ) {
    const EdgeTiming& e = k->second ? nt[k->first].rise : nt[k->first].fall;
    best->path.insert(best->path.begin(), PathStep{net_name(k->first), k->second, e.arrival, e.slew});
    auto it = pred.find(*k);
    k = it == pred.end() ? std::nullopt : std::optional<Key>(it->second);
  }
  return best;
}

std::optional<ClockedReport> Circuit::clocked_timing(const Conditions& c, Diagnostics& diag) const {
  if (!check(diag)) return std::nullopt;
  const auto order = *topo_order(g_);
  // Late (max) and early (min) arrival of each edge after the launching clock edge, and the number
  // of registers between the primary inputs and the net.
  struct Net {
    NetTiming late, early;
    int depth = 0;
  };
  std::map<NetId, Net> nt;
  using Key = std::pair<NetId, bool>;
  std::map<Key, Key> pred;  // late path
  for (Vertex v : inputs_) {
    const EdgeTiming e{true, 0.0, c.input_slew};
    nt[{v, ""}] = {{e, e}, {e, e}, 0};
  }
  ClockedReport rep;
  std::optional<Key> crit;
  bool have = false;
  std::map<std::string, std::pair<CaptureCheck, Key>> checks;  // worst edge per capture point
  std::vector<std::string> check_order;
  auto capture = [&](double arrival, double setup, const Key& from, const std::string& where) {
    auto it = checks.find(where);
    if (it == checks.end()) {
      check_order.push_back(where);
      checks[where] = {CaptureCheck{where, "", from.second, arrival, setup}, from};
    } else if (arrival + setup > it->second.first.arrival + it->second.first.setup) {
      it->second = {CaptureCheck{where, "", from.second, arrival, setup}, from};
    }
    const double t = arrival + setup;
    if (have && t <= rep.period) return;
    rep.period = t;
    rep.capture = where;
    crit = from;
    have = true;
  };
  auto edge = [](NetTiming& n, bool rise) -> EdgeTiming& { return rise ? n.rise : n.fall; };
  for (Vertex v : order) {
    const VertexInfo& vi = g_[v];
    if (vi.kind != VertexKind::Instance) continue;
    const liberty::Cell& cell = *vi.cell;
    int depth = 0;
    for (auto e : boost::make_iterator_range(boost::in_edges(v, g_))) {
      auto it = nt.find(NetId{boost::source(e, g_), g_[e].from_pin});
      if (it != nt.end()) depth = std::max(depth, it->second.depth);
    }
    if (is_clocked(cell)) {
      ++rep.registers;
      const std::string ck = clock_pin(cell);
      for (const liberty::Pin& p : cell.pins) {
        if (p.direction != liberty::Direction::Input || !data_input(cell, p.name)) continue;
        auto d = driver_of(g_, v, p.name);
        if (!d || !nt.count(*d)) continue;  // constants are never checked
        Net& in = nt[*d];
        for (const liberty::TimingArc& a : p.timing) {
          if (!names_pin(a.related_pin, ck)) continue;
          const bool setup = a.type == liberty::TimingType::SetupRising;
          if (!setup && a.type != liberty::TimingType::HoldRising) {
            if (liberty::is_constraint(a.type)) {
              diag.error("compose.unsupported", {},
                         fmt::format("cell {} pin {}: only rising-edge setup/hold checks are supported", cell.name,
                                     p.name));
              return std::nullopt;
            }
            continue;
          }
          for (bool rise : {true, false}) {
            const std::optional<liberty::Table>& tab = rise ? a.rise_constraint : a.fall_constraint;
            const EdgeTiming& arr = edge(setup ? in.late : in.early, rise);
            if (!tab || !arr.valid) continue;
            auto val = lookup_constraint(*tab, c.clock_slew, arr.slew);
            if (!val) {
              diag.error("compose.bad-axis", {},
                         fmt::format("cell {} pin {}: constraint axes are not related/constrained pin transition",
                                     cell.name, p.name));
              return std::nullopt;
            }
            const std::string where = vi.name + "/" + p.name;
            if (setup) {
              capture(arr.arrival, *val, Key{*d, rise}, where);
            } else if (!rep.hold_slack || arr.arrival - *val < *rep.hold_slack) {
              rep.hold_slack = arr.arrival - *val;
              rep.hold_endpoint = where;
            }
          }
        }
      }
      for (const liberty::Pin& out : cell.pins) {
        if (out.direction != liberty::Direction::Output) continue;
        const liberty::TimingArc* a = clock_arc(cell, out, diag);
        if (a == nullptr) return std::nullopt;
        const NetId onet{v, out.name};
        Net n;
        n.depth = depth + 1;
        for (bool orise : {true, false}) {
          auto r = eval_arc(cell, out, *a, orise, {true, 0.0, c.clock_slew}, net_load(onet, orise, c), diag);
          if (!r) return std::nullopt;
          edge(n.late, orise) = edge(n.early, orise) = {true, r->arrival, r->slew};
        }
        nt[onet] = n;
      }
      continue;
    }
    for (const liberty::Pin& out : cell.pins) {
      if (out.direction != liberty::Direction::Output) continue;
      const NetId onet{v, out.name};
      Net res;
      res.depth = depth;
      bool any = false;
      for (const liberty::TimingArc& a : out.timing) {
        if (a.type != liberty::TimingType::Combinational) continue;
        std::istringstream rel(a.related_pin);
        std::string ip;
        while (rel >> ip) {
          auto d = driver_of(g_, v, ip);
          if (!d || !nt.count(*d)) continue;
          for (bool orise : {true, false}) {
            const double load = net_load(onet, orise, c);
            for (bool irise : {true, false}) {
              if (!sense_allows(a.sense, irise, orise)) continue;
              for (bool late : {true, false}) {
                const EdgeTiming& in = edge(late ? nt[*d].late : nt[*d].early, irise);
                if (!in.valid) continue;
                auto r = eval_arc(cell, out, a, orise, in, load, diag);
                if (!r) return std::nullopt;
                EdgeTiming& o = edge(late ? res.late : res.early, orise);
                const bool better = !o.valid || (late ? r->arrival > o.arrival : r->arrival < o.arrival);
                if (better) {
                  o.arrival = r->arrival;
                  if (late) pred[{onet, orise}] = {*d, irise};
                }
                // Late slews merge by max, early slews by min.
                o.slew = !o.valid ? r->slew : late ? std::max(o.slew, r->slew) : std::min(o.slew, r->slew);
                o.valid = true;
                any = true;
              }
            }
          }
        }
      }
      if (any) nt[onet] = res;
    }
  }
  for (Vertex po : outputs_) {
    const NetId d = *driver_of(g_, po, "");
    if (!nt.count(d)) continue;
    rep.cycles = std::max(rep.cycles, nt[d].depth + 1);
    for (bool rise : {true, false}) {
      const EdgeTiming& e = edge(nt[d].late, rise);
      if (e.valid) capture(e.arrival, c.output_setup, Key{d, rise}, g_[po].name);
    }
  }
  if (!have || rep.cycles == 0) {
    diag.error("compose.no-path", {}, "no timing path reaches a register or a primary output");
    return std::nullopt;
  }
  auto trace = [&](Key k) {
    std::vector<PathStep> path;
    for (std::optional<Key> q = k; q;) {
      const EdgeTiming& e = edge(nt[q->first].late, q->second);
      path.insert(path.begin(), PathStep{net_name(q->first), q->second, e.arrival, e.slew});
      auto it = pred.find(*q);
      q = it == pred.end() ? std::nullopt : std::optional<Key>(it->second);
    }
    return path;
  };
  for (const std::string& w : check_order) {
    auto& [chk, from] = checks.at(w);
    chk.launch = trace(from).front().net;
    rep.checks.push_back(chk);
  }
  rep.path = trace(*crit);
  rep.launch = rep.path.front().net;
  rep.latency = rep.cycles * rep.period;
  return rep;
}

std::optional<VectorReport> Circuit::evaluate(const std::vector<bool>& before, const std::vector<bool>& after,
                                              const Conditions& c, Diagnostics& diag) const {
  if (!check(diag)) return std::nullopt;
  auto s0 = simulate(before, diag);
  if (!s0) return std::nullopt;
  auto s1 = simulate(after, diag);
  if (!s1) return std::nullopt;
  std::map<NetId, bool> v0(s0->begin(), s0->end()), v1(s1->begin(), s1->end());
  Functions fns;
  parse_functions(g_, fns, diag);
  const double vdd = c.vdd.value_or(lib_->nom_voltage);
  const auto order = *topo_order(g_);
  std::map<NetId, EdgeTiming> ev;  // toggling nets: arrival and slew of their (single) edge
  for (Vertex v : inputs_)
    if (v0.at({v, ""}) != v1.at({v, ""})) ev[{v, ""}] = {true, 0.0, c.input_slew};
  VectorReport rep;
  for (Vertex v : order) {
    const VertexInfo& vi = g_[v];
    if (vi.kind != VertexKind::Instance) continue;
    if (is_clocked(*vi.cell)) {
      const auto ce = c.cycle_energy.find(vi.cell->name);
      if (ce == c.cycle_energy.end()) {
        diag.error("compose.no-cycle-energy", {},
                   fmt::format("clocked cell {} (instance {}) has no cycle energy in the conditions", vi.cell->name,
                               vi.name));
        return std::nullopt;
      }
      rep.clocked_energy += ce->second.energy * c.clocked_cycles;
      const double before_load = rep.load_energy;
      bool toggled = false;
      for (const liberty::Pin& out : vi.cell->pins) {
        if (out.direction != liberty::Direction::Output) continue;
        const NetId onet{v, out.name};
        if (v0.at(onet) == v1.at(onet)) continue;
        const bool orise = v1.at(onet);
        const double load = net_load(onet, orise, c);
        const liberty::TimingArc* a = clock_arc(*vi.cell, out, diag);
        if (a == nullptr) return std::nullopt;
        auto r = eval_arc(*vi.cell, out, *a, orise, {true, 0.0, c.clock_slew}, load, diag);
        if (!r) return std::nullopt;
        ev[onet] = {true, r->arrival, r->slew};
        // The cycle energy was measured with reference_load on the output.
        rep.load_energy += 0.5 * (load - ce->second.reference_load) * vdd * vdd;
        ++rep.toggled_nets;
        toggled = true;
      }
      rep.toggled_cells += toggled ? 1 : 0;
      rep.instance_energy.emplace_back(vi.name, ce->second.energy * c.clocked_cycles + rep.load_energy - before_load);
      continue;
    }
    // Toggling outputs: internal energy of the causing arc (its output at the actual load, the
    // others at the grid's smallest load in that measurement), edge, load, that smallest load.
    struct OutEvent {
      double internal, load, cmin;
      bool rise;
    };
    std::vector<OutEvent> events;
    for (const liberty::Pin& out : vi.cell->pins) {
      if (out.direction != liberty::Direction::Output) continue;
      const NetId onet{v, out.name};
      if (v0.at(onet) == v1.at(onet)) continue;
      const bool orise = v1.at(onet);
      const double load = net_load(onet, orise, c);
      // The side inputs' state at an input's event: all at their final values (every other
      // toggling input arrived earlier).
      auto final_value = [&](const std::string& pin) { return v1.at(*driver_of(g_, v, pin)); };
      std::optional<ArcEval> best;
      std::string cause;
      std::vector<std::string> related;  // the arcs' input pins, in first-seen order
      for (const liberty::TimingArc& a : out.timing) {
        if (a.type != liberty::TimingType::Combinational) continue;
        std::istringstream rel(a.related_pin);
        std::string ip;
        while (rel >> ip)
          if (std::find(related.begin(), related.end(), ip) == related.end()) related.push_back(ip);
      }
      for (const std::string& ip : related) {
        auto d = driver_of(g_, v, ip);
        if (!d || !ev.count(*d)) continue;
        for (const liberty::TimingArc* a : timing_groups(*vi.cell, out, ip, v1.at(*d), orise, final_value)) {
          auto r = eval_arc(*vi.cell, out, *a, orise, ev.at(*d), load, diag);
          if (!r) return std::nullopt;
          if (!best || r->arrival > best->arrival) {
            best = r;
            cause = ip;
          }
        }
      }
      if (!best) {
        diag.error("compose.no-arc", {},
                   fmt::format("{}/{} toggles but no arc from a toggling input explains it", vi.name, out.name));
        return std::nullopt;
      }
      ev[onet] = {true, best->arrival, best->slew};
      const double in_slew = ev.at(*driver_of(g_, v, cause)).slew;
      const liberty::InternalPower* pw = power_group(*vi.cell, out, fns.at({vi.cell, out.name}), cause,
                                                     v1.at(*driver_of(g_, v, cause)), orise, final_value);
      const std::optional<liberty::Table>* tab = pw == nullptr ? nullptr : (orise ? &pw->rise_power : &pw->fall_power);
      if (tab == nullptr || !*tab) {
        diag.error("compose.missing-table", {},
                   fmt::format("cell {} has no internal_power {}->{} ({})", vi.cell->name, cause, out.name,
                               orise ? "rise" : "fall"));
        return std::nullopt;
      }
      auto e = lookup(**tab, in_slew, load);
      if (!e) {
        diag.error("compose.bad-axis", {}, fmt::format("cell {}: unsupported internal_power axes", vi.cell->name));
        return std::nullopt;
      }
      // The smallest load of the grid, which the characterization put on the other outputs.
      double cmin = 0;
      for (const liberty::Axis& ax : (*tab)->axes())
        if (ax.variable == AxisVariable::TotalOutputNetCapacitance) cmin = ax.values.front();
      events.push_back({*e, load, cmin, orise});
      ++rep.toggled_nets;
    }
    if (events.empty()) continue;
    ++rep.toggled_cells;
    // Supply energy of the event from the arc of output o: E_int(o) + 1/2 C_o V^2 is that
    // measurement's supply energy with the o load (docs/composer.md); in it every other toggling
    // output k carried C_min and drew C_min V^2 from the supply if it rose (nothing if it fell),
    // so it is replaced by k's actual load: + (C_k - C_min) V^2 for a rising k. The largest over
    // the outputs' arcs is kept (each measured the whole cell switching).
    double best_total = 0, half_cv2 = 0;
    for (std::size_t o = 0; o < events.size(); ++o) {
      double total = events[o].internal + 0.5 * events[o].load * vdd * vdd;
      for (std::size_t k = 0; k < events.size(); ++k)
        if (k != o && events[k].rise) total += (events[k].load - events[o].cmin) * vdd * vdd;
      if (o == 0 || total > best_total) best_total = total;
      half_cv2 += 0.5 * events[o].load * vdd * vdd;
    }
    // Reported split: load = 1/2 C V^2 of every toggling output (the Liberty convention), internal
    // = the rest.
    rep.load_energy += half_cv2;
    rep.internal_energy += best_total - half_cv2;
    rep.instance_energy.emplace_back(vi.name, best_total);
  }
  for (Vertex po : outputs_) {
    const NetId d = *driver_of(g_, po, "");
    rep.outputs_before.push_back(v0.at(d));
    rep.outputs_after.push_back(v1.at(d));
    auto it = ev.find(d);
    if (it != ev.end() && (!rep.delay || it->second.arrival > *rep.delay)) {
      rep.delay = it->second.arrival;
      rep.endpoint = g_[po].name;
    }
  }
  for (Vertex v : inputs_) rep.toggled_nets += ev.count({v, ""}) ? 1 : 0;
  rep.energy = rep.internal_energy + rep.load_energy + rep.clocked_energy;
  return rep;
}

std::optional<double> Circuit::average_energy(int pairs, std::uint64_t seed, const Conditions& c,
                                              Diagnostics& diag) const {
  if (pairs < 1) {
    diag.error("compose.pairs", {}, "the number of random vector pairs must be at least 1");
    return std::nullopt;
  }
  std::mt19937_64 gen(seed);  // the engine's sequence is fixed by the standard: reproducible
  auto draw = [&] {
    std::vector<bool> v(inputs_.size());
    for (std::size_t k = 0; k < v.size(); ++k) v[k] = (gen() >> 31) & 1U;
    return v;
  };
  double sum = 0;
  for (int k = 0; k < pairs; ++k) {
    const auto a = draw();
    const auto b = draw();
    auto r = evaluate(a, b, c, diag);
    if (!r) return std::nullopt;
    sum += r->energy;
  }
  return sum / pairs;
}

}  // namespace rtmchar::compose
