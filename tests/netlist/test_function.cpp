#include <catch2/catch.hpp>

#include "netlist/function.h"

using namespace rtmchar;
using namespace rtmchar::netlist;

namespace {

BoolFunction parse_ok(std::string_view text) {
  Diagnostics d;
  auto f = BoolFunction::parse(text, d, SourceLoc::cli("--function"));
  INFO(d.str());
  REQUIRE(f.has_value());
  return *f;
}

// The table of `text` over `inputs` as a bit string, row 0 first (inputs[0] = LSB).
std::string table(std::string_view text, std::vector<std::string> inputs) {
  return parse_ok(text).truth_table(inputs).bits();
}

}  // namespace

TEST_CASE("function: basic operators and truth tables") {
  // Rows for {A,B}: (A,B) = 00, 10, 01, 11.
  CHECK(table("A&B", {"A", "B"}) == "0001");
  CHECK(table("A|B", {"A", "B"}) == "0111");
  CHECK(table("A^B", {"A", "B"}) == "0110");
  CHECK(table("!A", {"A"}) == "10");
  CHECK(table("A'", {"A"}) == "10");
  CHECK(table("A B", {"A", "B"}) == "0001");
  CHECK(table("A*B", {"A", "B"}) == "0001");
  CHECK(table("A+B", {"A", "B"}) == "0111");
  CHECK(table("0", {"A"}) == "00");
  CHECK(table("1", {"A"}) == "11");
  CHECK(table("!(A&B)", {"A", "B"}) == "1110");
  CHECK(table("(A B)'", {"A", "B"}) == "1110");
  CHECK(table("A''", {"A"}) == "01");
  // Full adder over {A,B,C}: sum is odd parity, carry is majority.
  CHECK(table("A^B^C", {"A", "B", "C"}) == "01101001");
  CHECK(table("(A&B)|(A&C)|(B&C)", {"A", "B", "C"}) == "00010111");
}

TEST_CASE("function: precedence is ! > ^ > & > |") {
  CHECK(equivalent(parse_ok("A|B&C"), parse_ok("A|(B&C)")));
  CHECK_FALSE(equivalent(parse_ok("A|B&C"), parse_ok("(A|B)&C")));
  CHECK(equivalent(parse_ok("A&B^C"), parse_ok("A&(B^C)")));
  CHECK_FALSE(equivalent(parse_ok("A&B^C"), parse_ok("(A&B)^C")));
  CHECK(equivalent(parse_ok("A^B|C"), parse_ok("(A^B)|C")));
  CHECK(equivalent(parse_ok("!A&B"), parse_ok("(!A)&B")));
  CHECK(equivalent(parse_ok("A B+C"), parse_ok("(A&B)|C")));
  CHECK(equivalent(parse_ok("A B'"), parse_ok("A&!B")));
  CHECK(equivalent(parse_ok("A(B+C)"), parse_ok("A&(B|C)")));
  CHECK(equivalent(parse_ok("A !B"), parse_ok("A&!B")));
}

TEST_CASE("function: canonical printing round-trips and keeps the meaning") {
  CHECK(parse_ok("A B + A C + B C").str() == "(A&B)|(A&C)|(B&C)");
  CHECK(parse_ok("A^B^C").str() == "A^B^C");
  CHECK(parse_ok("A'").str() == "!A");
  CHECK(parse_ok("(A+B)'").str() == "!(A|B)");
  CHECK(parse_ok("A&B^C").str() == "A&(B^C)");
  CHECK(parse_ok("A*B*C").str() == "A&B&C");
  for (const char* text : {"A|B&C", "!(A^B)&C|D", "A B' + C'D", "((A))", "A^!B^C", "D[0]&D[1]"}) {
    BoolFunction f = parse_ok(text);
    BoolFunction g = parse_ok(f.str());
    CHECK(equivalent(f, g));
    CHECK(g.str() == f.str());
  }
}

TEST_CASE("function: variables and equivalence") {
  BoolFunction f = parse_ok("B&A|B&C");
  CHECK(f.variables() == std::vector<std::string>{"B", "A", "C"});
  CHECK(f.uses("C"));
  CHECK_FALSE(f.uses("D"));
  CHECK(equivalent(parse_ok("A^B"), parse_ok("(A&!B)|(!A&B)")));
  CHECK(equivalent(parse_ok("!(A&B)"), parse_ok("!A|!B")));        // De Morgan
  CHECK(equivalent(parse_ok("A|A&B"), parse_ok("A")));             // absorption: B does not matter
  CHECK_FALSE(equivalent(parse_ok("A|B"), parse_ok("A")));
  CHECK(parse_ok("A^B").eval({"A", "B"}, 0b01));
  CHECK_FALSE(parse_ok("A^B").eval({"A", "B"}, 0b11));
}

TEST_CASE("function: syntax errors name the column") {
  struct Case {
    const char* text;
    int column;
    const char* fragment;
  };
  const Case cases[] = {
      {"A&", 3, "unexpected end"},
      {"A&)", 3, "unexpected ')'"},
      {"(A|B", 1, "never closed"},
      {"A|B)", 4, "unmatched ')'"},
      {"A # B", 3, "unexpected character"},
      {"", 1, "unexpected end"},
      {"A & 2B", 5, "unexpected '2'"},
      {"A|10", 3, "must not start with a digit"},
      {"D[x]", 2, "bus index"},
  };
  for (const Case& c : cases) {
    Diagnostics d;
    auto f = BoolFunction::parse(c.text, d, SourceLoc::at("cells/x.toml", 7, 12));
    INFO(c.text << " -> " << d.str());
    CHECK_FALSE(f.has_value());
    REQUIRE(d.error_count() == 1);
    const Diagnostic& e = d.all()[0];
    CHECK(e.id == "function.syntax");
    CHECK(e.message.find("at column " + std::to_string(c.column)) != std::string::npos);
    CHECK(e.message.find(c.fragment) != std::string::npos);
    CHECK(e.loc.line == 7);
    CHECK(e.loc.column == 12 + c.column - 1);
  }
  Diagnostics d;
  CHECK_FALSE(BoolFunction::parse("A&", d, SourceLoc::cli("--function")));
  CHECK(d.all()[0].str().rfind("flag --function: error[function.syntax]", 0) == 0);
}
