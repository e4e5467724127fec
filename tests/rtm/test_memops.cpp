// Memory-operation tables respond to their parameters in the physically right direction.
#include <catch2/catch.hpp>

#include "rtm/memops.h"

using namespace rtmchar;

TEST_CASE("shift table: more current -> shorter minimum pulse, longer track -> more energy", "[ngspice][slow]") {
  devices::RacetrackParams base;
  base.overhead_domains = 4;
  base.ports = {2};
  sim::EngineOptions opts;
  opts.jobs = 2;
  sim::Engine engine(opts);
  Diagnostics diag;
  const double idep = base.depinning_current();
  auto t = rtm::shift_table(engine, base, {8, 24}, {2 * idep, 3 * idep}, diag, 0.03);
  INFO(diag.str());
  REQUIRE(t);
  REQUIRE(t->size() == 4);
  const auto& s8lo = (*t)[0];
  const auto& s8hi = (*t)[1];
  const auto& s24lo = (*t)[2];
  WARN("8 domains: " << s8lo.min_pulse * 1e9 << " ns / " << s8lo.energy * 1e15 << " fJ at 2 I_dep, "
                     << s8hi.min_pulse * 1e9 << " ns / " << s8hi.energy * 1e15 << " fJ at 3 I_dep; 24 domains: "
                     << s24lo.min_pulse * 1e9 << " ns / " << s24lo.energy * 1e15 << " fJ at 2 I_dep");
  CHECK(s8hi.min_pulse < s8lo.min_pulse);
  CHECK(s24lo.energy > 2 * s8lo.energy);  // R_wire grows with (N + overhead): 28/12 = 2.33x
  // The wall dynamics do not depend on the length: same minimum pulse within the bisection tolerance.
  CHECK(s24lo.min_pulse == Approx(s8lo.min_pulse).epsilon(0.07));
}

TEST_CASE("shift table: bad parameters are rtm.bad-param errors") {
  devices::RacetrackParams base;
  sim::EngineOptions opts;
  opts.jobs = 1;
  sim::Engine engine(opts);
  Diagnostics zero;
  CHECK_FALSE(rtm::shift_table(engine, base, {0}, {3 * base.depinning_current()}, zero));
  CHECK(zero.has_errors());
  Diagnostics weak;
  CHECK_FALSE(rtm::shift_table(engine, base, {8}, {0.5 * base.depinning_current()}, weak));
  CHECK(weak.has_errors());
  base.width = -50e-9;
  Diagnostics neg;
  CHECK_FALSE(rtm::shift_table(engine, base, {8}, {200e-6}, neg));
  CHECK(neg.has_errors());
}
