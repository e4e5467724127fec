// rtmchar cell read_port|rtm_track: the command writes <cell>_<tech>.lib/.json; bad cell
// parameters and flags that do not apply are exit 2 with nothing written.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "clients.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::clients;

TEST_CASE("rtmchar cell read_port writes Liberty and JSON with its operation tables", "[ngspice]") {
  TempDir dir("rtmchar-memcell-cli");
  auto r = run_command(std::string(RTMCHAR_BINARY) + " -q -j 2 --no-cache cell read_port --tech 32nm -o .", dir.path());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string err;
  auto json = read_file(dir.path() / "read_port_32nm.json", err);
  auto lib = read_file(dir.path() / "read_port_32nm.lib", err);
  REQUIRE(json);
  REQUIRE(lib);
  const auto j = nlohmann::json::parse(*json);
  CHECK(j.at("schema") == "rtmchar.memcell/1");
  CHECK(j.at("operations").at(0).at("op") == "read");
  CHECK(j.at("operations").at(0).at("latency_s").get<double>() > 0);
  CHECK(lib->find("cell (read_port)") != std::string::npos);
  CHECK(lib->find("rtm_read_table (access_width)") != std::string::npos);
  CHECK(lib->find("define_group (rtm_read_table, cell);") != std::string::npos);
}

TEST_CASE("rtmchar cell rtm_track: bad parameters and inapplicable flags exit 2, nothing written") {
  TempDir dir("rtmchar-memcell-bad");
  const std::string exe = std::string(RTMCHAR_BINARY) + " -q --no-cache cell ";
  for (const char* args : {"rtm_track --param domains=0", "rtm_track --param port_pitch=70", "rtm_track --param ports=0",
                                  "rtm_track --param wacc=-2", "read_port --param port=99",
                                  "shift_driver --slews 10p", "write_port --plot"}) {
    auto r = run_command(exe + args + " -o .", dir.path());
    INFO(args << "\n" << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("error[") != std::string::npos);
  }
  // rtmchar lib refuses them (they have no timing arcs) and points to rtmchar cell.
  auto lib = run_command(std::string(RTMCHAR_BINARY) + " -q --no-cache lib read_port -o .", dir.path());
  INFO(lib.output);
  CHECK(lib.exit_code == 2);
  CHECK(lib.output.find("rtmchar cell read_port") != std::string::npos);
  CHECK(fs::is_empty(dir.path()));
}
