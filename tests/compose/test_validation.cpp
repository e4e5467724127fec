// Composer vs flat transistor-level ngspice at 32 nm: a 4-bit ripple-carry adder of fa_cmos
// (critical transition: the carry ripples through all four stages) and the 2x2 Braun multiplier
// of fa_cmos + nand2/inv. Target of issue 5: delay and energy within 10 %.
#include <catch2/catch.hpp>
#include <cmath>
#include <iostream>
#include <map>

#include "charz/characterize.h"
#include "charz/library.h"
#include "compose/builders.h"
#include "compose/flat.h"
#include "netlist/cell.h"
#include "sim/measure.h"
#include "tech/technology.h"

using namespace rtmchar;

TEST_CASE("4-bit ripple-carry adder of fa_cmos: composer within 10 % of flat ngspice", "[slow]") {
  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  auto cell = netlist::load_cell("fa_cmos", diag);
  INFO(diag.str());
  REQUIRE(tech);
  REQUIRE(cell);
  const auto params = netlist::default_params(*cell);
  charz::Options opts;
  // A small automatic grid keeps the test short. (Fixed 3x3 grids at 10-30 ps / 1-2 fF currently
  // fail in the characterizer with "window ends before the settled tail"; reported to the lead.)
  opts.grid_size = 2;
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  auto res = charz::characterize_combinational(*tech, *cell, params, opts, engine, diag);
  INFO(diag.str());
  REQUIRE(res);
  auto lib = charz::make_library({{&*cell, *res}}, *tech, opts, diag);
  REQUIRE(lib);
  const double vdd = res->vdd, temperature = res->temperature;

  auto rca = compose::ripple_carry_adder(*lib, 4, {}, diag);
  REQUIRE(rca);
  // A: 0000 -> 0001 with B = 1111, CI = 0: S 1111 -> 0000, CO 0 -> 1 through every carry.
  std::vector<bool> before = {false, false, false, false, true, true, true, true, false};
  std::vector<bool> after = before;
  after[0] = true;
  compose::Conditions cond;
  cond.input_slew = 40e-12;
  cond.output_load = 2e-15;
  cond.vdd = vdd;
  auto est = rca->evaluate(before, after, cond, diag);
  REQUIRE(est);
  REQUIRE(est->delay);

  auto ctx = charz::CellContext::make(*tech, *cell, params, vdd, temperature, diag);
  REQUIRE(ctx);
  const double t_switch = 50e-12, tstop = 2.5e-9;
  auto flat = compose::flat_deck(*rca, {{"fa_cmos", *ctx}}, before, after, cond, opts.slew, t_switch,
                                 ".tran 5e-13 2.5e-9 0 5e-13", diag);
  REQUIRE(flat);
  sim::Job job;
  job.name = "rca4 flat";
  job.deck = flat->deck;
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  job.vectors = {flat->supply_current, "v(" + flat->nodes.at("A0") + ")", "v(" + flat->nodes.at("CO") + ")",
                 "v(" + flat->nodes.at("S3") + ")"};
  const sim::Result r = engine.run_one(job);
  INFO(r.error);
  REQUIRE(r.ok());
  const auto& t = r.waves.scale;
  const double mid = 0.5 * vdd;
  const auto tin = sim::cross(t, *r.waves.find(job.vectors[1]), mid, sim::Edge::Rise, 0.0);
  const auto tco = sim::cross(t, *r.waves.find(job.vectors[2]), mid, sim::Edge::Rise, 0.0);
  const auto ts3 = sim::cross(t, *r.waves.find(job.vectors[3]), mid, sim::Edge::Fall, 0.0);
  REQUIRE(tin);
  REQUIRE(tco);
  REQUIRE(ts3);
  const double spice_delay = std::max(*tco, *ts3) - *tin;
  // Supply energy over the event minus the final state's leakage over the same window.
  const auto& isup = *r.waves.find(flat->supply_current);
  const auto q = sim::integral(t, isup, t_switch, tstop);
  REQUIRE(q);
  const double spice_energy = -vdd * (*q - isup.back() * (tstop - t_switch));

  const double de = (*est->delay - spice_delay) / spice_delay;
  const double ee = (est->energy - spice_energy) / spice_energy;
  std::cout << "rca4 fa_cmos 32nm: delay composed " << *est->delay << " s, spice " << spice_delay << " s ("
            << 100 * de << " %); energy composed " << est->energy << " J, spice " << spice_energy << " J ("
            << 100 * ee << " %); area " << rca->area() << " m^2; grid slews " << res->slews.front() << ".."
            << res->slews.back() << " s, loads " << res->loads.front() << ".." << res->loads.back() << " F\n";
  CHECK(std::fabs(de) < 0.10);
  CHECK(std::fabs(ee) < 0.10);
}

