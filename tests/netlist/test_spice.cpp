#include <catch2/catch.hpp>

#include "netlist/spice.h"

using namespace rtmchar;
using namespace rtmchar::netlist;

namespace {

// An extracted-style netlist (Calibre-like): header comments, .include/.lib of model files,
// mixed case, a .subckt card continued with '+' (with a comment line in between), parasitic R and
// C elements on ':'-suffixed internal nodes, GND as a node, ';' and '$' comments, a subcircuit
// instance and a .control block.
constexpr const char* kExtracted = R"(* SPICE NETLIST
***************************************
.include "/pdk/models/ptm32.pm"
.LIB 'corners.lib' tt

.subckt inv_x1 a y vdd vss
m1 y a vdd vdd pmos w=128n l=32n
m2 y a vss vss nmos w=64n l=32n
.ends
.SUBCKT FAX1 A B C YC YS
* pins continue on the next line
+ vdd GND
** N=24 EP=7 IP=0 FDC=28
*.PININFO A:I B:I C:I YC:O YS:O vdd:B GND:B
MM1 N_1 A:1 GND GND nmos L=3.2e-08 W=1.28e-07 ; comment
MM2 n_1 B:1 GND GND NMOS L=3.2e-08
+ W = 1.28e-07 AD=1e-14 AS=1e-14 $ trailing comment
MM3 YC_int C:1 n_1 GND nmos L=3.2e-08 W=1.28e-07
Xinv YS_int YS vdd GND inv_x1
Xc YC_int YC vdd GND INV_X1
R1 A A:1 12.5
R2 B B:1 13.1
r3 C C:1 11.0
C1 N_1 0 1.5e-17
c2 YS_int GND 2.1e-17
C3 n_1 B:1 3e-18
.ENDS FAX1
.control
run
.endc
.end
junk after .end is ignored
)";

}  // namespace

TEST_CASE("spice: finds a subckt and its ports in an extracted netlist") {
  Diagnostics d;
  auto net = parse_spice(kExtracted, "fax1.sp", d);
  INFO(d.str());
  REQUIRE(net.has_value());
  CHECK(net->subckts.size() == 2);
  const SpiceSubckt* fa = net->find("fax1");  // case-insensitive
  REQUIRE(fa != nullptr);
  CHECK(fa->name == "FAX1");
  CHECK(fa->line == 10);
  CHECK(fa->ports == std::vector<std::string>{"A", "B", "C", "YC", "YS", "vdd", "GND"});
  CHECK(fa->elements.size() == 11);
  REQUIRE(fa->pininfo.size() == 7);
  CHECK(fa->pininfo[3] == std::pair<std::string, char>{"YC", 'O'});
  // Continuation joined and "W = x" normalised to one assignment token.
  const SpiceElement& mm2 = fa->elements[1];
  CHECK(mm2.name == "MM2");
  CHECK(mm2.line == 16);
  CHECK(mm2.type() == 'm');
  CHECK(mm2.nodes() == std::vector<std::string>{"n_1", "B:1", "GND", "GND"});
  CHECK(std::find(mm2.tokens.begin(), mm2.tokens.end(), "W=1.28e-07") != mm2.tokens.end());
  CHECK(std::find(mm2.tokens.begin(), mm2.tokens.end(), "trailing") == mm2.tokens.end());
  // Instance: nodes exclude the subckt name.
  CHECK(fa->elements[3].nodes() == std::vector<std::string>{"YS_int", "YS", "vdd", "GND"});
  // Internal nodes, case-folded (N_1 == n_1), without ports and without global ground 0.
  CHECK(fa->internal_nodes() == std::vector<std::string>{"a:1", "b:1", "c:1", "n_1", "yc_int", "ys_int"});
  REQUIRE(net->includes.size() == 2);
  CHECK(net->includes[0].path == "/pdk/models/ptm32.pm");
  CHECK(net->includes[1].path == "corners.lib");
  CHECK(net->includes[1].card == ".LIB 'corners.lib' tt");
  CHECK(net->includes[1].line == 4);
}

