// fa_rtm characterized into Liberty (rtm::characterize_fa_rtm + make_adder_library): physical
// trends of the tables, the real clients (OpenSTA reads and reproduces every table, times a 4-bit
// registered ripple of fa_rtm; Yosys proves S = A^B^CI and CO = maj(A,B,CI) from the ff groups;
// ABC on a sequential-only library, see docs/racetrack-cells.md).
#include <catch2/catch.hpp>

#include <cmath>
#include <optional>
#include <sstream>

#include "../clients/clients.h"
#include "compose/builders.h"
#include "liberty/writer.h"
#include "devices/from_technology.h"
#include "netlist/cell.h"
#include "rtm/fa_rtm_charz.h"
#include "tech/technology.h"
#include "util/fs.h"

using namespace rtmchar;
using Catch::Detail::Approx;

namespace {

const char* kRef =
    "module ref_fa_rtm_sum(input A, input B, input CI, input CLK, output reg S);\n"
    "  always @(posedge CLK) S <= A ^ B ^ CI;\nendmodule\n"
    "module ref_fa_rtm_carry(input A, input B, input CI, input CLK, output reg CO);\n"
    "  always @(posedge CLK) CO <= (A & B) | (A & CI) | (B & CI);\nendmodule\n";

// Registered ripple: bit i adds A[i] + B[i] + carry of bit i-1 (registered, one cycle later):
// the carry chain is timed register to register through CLK->CO and the CI setup.
std::string four_bit_verilog() {
  std::string v =
      "module rtm_add4(CLK, A, B, CI, S, CO);\n  input CLK, CI;\n  input [3:0] A, B;\n  output [3:0] S;\n"
      "  output CO;\n  wire c0, c1, c2, c3;\n";
  for (int i = 0; i < 4; ++i) {
    const std::string cin = i == 0 ? "CI" : "c" + std::to_string(i - 1);
    v += "  fa_rtm_sum s" + std::to_string(i) + " (.A(A[" + std::to_string(i) + "]), .B(B[" + std::to_string(i) +
         "]), .CI(" + cin + "), .CLK(CLK), .S(S[" + std::to_string(i) + "]));\n";
    v += "  fa_rtm_carry k" + std::to_string(i) + " (.A(A[" + std::to_string(i) + "]), .B(B[" + std::to_string(i) +
         "]), .CI(" + cin + "), .CLK(CLK), .CO(c" + std::to_string(i) + "));\n";
  }
  v += "  assign CO = c3;\nendmodule\n";
  return v;
}

}  // namespace

