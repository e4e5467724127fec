// Golden-file test of the writer on a small synthetic library. The comparison is normalised
// (line endings, exponent digits, rtmchar version). To re-bless after an intended format change:
//   cmake --build <build> --target bless-liberty-golden
// (runs this test with RTMCHAR_BLESS=1, which rewrites tests/liberty/golden/small.lib), then
// review the diff with git.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <regex>

#include "liberty/writer.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::liberty;

namespace {

/// An inverter with 2x2 tables, pin capacitances, leakage states, one user-defined group and a
/// boolean pin attribute.
Library small_library() {
  Diagnostics d;
  Library lib;
  lib.name = "golden_small";
  lib.units.time = 1e-12;
  lib.units.capacitance = 1e-15;
  lib.operating_conditions = {{"tt_0p9v_25c", 1.0, 0.9, 25.0}};
  lib.default_operating_conditions = "tt_0p9v_25c";
  lib.nom_voltage = 0.9;
  auto delay = TableTemplate::make("d2x2", TableTemplate::Kind::Delay,
                                   {{AxisVariable::InputNetTransition, {10e-12, 100e-12}}, {AxisVariable::TotalOutputNetCapacitance, {1e-15, 1e-14}}}, d);
  auto power = TableTemplate::make("p2x2", TableTemplate::Kind::Power, delay->axes, d);
  lib.templates = {delay, power};
  Cell c;
  c.name = "INV_X1";
  c.area = 0.25e-12;
  c.leakage = 2.5e-9;
  c.leakage_power = {{"A", 2e-9}, {"!A", 3e-9}};
  Pin a{"A", Direction::Input, 0.55e-15, 0.56e-15, 0.54e-15, std::nullopt, "", false, "", {}, {}};
  Pin y{"Y", Direction::Output, std::nullopt, std::nullopt, std::nullopt, 50e-15, "!A", false, "", {}, {}};
  TimingArc arc;
  arc.related_pin = "A";
  arc.sense = TimingSense::NegativeUnate;
  arc.cell_rise = Table::make(Quantity::Time, delay, {8.5e-12, 45e-12, 21e-12, 58.25e-12}, d);
  arc.cell_fall = Table::make(Quantity::Time, delay, {7e-12, 38e-12, 18.5e-12, 50e-12}, d);
  arc.rise_transition = Table::make(Quantity::Time, delay, {9e-12, 70e-12, 20e-12, 75e-12}, d);
  arc.fall_transition = Table::make(Quantity::Time, delay, {8e-12, 60e-12, 18e-12, 66e-12}, d);
  y.timing.push_back(arc);
  InternalPower p;
  p.related_pin = "A";
  p.rise_power = Table::make(Quantity::Energy, power, {0.12e-15, 0.125e-15, 0.3e-15, 0.31e-15}, d);
  p.fall_power = Table::make(Quantity::Energy, power, {-0.01e-15, 0.02e-15, 0.15e-15, 0.16e-15}, d);
  y.power.push_back(p);
  a.user_attributes = {UserAttribute::boolean("rtm_operand", true)};
  c.pins = {a, y};
  UserAttribute lat{"op_latency", UserAttribute::Kind::Float, Quantity::Time, {1.5e-9}, ""};
  UserAttribute en{"op_energy", UserAttribute::Kind::Float, Quantity::Energy, {2.5e-13}, ""};
  c.user_groups = {UserGroup{"rtm_operation", "read", {lat, en}, {}}};
  lib.cells = {c};
  REQUIRE_FALSE(d.has_errors());
  return lib;
}

std::string normalise(std::string s) {
  s = std::regex_replace(s, std::regex("\r\n"), "\n");
  s = std::regex_replace(s, std::regex("e([+-])0+([0-9])"), "e$1$2");
  s = std::regex_replace(s, std::regex("rtmchar [0-9]+\\.[0-9]+\\.[0-9]+"), "rtmchar VERSION");
  return s;
}

}  // namespace

TEST_CASE("writer output matches the golden file") {
  Diagnostics d;
  auto text = write_liberty(small_library(), d);
  INFO(d.str());
  REQUIRE(text);
  const std::string golden = std::string(RTMCHAR_SOURCE_DIR) + "/tests/liberty/golden/small.lib";
  std::string err;
  if (const char* bless = std::getenv("RTMCHAR_BLESS"); bless && std::string(bless) == "1") {
    REQUIRE(write_file_atomic(golden, normalise(*text), err));
    WARN("re-blessed " << golden);
  }
  auto want = read_file(golden, err);
  INFO(err);
  REQUIRE(want);
  CHECK(normalise(*text) == normalise(*want));
}
