// Compute lanes: the fa_rtm JSON reader, the lane cycle, add and multiply DAGs against hand
// calculations from the fixture's numbers, trends, and bad lane cells / configurations.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "bank/bank.h"
#include "bank/lanes.h"
#include "bank/search.h"

using namespace rtmchar;
using Catch::Detail::Approx;

namespace {

// tests/bank/data/fa_rtm_32nm.json: written by `rtmchar cell fa_rtm --tech 32nm` (32 nm HP, the
// 70-transistor fa_rtm of docs/racetrack-cells.md); a fixture of the format, its numbers are read
// here, not re-derived.
const std::string kFixture = std::string(RTMCHAR_SOURCE_DIR) + "/tests/bank/data/fa_rtm_32nm.json";

std::string fixture_text() {
  std::stringstream ss;
  ss << std::ifstream(kFixture).rdbuf();
  return ss.str();
}

bank::LaneCell fixture() {
  Diagnostics d;
  auto c = bank::load_lane_cell(kFixture, d);
  INFO(d.str());
  REQUIRE(c);
  return *c;
}

const tech::Technology& tech32() {
  static const tech::Technology t = [] {
    Diagnostics d;
    return *tech::load("32nm", {}, d);
  }();
  return t;
}

bank::Organization org(int rows, int cols, int mats, int mux, int domains, int ports, int cluster, int lanes) {
  const std::int64_t bits = static_cast<std::int64_t>(rows) * cols * mats * domains;
  return {bits, cols / mux * mats, domains, ports, cluster, rows, cols, mats, 1, mux, lanes};
}

// Round bank-side numbers for the hand calculations.
bank::LaneInputs hand_inputs() {
  bank::LaneInputs in;
  in.bit = {2e-9, 1e-12, 100e-12, 2e-15, 4.7e-9, 0.3e-12};
  in.addr = 0.3e-9, in.addr_energy = 1e-12;
  in.row_open = 0.2e-9, in.row_open_energy = 0.5e-12;
  in.shift_select = 0.1e-9, in.shift_select_energy = 0.2e-12;
  in.average_shifts = 10;
  return in;
}

/// Parses the fixture with one change; returns the first error message (or "" when it parsed).
std::string error_after(const std::function<void(nlohmann::json&)>& edit) {
  auto j = nlohmann::json::parse(fixture_text());
  edit(j);
  Diagnostics d;
  const bool ok = bank::parse_lane_cell(j.dump(), "lane.json", d).has_value();
  if (ok) return "";
  REQUIRE(d.has_errors());
  CHECK(d.all().front().id == "bank.bad-lane-cell");
  CHECK(d.all().front().loc.file == "lane.json");
  return d.all().front().message;
}

}  // namespace

TEST_CASE("lane cell numbers are read from the fa_rtm JSON") {
  const bank::LaneCell c = fixture();
  // Values read by hand from the fixture: the slowest edge at clock slew 20 ps / load 1 fF.
  CHECK(c.clk_to_s == Approx(7.606075881985017e-11));   // S rise (S fall 58.28 ps)
  CHECK(c.clk_to_co == Approx(7.98223846620682e-11));    // CO rise (CO fall 37.99 ps)
  CHECK(c.clk_to_co_min == Approx(3.79934605368124e-11));
  CHECK(c.setup_b == Approx(6.78759765625e-10));         // B rise: the long COUT-tree setup
  CHECK(c.setup_ci == Approx(3.027343750000005e-12));    // CI rise
  CHECK(c.hold_ci == Approx(4.375e-11));                 // CI fall
  CHECK(c.read_latency == Approx(3.983490679924006e-11));
  CHECK(c.operand_setup == 0.0);
  CHECK(c.energy_per_evaluation == Approx(5.1889121724373386e-15));
  CHECK(c.leakage == Approx(7.369011199893098e-08));
  CHECK(c.area == Approx(6.279424e-12));
  CHECK(c.domains == 64);
  CHECK(c.shifted_tracks == 4);
  CHECK(c.shift_current == Approx(1.3333333333333337e-4));
  CHECK(c.shift_pulse == Approx(7.625e-10));
  CHECK(c.shift_track_energy == Approx(5.899008e-13));
  CHECK(c.technology == "32nm");
}

