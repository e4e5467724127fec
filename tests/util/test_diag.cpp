#include <catch2/catch.hpp>

#include "util/diag.h"
#include "util/hash.h"

using namespace rtmchar;

TEST_CASE("diagnostics carry id and location") {
  Diagnostics d;
  d.warning("x.warn", SourceLoc::at("a.toml", 3), "just a warning");
  CHECK_FALSE(d.has_errors());
  d.error("tech.unknown-key", SourceLoc::at("techfiles/32nm.toml", 12, 5), "unknown key 'foo'");
  d.error("cli.bad-flag", SourceLoc::cli("--set"), "bad value");
  CHECK(d.error_count() == 2);
  CHECK(d.all()[1].str() == "techfiles/32nm.toml:12:5: error[tech.unknown-key]: unknown key 'foo'");
  CHECK(d.all()[2].str() == "flag --set: error[cli.bad-flag]: bad value");
  CHECK(d.all()[0].str() == "a.toml:3: warning[x.warn]: just a warning");
}

TEST_CASE("content hash is stable and separates parts") {
  CHECK(hash_hex("abc").size() == 32);
  CHECK(hash_hex("abc") == hash_hex("abc"));
  CHECK(hash_hex("abc") != hash_hex("abd"));
  Hasher a, b;
  a.add("ab").add("c");
  b.add("a").add("bc");
  CHECK(a.hex() != b.hex());
}
