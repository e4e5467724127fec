// Clocked-cell characterization of the built-in master-slave flip-flop `dff` at 32 nm: physical
// trends of clock-to-Q, setup and hold found by bisection (and checked from the failing side),
// input capacitance, leakage, and the Liberty library read by OpenSTA and proved by Yosys.
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>

#include "charz/sequential.h"
#include "clients.h"
#include "liberty/writer.h"
#include "util/fs.h"
#include "netlist/cell.h"
#include "tech/technology.h"

using namespace rtmchar;

namespace {

// One characterization shared by the tests of this file (3x3 delay grid, 2x2 constraint grid).
struct Fixture {
  std::optional<tech::Technology> tech;
  std::optional<netlist::CellDef> cell;
  charz::Options opts;
  charz::SequentialOptions seq;
  std::optional<charz::SequentialResult> res;
  std::string diag;
};

Fixture& dff32() {
  static Fixture f = [] {
    Fixture x;
    Diagnostics diag;
    x.tech = tech::load("32nm", {}, diag);
    x.cell = netlist::load_cell("dff", diag);
    if (x.tech && x.cell) {
      x.opts.slews = {10e-12, 40e-12, 160e-12};
      x.opts.loads = {1e-15, 4e-15, 16e-15};
      x.seq.constraint_clock_slews = {10e-12, 80e-12};
      x.seq.constraint_data_slews = {10e-12, 80e-12};
      sim::EngineOptions eo;
      eo.jobs = 2;
      sim::Engine engine(eo);
      x.res = charz::characterize_sequential(*x.tech, *x.cell, netlist::default_params(*x.cell), x.opts, x.seq, engine,
                                             diag);
    }
    x.diag = diag.str();
    return x;
  }();
  return f;
}

}  // namespace

void check_1() {  // dff at 32 nm: clock-to-Q grows with load and clock slew
  Fixture& f = dff32();
  INFO(f.diag);
  REQUIRE(f.res);
  const auto& r = *f.res;
  REQUIRE(r.clock_arcs.size() == 2);
  const size_t nl = r.loads.size();
  for (const auto& t : r.clock_arcs) {
    for (size_t is = 0; is < r.slews.size(); ++is) {
      for (size_t il = 0; il < nl; ++il) {
        const size_t k = is * nl + il;
        INFO("edge " << netlist::to_string(t.output_edge) << " slew " << r.slews[is] << " load " << r.loads[il]);
        CHECK(t.delay[k] > 0);
        CHECK(t.transition[k] > 0);
        if (il > 0) CHECK(t.delay[k] > t.delay[k - 1]);
        if (il > 0) CHECK(t.transition[k] > t.transition[k - 1]);
        if (is > 0) CHECK(t.delay[k] > t.delay[k - nl]);
      }
    }
  }
}

void check_2() {  // dff at 32 nm: setup positive, hold small, the failing side really fails
  Fixture& f = dff32();
  INFO(f.diag);
  REQUIRE(f.res);
  const auto& r = *f.res;
  REQUIRE(r.constraints.size() == 4);
  for (const auto& c : r.constraints) {
    const bool setup = c.kind == charz::ConstraintKind::Setup;
    for (size_t k = 0; k < c.values.size(); ++k) {
      INFO((setup ? "setup " : "hold ") << netlist::to_string(c.data_edge) << " point " << k << " = " << c.values[k]);
      // Bisection converged: pass and fail sides within max(0.5 ps, 1 % of the clock slew).
      const double cs = r.constraint_clock_slews[k / r.constraint_data_slews.size()];
      CHECK(std::fabs(c.values[k] - c.failing[k]) <= std::max(0.5e-12, 0.01 * cs) + 1e-18);
      // Master-slave latch pair: data must cross the input inverter and TG1 and set up the master
      // loop before the clock (setup > 0); the master closes with the clock, so hold is small
      // compared with the clock-to-Q delay.
      if (setup) CHECK(c.values[k] > 0);
      else CHECK(c.values[k] < r.reference_delay[0].front());
    }
  }
  // Wrong-D check: 2 ps beyond the failing end of the first setup point the flip-flop misses the
  // data or is more than 10 % slower, 2 ps beyond the passing end it passes (2 ps margins keep
  // the probes clear of time-step noise at the boundary); with the data 100 ps after the clock it
  // keeps the old value.
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  Diagnostics diag;
  const auto params = netlist::default_params(*f.cell);
  const auto& s0 = r.constraints[0];
  const double cs = r.constraint_clock_slews[0], ds = r.constraint_data_slews[0];
  const bool captured = s0.data_edge == netlist::Edge::Rise;
  auto at_fail = charz::probe_capture(*f.tech, *f.cell, params, f.opts, charz::ConstraintKind::Setup, captured, cs, ds,
                                      s0.failing[0] - 2e-12, engine, diag);
  auto at_pass = charz::probe_capture(*f.tech, *f.cell, params, f.opts, charz::ConstraintKind::Setup, captured, cs, ds,
                                      s0.values[0] + 2e-12, engine, diag);
  auto late = charz::probe_capture(*f.tech, *f.cell, params, f.opts, charz::ConstraintKind::Setup, captured, cs, ds,
                                   -100e-12, engine, diag);
  INFO(diag.str());
  REQUIRE(at_fail);
  REQUIRE(at_pass);
  REQUIRE(late);
  const double ref = r.reference_delay[captured ? 1 : 0][0];
  CHECK((!at_fail->correct || at_fail->clk_to_q > 1.1 * ref));
  CHECK(at_pass->correct);
  CHECK(at_pass->clk_to_q <= 1.1 * ref);
  CHECK_FALSE(late->correct);
}