TEST_CASE("lane cycle: the longest of the carry, operand A and operand B loops") {
  const bank::LaneCell c = fixture();
  const bank::LaneInputs in = hand_inputs();
  const bank::LaneCycle y = bank::lane_cycle(c, in.bit);
  // CLK->CO(min) 37.993 ps < hold(CI) 43.750 ps: the carry feedback needs 5.76 ps more.
  const double hold_fix = 43.75e-12 - 37.9934605368124e-12;
  CHECK(y.hold_fix == Approx(hold_fix));
  CHECK(y.carry == Approx(79.8223846620682e-12 + hold_fix + 3.027343750000005e-12));
  CHECK(y.operand_a == Approx(39.83490679924006e-12 + 762.5e-12 + 0.0));
  // CLK->S + write 4.7 ns + bank step 2 ns + bit read 100 ps + setup(B) 678.8 ps.
  CHECK(y.operand_b == Approx(76.06075881985017e-12 + 4.7e-9 + 2e-9 + 100e-12 + 678.759765625e-12));
  CHECK(y.period == y.operand_b);
  // With a 1 ps bank the lane's own shift loop is the longest: read 39.8 ps + shift pulse 762.5 ps
  // = 802.3 ps against CLK->S + 3 ps + setup(B) = 757.8 ps.
  const bank::LaneCycle fast = bank::lane_cycle(c, {1e-12, 0, 1e-12, 0, 1e-12, 0});
  CHECK(fast.operand_a == Approx(802.335e-12).epsilon(1e-5));
  CHECK(fast.operand_b == Approx(76.06075881985017e-12 + 3e-12 + 678.759765625e-12));
  CHECK(fast.period == fast.operand_a);
}

TEST_CASE("lane add: latency and energy by hand from the fixture") {
  const bank::LaneCell c = fixture();
  const bank::LaneInputs in = hand_inputs();
  const bank::LaneCycle y = bank::lane_cycle(c, in.bit);
  const int n = 64;
  const bank::OpResult add = bank::lane_add(c, in, y, n);
  // Bank operand: 0.1 ns shift decoder + 10 x 2 ns = 20.1 ns; lane operand: (64^2-1)/(3*64) =
  // 21.33 steps x 762.5 ps = 16.26 ns; row open 0.2 ns. The bank alignment is the longest.
  const double lane_steps = (64.0 * 64 - 1) / (3 * 64);
  CHECK(add.latency == Approx(0.3e-9 + 0.1e-9 + 20e-9 + n * y.period));
  CHECK(add.critical_path == std::vector<std::string_view>{"htree-address", "shift-decoder", "align-operand", "lane-cycles"});
  const double e_step_a = 4 * 5.899008e-13;
  const double energy = 1e-12 + 0.5e-12 + 0.2e-12 + 10 * 1e-12 + lane_steps * e_step_a +
                        n * (5.1889121724373386e-15 + 2e-15 + 0.3e-12) + (n - 1) * (e_step_a + 1e-12);
  CHECK(add.energy == Approx(energy));
  CHECK(bank::add_cycles(64) == 64);
}

TEST_CASE("lane multiply: the DAG of a 2-bit multiply by hand") {
  const bank::LaneCell c = fixture();
  const bank::LaneInputs in = hand_inputs();
  const bank::LaneCycle y = bank::lane_cycle(c, in.bit);
  const auto& b = in.bit;
  const bank::OpResult m = bank::lane_multiply(c, in, y, 2);
  const double lane_align = (64.0 * 64 - 1) / (3 * 64) * c.shift_pulse;
  const double bit0 = in.row_open + b.bit_read;
  const double add = in.row_open + 2 * y.period + b.bank_shift + b.bit_write;
  const double start0 = std::max(in.addr + in.shift_select + 10 * b.bank_shift + bit0, in.addr + lane_align);
  const double end0 = start0 + add;
  const double bit1 = in.row_open + b.bank_shift + b.bit_read;
  const double rewind = 1 * std::max(c.shift_pulse, b.bank_shift);
  CHECK(m.latency == Approx(end0 + std::max(bit1, rewind) + add));
  const double e_step_a = 4 * c.shift_track_energy;
  const double e_add = in.row_open_energy + 2 * (c.energy_per_evaluation + b.bit_read_energy + b.bit_write_energy) +
                       e_step_a + 2 * b.bank_shift_energy + b.bit_write_energy;
  const double energy = in.addr_energy + in.shift_select_energy + 2 * 10 * b.bank_shift_energy +
                        (64.0 * 64 - 1) / (3 * 64) * e_step_a + (in.row_open_energy + b.bit_read_energy) +
                        (in.row_open_energy + b.bank_shift_energy + b.bit_read_energy) + 2 * e_add +
                        (e_step_a + b.bank_shift_energy);
  CHECK(m.energy == Approx(energy));
  CHECK(bank::multiply_cycles(64) == 64 * 65);
}