namespace {

struct Flat {
  double delay = 0, energy = 0;
  std::map<std::string, double> instance_energy;  ///< supply energy of each instance's own source
};

// Flat ngspice of `circuit` for one input-vector pair (one input switching), every instance on
// its own supply source: delay 50 % of the switching input -> 50 % of the last toggling output,
// energies = supply energy from the switch to the end minus the final leakage over that window.
std::optional<Flat> run_flat(sim::Engine& engine, const compose::Circuit& circuit,
                             const std::map<std::string, charz::CellContext>& ctx, const std::vector<bool>& before,
                             const std::vector<bool>& after, const compose::Conditions& cond,
                             const charz::SlewConvention& slew, double vdd, Diagnostics& diag) {
  const double t_switch = 50e-12, tstop = 2.5e-9;
  auto flat = compose::flat_deck(circuit, ctx, before, after, cond, slew, t_switch, ".tran 5e-13 2.5e-9 0 5e-13", diag,
                                 true);
  auto rep = circuit.evaluate(before, after, cond, diag);
  if (!flat || !rep) return std::nullopt;
  sim::Job job;
  job.name = "flat";
  job.deck = flat->deck;
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  job.vectors = {flat->supply_current};
  for (const auto& [inst, vec] : flat->instance_currents) job.vectors.push_back(vec);
  std::optional<std::size_t> in;
  for (std::size_t k = 0; k < circuit.inputs().size(); ++k)
    if (before[k] != after[k]) in = k;
  if (!in) return std::nullopt;
  const std::string in_vec = "v(" + flat->nodes.at(circuit.graph()[circuit.inputs()[*in]].name) + ")";
  job.vectors.push_back(in_vec);
  std::vector<std::pair<std::string, bool>> outs;  // toggling outputs' vectors and final values
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k)
    if (rep->outputs_before[k] != rep->outputs_after[k]) {
      outs.emplace_back("v(" + flat->nodes.at(circuit.graph()[circuit.outputs()[k]].name) + ")", rep->outputs_after[k]);
      job.vectors.push_back(outs.back().first);
    }
  const sim::Result r = engine.run_one(job);
  if (!r.ok()) {
    diag.error("test.flat", {}, r.error);
    return std::nullopt;
  }
  const auto& t = r.waves.scale;
  const double mid = 0.5 * vdd;
  auto tin = sim::cross(t, *r.waves.find(in_vec), mid, after[*in] ? sim::Edge::Rise : sim::Edge::Fall, 0.0);
  if (!tin) return std::nullopt;
  Flat f;
  for (const auto& [vec, rise] : outs) {
    auto x = sim::cross(t, *r.waves.find(vec), mid, rise ? sim::Edge::Rise : sim::Edge::Fall, 0.0);
    if (!x) return std::nullopt;
    f.delay = std::max(f.delay, *x - *tin);
  }
  auto energy = [&](const std::string& vec) -> std::optional<double> {
    const auto& i = *r.waves.find(vec);
    const auto q = sim::integral(t, i, t_switch, tstop);
    if (!q) return std::nullopt;
    return -vdd * (*q - i.back() * (tstop - t_switch));
  };
  auto main = energy(flat->supply_current);
  if (!main) return std::nullopt;
  f.energy = *main;
  for (const auto& [inst, vec] : flat->instance_currents) {
    auto e = energy(vec);
    if (!e) return std::nullopt;
    f.instance_energy[inst] = *e;
    f.energy += *e;
  }
  return f;
}

}  // namespace

