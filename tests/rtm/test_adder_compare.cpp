// The CMOS baseline of the adder comparison (rtm/adder_compare.h): the random-operand sequence,
// the simulated figures of fa_cmos against closed-form bounds, the printout of a row that could not
// be characterized; the rtmchar cell fa_rtm command's bad-input handling.
#include <catch2/catch.hpp>

#include <set>
#include <string>

#include "../clients/clients.h"
#include "netlist/cell.h"
#include "rtm/adder_compare.h"
#include "tech/technology.h"

using namespace rtmchar;

namespace {

int sum_of(int v) { return ((v >> 2) ^ (v >> 1) ^ v) & 1; }
int carry_of(int v) { return (((v >> 2) & 1) + ((v >> 1) & 1) + (v & 1)) >= 2; }

// Rising output edges (S and CO) over the cyclic sequence: each charges the load from the supply.
int rising_outputs(const std::vector<int>& seq) {
  int n = 0;
  for (std::size_t i = 0; i < seq.size(); ++i) {
    const int from = seq[(i + seq.size() - 1) % seq.size()], to = seq[i];
    n += (sum_of(to) > sum_of(from)) + (carry_of(to) > carry_of(from));
  }
  return n;
}

}  // namespace

TEST_CASE("the random-operand sequence holds every ordered pair of input vectors exactly once", "[rtm]") {
  const std::vector<int> seq = rtm::de_bruijn_8x2();
  REQUIRE(seq.size() == 64);
  std::set<std::pair<int, int>> pairs;
  for (std::size_t i = 0; i < seq.size(); ++i) {
    REQUIRE(seq[i] >= 0);
    REQUIRE(seq[i] < 8);
    pairs.insert({seq[i], seq[(i + 1) % seq.size()]});
  }
  CHECK(pairs.size() == 64);
  // Uniform operands: S and C rise 16 times each in 64 steps (each rises on 4 x 4 of the pairs).
  CHECK(rising_outputs(seq) == 32);
}

TEST_CASE("a comparison row that could not be characterized prints why and no numbers", "[rtm]") {
  rtm::AdderFigures ok{"fa_tr", 770e-12, 117e-15, 7.27e-12, 187e-9, "operands under the ports", ""};
  rtm::AdderFigures failed;
  failed.name = "fa_rtm";
  failed.failure = "not characterized at 22nm: rtm.constraint-bracket: capture failed";
  const std::string text = rtm::format_comparison({ok, failed});
  INFO(text);
  CHECK(text.find("  fa_rtm" + std::string(14, ' ') + " not characterized\n") != std::string::npos);
  CHECK(text.find("fa_rtm: not characterized at 22nm: rtm.constraint-bracket") != std::string::npos);
  CHECK(text.find("117 fJ") != std::string::npos);
  // The failed row shows no latency, energy, area or leakage (never a 0 for a missing number).
  const std::size_t row = text.find("fa_rtm  ");
  REQUIRE(row != std::string::npos);
  const std::string line = text.substr(row, text.find('\n', row) - row);
  CHECK(line.find(" s") == std::string::npos);
  CHECK(line.find("J") == std::string::npos);
  CHECK(line.find("W") == std::string::npos);
}

TEST_CASE("fa_cmos baseline at 32 nm: correct, load energy bounded by C VDD^2, slower with load", "[ngspice]") {
  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  auto cell = netlist::load_cell("fa_cmos", diag);
  INFO(diag.str());
  REQUIRE(tech);
  REQUIRE(cell);
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  const double vdd = tech->vdd();
  rtm::BaselineBench small{2e-9, 33e-12, 1e-15}, large{2e-9, 33e-12, 9e-15};
  auto a = rtm::cmos_adder_figures(engine, *tech, *cell, netlist::default_params(*cell), vdd, small, diag);
  auto b = rtm::cmos_adder_figures(engine, *tech, *cell, netlist::default_params(*cell), vdd, large, diag);
  INFO(diag.str());
  REQUIRE(a);
  REQUIRE(b);
  const double rises_per_add = rising_outputs(rtm::de_bruijn_8x2()) / 64.0;
  // Charging the loads alone takes C_L VDD^2 per rising output edge from the supply.
  CHECK(a->energy > rises_per_add * small.load * vdd * vdd);
  CHECK(b->energy > rises_per_add * large.load * vdd * vdd);
  // The extra load adds exactly its charging energy, plus a little short-circuit energy from the
  // slower output edges (never less than the charge, and internal energy cannot double).
  const double extra = rises_per_add * (large.load - small.load) * vdd * vdd;
  CHECK(b->energy - a->energy > extra);
  CHECK(b->energy - a->energy < extra + a->energy);
  CHECK(b->latency > a->latency);
  CHECK(a->latency > 0);
  CHECK(a->leakage > 0);
  CHECK(a->leakage == Approx(b->leakage).epsilon(1e-9));  // DC states do not see the load
  CHECK(a->area > 0);
}

TEST_CASE("rtmchar cell fa_rtm: bad parameters and flags exit 2 without output", "[rtm]") {
  clients::TempDir dir("rtmchar-fa-rtm-cli");
  const std::string exe = RTMCHAR_BINARY;
  for (const char* args : {"--param domains=0", "--param wne=-1", "--slews 20p,10p", "--vdd -1"}) {
    auto r = clients::run_command(exe + " -q --no-cache cell fa_rtm --tech 32nm -o out " + args, dir.path());
    INFO(args << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(!std::filesystem::exists(dir.path() / "out" / "fa_rtm_32nm.lib"));
  }
}
