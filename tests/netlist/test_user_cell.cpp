#include <catch2/catch.hpp>

#include <filesystem>

#include "netlist/user_cell.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::netlist;

namespace {

constexpr const char* kNetlist = R"(* extracted full adder with parasitics
.include models.sp
.subckt FAX1 A B C YC YS VDD gnd
MM1 n1 A:1 gnd gnd nch L=32n W=128n
MM2 YC n1 VDD VDD pch L=32n W=256n
R1 A A:1 10
R2 B n1 20
R3 C n1 30
C1 n1 gnd 1f
C2 YS gnd 1f
.ends
)";

SpiceNetlist parsed() {
  Diagnostics d;
  auto net = parse_spice(kNetlist, "fax1.sp", d);
  REQUIRE(net.has_value());
  return *net;
}

}  // namespace

TEST_CASE("user cell: functions, supplies and inputs from a user netlist") {
  SpiceNetlist net = parsed();
  UserCellSpec spec{"fax1", {"YS=a^b^c", "YC = A&B|A&C|B&C"}, {}, {}};
  Diagnostics d;
  auto cell = make_user_cell(net, "fax1.sp", spec, d);
  INFO(d.str());
  REQUIRE(cell.has_value());
  CHECK(cell->name == "FAX1");
  CHECK(cell->ports == std::vector<std::string>{"A", "B", "C", "YC", "YS", "VDD", "gnd"});
  CHECK(cell->logic_inputs() == std::vector<std::string>{"A", "B", "C"});
  CHECK(cell->outputs() == std::vector<std::string>{"YC", "YS"});
  CHECK(cell->supply_pins() == std::vector<std::string>{"VDD"});
  CHECK(cell->ground_pins() == std::vector<std::string>{"gnd"});
  // Lower-case names in the function took the ports' spelling.
  CHECK(cell->pin("YS")->function->str() == "A^B^C");
  CHECK(cell->pin("YC")->function->str() == "(A&B)|(A&C)|(B&C)");
  auto arcs = cell->arcs();
  CHECK(arcs.size() == 6);
}

TEST_CASE("user cell: rendering leaves the user's netlist unchanged") {
  auto path = std::filesystem::temp_directory_path() / "rtmchar_test_user_cell" / "fax1.sp";
  std::string why;
  REQUIRE(write_file_atomic(path, kNetlist, why));
  Diagnostics d;
  auto net = load_spice(path, d);
  REQUIRE(net.has_value());
  auto cell = make_user_cell(*net, path.string(), {"FAX1", {"YS=A^B^C"}, {}, {}}, d);
  REQUIRE(cell.has_value());
  CHECK(cell->outputs() == std::vector<std::string>{"YS"});
  CHECK(cell->logic_inputs() == std::vector<std::string>{"A", "B", "C", "YC"});  // YC: no function
  auto text = render_template(*cell, default_params(*cell), d);
  INFO(d.str());
  REQUIRE(text.has_value());
  CHECK(*text == kNetlist);
  std::filesystem::remove_all(path.parent_path());
}

TEST_CASE("user cell: bad specifications name the flag") {
  SpiceNetlist net = parsed();
  struct Case {
    UserCellSpec spec;
    const char* id;
    const char* flag;
  };
  const Case cases[] = {
      {{"FAX2", {"YS=A"}, {}, {}}, "netlist.no-subckt", "--subckt"},
      {{"FAX1", {"A^B"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YQ=A^B"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"VDD=A"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YS=A", "ys=B"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YS=A^D"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YS=A^YC", "YC=A&B"}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YS=A^"}, {}, {}}, "function.syntax", "--function"},
      {{"FAX1", {}, {}, {}}, "cell.function", "--function"},
      {{"FAX1", {"YS=A"}, {"VCC"}, {}}, "netlist.unknown-pin", "--vdd-pin"},
  };
  for (const Case& c : cases) {
    Diagnostics d;
    INFO(c.spec.subckt << " " << (c.spec.functions.empty() ? "" : c.spec.functions[0]));
    CHECK_FALSE(make_user_cell(net, "fax1.sp", c.spec, d).has_value());
    REQUIRE(d.error_count() >= 1);
    CHECK(d.all()[0].id == c.id);
    CHECK(d.all()[0].loc.flag == c.flag);
  }
}
