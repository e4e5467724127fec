// rtmchar imc: the command writes <cell>_<tech>.json and .lib; bad sizes are usage errors.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "clients.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::clients;

TEST_CASE("rtmchar imc imac_neuron writes JSON and Liberty, cam_word rejects w = 3", "[ngspice]") {
  TempDir dir("rtmchar-imc-cli");
  const std::string exe = RTMCHAR_BINARY;
  auto r = run_command(exe + " -q -j 1 --no-cache imc imac_neuron --tech 32nm -o .", dir.path());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  std::string err;
  auto json = read_file(dir.path() / "imac_neuron_32nm.json", err);
  auto lib = read_file(dir.path() / "imac_neuron_32nm.lib", err);
  REQUIRE(json);
  REQUIRE(lib);
  const auto j = nlohmann::json::parse(*json);
  CHECK(j.at("cell") == "imac_neuron");
  // Midpoint of the divider equation at 32 nm (docs/imc.md): 0.133 V within the fit's resolution.
  CHECK(j.at("neuron").at("fit").at("x0_V").get<double>() == Approx(0.1333).margin(0.01));
  CHECK(j.at("neuron").at("energy_per_eval_J").get<double>() > 0);
  CHECK(lib->find("cell (IMAC_NEURON)") != std::string::npos);
  CHECK(lib->find("function : \"!IN\"") != std::string::npos);

  auto bad = run_command(exe + " -q imc cam_word --size 3 -o .", dir.path());
  CHECK(bad.exit_code == 2);
}

TEST_CASE("rtmchar cell runs the imc cells, and flags that do not apply are usage errors", "[ngspice]") {
  TempDir dir("rtmchar-imc-cell");
  const std::string exe = RTMCHAR_BINARY;
  auto r = run_command(exe + " -q -j 1 --no-cache cell imac_neuron --tech 45nm -o .", dir.path());
  INFO(r.output);
  REQUIRE(r.exit_code == 0);
  CHECK(std::filesystem::exists(dir.path() / "imac_neuron_45nm.json"));
  CHECK(std::filesystem::exists(dir.path() / "imac_neuron_45nm.lib"));
  for (const char* args : {"cam_word --vdd 1", "imac_column --slews 1p,2p", "imac_neuron --param x=1"}) {
    auto bad = run_command(exe + " -q cell " + args + " -o sub", dir.path());
    INFO(args << ": " << bad.output);
    CHECK(bad.exit_code == 2);
    CHECK(!std::filesystem::exists(dir.path() / "sub"));
  }
}
