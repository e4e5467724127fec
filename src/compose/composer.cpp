#include "compose/composer.h"

#include <algorithm>
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

// Per-analysis cache of the parsed output functions.
using Functions = std::map<std::pair<const liberty::Cell*, std::string>, netlist::BoolFunction>;

bool parse_functions(const Graph& g, Functions& out, Diagnostics& diag) {
  for (Vertex v : boost::make_iterator_range(boost::vertices(g))) {
    const VertexInfo& vi = g[v];
    if (vi.kind != VertexKind::Instance) continue;
    for (const liberty::Pin& p : vi.cell->pins) {
      if (p.direction != liberty::Direction::Output || out.count({vi.cell, p.name})) continue;
      if (p.function.empty()) {
        diag.error("compose.no-function", {}, fmt::format("cell {} output {} has no function", vi.cell->name, p.name));
        return false;
      }
      auto f = netlist::BoolFunction::parse(p.function, diag, {});
      if (!f) return false;
      for (const std::string& var : f->variables()) {
        const liberty::Pin* ip = vi.cell->find_pin(var);
        if (ip == nullptr || ip->direction == liberty::Direction::Output) {
          diag.error("compose.no-function", {},
                     fmt::format("cell {} output {}: function names {}, which is not an input pin "
                                 "(sequential cells cannot be composed)", vi.cell->name, p.name, var));
          return false;
        }
      }
      out.emplace(std::make_pair(vi.cell, p.name), std::move(*f));
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

}  // namespace

std::optional<double> lookup(const liberty::Table& t, double slew, double load) {
  const auto& axes = t.axes();
  if (axes.empty()) return t.values.empty() ? std::nullopt : std::optional<double>(t.values.front());
  const double x1 = axis_value(axes[0].variable, slew, load);
  if (std::isnan(x1)) return std::nullopt;
  const auto [i, f] = locate(axes[0].values, x1);
  const std::size_t n1 = axes[0].values.size();
  auto row = [&](std::size_t r) -> std::optional<double> {
    if (axes.size() == 1) return t.at(r);
    const double x2 = axis_value(axes[1].variable, slew, load);
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
      if (p.direction == liberty::Direction::Input && !driver_of(g_, v, p.name))
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
    for (const liberty::Pin& p : vi.cell->pins) {
      if (p.direction != liberty::Direction::Output) continue;
      const netlist::BoolFunction& f = fns.at({vi.cell, p.name});
      std::uint64_t assign = 0;
      for (std::size_t k = 0; k < f.variables().size(); ++k) {
        auto d = driver_of(g_, v, f.variables()[k]);
        if (!d) {
          diag.error("compose.undriven", {}, fmt::format("input {}/{} is not driven", vi.name, f.variables()[k]));
          return std::nullopt;
        }
        if (val.at(*d)) assign |= std::uint64_t{1} << k;
      }
      val[{v, p.name}] = f.eval(f.variables(), assign);
    }
  }
  out.assign(val.begin(), val.end());
  return out;
}

std::optional<TimingReport> Circuit::static_timing(const Conditions& c, Diagnostics& diag) const {
  if (!check(diag)) return std::nullopt;
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

std::optional<VectorReport> Circuit::evaluate(const std::vector<bool>& before, const std::vector<bool>& after,
                                              const Conditions& c, Diagnostics& diag) const {
  if (!check(diag)) return std::nullopt;
  auto s0 = simulate(before, diag);
  if (!s0) return std::nullopt;
  auto s1 = simulate(after, diag);
  if (!s1) return std::nullopt;
  std::map<NetId, bool> v0(s0->begin(), s0->end()), v1(s1->begin(), s1->end());
  const double vdd = c.vdd.value_or(lib_->nom_voltage);
  const auto order = *topo_order(g_);
  std::map<NetId, EdgeTiming> ev;  // toggling nets: arrival and slew of their (single) edge
  for (Vertex v : inputs_)
    if (v0.at({v, ""}) != v1.at({v, ""})) ev[{v, ""}] = {true, 0.0, c.input_slew};
  VectorReport rep;
  for (Vertex v : order) {
    const VertexInfo& vi = g_[v];
    if (vi.kind != VertexKind::Instance) continue;
    double cell_internal = 0;
    bool toggled = false;
    int toggled_outputs = 0;
    double charged_at_min = 0;  // sum of 1/2 C_min V^2 of the toggling outputs
    for (const liberty::Pin& out : vi.cell->pins) {
      if (out.direction != liberty::Direction::Output) continue;
      const NetId onet{v, out.name};
      if (v0.at(onet) == v1.at(onet)) continue;
      const bool orise = v1.at(onet);
      const double load = net_load(onet, orise, c);
      std::optional<ArcEval> best;
      std::string cause;
      for (const liberty::TimingArc& a : out.timing) {
        if (a.type != liberty::TimingType::Combinational) continue;
        std::istringstream rel(a.related_pin);
        std::string ip;
        while (rel >> ip) {
          auto d = driver_of(g_, v, ip);
          if (!d || !ev.count(*d) || !sense_allows(a.sense, v1.at(*d), orise)) continue;
          auto r = eval_arc(*vi.cell, out, a, orise, ev.at(*d), load, diag);
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
      const liberty::InternalPower* pw = nullptr;
      for (const liberty::InternalPower& p : out.power)
        if (names_pin(p.related_pin, cause)) pw = &p;
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
      charged_at_min += 0.5 * cmin * vdd * vdd;
      cell_internal = toggled_outputs == 0 ? *e : std::max(cell_internal, *e);
      ++toggled_outputs;
      toggled = true;
      rep.load_energy += 0.5 * load * vdd * vdd;
      ++rep.toggled_nets;
    }
    if (!toggled) continue;
    ++rep.toggled_cells;
    // Every toggling output except the one whose arc was kept was charged at C_min in that
    // measurement; with one toggling output the correction is zero.
    if (toggled_outputs > 1) cell_internal -= charged_at_min * (toggled_outputs - 1) / toggled_outputs;
    rep.internal_energy += cell_internal;
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
  rep.energy = rep.internal_energy + rep.load_energy;
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
