// IMAC column: the amplifier output tracks the weighted sum monotonically, energy grows with N.
#include <catch2/catch.hpp>

#include <cmath>

#include "imc/column.h"
#include "imc/fc_layer.h"
#include "tech/technology.h"

using namespace rtmchar;
using namespace rtmchar::imc;

namespace {
sim::EngineOptions two_workers() {
  sim::EngineOptions o;
  o.jobs = 2;
  return o;
}
}  // namespace

TEST_CASE("column: N = 16 output tracks the weighted sum -16..16 monotonically", "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(two_workers());
  const ColumnParams p = column_from_technology(*t, 16);
  auto s = sweep_column(engine, p, *t, 2, diag);
  INFO(diag.str());
  REQUIRE(s);
  REQUIRE(s->evals.size() == 9);
  CHECK(s->evals.front().sum == -16);
  CHECK(s->evals.back().sum == 16);
  for (std::size_t i = 1; i < s->evals.size(); ++i) {
    INFO("sum " << s->evals[i].sum);
    CHECK(s->evals[i].v_amp > s->evals[i - 1].v_amp);   // strictly increasing with the sum
    CHECK(s->evals[i].v_out <= s->evals[i - 1].v_out);  // falling sigmoid: non-increasing
  }
  // Loading (sense resistor against the column conductance, wire) attenuates: same sign as the
  // ideal sum and at most its magnitude (sum 0 keeps a small wire-position offset, below 1 lsb).
  for (const auto& e : s->evals) {
    INFO("sum " << e.sum);
    if (e.sum != 0) {
      CHECK(e.v_amp * e.v_ideal > 0);
      CHECK(std::abs(e.v_amp) <= std::abs(e.v_ideal));
    } else {
      CHECK(std::abs(e.v_amp) < p.lsb());
    }
  }
  // The neuron sees both sides of its midpoint over the full-scale sweep.
  CHECK(s->evals.front().v_out - s->evals.back().v_out > 0.5 * (p.neuron.v_pos - p.neuron.v_neg));
  CHECK(s->latency_max > 0);
  CHECK(s->latency_max < p.sample_time);
}

TEST_CASE("column: energy per evaluation grows with N", "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(two_workers());
  double prev = 0;
  for (int n : {4, 16, 32}) {
    auto s = sweep_column(engine, column_from_technology(*t, n), *t, n, diag);  // sums -n and +n
    INFO(diag.str());
    REQUIRE(s);
    INFO("n " << n);
    CHECK(s->energy_mean > prev);
    // Lower bound: each row drives at least one R_high device from v_read to the (near-ground) column.
    const ColumnParams p = column_from_technology(*t, n);
    const double v2t = p.v_read_pos * p.v_read_pos * p.sample_time;
    CHECK(s->energy_mean > n * v2t * p.g_high());
    prev = s->energy_mean;
  }
}

TEST_CASE("fc estimate: LeNet-5 classifier on 32x32 tiles, closed form") {
  Diagnostics diag;
  // e_array(32) = 1 pJ, e_neuron = 0.1 pJ: layer 400x120 = 120 (400/32 pJ + 0.1 pJ) = 1512 pJ.
  auto e = estimate_fc(lenet5_fc(), 32, 1.1e-12, 0.1e-12, 0.2e-9, 1e-9, diag);
  REQUIRE(e);
  REQUIRE(e->layers.size() == 3);
  CHECK(e->layers[0].tiles == 13 * 4);
  CHECK(e->layers[1].tiles == 4 * 3);
  CHECK(e->layers[2].tiles == 3 * 1);
  CHECK(e->layers[0].energy == Approx(120 * (400.0 / 32 * 1e-12 + 0.1e-12)));
  CHECK(e->energy == Approx(1512e-12 + 84 * (120.0 / 32 * 1e-12 + 0.1e-12) + 10 * (84.0 / 32 * 1e-12 + 0.1e-12)));
  CHECK(e->latency == Approx(3e-9));
  CHECK_FALSE(estimate_fc(lenet5_fc(), 32, 0.1e-12, 0.1e-12, 0.2e-9, 1e-9, diag));
  CHECK(diag.has_errors());
}
