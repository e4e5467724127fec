// MTJ validation against the model's closed forms (docs/devices.md, section MTJ).
#include <catch2/catch.hpp>

#include <cmath>

#include "devices/characterize.h"
#include "engine_fixture.h"

using namespace rtmchar;
using namespace rtmchar::devices;
using testing::rel_err;

namespace {
int warnings(const Diagnostics& d) {
  int n = 0;
  for (const auto& x : d.all()) n += x.id == "devices.sim-warning";
  return n;
}
}  // namespace

TEST_CASE("MTJ read current obeys Ohm's law with TMR(V) at three biases", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const MtjParams p;
  auto pts = mtj_read(engine, p, {0.05, 0.15, 0.25}, SimSettings{}, diag);
  REQUIRE(pts);
  REQUIRE(pts->size() == 3);
  for (const auto& r : *pts) {
    INFO("bias " << r.bias);
    CHECK(rel_err(r.i_p, r.bias / p.resistance(r.bias, 0)) < 0.01);
    CHECK(rel_err(r.i_ap, r.bias / p.resistance(r.bias, 1)) < 0.01);
    CHECK_FALSE(r.disturbed);
    CHECK(r.i_margin > 0);
    CHECK(r.v_margin > 0);
  }
  // TMR falls with bias, so the relative current margin does too.
  CHECK((*pts)[0].i_margin / (*pts)[0].i_p > (*pts)[2].i_margin / (*pts)[2].i_p);
  CHECK(warnings(diag) == 0);
}

TEST_CASE("MTJ switching time follows t_sw = tau0/(I/I_c - 1) in both directions", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const MtjParams p;
  for (auto dir : {WriteDir::PtoAP, WriteDir::APtoP}) {
    const double ic = dir == WriteDir::PtoAP ? p.ic_p2ap : p.ic_ap2p;
    const std::vector<double> over{0.25, 0.5, 1.0, 2.0};
    std::vector<double> currents;
    for (double o : over) currents.push_back(ic * (1 + o));
    auto pts = mtj_min_write_pulse(engine, p, dir, currents, SimSettings{}, diag, 0.002);
    REQUIRE(pts);
    for (std::size_t k = 0; k < over.size(); ++k) {
      const double law = p.tau0 / over[k];
      INFO("overdrive " << over[k] << " switch " << (*pts)[k].switch_time << " min pulse " << (*pts)[k].min_pulse);
      CHECK(std::abs((*pts)[k].switch_time - law) < 0.01 * law + 10e-12);
      CHECK(std::abs((*pts)[k].min_pulse - law) < 0.02 * law + 10e-12);
    }
  }
  CHECK(warnings(diag) == 0);
}

TEST_CASE("MTJ does not switch below I_c, and the two directions have different I_c", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  const MtjParams p;
  for (auto dir : {WriteDir::PtoAP, WriteDir::APtoP}) {
    const double ic = dir == WriteDir::PtoAP ? p.ic_p2ap : p.ic_ap2p;
    Diagnostics diag;
    CHECK_FALSE(mtj_min_write_pulse(engine, p, dir, {0.97 * ic}, SimSettings{}, diag, 0.01, 40e-9));
    REQUIRE(diag.has_errors());
    CHECK(diag.all().back().id == "devices.no-switch");
  }
  // A current between the two critical currents writes AP->P but not P->AP.
  const double mid = 0.5 * (p.ic_ap2p + p.ic_p2ap);
  Diagnostics ok, fails;
  CHECK(mtj_min_write_pulse(engine, p, WriteDir::APtoP, {mid}, SimSettings{}, ok, 0.01, 40e-9));
  CHECK_FALSE(ok.has_errors());
  CHECK_FALSE(mtj_min_write_pulse(engine, p, WriteDir::PtoAP, {mid}, SimSettings{}, fails, 0.01, 40e-9));
}

TEST_CASE("MTJ simulates without warnings across a parameter sweep", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  int points = 0;
  for (double tmr0 : {0.5, 1.0, 2.0})
    for (double ic : {20e-6, 40e-6, 80e-6})
      for (double tau0 : {0.5e-9, 2e-9}) {
        MtjParams p;
        p.tmr0 = tmr0;
        p.ic_p2ap = 1.47 * ic;
        p.ic_ap2p = ic;
        p.tau0 = tau0;
        auto up = mtj_min_write_pulse(engine, p, WriteDir::PtoAP, {2 * p.ic_p2ap}, SimSettings{}, diag, 0.05);
        auto down = mtj_min_write_pulse(engine, p, WriteDir::APtoP, {2 * p.ic_ap2p}, SimSettings{}, diag, 0.05);
        REQUIRE(up);
        REQUIRE(down);
        CHECK(rel_err(up->front().switch_time, tau0) < 0.02);
        CHECK(rel_err(down->front().switch_time, tau0) < 0.02);
        ++points;
      }
  CHECK(points == 18);
  CHECK(warnings(diag) == 0);
  WARN("MTJ sweep: " << points << " parameter points, 2 directions each, " << warnings(diag) << " warnings");
}
