#include <catch2/catch.hpp>

#include "netlist/arcs.h"

using namespace rtmchar;
using namespace rtmchar::netlist;

namespace {

OutputFunction out(std::string name, std::string_view text) {
  Diagnostics d;
  auto f = BoolFunction::parse(text, d, SourceLoc{});
  REQUIRE(f.has_value());
  return {std::move(name), *f};
}

const CombArc& find_arc(const std::vector<CombArc>& arcs, std::string_view in, std::string_view o) {
  for (const CombArc& a : arcs) {
    if (a.input == in && a.output == o) return a;
  }
  FAIL("no arc " << in << " -> " << o);
  return arcs.front();
}

}  // namespace

TEST_CASE("arcs: inverter is negative unate with no side inputs") {
  auto arcs = derive_arcs({"A"}, {out("Y", "!A")});
  REQUIRE(arcs.size() == 1);
  CHECK(arcs[0].sense == TimingSense::NegativeUnate);
  CHECK(std::string(to_string(arcs[0].sense)) == "negative_unate");
  REQUIRE(arcs[0].states.size() == 1);
  CHECK(arcs[0].states[0].side.empty());
  CHECK(arcs[0].states[0].when().empty());
  CHECK(arcs[0].default_state().output_edge(Edge::Rise) == Edge::Fall);
  CHECK(arcs[0].default_state().output_edge(Edge::Fall) == Edge::Rise);
  CHECK_FALSE(arcs[0].default_positive.has_value());
}

TEST_CASE("arcs: nand2 is sensitized only by the other input at 1") {
  auto arcs = derive_arcs({"A", "B"}, {out("Y", "!(A&B)")});
  REQUIRE(arcs.size() == 2);
  for (auto [in, side] : {std::pair{"A", "B"}, std::pair{"B", "A"}}) {
    const CombArc& a = find_arc(arcs, in, "Y");
    CHECK(a.sense == TimingSense::NegativeUnate);
    REQUIRE(a.states.size() == 1);
    CHECK(a.states[0].side == std::vector<std::pair<std::string, bool>>{{side, true}});
    CHECK(a.states[0].when() == side);
    CHECK_FALSE(a.states[0].positive);
  }
  // nor2: the other input must be 0.
  auto nor = derive_arcs({"A", "B"}, {out("Y", "!(A|B)")});
  CHECK(find_arc(nor, "A", "Y").states.at(0).when() == "!B");
}

TEST_CASE("arcs: xor2 is non-unate with one state of each polarity") {
  auto arcs = derive_arcs({"A", "B"}, {out("Y", "A^B")});
  const CombArc& a = find_arc(arcs, "A", "Y");
  CHECK(a.sense == TimingSense::NonUnate);
  REQUIRE(a.states.size() == 2);
  CHECK(a.states[0].when() == "!B");
  CHECK(a.states[0].positive);   // B=0: Y follows A
  CHECK(a.states[0].output_edge(Edge::Rise) == Edge::Rise);
  CHECK(a.states[1].when() == "B");
  CHECK_FALSE(a.states[1].positive);  // B=1: Y = !A
  CHECK(a.states[1].output_edge(Edge::Rise) == Edge::Fall);
  CHECK(a.default_positive == std::optional<std::size_t>{0});
  CHECK(a.default_negative == std::optional<std::size_t>{1});
}

TEST_CASE("arcs: full adder sum is non-unate in 4 states, carry positive-unate in 2") {
  auto arcs = derive_arcs({"A", "B", "CI"}, {out("S", "A^B^CI"), out("CO", "(A&B)|(A&CI)|(B&CI)")});
  CHECK(arcs.size() == 6);
  // S from A: side (B, CI) in truth-table order 00, 01, 10, 11; polarity = !(B^CI).
  const CombArc& sa = find_arc(arcs, "A", "S");
  CHECK(sa.sense == TimingSense::NonUnate);
  REQUIRE(sa.states.size() == 4);
  const char* whens[] = {"!B&!CI", "!B&CI", "B&!CI", "B&CI"};
  const bool pos[] = {true, false, false, true};
  for (std::size_t i = 0; i < 4; ++i) {
    CHECK(sa.states[i].when() == whens[i]);
    CHECK(sa.states[i].positive == pos[i]);
  }
  CHECK(sa.default_positive == std::optional<std::size_t>{0});  // !B&!CI: fewest ones
  CHECK(sa.default_negative == std::optional<std::size_t>{1});  // !B&CI: first of the two with one 1
  // CO from A: sensitized exactly when B != CI, always positive.
  const CombArc& ca = find_arc(arcs, "A", "CO");
  CHECK(ca.sense == TimingSense::PositiveUnate);
  REQUIRE(ca.states.size() == 2);
  CHECK(ca.states[0].when() == "!B&CI");
  CHECK(ca.states[1].when() == "B&!CI");
  CHECK(ca.default_state().when() == "!B&CI");
  const CombArc& cc = find_arc(arcs, "CI", "CO");
  CHECK(cc.states.at(0).when() == "!A&B");
  CHECK(cc.states.at(1).when() == "A&!B");
  // Output order, then input order.
  CHECK(arcs[0].output == "S");
  CHECK(arcs[0].input == "A");
  CHECK(arcs[5].output == "CO");
  CHECK(arcs[5].input == "CI");
}

TEST_CASE("arcs: an input the output does not depend on gives no arc") {
  auto arcs = derive_arcs({"A", "B"}, {out("Y", "A|A&B")});  // = A
  REQUIRE(arcs.size() == 1);
  CHECK(arcs[0].input == "A");
  CHECK(arcs[0].sense == TimingSense::PositiveUnate);
  CHECK(arcs[0].states.size() == 2);  // B = 0 and B = 1 both sensitize A
}
