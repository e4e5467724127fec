// Real-client tests on characterized libraries: the built-in CMOS cells are characterized at
// 32 nm (small grids to keep the test short), written as one library, and read by OpenSTA, ABC
// and Yosys. The clients exit 0 on errors; the harness (tests/clients) reads their logs.
#include <catch2/catch.hpp>

#include <fmt/format.h>
#include <fstream>

#include "charz/characterize.h"
#include "charz/library.h"
#include "clients.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "tech/technology.h"

using namespace rtmchar;
using namespace rtmchar::clients;

namespace {

constexpr const char* kCells[] = {"inv", "nand2", "nor2", "xor2", "fa_cmos"};

constexpr const char* kReference = R"(
module ref_inv(input A, output Y); assign Y = ~A; endmodule
module ref_nand2(input A, input B, output Y); assign Y = ~(A & B); endmodule
module ref_nor2(input A, input B, output Y); assign Y = ~(A | B); endmodule
module ref_xor2(input A, input B, output Y); assign Y = A ^ B; endmodule
module ref_fa_cmos(input A, input B, input CI, output S, output CO);
  assign S = A ^ B ^ CI;
  assign CO = (A & B) | (A & CI) | (B & CI);
endmodule
)";

struct Built {
  std::vector<netlist::CellDef> defs;
  liberty::Library lib;
};

// Characterizes the cells on a 3x3 automatic grid and builds the library.
Built characterize_all(Diagnostics& diag) {
  Built b;
  auto tech = tech::load("32nm", {}, diag);
  REQUIRE(tech);
  charz::Options opts;
  opts.grid_size = 3;
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  b.defs.reserve(std::size(kCells));
  std::vector<charz::CharacterizedCell> done;
  for (const char* name : kCells) {
    auto def = netlist::load_cell(name, diag);
    REQUIRE(def);
    b.defs.push_back(std::move(*def));
  }
  for (const netlist::CellDef& def : b.defs) {
    auto r = charz::characterize_combinational(*tech, def, netlist::default_params(def), opts, engine, diag);
    INFO(diag.str());
    REQUIRE(r);
    done.push_back({&def, std::move(*r)});
  }
  auto lib = charz::make_library(done, *tech, opts, diag);
  INFO(diag.str());
  REQUIRE(lib);
  b.lib = std::move(*lib);
  return b;
}

std::string rca4() {
  std::string v = "module rca4(a, b, ci, s, co);\n  input [3:0] a, b;\n  input ci;\n  output [3:0] s;\n"
                  "  output co;\n  wire [4:0] c;\n  assign c[0] = ci;\n  assign co = c[4];\n";
  for (int i = 0; i < 4; ++i)
    v += fmt::format("  fa_cmos u{0}(.A(a[{0}]), .B(b[{0}]), .CI(c[{0}]), .S(s[{0}]), .CO(c[{1}]));\n", i, i + 1);
  return v + "endmodule\n";
}

}  // namespace

TEST_CASE("characterized CMOS library passes OpenSTA, ABC and Yosys", "[client]") {
  for (const char* tool : {"sta", "berkeley-abc", "yosys"}) {
    if (!tool_available(tool)) {
      WARN(std::string(tool) + " is not installed (tools/setup installs it); skipped");
      return;
    }
  }
  Diagnostics diag;
  Built b = characterize_all(diag);
  auto text = liberty::write_liberty(b.lib, diag);
  INFO(diag.str());
  REQUIRE(text);
  TempDir dir("rtmchar-charz-clients");
  const fs::path lib = dir.path() / "cmos_32nm.lib";
  std::ofstream(lib) << *text;

  auto reads = check_opensta_reads(lib);
  INFO(reads.str());
  CHECK(reads.ok);

  // Every table value OpenSTA looks up on the grid equals the value rtmchar wrote.
  for (const char* cell : kCells) {
    int n = 0;
    auto r = check_opensta_dcalc(lib, cell, &n, &b.lib);
    INFO(cell << "\n" << r.str());
    CHECK(r.ok);
    CHECK(n > 0);
  }

  for (const char* cell : {"inv", "fa_cmos"}) {
    double p = 0;
    auto r = check_opensta_power(lib, cell, 20e-12, 2e-15, &p);
    INFO(cell << "\n" << r.str());
    CHECK(r.ok);
    CHECK(p > 0);
  }

  const std::string sdc =
      "create_clock -name clk -period 5\nset_input_delay 0 -clock clk [all_inputs]\n"
      "set_output_delay 0 -clock clk [all_outputs]\nset_input_transition 0.02 [all_inputs]\n"
      "set_load 0.002 [all_outputs]";
  auto timing = check_opensta_timing(lib, rca4(), "rca4", sdc);
  INFO(timing.str());
  CHECK(timing.ok);
  // The carry ripples through the adder: the critical path ends at co or s[3] and passes u3.
  CHECK(timing.log.find("u3/") != std::string::npos);

  auto abc = check_abc(lib, {"inv", "nand2", "nor2", "xor2", "fa_cmos"});
  INFO(abc.str());
  CHECK(abc.ok);

  auto proof = prove_functions_yosys(lib, kReference, {"inv", "nand2", "nor2", "xor2", "fa_cmos"});
  INFO(proof.str());
  CHECK(proof.ok);
}
