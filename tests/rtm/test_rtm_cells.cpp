// Racetrack cell definitions: they load, their operands are marked as racetrack operands, and bad
// parameters (0 domains, a port beyond the track, negative widths) are clear errors.
#include <catch2/catch.hpp>

#include "devices/models.h"
#include "netlist/cell.h"
#include "rtm/tracks.h"
#include "tech/technology.h"

using namespace rtmchar;

namespace {
bool has_error(const Diagnostics& d, const std::string& id) {
  for (const auto& x : d.all()) {
    if (x.id == id && x.severity == Severity::Error) return true;
  }
  return false;
}
}  // namespace

TEST_CASE("fa_rtm and fa_tr load as clocked cells with racetrack-operand pins") {
  for (const char* name : {"fa_rtm", "fa_tr"}) {
    Diagnostics diag;
    auto cell = netlist::load_cell(name, diag);
    INFO(name << ": " << diag.str());
    REQUIRE(cell);
    CHECK(cell->kind == netlist::CellKind::FlipFlop);
    CHECK(cell->pins_where(netlist::PinRole::Clock) == std::vector<std::string>{"CLK"});
    CHECK(cell->states.size() == 2);
    CHECK(cell->pin("A")->role == netlist::PinRole::RacetrackOperand);
    CHECK(cell->arcs().empty());
  }
}

TEST_CASE("bad racetrack cell parameters are cell.param errors") {
  Diagnostics diag;
  auto rtm = netlist::load_cell("fa_rtm", diag);
  auto tr = netlist::load_cell("fa_tr", diag);
  REQUIRE(rtm);
  REQUIRE(tr);
  for (const char* bad : {"domains=0", "wnt=-1", "domains=2.5"}) {
    Diagnostics d;
    INFO(bad);
    CHECK_FALSE(netlist::apply_param_overrides(*rtm, {bad}, d));
    CHECK(has_error(d, "cell.param"));
  }
  // fa_tr's second port sits over data domain 4: fewer than 5 domains put it beyond the track.
  Diagnostics d;
  CHECK_FALSE(netlist::apply_param_overrides(*tr, {"domains=4"}, d));
  CHECK(has_error(d, "cell.param"));
  Diagnostics ok;
  CHECK(netlist::apply_param_overrides(*tr, {"domains=5"}, ok));
}

TEST_CASE("operand tracks place the ports and the stored bits as requested") {
  Diagnostics diag;
  auto tech = tech::load("32nm", {}, diag);
  REQUIRE(tech);
  const auto p = rtm::operand_track(*tech, 8, {0, 1, 0, 1}, {0, 4});
  CHECK(devices::validate(p, diag));
  REQUIRE(p.port_positions().size() == 2);
  CHECK(p.port_positions()[1] - p.port_positions()[0] == 4);
  CHECK(p.initial_bit(p.port_positions()[0] + 1) == 1);
  CHECK(p.initial_bit(p.port_positions()[0] + 2) == 0);
  CHECK(p.initial_bit(p.port_positions()[0] + 3) == 1);
  // A port beyond the track is rejected by the device model's validation.
  Diagnostics bad;
  CHECK_FALSE(devices::validate(rtm::operand_track(*tech, 2, {}, {0, 20}), bad));
  CHECK(has_error(bad, "devices.bad-param"));
  // The TR level of the model grows by tr_mr * r_pitch per '1' domain.
  CHECK(rtm::transverse_resistance(p, 0, 4, 1) - rtm::transverse_resistance(p, 0, 4, 0) ==
        Approx(p.tr_mr * p.r_pitch()));
}
