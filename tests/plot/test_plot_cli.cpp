// rtmchar bank --plot writes pareto.svg (and sweep.svg with --sweep); --plot needs -o.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include "svg_check.h"

namespace fs = std::filesystem;

namespace {

int run(const std::string& args) {
  const std::string cmd = std::string(RTMCHAR_BINARY) + " " + args + " >/dev/null 2>&1";
  const int status = std::system(cmd.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::string slurp(const fs::path& p) {
  std::stringstream ss;
  ss << std::ifstream(p).rdbuf();
  return ss.str();
}

}  // namespace

TEST_CASE("rtmchar bank --plot writes pareto.svg and sweep.svg") {
  const fs::path dir = fs::temp_directory_path() / ("rtmchar-plot-cli-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  REQUIRE(run("bank --tech 32nm --capacity 64KiB --word 64 --plot -o " + dir.string()) == 0);
  REQUIRE(fs::exists(dir / "pareto.svg"));
  CHECK_FALSE(fs::exists(dir / "sweep.svg"));
  const auto r = svgcheck::check(slurp(dir / "pareto.svg"));
  INFO(r.why);
  CHECK(r.ok);
  REQUIRE(run("bank --tech 32nm --capacity 64KiB --word 64 --sweep ports=1,2,4 --plot -o " + dir.string()) == 0);
  REQUIRE(fs::exists(dir / "sweep.svg"));
  CHECK(svgcheck::check(slurp(dir / "sweep.svg")).ok);
  fs::remove_all(dir);
  CHECK(run("bank --tech 32nm --capacity 64KiB --word 64 --plot") != 0);
}
