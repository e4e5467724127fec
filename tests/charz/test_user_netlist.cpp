// User-netlist mode end to end through the rtmchar executable: an extracted-style inverter
// (continuation lines, comments, parasitic R and C, many internal nodes, GND as the ground node,
// foundry-style model names) characterized with --netlist/--subckt/--function.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

#include "tech/model_card.h"
#include "tech/technology.h"

namespace fs = std::filesystem;
using namespace rtmchar;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

Run rtmchar_cli(const std::string& args, const fs::path& dir) {
  const fs::path err_file = dir / "stderr.txt";
  std::string cmd = "cd '" + dir.string() + "' && " + RTMCHAR_BINARY + " --no-cache " + args + " 2>" + err_file.string();
  Run r;
  FILE* p = ::popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  std::array<char, 4096> buf{};
  size_t n = 0;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.out.append(buf.data(), n);
  int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::stringstream ss;
  ss << std::ifstream(err_file).rdbuf();
  r.err = ss.str();
  return r;
}

// The 32 nm techfile's cards renamed to foundry-style names nch / pch.
std::string renamed_models() {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  std::string card = tech::model_card(*t);
  for (auto [from, to] : {std::pair{".model nmos nmos", ".model nch nmos"}, {".model pmos pmos", ".model pch pmos"}}) {
    auto at = card.find(from);
    REQUIRE(at != std::string::npos);
    card.replace(at, std::string(from).size(), to);
  }
  return card;
}

// An extracted inverter: the gate and drain nets are split by parasitic resistors, every net has
// a parasitic capacitor, and the ground node is called GND.
constexpr const char* kExtracted = R"(* extracted view of INVX1 (calibre-style)
* pins: A Y VDD GND
.subckt INVX1 A Y VDD
+ GND
* devices
MM1 Y_d A_g1 VDD VDD pch W=128n L=32n ; pull-up
MM0 Y_s A_g2 GND GND nch
+ W=64n L=32n
* parasitic resistors
R1 A A_g1 150
R2 A A_g2 150
R3 Y_d Y 80
R4 Y_s Y 80
* parasitic capacitors
C1 A_g1 GND 0.05f
C2 A_g2 GND 0.05f
C3 Y_d GND 0.08f
C4 Y_s GND 0.08f
C5 Y GND 0.1f
.ends INVX1
)";

// The same inverter without parasitics, pulling its models in with a relative .include.
constexpr const char* kSchematic = R"(* schematic view of INVX1
.include models.sp
.subckt INVX1 A Y VDD GND
MM1 Y A VDD VDD pch W=128n L=32n
MM0 Y A GND GND nch W=64n L=32n
.ends INVX1
)";

double first_delay(const fs::path& json) {
  std::ifstream in(json);
  nlohmann::json j = nlohmann::json::parse(in);
  return j["arcs"][0]["edges"][0]["delay_s"][0].get<double>();
}

}  // namespace

TEST_CASE("user netlist mode characterizes an extracted netlist with parasitics", "[ngspice]") {
  fs::path dir = fs::temp_directory_path() / ("rtmchar-usernl-" + std::to_string(::getpid()));
  fs::create_directories(dir / "lib");
  std::ofstream(dir / "lib" / "models.sp") << renamed_models();
  std::ofstream(dir / "inv_ext.sp") << kExtracted;
  std::ofstream(dir / "lib" / "inv_sch.sp") << kSchematic;
  const std::string grid = " --vdd 0.9 --slews 10p,40p --loads 1f,4f";

  Run ext = rtmchar_cli("cell --netlist inv_ext.sp --subckt INVX1 --function 'Y=!A' --models lib/models.sp"
                        " --set models.nmos=nch --set models.pmos=pch -o out_ext" + grid, dir);
  INFO(ext.err);
  REQUIRE(ext.code == 0);
  // Run from another directory: the relative .include resolves against the netlist's directory.
  fs::create_directories(dir / "elsewhere");
  Run sch = rtmchar_cli("cell --netlist ../lib/inv_sch.sp --subckt invx1 --function 'Y=!A' -o out_sch" + grid,
                        dir / "elsewhere");
  INFO(sch.err);
  REQUIRE(sch.code == 0);

  const fs::path ext_lib = dir / "out_ext" / "INVX1_32nm.lib";
  CHECK(fs::exists(ext_lib));
  std::stringstream lib;
  lib << std::ifstream(ext_lib).rdbuf();
  CHECK(lib.str().find("function : \"!A\"") != std::string::npos);
  // Parasitic R and C can only slow the cell down.
  const double d_ext = first_delay(dir / "out_ext" / "INVX1_32nm.json");
  const double d_sch = first_delay(dir / "elsewhere" / "out_sch" / "INVX1_32nm.json");
  CHECK(d_sch > 0);
  // The area comes from the netlist's own MOSFETs (never a silent 0).
  std::ifstream jin(dir / "out_ext" / "INVX1_32nm.json");
  CHECK(nlohmann::json::parse(jin)["area_m2"].get<double>() > 0);
  CHECK(d_ext > d_sch);

  // Bad input: an unknown subckt and a function over a non-port are reported with exit code 2.
  Run bad = rtmchar_cli("cell --netlist inv_ext.sp --subckt NOPE --function 'Y=!A' -o out_bad" + grid, dir);
  CHECK(bad.code == 2);
  CHECK(bad.err.find("NOPE") != std::string::npos);
  Run bad2 = rtmchar_cli("cell --netlist inv_ext.sp --subckt INVX1 --function 'Y=!Q' -o out_bad" + grid, dir);
  CHECK(bad2.code == 2);
  CHECK_FALSE(fs::exists(dir / "out_bad"));
  fs::remove_all(dir);
}
