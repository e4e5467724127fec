// Unit tests of the parameter structs and generators (no simulation).
#include <catch2/catch.hpp>

#include "devices/models.h"

using namespace rtmchar;
using namespace rtmchar::devices;

TEST_CASE("MTJ defaults give the documented resistances") {
  MtjParams p;
  CHECK(p.r_p() == Approx(5000).epsilon(1e-9));
  CHECK(p.resistance(0, 1) == Approx(10000).epsilon(1e-9));
  CHECK(p.resistance(0.5, 1) == Approx(7500).epsilon(1e-9));  // TMR halves at V_h
  CHECK(p.ic_p2ap > p.ic_ap2p);
}

TEST_CASE("racetrack derived quantities follow the closed forms") {
  RacetrackParams p;
  CHECK(p.depinning_current() == Approx(50.0 * 50e-9 * 2e-9 / 7.5e-11).epsilon(1e-12));
  CHECK(p.r_pitch() == Approx(4.8e-7 * 100e-9 / (50e-9 * 2e-9)).epsilon(1e-12));
  CHECK(p.port_positions() == std::vector<int>{4, 36});
  p.pattern.assign(64, 0);
  p.pattern[0] = 1;
  CHECK(p.initial_bit(4) == 1);
  CHECK(p.initial_bit(3) == 0);
  CHECK(p.port_mtj.r_p() == Approx(6000).epsilon(1e-9));
}

TEST_CASE("validation rejects bad parameters with devices.bad-param") {
  Diagnostics d;
  RacetrackParams p;
  p.pattern = {1, 0};
  p.ports = {-1};
  CHECK_FALSE(validate(p, d));
  CHECK(d.error_count() == 2);
  CHECK(d.all().front().id == "devices.bad-param");
  Diagnostics ok;
  CHECK(validate(RacetrackParams{}, ok));
  CHECK(validate(MtjParams{}, ok));
  CHECK(validate(SotParams{}, ok));
  CHECK_FALSE(ok.has_errors());
  MtjParams m;
  m.ic_ap2p = -1;
  CHECK_FALSE(validate(m, d));
}

TEST_CASE("generated subcircuits have the documented terminals and no conditionals") {
  RacetrackParams p;
  p.data_domains = 8;
  p.overhead_domains = 4;
  p.ports = {2, 6, 9};
  const std::string rt = racetrack_subckt("rt", p);
  CHECK(rt.rfind(".subckt rt a b p0 t0 p1 t1 p2 t2 x s0 s1 s2\n", 0) == 0);
  CHECK(rt.find('?') == std::string::npos);
  CHECK(mtj_subckt("m", MtjParams{}).rfind(".subckt m rl fl st\n", 0) == 0);
  CHECK(sot_subckt("s", SotParams{}).rfind(".subckt s a b r st\n", 0) == 0);
}
