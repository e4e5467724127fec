// The techfile -> device parameter mapping, on the built-in 32 nm technology.
#include <catch2/catch.hpp>

#include "devices/from_technology.h"

using namespace rtmchar;
using namespace rtmchar::devices;

TEST_CASE("32nm techfile maps onto valid device parameters") {
  Diagnostics diag;
  auto t = tech::load("32nm", {"racetrack.v_pin=40", "mtj.ic_ap_p=30u"}, diag);
  REQUIRE(t);
  const MtjParams m = mtj_from_technology(*t);
  CHECK(m.r_p() == Approx(t->si("mtj.ra") / (65e-9 * 65e-9)).epsilon(1e-12));
  CHECK(m.ic_ap2p == Approx(30e-6));  // the --set override arrives
  const RacetrackParams r = racetrack_from_technology(*t);
  CHECK(r.v_pin == Approx(40));
  CHECK(r.port_mtj.r_p() == Approx(t->si("racetrack.read_r_p")).epsilon(1e-12));
  CHECK(r.port_mtj.resistance(0, 1) == Approx(t->si("racetrack.read_r_ap")).epsilon(1e-12));
  CHECK(r.port_positions().size() == static_cast<std::size_t>(t->count("racetrack.ports")));
  const SotParams s = sot_from_technology(*t);
  CHECK(s.r_low() == Approx(t->si("sot.r_low")).epsilon(1e-12));
  CHECK(s.ic == Approx(t->si("sot.ic")));
  Diagnostics v;
  CHECK(validate(m, v));
  CHECK(validate(r, v));
  CHECK(validate(s, v));
  CHECK_FALSE(v.has_errors());
}