TEST_CASE("lanes in a bank: area and leakage added, latency independent of the lane count") {
  const bank::Process p = bank::process_from_technology(tech32());
  const bank::CellNumbers cell = bank::cell_from_technology(tech32());
  const bank::LaneCell c = fixture();
  const auto base = org(64, 256, 4, 16, 128, 1, 8, 0);  // 64-bit words, 16 sense amps per mat
  const bank::BankResult r0 = bank::evaluate(base, p, cell);
  CHECK_FALSE(r0.lanes);
  auto with = [&](int lanes) {
    auto o = base;
    o.lanes = lanes;
    Diagnostics d;
    INFO(d.str());
    REQUIRE(bank::validate(o, d));
    return bank::evaluate(o, p, cell, &c);
  };
  const bank::BankResult r1 = with(1), r4 = with(4), r64 = with(64);
  REQUIRE(r1.lanes);
  // Per lane: the cell + 4 tracks of 64 data + 64 overhead domains + a shift driver.
  const double per_lane_min = c.area + 4 * 128 * cell.area_per_bit;
  CHECK(r1.lanes->total == 4);
  CHECK(r1.lanes->area > 4 * per_lane_min);
  CHECK(r1.lanes->area < 4 * per_lane_min * 1.2);
  CHECK(r1.area == Approx(r0.area + r1.lanes->area));
  CHECK(r1.leakage == Approx(r0.leakage + r1.lanes->leakage));
  CHECK(r1.lanes->leakage >= 4 * c.leakage);
  CHECK(r1.efficiency < r0.efficiency);
  CHECK(r4.area > r1.area);
  CHECK(r64.area > r4.area);
  CHECK(r4.leakage > r1.leakage);
  CHECK(r4.lanes->area == Approx(4 * r1.lanes->area));
  CHECK(r4.lanes->add.latency == Approx(r1.lanes->add.latency));
  CHECK(r4.lanes->multiply.latency == Approx(r1.lanes->multiply.latency));
  CHECK(r4.read.latency == Approx(r0.read.latency));
  // 64 lanes per mat share its 16 sense amps: 16 per mat run at once.
  CHECK(r64.lanes->concurrent == 4 * 16);
  CHECK(r64.lanes->add_throughput == Approx(16.0 * r1.lanes->add_throughput));
  // The bank's own techfile numbers set operand B's loop: write pulse + shift step + setup(B).
  CHECK(r1.lanes->cycle.operand_b > cell.write_pulse + cell.shift_pulse + c.setup_b);
  CHECK(r1.lanes->add.latency > 64 * r1.lanes->cycle.period);
  CHECK(r1.lanes->multiply.latency > 64 * r1.lanes->add.latency * 0.9);
}

