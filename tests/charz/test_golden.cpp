// Analytic golden tests: cells made of ideal elements whose delay, transition, energy and input
// capacitance are known in closed form, characterized through the full pipeline (deck, engine,
// ngspice, measurement, tables). Delay and transition within 0.5 %, energy and capacitance 1 %.
#include <catch2/catch.hpp>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "charz/characterize.h"
#include "netlist/cell.h"
#include "tech/technology.h"

using namespace rtmchar;
namespace fs = std::filesystem;

namespace {

// An ideal buffer: the output node is driven through a resistance R toward the input voltage,
// with the charging current drawn from VDD and the discharging current returned to VSS:
//   I(VDD -> Y) = max(V(A) - V(Y), 0) / R,   I(Y -> VSS) = max(V(Y) - V(A), 0) / R,
// so dV(Y)/dt = (V(A) - V(Y)) / (R * C_load) exactly: a first-order low-pass of the input ramp.
// The input is a pure capacitor C_in. A resistor R_leak across the supply gives a known leakage
// V^2 / R_leak in every state (and exercises the leakage subtraction of the energy), and a 1 GOhm
// resistor from a copy of V(A) to Y fixes the DC operating point of Y (its current is below
// 1e-5 of the drive current, far inside the tolerances).
constexpr const char* kToml = R"(name = "ibuf"
description = "ideal RC buffer for golden tests"
kind = "combinational"
[netlist]
template = "ibuf.sp"
subckt = "ibuf"
ports = ["A", "Y", "VDD", "VSS"]
[[pin]]
name = "A"
direction = "input"
[[pin]]
name = "Y"
direction = "output"
function = "A"
[[pin]]
name = "VDD"
direction = "inout"
role = "supply"
[[pin]]
name = "VSS"
direction = "inout"
role = "ground"
[[param]]
name = "r"
default = 5000
unit = "Ohm"
min = 1
max = 1e9
description = "output resistance"
[[param]]
name = "cin"
default = 2e-15
unit = "F"
min = 0
max = 1e-9
description = "input capacitance"
)";

constexpr const char* kSpice = R"(* ideal RC buffer
.subckt ibuf A Y VDD VSS
bup VDD Y i = max(v(A,VSS) - v(Y,VSS), 0) / {r}
bdn Y VSS i = max(v(Y,VSS) - v(A,VSS), 0) / {r}
cin A VSS {cin}
rleak VDD VSS 1meg
ecopy ay VSS A VSS 1
rdc ay Y 1g
.ends ibuf
)";

// Closed-form output of the RC low-pass driven by a 0 -> V ramp of duration T starting at 0,
// normalised to V: the convolution of the ramp with the step response.
double rc_ramp(double t, double T, double tau) {
  auto g = [tau](double s) { return s <= 0 ? 0.0 : s - tau * (1 - std::exp(-s / tau)); };
  return (g(t) - g(t - T)) / T;
}

// Time at which rc_ramp reaches `level` (0..1), by bisection to 1e-18 s.
double rc_cross(double level, double T, double tau) {
  double lo = 0, hi = T + 50 * tau;
  for (int i = 0; i < 200; ++i) {
    double mid = 0.5 * (lo + hi);
    (rc_ramp(mid, T, tau) < level ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

bool near(double got, double want, double rel) { return std::fabs(got - want) <= rel * std::fabs(want); }

}  // namespace

TEST_CASE("ideal RC buffer: delay, transition, energy and capacitance match closed forms", "[ngspice]") {
  fs::path dir = fs::temp_directory_path() / ("rtmchar-golden-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "ibuf.toml") << kToml;
  std::ofstream(dir / "ibuf.sp") << kSpice;

  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  auto cell = netlist::load_cell((dir / "ibuf.toml").string(), diag);
  INFO(diag.str());
  REQUIRE(tech);
  REQUIRE(cell);
  const double r = 5000, cin = 2e-15, vdd = 1.0;
  auto params = netlist::default_params(*cell);
  charz::Options opts;
  opts.vdd = vdd;
  opts.slews = {10e-12, 60e-12, 300e-12};
  opts.loads = {1e-15, 8e-15, 40e-15};
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  auto res = charz::characterize_combinational(*tech, *cell, params, opts, engine, diag);
  INFO(diag.str());
  REQUIRE(res);
  REQUIRE(res->arcs.size() == 1);
  const charz::ArcResult& arc = res->arcs[0];
  REQUIRE(arc.edges.size() == 2);
  const size_t nl = opts.loads.size();
  for (const charz::EdgeTables& t : arc.edges) {
    for (size_t is = 0; is < opts.slews.size(); ++is) {
      for (size_t il = 0; il < nl; ++il) {
        const double ramp = opts.slews[is] / 0.6;  // 20-80 % index -> full ramp
        const double tau = r * opts.loads[il];
        const double delay = rc_cross(0.5, ramp, tau) - ramp / 2;
        const double trans = rc_cross(0.8, ramp, tau) - rc_cross(0.2, ramp, tau);
        const double half_cv2 = 0.5 * opts.loads[il] * vdd * vdd;
        const double energy = t.output_edge == netlist::Edge::Rise ? half_cv2 : -half_cv2;
        INFO("slew " << opts.slews[is] << " load " << opts.loads[il] << " edge " << netlist::to_string(t.input_edge));
        CHECK(near(t.delay[is * nl + il], delay, 0.005));
        CHECK(near(t.transition[is * nl + il], trans, 0.005));
        CHECK(near(t.energy[is * nl + il], energy, 0.01));
        CHECK(near(t.input_charge_cap[is * nl + il], cin, 0.01));
      }
    }
  }
  REQUIRE(res->pin_caps.count("A"));
  CHECK(near(res->pin_caps["A"].rise, cin, 0.01));
  CHECK(near(res->pin_caps["A"].fall, cin, 0.01));
  REQUIRE(res->leakage.size() == 2);
  for (const charz::LeakageState& l : res->leakage) CHECK(near(l.power, vdd * vdd / 1e6, 1e-6));
  CHECK(near(res->leakage_average, 1e-6, 1e-6));
  fs::remove_all(dir);
}
