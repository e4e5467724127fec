// SOT-MRAM validation (docs/devices.md, section SOT).
#include <catch2/catch.hpp>

#include "devices/characterize.h"
#include "engine_fixture.h"

using namespace rtmchar;
using namespace rtmchar::devices;
using testing::rel_err;

TEST_CASE("SOT read gives R_low / R_high in series with half the channel", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const SotParams p;
  auto r = sot_read(engine, p, 0.1, SimSettings{}, diag);
  REQUIRE(r);
  CHECK(rel_err(r->i_p, 0.1 / (5e3 + p.r_channel() / 2)) < 0.01);
  CHECK(rel_err(r->i_ap, 0.1 / (15e3 + p.r_channel() / 2)) < 0.01);
  CHECK(rel_err(r->v_margin, r->i_ap * (15e3 - 5e3)) < 0.01);
  CHECK_FALSE(r->disturbed);
}

TEST_CASE("SOT channel current writes both states with t_sw = tau0/(I/I_c - 1), not below I_c", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  const SotParams p;
  for (auto dir : {WriteDir::PtoAP, WriteDir::APtoP}) {
    Diagnostics diag;
    auto pts = sot_min_write_pulse(engine, p, dir, {1.5 * p.ic, 3 * p.ic}, SimSettings{}, diag, 0.005);
    REQUIRE(pts);
    CHECK(std::abs((*pts)[0].switch_time - 2 * p.tau0) < 0.01 * 2 * p.tau0 + 10e-12);
    CHECK(std::abs((*pts)[1].switch_time - 0.5 * p.tau0) < 0.01 * 0.5 * p.tau0 + 10e-12);
    CHECK(std::abs((*pts)[1].min_pulse - 0.5 * p.tau0) < 0.02 * 0.5 * p.tau0 + 10e-12);
    Diagnostics below;
    CHECK_FALSE(sot_min_write_pulse(engine, p, dir, {0.97 * p.ic}, SimSettings{}, below, 0.01, 40e-9));
    REQUIRE(below.has_errors());
    CHECK(below.all().back().id == "devices.no-switch");
  }
}