TEST_CASE("lanes: a wider word makes a longer add") {
  const bank::Process p = bank::process_from_technology(tech32());
  const bank::CellNumbers cell = bank::cell_from_technology(tech32());
  const bank::LaneCell c = fixture();
  const auto w32 = bank::evaluate(org(64, 256, 1, 8, 128, 1, 8, 4), p, cell, &c);
  const auto w64 = bank::evaluate(org(64, 256, 1, 4, 128, 1, 8, 4), p, cell, &c);
  REQUIRE(w32.org.word_bits == 32);
  REQUIRE(w64.org.word_bits == 64);
  // Both start with the same alignment (42.7 bank steps on a 128-domain track, within the H-tree
  // difference); the 32 extra bits cost 32 more cycles and evaluations and lane shifts.
  CHECK(w64.lanes->add.latency > w32.lanes->add.latency);
  CHECK(w64.lanes->add.latency - 64 * w64.lanes->cycle.period ==
        Approx(w32.lanes->add.latency - 32 * w32.lanes->cycle.period).epsilon(0.01));
  CHECK(w64.lanes->add.energy - w32.lanes->add.energy > 32 * (c.energy_per_evaluation + 4 * c.shift_track_energy));
  CHECK(w64.lanes->multiply.latency > 3.5 * w32.lanes->multiply.latency);
}

TEST_CASE("lanes: bad organizations name --lanes or --force domains, and the search skips them") {
  auto flags = [](const bank::Organization& o) {
    Diagnostics d;
    CHECK_FALSE(bank::validate(o, d));
    std::string s;
    for (const auto& x : d.all()) s += x.loc.flag + ";";
    return s;
  };
  CHECK(flags(org(64, 256, 4, 16, 128, 1, 8, 257)) == "--lanes;");
  CHECK(flags(org(64, 256, 4, 16, 128, 2, 8, 4)) == "--force domains;");  // port distance 64 < 128
  CHECK(flags(org(64, 256, 4, 16, 128, 1, 8, -1)) == "--lanes;");
  bank::SearchSpace s = bank::default_space();
  s.lanes = 4;
  const auto orgs = bank::enumerate(8LL << 20, 64, s);
  REQUIRE_FALSE(orgs.empty());
  for (const auto& o : orgs) {
    CHECK(o.lanes == 4);
    CHECK(o.domains / o.ports >= 128);
    CHECK(o.cols >= 4);
  }
}

TEST_CASE("bad lane cells are errors naming the file and the key") {
  CHECK(error_after([](nlohmann::json&) {}).empty());
  CHECK(error_after([](nlohmann::json& j) { j["schema"] = "rtmchar.cam_word/1"; }).find("key 'schema'") !=
        std::string::npos);
  CHECK(error_after([](nlohmann::json& j) { j.erase("read_latency_s"); }) == "key 'read_latency_s': missing");
  CHECK(error_after([](nlohmann::json& j) { j["leakage_W"] = "50 nW"; }).find("key 'leakage_W': expected a number") !=
        std::string::npos);
  CHECK(error_after([](nlohmann::json& j) { j["area_m2"] = -1.0; }).find("key 'area_m2': must be a positive") !=
        std::string::npos);
  CHECK(error_after([](nlohmann::json& j) { j["shift"] = nlohmann::json::array(); }).find("key 'shift'") !=
        std::string::npos);
  CHECK(error_after([](nlohmann::json& j) { j["clock_arcs"][2]["delay_s"].erase(0); }) ==
        "key 'clock_arcs[2].delay_s': 8 values, not clock_slews_s x loads_F = 9");
  CHECK(error_after([](nlohmann::json& j) { j["constraints"] = nlohmann::json::array(); }).find("no setup of pin B") !=
        std::string::npos);
  CHECK(error_after([](nlohmann::json& j) { j["domains"] = 2.5; }) == "key 'domains': must be a positive integer");
  Diagnostics d;
  CHECK_FALSE(bank::parse_lane_cell("{\n  \"schema\": \"rtmchar.fa_rtm/1\",\n  oops\n}", "bad.json", d));
  REQUIRE(d.has_errors());
  CHECK(d.all().front().loc.file == "bad.json");
  CHECK(d.all().front().loc.line == 3);
  Diagnostics missing;
  CHECK_FALSE(bank::load_lane_cell("/nonexistent/fa_rtm.json", missing));
  CHECK(missing.all().front().loc.flag == "--lane-cell");
  Diagnostics narrow;
  CHECK_FALSE(bank::lane_cell_fits(fixture(), 128, narrow));
  CHECK(narrow.all().front().message.find("key 'domains'") != std::string::npos);
  Diagnostics wide;
  CHECK(bank::lane_cell_fits(fixture(), 64, wide));
}
