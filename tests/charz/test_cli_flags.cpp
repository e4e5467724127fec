// Characterization flags of `rtmchar cell` and `rtmchar lib` that need no simulation to check:
// a bad --states value is exit 2 naming the flag, with no output written.
#include <catch2/catch.hpp>

#include <filesystem>

#include "../clients/clients.h"

using namespace rtmchar;

TEST_CASE("rtmchar cell / lib: a bad --states value is exit 2 without output") {
  clients::TempDir dir("rtmchar-states-cli");
  const std::string exe = RTMCHAR_BINARY;
  for (const char* args : {"cell fa_cmos --states none", "cell fa_cmos --states", "cell mul_rtm --bits 2 --states power",
                           "lib nand2 --states ALL"}) {
    auto r = clients::run_command(exe + " -q --no-cache " + args + " --tech 32nm -o out", dir.path());
    INFO(args << ": " << r.output);
    CHECK(r.exit_code == 2);
    CHECK(r.output.find("--states") != std::string::npos);
    CHECK(!std::filesystem::exists(dir.path() / "out"));
  }
}
