// Racetrack validation: washboard shifting, energy, transverse read (docs/devices.md).
#include <catch2/catch.hpp>

#include <cmath>

#include "devices/characterize.h"
#include "engine_fixture.h"

using namespace rtmchar;
using namespace rtmchar::devices;
using testing::rel_err;

namespace {

RacetrackParams small_track() {
  RacetrackParams p;
  p.data_domains = 8;
  p.overhead_domains = 4;
  p.pattern = {1, 0, 1, 1, 0, 0, 1, 0};
  p.ports = {2, 6};
  return p;
}

int warnings(const Diagnostics& d) {
  int n = 0;
  for (const auto& x : d.all()) n += x.id == "devices.sim-warning";
  return n;
}

// After `steps` shifts towards a (x = -steps) port j holds the bit initially at j + steps.
void check_ports(const RacetrackParams& p, const ShiftRun& r, int steps) {
  const auto ports = p.port_positions();
  for (std::size_t i = 0; i < ports.size(); ++i) {
    INFO("port " << i << " after " << steps << " steps");
    CHECK(std::abs(r.port_states[i] - p.initial_bit(ports[i] + steps)) < 0.01);
  }
}

}  // namespace

TEST_CASE("calibrated shift pulses move every wall by exactly one domain per pulse", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const auto p = small_track();
  const double i_shift = 3 * p.depinning_current();
  auto win = racetrack_shift_window(engine, p, {i_shift}, SimSettings{}, diag, 0.01);
  REQUIRE(win);
  const auto& w = win->front();
  REQUIRE(w.min_pulse < w.max_pulse);
  const double width = 0.5 * (w.min_pulse + w.max_pulse);
  WARN("one-step window at " << i_shift * 1e6 << " uA: " << w.min_pulse * 1e9 << " .. " << w.max_pulse * 1e9 << " ns");

  auto one = racetrack_shift(engine, p, {i_shift}, width, SimSettings{}, diag);
  REQUIRE(one);
  CHECK(std::abs(one->final_x + 1) < 0.01);
  check_ports(p, *one, 1);

  auto three = racetrack_shift(engine, p, {i_shift, i_shift, i_shift}, width, SimSettings{}, diag);
  REQUIRE(three);
  CHECK(std::abs(three->final_x + 3) < 0.01);
  check_ports(p, *three, 3);

  // Reverse current moves the data back: +2 then -1 leaves one step; -1 alone moves the other way.
  auto back = racetrack_shift(engine, p, {i_shift, i_shift, -i_shift}, width, SimSettings{}, diag);
  REQUIRE(back);
  CHECK(std::abs(back->final_x + 1) < 0.01);
  check_ports(p, *back, 1);
  auto rev = racetrack_shift(engine, p, {-i_shift}, width, SimSettings{}, diag);
  REQUIRE(rev);
  CHECK(std::abs(rev->final_x - 1) < 0.01);
  check_ports(p, *rev, -1);

  // Time-step independence: 1 ps vs 10 ps step ceiling.
  SimSettings fine;
  fine.max_step = 1e-12;
  auto one_fine = racetrack_shift(engine, p, {i_shift}, width, fine, diag);
  REQUIRE(one_fine);
  CHECK(std::abs(one_fine->final_x - one->final_x) < 1e-3);
  CHECK(rel_err(one_fine->energy, one->energy) < 0.01);
  auto edge_fine = racetrack_shift(engine, p, {i_shift}, 0.98 * w.min_pulse, fine, diag);
  auto edge_hi = racetrack_shift(engine, p, {i_shift}, 1.02 * w.min_pulse, fine, diag);
  REQUIRE(edge_fine);
  REQUIRE(edge_hi);
  CHECK(std::abs(edge_fine->final_x) < 0.01);      // the 10 ps window edge holds at 1 ps
  CHECK(std::abs(edge_hi->final_x + 1) < 0.01);
  CHECK(warnings(diag) == 0);
}

TEST_CASE("below the depinning threshold nothing moves", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const auto p = small_track();
  for (double frac : {0.5, 0.9}) {
    auto r = racetrack_shift(engine, p, {frac * p.depinning_current()}, 10e-9, SimSettings{}, diag);
    REQUIRE(r);
    INFO("I = " << frac << " I_dep, max |x| " << r->max_abs_x);
    CHECK(std::abs(r->final_x) < 1e-3);
    CHECK(r->max_abs_x < 0.25);  // elastic tilt asin(I/I_dep)/(2 pi) < 1/4 pitch
    CHECK(std::abs(r->max_abs_x - std::asin(frac) / (2 * M_PI)) < 0.01);
    check_ports(p, *r, 0);
  }
  // Just above the threshold the walls do move (a long pulse moves at least one domain).
  auto above = racetrack_shift(engine, p, {1.1 * p.depinning_current()}, 10e-9, SimSettings{}, diag);
  REQUIRE(above);
  CHECK(above->final_x < -0.99);
}

TEST_CASE("shift energy from the simulated supply current matches I^2 R t", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const auto p = small_track();
  for (double i : {150e-6, 250e-6}) {
    auto r = racetrack_shift(engine, p, {i}, 1e-9, SimSettings{}, diag);
    REQUIRE(r);
    INFO("I " << i << " E " << r->energy << " I2Rt " << r->i2rt);
    CHECK(rel_err(r->energy, r->i2rt) < 0.05);
    // closed form for the trapezoidal pulse: integral I^2 dt = I^2 (w + 2 edge / 3)
    const double r_wire = p.r_pitch() * (p.total_domains() + p.tr_mr * 4);
    CHECK(rel_err(r->energy, i * i * r_wire * (1e-9 + 2 * 10e-12 / 3)) < 0.05);
  }
}