// The multiplier's critical transition has a full adder (fa2_0) whose two inputs rise 4.5 ps
// apart: its sum glitches (to 0.41 V in ngspice) and the composer, which charges one event per
// cell and no glitches, misses that energy (docs/composer.md, "Measured accuracy"). What the
// model claims is checked: the delay within 10 %, and within 10 % the energy of every cell with a
// single toggling input in a side state the library characterized; the total energy error is
// printed and recorded in docs/composer.md. (Only the default side state of each arc polarity is
// characterized, docs/characterization.md; a cell switching in another state is not checked.)
TEST_CASE("2x2 Braun multiplier of fa_cmos vs flat ngspice: delay, energy and characterized cell energies within 10 %",
          "[slow]") {
  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  REQUIRE(tech);
  std::vector<netlist::CellDef> defs;
  for (const char* name : {"fa_cmos", "nand2", "inv"}) {
    auto c = netlist::load_cell(name, diag);
    INFO(diag.str());
    REQUIRE(c);
    defs.push_back(std::move(*c));
  }
  charz::Options opts;
  opts.grid_size = 4;
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  std::vector<charz::CharacterizedCell> cells;
  std::map<std::string, charz::CellContext> ctx;
  for (const netlist::CellDef& d : defs) {
    const auto params = netlist::default_params(d);
    auto res = charz::characterize_combinational(*tech, d, params, opts, engine, diag);
    INFO(diag.str());
    REQUIRE(res);
    auto cc = charz::CellContext::make(*tech, d, params, res->vdd, res->temperature, diag);
    REQUIRE(cc);
    ctx.emplace(d.name, *cc);
    cells.push_back({&d, std::move(*res)});
  }
  auto lib = charz::make_library(cells, *tech, opts, diag);
  REQUIRE(lib);
  const double vdd = cells.front().result.vdd;
  auto mul = compose::array_multiplier(*lib, 2, {}, {}, diag);
  REQUIRE(mul);
  compose::Conditions cond;
  cond.input_slew = 40e-12;
  cond.output_load = 2e-15;
  cond.vdd = vdd;
  // A = 11, B 01 -> 11: 3 -> 9; P1 falls and P3 rises through both adder rows.
  const std::vector<bool> before = {true, true, true, false}, after = {true, true, true, true};
  auto est = mul->evaluate(before, after, cond, diag);
  INFO(diag.str());
  REQUIRE(est);
  REQUIRE(est->delay);
  auto flat = run_flat(engine, *mul, ctx, before, after, cond, opts.slew, vdd, diag);
  INFO(diag.str());
  REQUIRE(flat);
  const double de = (*est->delay - flat->delay) / flat->delay;
  const double ee = (est->energy - flat->energy) / flat->energy;
  std::cout << "mul2 fa_cmos 32nm: delay composed " << *est->delay << " s, spice " << flat->delay << " s ("
            << 100 * de << " %); energy composed " << est->energy << " J, spice " << flat->energy << " J ("
            << 100 * ee << " %); area " << mul->area() << " m^2\n";
  CHECK(std::fabs(de) < 0.10);
  // Inside since every sensitizing state is characterized for power (docs/composer.md).
  CHECK(std::fabs(ee) < 0.10);
  // Instances with exactly one toggling input.
  auto s0 = mul->simulate(before, diag), s1 = mul->simulate(after, diag);
  REQUIRE(s0);
  REQUIRE(s1);
  std::map<compose::NetId, bool> v0(s0->begin(), s0->end()), v1(s1->begin(), s1->end());
  const auto& g = mul->graph();
  int checked = 0;
  for (const auto& [inst, e] : est->instance_energy) {
    // The toggling inputs of the instance and the side-input state (Liberty `when` syntax, pin
    // order) after the event; the event is characterized when every toggling output's arc from
    // the single toggling input has an edge in that state.
    std::vector<std::string> toggling;
    std::string when;
    const charz::CellResult* res = nullptr;
    std::vector<std::string> outs;
    for (auto v : boost::make_iterator_range(boost::vertices(g))) {
      if (g[v].name != inst) continue;
      for (const charz::CharacterizedCell& cc : cells)
        if (cc.def->name == g[v].cell->name) res = &cc.result;
      std::map<std::string, bool> value;
      for (auto ed : boost::make_iterator_range(boost::in_edges(v, g))) {
        const compose::NetId n{boost::source(ed, g), g[ed].from_pin};
        value[g[ed].to_pin] = v1.at(n);
        if (v0.at(n) != v1.at(n)) toggling.push_back(g[ed].to_pin);
      }
      for (const auto& p : g[v].cell->pins) {
        if (p.direction == liberty::Direction::Output) {
          if (v0.at({v, p.name}) != v1.at({v, p.name})) outs.push_back(p.name);
          continue;
        }
        if (toggling.size() != 1 || p.name == toggling.front()) continue;
        when += std::string(when.empty() ? "" : "&") + (value.at(p.name) ? "" : "!") + p.name;
      }
    }
    REQUIRE(res);
    bool characterized = toggling.size() == 1 && !outs.empty();
    for (const std::string& o : outs) {
      bool found = false;
      for (const charz::ArcResult& a : res->arcs)
        if (characterized && a.input == toggling.front() && a.output == o)
          for (const charz::EdgeTables& t : a.edges) found |= t.when == when;
      characterized &= found;
    }
    const double spice = flat->instance_energy.at(inst);
    std::cout << "  " << inst << ": composed " << e << " J, spice " << spice << " J, " << toggling.size()
              << " toggling input(s), state '" << when << "'" << (characterized ? " (characterized)" : "") << "\n";
    if (!characterized || std::fabs(spice) < 0.5e-15) continue;  // tiny (nand2 falls): no relative measure
    INFO(inst);
    CHECK(std::fabs(e - spice) < 0.10 * std::fabs(spice));
    ++checked;
  }
  CHECK(checked >= 4);
}

