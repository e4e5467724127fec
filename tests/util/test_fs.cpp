#include <catch2/catch.hpp>

#include <filesystem>
#include <unistd.h>

#include "util/fs.h"

using namespace rtmchar;
namespace fs = std::filesystem;

TEST_CASE("atomic write creates directories and replaces content") {
  fs::path dir = fs::temp_directory_path() / ("rtmchar-test-fs-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  std::string err;
  fs::path f = dir / "sub" / "x.txt";
  REQUIRE(write_file_atomic(f, "hello", err));
  REQUIRE(write_file_atomic(f, "world", err));
  auto back = read_file(f, err);
  REQUIRE(back);
  CHECK(*back == "world");
  // No temporary files are left behind.
  int n = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "sub")) ++n;
  CHECK(n == 1);
  // A write into a path whose parent is a file fails with a message and leaves nothing.
  CHECK_FALSE(write_file_atomic(f / "impossible.txt", "x", err));
  CHECK_FALSE(err.empty());
  fs::remove_all(dir);
}
