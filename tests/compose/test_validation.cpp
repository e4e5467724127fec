// Composer vs flat transistor-level ngspice: a 4-bit ripple-carry adder of fa_cmos at 32 nm,
// critical transition (carry ripples through all four stages). Target of issue 5: delay and
// energy within 10 %.
#include <catch2/catch.hpp>
#include <cmath>
#include <iostream>

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
