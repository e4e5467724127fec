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
};

// Flat ngspice of `circuit` for one input-vector pair: delay 50 % of the switching input ->
// 50 % of the last toggling output, energy = supply energy minus the final leakage.
std::optional<Flat> run_flat(sim::Engine& engine, const compose::Circuit& circuit,
                             const std::map<std::string, charz::CellContext>& ctx, const std::vector<bool>& before,
                             const std::vector<bool>& after, const compose::Conditions& cond,
                             const charz::SlewConvention& slew, double vdd, Diagnostics& diag) {
  const double t_switch = 50e-12, tstop = 2.5e-9;
  auto flat = compose::flat_deck(circuit, ctx, before, after, cond, slew, t_switch, ".tran 5e-13 2.5e-9 0 5e-13", diag);
  if (!flat) return std::nullopt;
  sim::Job job;
  job.name = "flat";
  job.deck = flat->deck;
  job.analysis = sim::Analysis::Tran;
  job.tstop = tstop;
  job.vectors = {flat->supply_current};
  std::vector<std::pair<std::string, bool>> outs;  // toggling outputs and their final value
  std::string in;
  for (std::size_t k = 0; k < circuit.inputs().size(); ++k)
    if (before[k] != after[k]) in = circuit.graph()[circuit.inputs()[k]].name;
  job.vectors.push_back("v(" + flat->nodes.at(in) + ")");
  auto rep = circuit.evaluate(before, after, cond, diag);
  if (!rep) return std::nullopt;
  for (std::size_t k = 0; k < circuit.outputs().size(); ++k)
    if (rep->outputs_before[k] != rep->outputs_after[k]) {
      const std::string name = circuit.graph()[circuit.outputs()[k]].name;
      outs.emplace_back(name, rep->outputs_after[k]);
      job.vectors.push_back("v(" + flat->nodes.at(name) + ")");
    }
  const sim::Result r = engine.run_one(job);
  if (!r.ok()) {
    diag.error("test.flat", {}, r.error);
    return std::nullopt;
  }
  const auto& t = r.waves.scale;
  const double mid = 0.5 * vdd;
  double tin = -1;
  for (std::size_t k = 0; k < circuit.inputs().size(); ++k)
    if (before[k] != after[k]) {
      auto x = sim::cross(t, *r.waves.find(job.vectors[1]), mid, after[k] ? sim::Edge::Rise : sim::Edge::Fall, 0.0);
      if (!x) return std::nullopt;
      tin = *x;
    }
  double tout = 0;
  for (std::size_t k = 0; k < outs.size(); ++k) {
    auto x = sim::cross(t, *r.waves.find(job.vectors[2 + k]), mid, outs[k].second ? sim::Edge::Rise : sim::Edge::Fall,
                        0.0);
    if (!x) return std::nullopt;
    tout = std::max(tout, *x);
  }
  const auto& isup = *r.waves.find(flat->supply_current);
  const auto q = sim::integral(t, isup, t_switch, tstop);
  if (!q) return std::nullopt;
  return Flat{tout - tin, -vdd * (*q - isup.back() * (tstop - t_switch))};
}

}  // namespace

TEST_CASE("2x2 Braun multiplier of fa_cmos: composer within 10 % of flat ngspice", "[slow]") {
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
            << 100 * de << " %); energy composed " << est->energy << " J (internal " << est->internal_energy
            << ", load " << est->load_energy << "), spice " << flat->energy << " J (" << 100 * ee << " %); area "
            << mul->area() << " m^2; fa_cmos grid slews " << cells[0].result.slews.front() << ".."
            << cells[0].result.slews.back() << " s, loads " << cells[0].result.loads.front() << ".."
            << cells[0].result.loads.back() << " F\n";
  CHECK(std::fabs(de) < 0.10);
  CHECK(std::fabs(ee) < 0.10);
}
