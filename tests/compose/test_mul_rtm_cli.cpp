// rtmchar cell mul_rtm (src/cli/cmd_mul_rtm.cpp): bad --bits are exit 2 without output; a full
// 4-bit run at 32 nm gives a consistent JSON (cycles, latency = cycles x period, energy terms).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "../clients/clients.h"

using namespace rtmchar;
using Catch::Detail::Approx;

TEST_CASE("rtmchar cell mul_rtm: bad --bits exit 2 without output") {
  clients::TempDir dir("rtmchar-mul-rtm-cli");
  const std::string exe = RTMCHAR_BINARY;
  for (const char* args : {"mul_rtm --bits 1", "mul_rtm --bits 0", "mul_rtm --bits 17", "mul_rtm --bits 4 --plot", "fa_cmos --bits 4"}) {
    auto r = clients::run_command(exe + " -q --no-cache cell " + args + " --tech 32nm -o out", dir.path());
    INFO(args << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK((r.output.find("--bits") != std::string::npos || r.output.find("--plot") != std::string::npos));
    CHECK(!std::filesystem::exists(dir.path() / "out"));
  }
}

TEST_CASE("rtmchar cell mul_rtm --bits 4 at 32 nm: latency, energy and area", "[slow]") {
  clients::TempDir dir("rtmchar-mul-rtm-run");
  const std::string exe = RTMCHAR_BINARY;
  auto r = clients::run_command(exe + " -j2 cell mul_rtm --tech 32nm --bits 4 -o out", dir.path());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::ifstream in(dir.path() / "out" / "mul_rtm4_32nm.json");
  REQUIRE(in);
  const auto j = nlohmann::json::parse(in);
  CHECK(j.at("schema") == "rtmchar.mul_rtm/1");
  const auto& m = j.at("mul_rtm");
  // 4 register rows + the merging ripple; 16 adders = 32 view instances.
  CHECK(m.at("cycles") == 5);
  CHECK(m.at("registers") == 32);
  const double period = m.at("period_s");
  CHECK(period > 0);
  CHECK(m.at("latency_s").get<double>() == Approx(5 * period).epsilon(1e-12));
  // Standalone: every adder clocked in all 5 cycles instead of once.
  const double e_eval = j.at("conditions").at("fa_rtm_energy_per_evaluation_J");
  const double e = m.at("energy_per_multiply_J"), es = m.at("energy_per_multiply_standalone_J");
  CHECK(es - e == Approx(4 * 16 * e_eval).epsilon(1e-6));
  CHECK(e > 16 * e_eval);  // + the merging ripple and the output loads
  // The critical stage ends at a data pin of an adder (setup of B/CI) or at an output.
  const std::string capture = m.at("critical_stage").at("capture");
  CHECK(!capture.empty());
  CHECK(m.at("alignment").at("energy_per_multiply_J").get<double>() > 0);
  // Hold: the bare array races (CLK->CO is shorter than the next row's CI hold); the command adds
  // inverter pairs until the slack is not negative, and counts them in the instances.
  const auto& hf = m.at("hold_fix");
  const int pb = hf.at("inverter_pairs_into_B"), pc = hf.at("inverter_pairs_into_CI");
  CHECK(hf.at("bare_array_hold_slack_s").get<double>() < 0);
  CHECK(pb + pc > 0);
  CHECK(m.at("hold_slack_s").get<double>() >= 0);
  CHECK(m.at("instances") == 2 * 16 + 4 + 2 * pb * 9 + 2 * pc * 12);
  // The CMOS array is one combinational pass.
  const auto& c = j.at("cmos_array_multiplier");
  CHECK(c.at("cycles") == 1);
  CHECK(c.at("latency_s").get<double>() < m.at("latency_s").get<double>());
  CHECK(m.at("area_m2").get<double>() > c.at("area_m2").get<double>());
}