TEST_CASE("fa_rtm at 32 nm: Liberty characterization and real clients", "[ngspice][client][slow]") {
  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  REQUIRE(tech);
  auto cell = netlist::load_cell("fa_rtm", diag);
  INFO(diag.str());
  REQUIRE(cell);
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  charz::Options opts;
  rtm::FaRtmCharOptions fo;
  fo.resolution = 8e-12;
  // 8 data domains keep the (unreduced) shift simulation short; the compute benches reduce the
  // tracks exactly, so the timing does not depend on it.
  auto params = netlist::default_params(*cell);
  params["domains"] = 8;
  const double idep = devices::racetrack_from_technology(*tech).depinning_current();
  fo.shift_currents = {2 * idep, 3 * idep};
  fo.shift_rel_tol = 0.03;
  auto r = rtm::characterize_fa_rtm(*tech, *cell, params, opts, fo, engine, diag);
  INFO(diag.str());
  REQUIRE(r);
  const std::size_t ns = r->slews.size(), nl = r->loads.size();
  REQUIRE(r->clock_arcs.size() == 4);
  for (const auto& t : r->clock_arcs) {
    INFO(t.output << (t.output_edge == netlist::Edge::Rise ? " rise" : " fall"));
    REQUIRE(t.delay.size() == ns * nl);
    for (std::size_t i = 0; i < ns; ++i) {
      for (std::size_t j = 0; j < nl; ++j) {
        const double d = t.delay[i * nl + j];
        CHECK(d > 0);
        CHECK(t.transition[i * nl + j] > 0);
        CHECK(t.energy[i * nl + j] > 0);
        // More load: slower output and slower edge.
        if (j > 0) {
          CHECK(d > t.delay[i * nl + j - 1]);
          CHECK(t.transition[i * nl + j] > t.transition[i * nl + j - 1]);
        }
      }
    }
  }
  // Setup and hold: 8 searches, bracket within the resolution, and the failing offset is smaller
  // (less time before/after the clock) than the passing one.
  REQUIRE(r->constraints.size() == 8);
  for (const auto& c : r->constraints) {
    INFO(c.data_pin << (c.kind == charz::ConstraintKind::Setup ? " setup " : " hold ") << c.values[0] * 1e12 << " ps");
    CHECK(c.failing[0] < c.values[0]);
    CHECK(c.values[0] - c.failing[0] <= fo.resolution);
    CHECK(std::fabs(c.values[0]) < fo.period / 2);
  }
  CHECK(r->reference_delay > 0);
  CHECK(r->read_latency > 0);
  CHECK(r->read_latency < r->reference_delay);  // the PCSA decides before the latch output crosses 50 %
  CHECK(r->energy_per_evaluation > 0);
  CHECK(r->leakage > 0);
  CHECK(r->leakage * fo.period < r->energy_per_evaluation);  // dynamic dominates at 500 MHz
  CHECK(r->area > 0);
  // Memory operations: more shift current -> shorter minimum shift pulse.
  REQUIRE(r->shift.size() == 2);
  CHECK(r->shift[1].min_pulse < r->shift[0].min_pulse);
  {
    std::string cons;
    for (const auto& c : r->constraints)
      cons += c.data_pin + (c.kind == charz::ConstraintKind::Setup ? " setup " : " hold ") +
              (c.data_edge == netlist::Edge::Rise ? "rise " : "fall ") + std::to_string(c.values[0] * 1e12) + " ps; ";
    std::string arcs;
    for (const auto& t : r->clock_arcs)
      arcs += t.output + (t.output_edge == netlist::Edge::Rise ? " rise " : " fall ") +
              std::to_string(t.delay.front() * 1e12) + ".." + std::to_string(t.delay.back() * 1e12) + " ps, E " +
              std::to_string(t.energy.front() * 1e15) + " fJ; ";
    WARN("fa_rtm 32nm: " << arcs << cons << "ref " << r->reference_delay * 1e12 << " ps, read "
                         << r->read_latency * 1e12 << " ps, E/eval " << r->energy_per_evaluation * 1e15
                         << " fJ, leakage " << r->leakage * 1e9 << " nW, area " << r->area * 1e12 << " um2, shift "
                         << r->shift[0].min_pulse * 1e9 << " / " << r->shift[1].min_pulse * 1e9 << " ns, "
                         << r->simulations << " simulations");
  }

  const auto j = rtm::to_json(*r);
  CHECK(j.at("schema") == "rtmchar.fa_rtm/1");
  CHECK(j.at("constraints").size() == 8);
  CHECK(j.at("shift").size() == 2);
  auto lib = rtm::make_adder_library(*r, *tech, opts, diag);
  INFO(diag.str());
  REQUIRE(lib);
  auto text = liberty::write_liberty(*lib, diag);
  INFO(diag.str());
  REQUIRE(text);
  clients::TempDir dir("rtmchar-fa-rtm");
  const auto path = dir.path() / "fa_rtm_32nm.lib";
  std::string err;
  REQUIRE(write_file_atomic(path, *text, err));
  CHECK(text->find("rtm_operation (shift)") != std::string::npos);
  CHECK(text->find("rtm_operation (read)") != std::string::npos);
  CHECK(text->find("rtm_sweep (shift_current)") != std::string::npos);
  // Operand A (stored in the tracks) carries the racetrack-operand pin attribute; B and CI do not.
  CHECK(text->find("define (rtm_operand, pin, boolean);") != std::string::npos);
  for (const char* view : {"fa_rtm_sum", "fa_rtm_carry"}) {
    INFO(view);
    REQUIRE(lib->find_cell(view));
    for (const char* pin : {"A", "B", "CI"}) {
      const liberty::Pin* p = lib->find_cell(view)->find_pin(pin);
      REQUIRE(p);
      CHECK(p->user_attributes.size() == (std::string(pin) == "A" ? 1u : 0u));
    }
  }
  if (clients::tool_available("sta")) {
    auto reads = clients::check_opensta_reads(path);
    INFO(reads.str());
    CHECK(reads.ok);
    for (const char* c : {"fa_rtm_sum", "fa_rtm_carry"}) {
      int n = 0;
      auto dcalc = clients::check_opensta_dcalc(path, c, &n, &*lib);
      INFO(c << ": " << dcalc.str());
      CHECK(dcalc.ok);
      CHECK(n >= 2 * 2 * 9);  // CLK->out delay + transition, both edges, 3x3
    }
    auto timing = clients::check_opensta_timing(
        path, four_bit_verilog(), "rtm_add4",
        "create_clock -name clk -period 2 [get_ports CLK]\n"
        "set_input_delay 0.1 -clock clk [get_ports {A B CI}]\n"
        "set_output_delay 0.1 -clock clk [get_ports {S CO}]\n"
        "set_load 0.004 [all_outputs]\n");
    INFO(timing.str());
    CHECK(timing.ok);
    CHECK(timing.log.find("slack (MET)") != std::string::npos);
    // The register-to-register carry stage k0 -> s1/CI at a 20 ps clock edge: OpenSTA's arrival +
    // setup against the library's own numbers (CLK->CO at the net's load = the CI pins of both
    // views of bit 1, + the CI setup of that edge) and against the composer's clocked timing of
    // the same arrangement (compose::rtm_ripple_adder).
    auto stage = clients::check_opensta_timing(
        path, four_bit_verilog(), "rtm_add4",
        "create_clock -name clk -period 2 [get_ports CLK]\n"
        "set_clock_transition 0.02 [get_clocks clk]\n"
        "report_checks -from [get_pins k0/CLK] -to [get_pins s1/CI] -digits 4\n");
    INFO(stage.str());
    REQUIRE(stage.ok);
    auto number_before = [&](const std::string& label) -> std::optional<double> {
      const auto at = stage.log.find(label);
      if (at == std::string::npos) return std::nullopt;
      const auto line = stage.log.rfind('\n', at);
      // "<delay> <time> label" or "<time> label": the first number on the line.
      std::istringstream in(stage.log.substr(line + 1, at - line - 1));
      double a = 0;
      if (!(in >> a)) return std::nullopt;
      return a;
    };
    const auto sta_arrival = number_before("data arrival time");
    const auto sta_setup = number_before("library setup time");
    REQUIRE(sta_arrival);
    REQUIRE(sta_setup);
    const double sta_stage = (*sta_arrival - *sta_setup) * 1e-9;  // setup is printed negative
    const liberty::Cell* carry = lib->find_cell("fa_rtm_carry");
    const liberty::Cell* sum = lib->find_cell("fa_rtm_sum");
    REQUIRE(carry);
    REQUIRE(sum);
    const liberty::Pin* ci = sum->find_pin("CI");
    const liberty::TimingArc& ckq = carry->find_pin("CO")->timing.front();
    double lib_stage = 0;
    for (bool rise : {true, false}) {
      const double load = 2 * (rise ? *ci->rise_capacitance : *ci->fall_capacitance);
      const double d = *compose::lookup(rise ? *ckq.cell_rise : *ckq.cell_fall, 20e-12, load);
      const auto& su = ci->timing.front();
      REQUIRE(su.type == liberty::TimingType::SetupRising);
      const double st = *compose::lookup_constraint(rise ? *su.rise_constraint : *su.fall_constraint, 20e-12, 0);
      lib_stage = std::max(lib_stage, d + st);
    }
    CHECK(sta_stage == Approx(lib_stage).margin(0.3e-12));
    auto add = compose::rtm_ripple_adder(*lib, 4, {}, diag);
    REQUIRE(add);
    compose::Conditions cond;
    cond.clock_slew = 20e-12;
    auto ct = add->clocked_timing(cond, diag);
    INFO(diag.str());
    REQUIRE(ct);
    bool seen = false;
    for (const compose::CaptureCheck& c : ct->checks)
      if (c.capture == "fa1_s/CI") {
        seen = true;
        CHECK(c.launch == "fa0_c/CO");
        CHECK(c.arrival + c.setup == Approx(lib_stage).epsilon(1e-9));
      }
    CHECK(seen);
    CHECK(ct->cycles == 5);
    WARN("rtm_add4 k0 -> s1/CI: OpenSTA " << sta_stage * 1e12 << " ps, library " << lib_stage * 1e12
                                          << " ps; composer period " << ct->period * 1e12 << " ps ("
                                          << ct->launch << " -> " << ct->capture << "), latency "
                                          << ct->latency * 1e12 << " ps");
    double pw = 0;
    auto power = clients::check_opensta_power(path, "fa_rtm_sum", 30e-12, 4e-15, &pw);
    INFO(power.str());
    CHECK(power.ok);
  } else {
    WARN("sta is not installed; OpenSTA checks skipped");
  }
  if (clients::tool_available("yosys")) {
    auto proof = clients::prove_functions_yosys(path, kRef, {"fa_rtm_sum", "fa_rtm_carry"});
    INFO(proof.str());
    CHECK(proof.ok);
  } else {
    WARN("yosys is not installed; proof skipped");
  }
}
