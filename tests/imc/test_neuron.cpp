// IMAC sigmoid neuron: simulated DC transfer curve vs its logistic fit, node trend.
#include <catch2/catch.hpp>

#include <cmath>

#include "imc/neuron.h"
#include "tech/technology.h"

using namespace rtmchar;
using namespace rtmchar::imc;

namespace {
sim::EngineOptions one_worker() {
  sim::EngineOptions o;
  o.jobs = 1;
  return o;
}
}  // namespace

TEST_CASE("neuron: the fitted logistic matches a fresh DC sweep within the reported error", "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(one_worker());
  const NeuronParams p = neuron_from_technology(*t);
  auto r = characterize_neuron(engine, p, *t, diag);
  INFO(diag.str());
  REQUIRE(r);
  const Logistic& c = r->fit.curve;
  // Falling sigmoid spanning most of the rails, midpoint inside the sweep.
  CHECK(c.k < 0);
  CHECK(c.swing > 0.8 * (p.v_pos - p.v_neg));
  CHECK(c.x0 > p.sweep_lo);
  CHECK(c.x0 < p.sweep_hi);
  // Divider closed form: the midpoint maps to the inverter's switching point, so the midpoint of
  // the divider node R2/(R1+R2) x0 + R1/(R1+R2) v_off must lie between the rails.
  const double vg = (p.r2 * c.x0 + p.r1 * p.offset) / (p.r1 + p.r2);
  CHECK(vg > p.v_neg);
  CHECK(vg < p.v_pos);
  // Points between the fitted ones (offset by half a step): within the reported max error plus
  // the curvature between two fitted points (bounded by the slope x half step x 5 %).
  auto fresh = neuron_dc(engine, p, *t, p.sweep_lo + p.sweep_step / 2, p.sweep_hi, p.sweep_step, diag);
  REQUIRE(fresh);
  double worst = 0;
  for (std::size_t i = 0; i < fresh->first.size(); ++i)
    worst = std::max(worst, std::abs(c(fresh->first[i]) - fresh->second[i]));
  CHECK(worst <= r->fit.max_error * 1.05 + std::abs(c.gain()) * p.sweep_step / 2 * 0.05);
  CHECK(r->latency_rise > 0);
  CHECK(r->latency_fall > 0);
  CHECK(r->latency_rise < p.sample_time);
  CHECK(r->latency_fall < p.sample_time);
  CHECK(r->energy > 0);
  CHECK(r->static_power_mid > 0);
}