TEST_CASE("transverse-read resistance levels are strictly ordered by the count of ones", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  auto p = small_track();
  auto levels = transverse_read_levels(engine, p, 0, 1, 10e-6, SimSettings{}, diag);
  REQUIRE(levels);
  REQUIRE(levels->size() == 4);  // ports at 2 and 6: three domains between them
  for (std::size_t c = 0; c + 1 < levels->size(); ++c) {
    INFO("c = " << c);
    CHECK((*levels)[c + 1] > (*levels)[c]);
    CHECK(rel_err((*levels)[c + 1] - (*levels)[c], p.tr_mr * p.r_pitch()) < 0.02);
  }
  CHECK(rel_err(levels->front(), 4 * p.r_pitch()) < 0.01);
  CHECK(warnings(diag) == 0);
}

TEST_CASE("a port write flips the domain under the port and the bit then shifts with the data", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  const auto p = small_track();
  const double i_shift = 3 * p.depinning_current();
  const double shift_width = 1.2 * p.pitch / (std::sqrt(8.0) * p.v_pin);  // inside the one-step window
  // Domain 6 (port 1) holds 0 and domain 2 (port 0) holds 1. Write '1' at port 1 (P->AP, 2 I_c for
  // 3 tau0), then shift four times towards a: the written domain arrives under port 0, where
  // without the write a 0 (initial bit 6) would be.
  REQUIRE(p.initial_bit(6) == 0);
  const std::vector<double> four(4, i_shift);
  auto w1 = racetrack_write_then_shift(engine, p, 1, 2 * p.port_mtj.ic_p2ap, 3e-9, four, shift_width, SimSettings{}, diag);
  REQUIRE(w1);
  CHECK(w1->written > 0.99);
  CHECK(std::abs(w1->final_x + 4) < 0.01);
  CHECK(w1->port_states[0] > 0.99);
  CHECK(std::abs(w1->port_states[1] - p.initial_bit(10)) < 0.01);
  // Writing '0' over the '1' at port 0 (AP->P) and shifting once the other way.
  auto w0 = racetrack_write_then_shift(engine, p, 0, -2 * p.port_mtj.ic_ap2p, 3e-9, {-i_shift}, shift_width,
                                       SimSettings{}, diag);
  REQUIRE(w0);
  CHECK(w0->written < 0.01);
  CHECK(std::abs(w0->final_x - 1) < 0.01);
  CHECK(std::abs(w0->port_states[0] - p.initial_bit(1)) < 0.01);
  CHECK(std::abs(w0->port_states[1] - p.initial_bit(5)) < 0.01);
  // A read current below I_c does not write.
  auto rd = racetrack_write_then_shift(engine, p, 1, 0.5 * p.port_mtj.ic_p2ap, 3e-9, {}, shift_width, SimSettings{}, diag);
  REQUIRE(rd);
  CHECK(rd->written < 0.01);
  CHECK(warnings(diag) == 0);
}

TEST_CASE("racetrack simulates without warnings across a parameter sweep", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  int points = 0;
  for (double v_pin : {30.0, 50.0, 80.0})
    for (double mu : {5e-11, 7.5e-11, 1e-10})
      for (double mr : {0.05, 0.2}) {
        auto p = small_track();
        p.v_pin = v_pin;
        p.mobility = mu;
        p.tr_mr = mr;
        const double i = 3 * p.depinning_current();
        // one pitch takes pitch / sqrt(v^2 - v_pin^2) at v = mu J = 3 v_pin; 1.2x that is one step
        const double width = 1.2 * p.pitch / (std::sqrt(8.0) * v_pin);
        auto r = racetrack_shift(engine, p, {i}, width, SimSettings{}, diag);
        REQUIRE(r);
        CHECK(std::abs(r->final_x + 1) < 0.01);
        ++points;
      }
  CHECK(points == 18);
  CHECK(warnings(diag) == 0);
  WARN("racetrack sweep: " << points << " parameter points, " << warnings(diag) << " warnings");
}

TEST_CASE("the max_shift reduction is exact inside its range and refuses runs beyond it", "[ngspice]") {
  sim::Engine engine(testing::single_worker());
  Diagnostics diag;
  RacetrackParams full;
  full.data_domains = 24;
  full.overhead_domains = 8;
  full.pattern = {1, 0, 1, 1, 0, 0, 1, 0, 1, 1, 1, 0, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 0, 1};
  full.ports = {6, 14};
  RacetrackParams reduced = full;
  reduced.max_shift = 4;
  int dynamic = 0;
  for (int k = 0; k < reduced.total_domains(); ++k) dynamic += reduced.dynamic_domain(k);
  CHECK(dynamic < reduced.total_domains());
  const double i = 3 * full.depinning_current();
  const double width = 1.2 * full.pitch / (std::sqrt(8.0) * full.v_pin);
  full.max_shift = 40;  // larger than the track: every domain is a state node
  auto a = racetrack_shift(engine, full, {i, i}, width, SimSettings{}, diag);
  auto b = racetrack_shift(engine, reduced, {i, i}, width, SimSettings{}, diag);
  REQUIRE(a);
  REQUIRE(b);
  CHECK(std::abs(a->final_x + 2) < 0.01);
  CHECK(std::abs(b->final_x - a->final_x) < 1e-4);
  CHECK(rel_err(b->energy, a->energy) < 1e-4);
  for (std::size_t k = 0; k < a->port_states.size(); ++k) CHECK(std::abs(b->port_states[k] - a->port_states[k]) < 1e-4);
  Diagnostics beyond;
  reduced.max_shift = 2;
  CHECK_FALSE(racetrack_shift(engine, reduced, {i, i, i}, width, SimSettings{}, beyond));
  REQUIRE(beyond.has_errors());
  CHECK(beyond.all().back().id == "devices.shift-range");
}