void check_3() {  // dff at 32 nm: capacitance, leakage and area are physical
  Fixture& f = dff32();
  INFO(f.diag);
  REQUIRE(f.res);
  const auto& r = *f.res;
  for (const char* pin : {"D", "CLK"}) {
    REQUIRE(r.pin_caps.count(pin));
    // One unit inverter gate (D) or two TG/inverter gates (CLK) of a 32 nm process: 0.05-2 fF.
    CHECK(r.pin_caps.at(pin).rise > 0.05e-15);
    CHECK(r.pin_caps.at(pin).rise < 2e-15);
    CHECK(r.pin_caps.at(pin).fall > 0.05e-15);
    CHECK(r.pin_caps.at(pin).fall < 2e-15);
  }
  REQUIRE(r.leakage.size() == 8);
  for (const auto& l : r.leakage) CHECK(l.power > 0);
  CHECK(r.area > 0);
}

void check_4() {  // dff at 32 nm: the library validates, OpenSTA reads it and times it exactly, Yosys proves it
  Fixture& f = dff32();
  INFO(f.diag);
  REQUIRE(f.res);
  Diagnostics diag;
  auto lib = charz::make_sequential_library(*f.cell, *f.res, *f.tech, f.opts, diag);
  INFO(diag.str());
  REQUIRE(lib);
  const liberty::Cell* cell = lib->find_cell("dff");
  REQUIRE(cell);
  REQUIRE(cell->ff);
  CHECK(cell->ff->next_state == "D");
  CHECK(cell->ff->clocked_on == "CLK");
  REQUIRE(cell->find_pin("CLK"));
  CHECK(cell->find_pin("CLK")->clock);
  CHECK(cell->find_pin("Q")->function == "IQ");
  auto text = liberty::write_liberty(*lib, diag);
  REQUIRE(text);
  clients::TempDir dir("rtmchar-seq");
  const auto path = dir.path() / "dff_32nm.lib";
  std::string err;
  REQUIRE(write_file_atomic(path, *text, err));
  if (clients::tool_available("sta")) {
    auto reads = clients::check_opensta_reads(path);
    INFO(reads.str());
    CHECK(reads.ok);
    int n = 0;
    auto dcalc = clients::check_opensta_dcalc(path, "dff", &n, &*lib);
    INFO(dcalc.str());
    CHECK(dcalc.ok);
    CHECK(n >= 2 * 2 * 9 + 4 * 4);  // clock-to-Q delay+transition x 2 edges, 4 constraint tables
  } else {
    WARN("sta is not installed; OpenSTA checks skipped");
  }
  if (clients::tool_available("yosys")) {
    auto proof = clients::prove_functions_yosys(
        path, "module ref_dff(input D, input CLK, output reg Q);\n  always @(posedge CLK) Q <= D;\nendmodule\n", {"dff"});
    INFO(proof.str());
    CHECK(proof.ok);
  } else {
    WARN("yosys is not installed; proof skipped");
  }
}

// One characterization (about 240 simulations) shared by all checks: a single test case with
// sections, so the static fixture is built once per process.
TEST_CASE("dff at 32 nm: clocked-cell characterization", "[ngspice][client][slow]") {
  SECTION("dff at 32 nm: clock-to-Q grows with load and clock slew") { check_1(); }
  SECTION("dff at 32 nm: setup positive, hold small, the failing side really fails") { check_2(); }
  SECTION("dff at 32 nm: capacitance, leakage and area are physical") { check_3(); }
  SECTION("dff at 32 nm: the library validates, OpenSTA reads it and times it exactly, Yosys proves it") { check_4(); }
}
