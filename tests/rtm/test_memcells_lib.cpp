// Libraries of the racetrack memory cells pass the real clients: OpenSTA reads each cell's
// library (as `rtmchar cell` writes it) and the combined one without Error/Warning, Yosys proves
// the Boolean functions (DO = RE & D, BL = WE & D, SL = WE & !D, TA = SH_L | SL, TB = SH_R | SL),
// ABC reads the combined library; the memory-operation groups survive a read back by rtmchar's
// own reader. Cells from short runs (own point only, short tracks).
#include <catch2/catch.hpp>

#include "clients.h"
#include "liberty/builder.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "rtm/memcells.h"
#include "tech/technology.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::clients;

namespace {

const char* kReference = R"(module ref_read_port(input RE, input D, output DO);
  assign DO = RE & D;
endmodule
module ref_write_port(input WE, input D, output BL, output SL);
  assign BL = WE & D;
  assign SL = WE & ~D;
endmodule
module ref_shift_driver(input SH_L, input SH_R, input SL, output TA, output TB);
  assign TA = SH_L | SL;
  assign TB = SH_R | SL;
endmodule
module ref_rtm_track(input WL0, input WL1, input WL2, input SH_L, input SH_R, input SL, output TA, output TB);
  assign TA = SH_L | SL;
  assign TB = SH_R | SL;
endmodule
)";

fs::path write_lib(const TempDir& dir, const tech::Technology& t, std::vector<liberty::Cell> cells,
                   const std::string& name) {
  Diagnostics diag;
  auto lib = rtm::memory_library(t, charz::Options{}, std::move(cells), diag);
  INFO(diag.str());
  REQUIRE(lib);
  auto text = liberty::write_liberty(*lib, diag);
  REQUIRE(text);
  std::string err;
  REQUIRE(write_file_atomic(dir.path() / name, *text, err));
  return dir.path() / name;
}

}  // namespace

TEST_CASE("memory-cell libraries: OpenSTA reads them, Yosys proves the functions, ABC reads them", "[ngspice][client]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::EngineOptions eo;
  eo.jobs = 2;
  sim::Engine engine(eo);
  rtm::MemCharOptions mo;
  std::vector<liberty::Cell> cells;
  std::vector<double> areas;  // rtm_track's cell table, SI
  // Short runs; rtm_track with three ports (0, 4, 8) and its tables, so the port-count groups
  // (rtm_cell_table: cell_area, leakage_power) reach the clients too.
  for (const auto& [name, over] : std::vector<std::pair<std::string, std::vector<std::string>>>{
           {"read_port", {}}, {"write_port", {}}, {"shift_driver", {"domains=4", "tracks=2"}},
           {"rtm_track", {"domains=9", "ports=3", "port_pitch=4"}}}) {
    mo.sweeps = name == "rtm_track";
    auto cell = netlist::load_cell(name, diag);
    REQUIRE(cell);
    auto params = netlist::apply_param_overrides(*cell, over, diag);
    REQUIRE(params);
    auto r = rtm::characterize_memory_cell(*t, *cell, *params, charz::Options{}, mo, engine, diag);
    INFO(name << ": " << diag.str());
    REQUIRE(r);
    cells.push_back(rtm::memory_liberty_cell(*r, *cell));
    for (const rtm::MemTable& tb : r->tables)
      if (tb.op == "cell")
        for (const auto& row : tb.rows) areas.push_back(row[1]);
  }
  REQUIRE(areas.size() == 3);  // 1, 2, 3 ports
  TempDir dir("rtmchar-memcells");
  std::vector<fs::path> single;
  for (const liberty::Cell& c : cells) single.push_back(write_lib(dir, *t, {c}, c.name + ".lib"));
  const fs::path all = write_lib(dir, *t, cells, "all.lib");

  // rtmchar's own reader gets the operation groups back (shift of the track: one row per direction;
  // dimensionless list columns come back as text, quantities as numbers).
  Diagnostics rd;
  auto back = liberty::read_liberty_file(all, rd);
  INFO(rd.str());
  REQUIRE(back);
  const liberty::Cell* track = back->find_cell("rtm_track");
  REQUIRE(track != nullptr);
  bool shift_table = false;
  for (const liberty::UserGroup& g : track->user_groups)
    if (g.type == "rtm_shift_table" && g.name == "direction")
      for (const liberty::UserAttribute& a : g.attributes)
        if (a.name == "min_pulse") shift_table = a.numbers.size() == 2 && a.numbers[0] > 0;
  CHECK(shift_table);
  // The cell table's areas come back in SI from um^2, and the three word lines are pins.
  bool area_table = false;
  for (const liberty::UserGroup& g : track->user_groups)
    if (g.type == "rtm_cell_table" && g.name == "ports")
      for (const liberty::UserAttribute& a : g.attributes)
        if (a.name == "cell_area" && a.numbers.size() == 3)
          area_table = a.numbers[0] == Approx(areas[0]).epsilon(1e-4) && a.numbers[2] == Approx(areas[2]).epsilon(1e-4);
  CHECK(area_table);
  CHECK(track->find_pin("WL2") != nullptr);

  if (tool_available("sta")) {
    for (const fs::path& lib : single) {
      auto r = check_opensta_reads(lib);
      INFO(lib.string() << "\n" << r.str());
      CHECK(r.ok);
    }
    auto r = check_opensta_reads(all);
    INFO(r.str());
    CHECK(r.ok);
  }
  if (tool_available("yosys")) {
    auto r = prove_functions_yosys(all, kReference, {"read_port", "write_port", "shift_driver", "rtm_track"});
    INFO(r.str());
    CHECK(r.ok);
    // A wrong reference (read port output without the enable) must not prove.
    CHECK_FALSE(prove_functions_yosys(all, "module ref_read_port(input RE, input D, output DO);\n  assign DO = D;\nendmodule\n",
                                      {"read_port"}).ok);
  }
  if (tool_available("berkeley-abc")) {
    auto r = check_abc(all, {"read_port", "write_port", "shift_driver", "rtm_track"});
    INFO(r.str());
    CHECK(r.ok);
  }
}
