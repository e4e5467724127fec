#include <catch2/catch.hpp>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out, err;
};

/// Runs the rtmchar binary with `args` (shell-quoted by the caller) and captures both streams.
Run rtmchar(const std::string& args) {
  fs::path err_file = fs::temp_directory_path() / ("rtmchar-test-tech-cli-" + std::to_string(::getpid()) + ".err");
  std::string cmd = std::string(RTMCHAR_BINARY) + " " + args + " 2>" + err_file.string();
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
  fs::remove(err_file);
  return r;
}

}  // namespace

TEST_CASE("rtmchar tech list prints the six built-ins") {
  Run r = rtmchar("tech list");
  INFO(r.err);
  CHECK(r.code == 0);
  for (const char* name : {"45nm ", "45nm-lp", "32nm ", "32nm-lp", "22nm ", "22nm-lp"}) CHECK(r.out.find(name) != std::string::npos);
  CHECK(r.out.find("32nm        32 nm HP       900 mV") != std::string::npos);
}

TEST_CASE("rtmchar tech show prints every value with unit and origin") {
  Run r = rtmchar("tech show 32nm --set racetrack.shift_current=200u");
  INFO(r.err);
  REQUIRE(r.code == 0);
  CHECK(r.out.find("racetrack.shift_current") != std::string::npos);
  CHECK(r.out.find("200 uA") != std::string::npos);
  CHECK(r.out.find("# --set racetrack.shift_current=200u") != std::string::npos);
  CHECK(r.out.find("mtj.ra") != std::string::npos);
  CHECK(r.out.find("5.4 Ohm*um^2") != std::string::npos);
  CHECK(r.out.find("# techfiles/32nm.toml:") != std::string::npos);
  CHECK(r.out.find("bsim4.nmos.vth0") != std::string::npos);
  // Default technology is 32nm.
  Run d = rtmchar("tech show");
  CHECK(d.code == 0);
  CHECK(d.out.find("\"32nm\"") != std::string::npos);
}

TEST_CASE("rtmchar tech show: bad input gives exit code 2 and nothing on stdout") {
  struct Case { std::string args, id; };
  fs::path bad = fs::temp_directory_path() / ("rtmchar-test-tech-cli-" + std::to_string(::getpid()) + ".toml");
  std::ofstream(bad) << "extends = \"32nm\"\n[racetrack]\nwidth = \"-1 nm\"\n";
  const Case cases[] = {{"tech show 28nm", "tech.unknown-node"},
                        {"tech show 32nm --set foo.bar=1", "tech.unknown-key"},
                        {"tech show 32nm --set tech.vdd=0.9A", "tech.bad-unit"},
                        {"tech show " + bad.string(), "tech.out-of-range"}};
  for (const Case& c : cases) {
    Run r = rtmchar(c.args);
    INFO(c.args << "\n" << r.err);
    CHECK(r.code == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find(c.id) != std::string::npos);
  }
  Run r = rtmchar("tech show " + bad.string());
  CHECK(r.err.find(bad.string() + ":3:") != std::string::npos);
  fs::remove(bad);
  Run u = rtmchar("tech frobnicate");
  CHECK(u.code == 2);
  CHECK(u.out.empty());
}

TEST_CASE("rtmchar tech card prints the model card") {
  Run r = rtmchar("tech card 45nm-lp");
  INFO(r.err);
  CHECK(r.code == 0);
  CHECK(r.out.find(".model nmos nmos level=54") != std::string::npos);
  CHECK(r.out.find(".model pmos pmos level=54") != std::string::npos);
}
