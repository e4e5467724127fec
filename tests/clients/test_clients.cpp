// Real-client tests: the synthetic library written by rtmchar's writer must be read by OpenSTA,
// ABC and Yosys exactly as rtmchar means it. Each check is also run on a deliberately broken
// library to show that it can fail.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include "clients.h"
#include "liberty/writer.h"
#include "synthetic.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::clients;

namespace {

liberty::Library synth() {
  Diagnostics diag;
  auto lib = testlib::synthetic_library(diag);
  INFO(diag.str());
  REQUIRE(lib);
  return *lib;
}

fs::path write_lib(const TempDir& dir, const liberty::Library& lib, const std::string& name = "synth.lib") {
  Diagnostics diag;
  auto text = liberty::write_liberty(lib, diag);
  INFO(diag.str());
  REQUIRE(text);
  std::string err;
  REQUIRE(write_file_atomic(dir.path() / name, *text, err));
  return dir.path() / name;
}

fs::path write_text(const TempDir& dir, const std::string& text, const std::string& name) {
  std::string err;
  REQUIRE(write_file_atomic(dir.path() / name, text, err));
  return dir.path() / name;
}

std::string read_text(const fs::path& p) {
  std::string err;
  auto t = read_file(p, err);
  REQUIRE(t);
  return *t;
}

std::string replace_once(std::string s, const std::string& from, const std::string& to) {
  auto p = s.find(from);
  REQUIRE(p != std::string::npos);
  return s.replace(p, from.size(), to);
}

bool have(const char* tool) {
  if (tool_available(tool)) return true;
  WARN(std::string(tool) + " is not installed (tools/setup installs it); check skipped");
  return false;
}

/// 4-bit ripple-carry adder of FA cells, carry through CO.
std::string rca4_verilog() {
  std::string v = "module rca4(a, b, ci, s, co);\n  input [3:0] a, b;\n  input ci;\n  output [3:0] s;\n  output co;\n  wire [4:0] c;\n";
  v += "  assign c[0] = ci;\n  assign co = c[4];\n";
  for (int i = 0; i < 4; ++i) v += fmt::format("  FA u{0}(.A(a[{0}]), .B(b[{0}]), .CI(c[{0}]), .S(s[{0}]), .CO(c[{1}]));\n", i, i + 1);
  return v + "endmodule\n";
}

}  // namespace

TEST_CASE("OpenSTA reads the synthetic library without errors or warnings", "[client]") {
  if (!have("sta")) return;
  TempDir dir("rtmchar-client");
  auto lib = write_lib(dir, synth());
  auto r = check_opensta_reads(lib);
  INFO(r.str());
  CHECK(r.ok);

  // Known-bad: a '//' comment is rejected by OpenSTA with an Error line; the check must see it.
  auto bad = write_text(dir, replace_once(read_text(lib), "delay_model", "// c++ comment\n  delay_model"), "bad.lib");
  CHECK_FALSE(check_opensta_reads(bad).ok);
}

TEST_CASE("OpenSTA report_dcalc returns exactly the written table values on grid points", "[client]") {
  if (!have("sta")) return;
  TempDir dir("rtmchar-client");
  auto lib = write_lib(dir, synth());
  // INV/NAND2: 4x4 grid x 4 tables per arc; FA: 6 arcs; DFF: clock-to-Q and 3x3 setup/hold.
  for (auto [cell, min_values] : {std::pair{"INV", 64}, std::pair{"NAND2", 128}, std::pair{"FA", 6 * 64}, std::pair{"DFF", 64 + 2 * 18}}) {
    int n = 0;
    auto r = check_opensta_dcalc(lib, cell, &n);
    INFO(cell << "\n" << r.str());
    CHECK(r.ok);
    CHECK(n >= min_values);
  }

  // Against the in-memory model the file was written from: the same, within the 6 written digits.
  liberty::Library model = synth();
  auto r = check_opensta_dcalc(lib, "NAND2", nullptr, &model);
  INFO(r.str());
  CHECK(r.ok);
  // Known-bad: a model whose INV cell_rise differs from the file by 0.1 % at one grid point.
  for (auto& c : model.cells)
    if (c.name == "INV") c.pins[1].timing[0].cell_rise->values[6] *= 1.001;
  auto bad = check_opensta_dcalc(lib, "INV", nullptr, &model);
  CHECK_FALSE(bad.ok);
  // Seen from both sides: OpenSTA's value is not the model's, and the model's was not printed.
  REQUIRE(bad.problems.size() == 2);
  CHECK(bad.problems[0].find("A->Y cell_rise probe 6: OpenSTA") != std::string::npos);
  CHECK(bad.problems[1].find("A->Y cell_rise probe 6: the file's") != std::string::npos);
}

