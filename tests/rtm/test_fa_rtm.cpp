// fa_rtm: functional correctness of the racetrack PCSA full adder for all 8 input combinations,
// simulated through the Engine with operand A stored in the racetrack tracks.
#include <catch2/catch.hpp>

#include "netlist/cell.h"
#include "rtm/fa_rtm.h"
#include "tech/technology.h"

using namespace rtmchar;

TEST_CASE("fa_rtm computes S = A^B^CI and CO = maj(A,B,CI) for all 8 combinations at 45, 32, 22 nm", "[ngspice]") {
  const std::string node = GENERATE("45nm", "32nm", "22nm");
  INFO(node);
  Diagnostics diag;
  auto tech = tech::load(node, {}, diag);
  REQUIRE(tech);
  auto cell = netlist::load_cell("fa_rtm", diag);
  INFO(diag.str());
  REQUIRE(cell);
  sim::EngineOptions opts;
  opts.jobs = 2;
  sim::Engine engine(opts);
  auto evals = rtm::simulate_fa_rtm(engine, *tech, *cell, netlist::default_params(*cell), rtm::FaBench{}, diag);
  INFO(diag.str());
  REQUIRE(evals);
  REQUIRE(evals->size() == 8);
  for (const auto& e : *evals) {
    INFO("A=" << e.a << " B=" << e.b << " CI=" << e.ci << " margin S " << e.margin_s << " V, CO " << e.margin_co
              << " V, decision " << e.decision_s * 1e12 << " / " << e.decision_co * 1e12 << " ps, energy "
              << e.energy * 1e15 << " fJ");
    const int sum = e.a ^ e.b ^ e.ci;
    const int carry = (e.a + e.b + e.ci) >= 2;
    CHECK(e.s == sum);
    CHECK(e.co == carry);
    // The latches hold the result through the next precharge phase.
    CHECK(e.s_held == sum);
    CHECK(e.co_held == carry);
    // A decision needs a real voltage difference between the branches, and reading must not
    // disturb the stored operand.
    CHECK(e.margin_s > 0.1 * tech->vdd());
    CHECK(e.margin_co > 0.1 * tech->vdd());
    CHECK(e.track_state_error < 0.01);
    CHECK(e.energy > 0);
    WARN(node << " A=" << e.a << " B=" << e.b << " CI=" << e.ci << ": S=" << e.s << " CO=" << e.co << " margin S "
              << e.margin_s << " V CO " << e.margin_co << " V, decision " << e.decision_s * 1e12 << " / "
              << e.decision_co * 1e12 << " ps, energy " << e.energy * 1e15 << " fJ");
  }
}
