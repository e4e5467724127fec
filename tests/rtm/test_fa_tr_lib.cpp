// fa_tr characterized into Liberty at 45, 32 and 22 nm (rtm::characterize_fa_tr +
// make_adder_library): physical trends of the tables, the transverse-read figures, the
// rtm_operand pin attribute, and the real clients (OpenSTA reads the
// library and reproduces every CLK->out table, report_power > 0; Yosys proves S = A^B^CI and
// CO = maj(A,B,CI) from the ff groups).
#include <catch2/catch.hpp>

#include <string>

#include "../clients/clients.h"
#include "liberty/builder.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "rtm/fa_tr_charz.h"
#include "tech/technology.h"
#include "util/fs.h"

using namespace rtmchar;

namespace {

const char* kRef =
    "module ref_fa_tr_sum(input A, input B, input CI, input CLK, output reg S);\n"
    "  always @(posedge CLK) S <= A ^ B ^ CI;\nendmodule\n"
    "module ref_fa_tr_carry(input A, input B, input CI, input CLK, output reg CO);\n"
    "  always @(posedge CLK) CO <= (A & B) | (A & CI) | (B & CI);\nendmodule\n";

// Characterizes fa_tr at `node` (default sizes, 8 data domains, default 3x3 grid), checks the
// tables' trends and the read figures, and runs the real clients on the library.
void check_library(const std::string& node) {
  INFO(node);
  Diagnostics diag;
  auto tech = tech::load(node, {}, diag);
  REQUIRE(tech);
  auto cell = netlist::load_cell("fa_tr", diag);
  INFO(diag.str());
  REQUIRE(cell);
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  charz::Options opts;
  rtm::FaTrCharOptions fo;
  auto params = netlist::default_params(*cell);
  params["domains"] = 8;
  auto r = rtm::characterize_fa_tr(*tech, *cell, params, opts, fo, engine, diag);
  INFO(diag.str());
  REQUIRE(r);
  const std::size_t ns = r->slews.size(), nl = r->loads.size();
  REQUIRE(r->clock_arcs.size() == 4);
  for (const auto& t : r->clock_arcs) {
    INFO(t.output << (t.output_edge == netlist::Edge::Rise ? " rise" : " fall"));
    REQUIRE(t.delay.size() == ns * nl);
    for (std::size_t i = 0; i < ns; ++i) {
      for (std::size_t j = 0; j < nl; ++j) {
        CHECK(t.delay[i * nl + j] > 0);
        CHECK(t.transition[i * nl + j] > 0);
        CHECK(t.energy[i * nl + j] > 0);
        // More load: slower output and slower edge.
        if (j > 0) {
          CHECK(t.delay[i * nl + j] > t.delay[i * nl + j - 1]);
          CHECK(t.transition[i * nl + j] > t.transition[i * nl + j - 1]);
        }
      }
    }
  }
  // The comparators fire after the read lines settle, so CLK->out exceeds the read latency
  // (last comparator decision) by the latch and output gates.
  for (const auto& t : r->clock_arcs) CHECK(t.delay.front() > r->read_latency);
  CHECK(r->constraints.empty());
  CHECK(r->operand_pins == std::vector<std::string>{"A", "B", "CI"});
  REQUIRE(r->transverse_read);
  const rtm::TrReadFigures& tr = *r->transverse_read;
  CHECK(tr.read_current < tr.depinning_current);
  CHECK(tr.margin_fraction > 0.25);
  CHECK(tr.margin_fraction < 1.0);
  CHECK(r->energy_per_evaluation > 0);
  CHECK(r->leakage > 0);
  CHECK(r->leakage * fo.period < r->energy_per_evaluation);
  CHECK(r->area > 0);
  {
    std::string arcs;
    for (const auto& t : r->clock_arcs)
      arcs += t.output + (t.output_edge == netlist::Edge::Rise ? " rise " : " fall ") +
              std::to_string(t.delay.front() * 1e12) + ".." + std::to_string(t.delay.back() * 1e12) + " ps, tr " +
              std::to_string(t.transition.front() * 1e12) + ".." + std::to_string(t.transition.back() * 1e12) +
              " ps, E " + std::to_string(t.energy.front() * 1e15) + " fJ; ";
    WARN("fa_tr " << node << ": " << arcs << "read " << r->read_latency * 1e12 << " ps, E/add "
                        << r->energy_per_evaluation * 1e15 << " fJ, margin " << tr.margin * 1e3 << " mV ("
                        << tr.margin_fraction << " step of " << tr.step * 1e3 << " mV), I_read "
                        << tr.read_current * 1e6 << " uA, leakage " << r->leakage * 1e9 << " nW, area "
                        << r->area * 1e12 << " um2, " << r->simulations << " simulations");
  }

  const auto j = rtm::to_json(*r);
  CHECK(j.at("schema") == "rtmchar.fa_tr/1");
  CHECK(j.at("operand_pins").size() == 3);
  CHECK(j.at("transverse_read").at("margin_V").get<double>() == Approx(tr.margin));
  auto lib = rtm::make_adder_library(*r, *tech, opts, diag);
  INFO(diag.str());
  REQUIRE(lib);
  auto text = liberty::write_liberty(*lib, diag);
  INFO(diag.str());
  REQUIRE(text);
  clients::TempDir dir("rtmchar-fa-tr");
  const auto path = dir.path() / ("fa_tr_" + node + ".lib");
  std::string err;
  REQUIRE(write_file_atomic(path, *text, err));
  CHECK(text->find("rtm_operation (read)") != std::string::npos);
  CHECK(text->find("rtm_read_margin_voltage") != std::string::npos);
  // The three operand pins carry the racetrack-operand pin attribute, declared in the header.
  CHECK(text->find("define (rtm_operand, pin, boolean);") != std::string::npos);
  for (const char* view : {"fa_tr_sum", "fa_tr_carry"}) {
    const liberty::Cell* c = lib->find_cell(view);
    REQUIRE(c);
    for (const char* pin : {"A", "B", "CI", "CLK", view == std::string("fa_tr_sum") ? "S" : "CO"}) {
      const liberty::Pin* p = c->find_pin(pin);
      REQUIRE(p);
      const bool operand = std::string(pin) == "A" || std::string(pin) == "B" || std::string(pin) == "CI";
      INFO(view << "/" << pin);
      REQUIRE(p->user_attributes.size() == (operand ? 1u : 0u));
      if (operand) {
        CHECK(p->user_attributes[0].name == "rtm_operand");
        CHECK(p->user_attributes[0].kind == liberty::UserAttribute::Kind::Boolean);
        CHECK(p->user_attributes[0].flag);
      }
    }
  }
  // Read back: the attribute survives the file.
  {
    Diagnostics rd;
    auto back = liberty::read_liberty_file(path, rd);
    INFO(rd.str());
    REQUIRE(back);
    const liberty::Pin* a = back->find_cell("fa_tr_carry")->find_pin("CI");
    REQUIRE(a);
    REQUIRE(a->user_attributes.size() == 1);
    CHECK(a->user_attributes[0].flag);
  }
  if (clients::tool_available("sta")) {
    auto reads = clients::check_opensta_reads(path);
    INFO(reads.str());
    CHECK(reads.ok);
    for (const char* c : {"fa_tr_sum", "fa_tr_carry"}) {
      int n = 0;
      auto dcalc = clients::check_opensta_dcalc(path, c, &n, &*lib);
      INFO(c << ": " << dcalc.str());
      CHECK(dcalc.ok);
      CHECK(n >= 2 * 2 * 9);  // CLK->out delay + transition, both edges, 3x3
    }
    double pw = 0;
    auto power = clients::check_opensta_power(path, "fa_tr_sum", 30e-12, 4e-15, &pw);
    INFO(power.str());
    CHECK(power.ok);
    CHECK(pw > 0);
  } else {
    WARN("sta is not installed; OpenSTA checks skipped");
  }
  if (clients::tool_available("yosys")) {
    auto proof = clients::prove_functions_yosys(path, kRef, {"fa_tr_sum", "fa_tr_carry"});
    INFO(proof.str());
    CHECK(proof.ok);
  } else {
    WARN("yosys is not installed; proof skipped");
  }
}

}  // namespace

// One node per test case: each characterizes 27 simulations and runs the clients.
TEST_CASE("fa_tr at 45 nm: Liberty characterization and real clients", "[ngspice][client][slow]") { check_library("45nm"); }
TEST_CASE("fa_tr at 32 nm: Liberty characterization and real clients", "[ngspice][client][slow]") { check_library("32nm"); }
TEST_CASE("fa_tr at 22 nm: Liberty characterization and real clients", "[ngspice][client][slow]") { check_library("22nm"); }