TEST_CASE("OpenSTA report_power gives non-zero internal power", "[client]") {
  if (!have("sta")) return;
  TempDir dir("rtmchar-client");
  auto lib = write_lib(dir, synth());
  for (const char* cell : {"INV", "FA", "DFF", "RTM_SHIFT"}) {
    double p = 0;
    auto r = check_opensta_power(lib, cell, 20e-12, 2e-15, &p);
    INFO(cell << "\n" << r.str());
    CHECK(r.ok);
    CHECK(p > 0);
  }
  // Known-bad: without default_operating_conditions this OpenSTA silently reports zero internal
  // power; the check must notice (the writer refuses such a model, so edit the text).
  std::string text = read_text(lib);
  auto p = text.find("  default_operating_conditions");
  text.erase(p, text.find('\n', p) - p + 1);
  auto bad = write_text(dir, text, "no_default_oc.lib");
  CHECK_FALSE(check_opensta_power(bad, "INV", 20e-12, 2e-15).ok);
}

TEST_CASE("OpenSTA times a 4-bit ripple-carry adder of FA cells end to end", "[client]") {
  if (!have("sta")) return;
  TempDir dir("rtmchar-client");
  auto lib = write_lib(dir, synth());
  std::string sdc =
      "create_clock -name clk -period 5\nset_input_delay 0 -clock clk [all_inputs]\nset_output_delay 0 -clock clk [all_outputs]\n"
      "set_input_transition 0.02 [all_inputs]\nset_load 0.002 [all_outputs]";
  auto r = check_opensta_timing(lib, rca4_verilog(), "rca4", sdc);
  INFO(r.str());
  REQUIRE(r.ok);
  // The critical path ripples through the carry chain u0 -> u1 -> u2 -> u3.
  for (const char* hop : {"u0/CO (FA)", "u1/CO (FA)", "u2/CO (FA)", "u3/"}) CHECK(r.log.find(hop) != std::string::npos);
  // Each carry stage adds at least the FA's intrinsic CO delay (22 ps) plus its RC term.
  auto p = r.log.find("data arrival time");
  REQUIRE(p != std::string::npos);
  auto line_start = r.log.rfind('\n', p);
  double arrival = std::stod(r.log.substr(line_start + 1, p - line_start - 1));
  CHECK(arrival > 3 * 0.022 + 0.035);
  CHECK(arrival < 1.0);

  // Known-bad: without delay_model OpenSTA finds no paths.
  auto bad = write_text(dir, replace_once(read_text(lib), "delay_model : table_lookup;", ""), "no_model.lib");
  CHECK_FALSE(check_opensta_timing(bad, rca4_verilog(), "rca4", sdc).ok);
}

TEST_CASE("ABC parses the synthetic library, user-defined groups included", "[client]") {
  if (!have("berkeley-abc")) return;
  TempDir dir("rtmchar-client");
  auto lib = write_lib(dir, synth());
  auto r = check_abc(lib, {"INV", "NAND2", "FA"});
  INFO(r.str());
  CHECK(r.ok);

  // Known-bad: a short table row makes ABC abort; an unknown template is reported in its log.
  std::string text = read_text(lib);
  auto row = text.find("\"", text.find("values ( \\"));
  auto comma = text.rfind(',', text.find('"', row + 1));
  std::string short_row = text.substr(0, comma) + text.substr(text.find('"', row + 1));
  CHECK_FALSE(check_abc(write_text(dir, short_row, "short.lib"), {"INV"}).ok);
  CHECK_FALSE(check_abc(write_text(dir, replace_once(text, "cell_rise (delay_4x4)", "cell_rise (nope)"), "tmpl.lib"), {"INV"}).ok);
}

TEST_CASE("Yosys proves every cell function against its reference model", "[client]") {
  if (!have("yosys")) return;
  TempDir dir("rtmchar-client");
  auto good = synth();
  auto lib = write_lib(dir, good);
  auto r = prove_functions_yosys(lib, testlib::synthetic_reference_verilog(), {"INV", "NAND2", "FA", "DFF", "RTM_SHIFT"});
  INFO(r.str());
  CHECK(r.ok);

  // Known-bad: a carry written as majority-of-two and an inverted flip-flop input must fail.
  auto wrong = good;
  for (auto& c : wrong.cells)
    for (auto& p : c.pins) {
      if (c.name == "FA" && p.name == "CO") p.function = "(A&B)|(A&CI)";
    }
  for (auto& c : wrong.cells)
    if (c.name == "DFF") c.ff->next_state = "!D";
  auto bad = write_lib(dir, wrong, "wrong.lib");
  CHECK_FALSE(prove_functions_yosys(bad, testlib::synthetic_reference_verilog(), {"FA"}).ok);
  CHECK_FALSE(prove_functions_yosys(bad, testlib::synthetic_reference_verilog(), {"DFF"}).ok);
  CHECK(prove_functions_yosys(bad, testlib::synthetic_reference_verilog(), {"NAND2"}).ok);
}