TEST_CASE("spice: supply and ground pins by common names or explicit options") {
  Diagnostics d;
  auto net = parse_spice(kExtracted, "fax1.sp", d);
  REQUIRE(net.has_value());
  const SpiceSubckt& fa = *net->find("FAX1");
  auto roles = classify_ports(fa, "fax1.sp", {}, {}, d);
  REQUIRE(roles.has_value());
  CHECK(roles->supplies == std::vector<std::string>{"vdd"});
  CHECK(roles->grounds == std::vector<std::string>{"GND"});
  CHECK(roles->signals == std::vector<std::string>{"A", "B", "C", "YC", "YS"});
  for (const char* s : {"VDD", "vcc", "VPWR", "vdd!"}) CHECK(is_common_supply_name(s));
  for (const char* g : {"VSS", "gnd", "GND", "VGND", "0", "gnd!"}) CHECK(is_common_ground_name(g));
  CHECK_FALSE(is_common_supply_name("VDDX"));
  CHECK_FALSE(is_common_ground_name("A"));

  // Explicit names replace recognition: YC declared as a second supply, say.
  auto explicit_roles = classify_ports(fa, "fax1.sp", {"VDD", "yc"}, {"gnd"}, d);
  REQUIRE(explicit_roles.has_value());
  CHECK(explicit_roles->supplies == std::vector<std::string>{"YC", "vdd"});
  CHECK(explicit_roles->signals == std::vector<std::string>{"A", "B", "C", "YS"});

  Diagnostics bad;
  CHECK_FALSE(classify_ports(fa, "fax1.sp", {"VPWR"}, {}, bad));
  REQUIRE(bad.error_count() == 1);
  CHECK(bad.all()[0].id == "netlist.unknown-pin");
  CHECK(bad.all()[0].loc.flag == "--vdd-pin");

  Diagnostics none;
  auto odd = parse_spice(".subckt odd a y pwr 0x\nr1 a y 1k\n.ends odd\n", "odd.sp", none);
  REQUIRE(odd.has_value());
  CHECK_FALSE(classify_ports(*odd->find("odd"), "odd.sp", {}, {}, none));
  REQUIRE(none.error_count() == 2);
  CHECK(none.all()[0].str().rfind("odd.sp:1: error[netlist.no-supply]", 0) == 0);
  CHECK(none.all()[1].id == "netlist.no-ground");

  // Calibre's *.PININFO types power and ground pins whatever their names.
  Diagnostics p;
  auto typed = parse_spice(".SUBCKT cell a y\n*.PININFO a:I y:O\n+ pwr 0x\n*+ pwr:P 0x:G\nr1 a y 1k\n.ENDS\n", "p.sp", p);
  REQUIRE(typed.has_value());
  const SpiceSubckt& cell = *typed->find("cell");
  CHECK(cell.ports == std::vector<std::string>{"a", "y", "pwr", "0x"});  // '+' continues the card, not the comment
  CHECK(cell.pininfo == std::vector<std::pair<std::string, char>>{{"a", 'I'}, {"y", 'O'}, {"pwr", 'P'}, {"0x", 'G'}});
  auto typed_roles = classify_ports(cell, "p.sp", {}, {}, p);
  INFO(p.str());
  REQUIRE(typed_roles.has_value());
  CHECK(typed_roles->supplies == std::vector<std::string>{"pwr"});
  CHECK(typed_roles->grounds == std::vector<std::string>{"0x"});
  CHECK(typed_roles->signals == std::vector<std::string>{"a", "y"});
}

TEST_CASE("spice: errors carry file and line") {
  struct Case {
    const char* text;
    const char* id;
    int line;
  };
  const Case cases[] = {
      {"* c\n.ends\n", "netlist.stray-ends", 2},
      {"\n.subckt a x y\nr1 x y 1\n", "netlist.unclosed-subckt", 2},
      {"+ a b\n.subckt a x\n.ends\n", "netlist.continuation", 1},
      {".subckt a x y\nr1 x\n.ends\n", "netlist.element", 2},
      {".subckt a x y\nm1 x y x\n.ends\n", "netlist.element", 2},
      {".subckt\n.ends\n", "netlist.subckt-name", 1},
      {".subckt a x\n.ends\n.SUBCKT A y\n.ends\n", "netlist.duplicate-subckt", 3},
      {".include\n", "netlist.include", 1},
  };
  for (const Case& c : cases) {
    Diagnostics d;
    INFO(c.text);
    CHECK_FALSE(parse_spice(c.text, "bad.sp", d).has_value());
    REQUIRE(d.error_count() >= 1);
    CHECK(d.all()[0].id == c.id);
    CHECK(d.all()[0].loc.file == "bad.sp");
    CHECK(d.all()[0].loc.line == c.line);
  }
  Diagnostics d;
  auto net = parse_spice(kExtracted, "fax1.sp", d);
  REQUIRE(net.has_value());
  CHECK(require_subckt(*net, "FAX2", d, SourceLoc::cli("--subckt")) == nullptr);
  REQUIRE(d.error_count() == 1);
  CHECK(d.all()[0].message.find("inv_x1, FAX1") != std::string::npos);
  Diagnostics r;
  CHECK_FALSE(load_spice("/nonexistent/x.sp", r).has_value());
  CHECK(r.all().at(0).id == "netlist.read");
}
