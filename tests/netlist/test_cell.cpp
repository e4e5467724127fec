#include <catch2/catch.hpp>

#include <filesystem>

#include <map>
#include <regex>
#include <tuple>

#include "netlist/cell.h"
#include "netlist/spice.h"
#include "util/fs.h"

using namespace rtmchar;
using namespace rtmchar::netlist;

namespace {

// A valid two-input definition; the bad-definition cases below each change one thing.
constexpr const char* kGood = R"toml(name = "and2x"
description = "test cell"
kind = "combinational"

[netlist]
template = "netlists/cmos/nand2.sp"
subckt = "nand2"
ports = ["A", "B", "Y", "VDD", "VSS"]

[[pin]]
name = "A"
direction = "input"

[[pin]]
name = "B"
direction = "input"

[[pin]]
name = "Y"
direction = "output"
function = "!(A&B)"

[[pin]]
name = "VDD"
direction = "inout"
role = "supply"

[[pin]]
name = "VSS"
direction = "inout"
role = "ground"

[[param]]
name = "wn"
default = 2
unit = "1"
min = 1
max = 64
description = "NMOS width"

[[param]]
name = "tau"
default = "10 ps"
unit = "s"
min = "1p"
max = 1e-9
description = "some time"

[[transistors]]
model = "nmos"
count = 2
w = "wn"
l = "wn"
)toml";

// A flip-flop state element appended to kGood by the sequential cases.
constexpr const char* kState = "\n[[state]]\ntype = \"ff\"\nvars = [\"IQ\"]\nclocked_on = \"B\"\nnext_state = \"A\"\n";

std::string replace(std::string text, std::string_view from, std::string_view to) {
  auto pos = text.find(from);
  REQUIRE(pos != std::string::npos);
  text.replace(pos, from.size(), to);
  return text;
}

// 1-based line of the first occurrence of `needle` in `text`.
int line_of(std::string_view text, std::string_view needle) {
  auto pos = text.find(needle);
  REQUIRE(pos != std::string_view::npos);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

}  // namespace

TEST_CASE("cell: a valid definition loads with pins, functions and parameters") {
  Diagnostics d;
  auto cell = parse_cell(kGood, "t.toml", d);
  INFO(d.str());
  REQUIRE(cell.has_value());
  CHECK(cell->name == "and2x");
  CHECK(cell->logic_inputs() == std::vector<std::string>{"A", "B"});
  CHECK(cell->outputs() == std::vector<std::string>{"Y"});
  CHECK(cell->supply_pins() == std::vector<std::string>{"VDD"});
  CHECK(cell->ground_pins() == std::vector<std::string>{"VSS"});
  CHECK(cell->pin("Y")->function->str() == "!(A&B)");
  CHECK(cell->param("tau")->default_value == Approx(10e-12));
  CHECK(cell->param("tau")->min == Approx(1e-12));
  CHECK(cell->transistor_count() == 2);
  CHECK(cell->arcs().size() == 2);
}

TEST_CASE("cell: every bad definition is reported with id and file:line") {
  struct Case {
    const char* name;
    std::string text;
    const char* id;
    const char* at;  // text whose line the diagnostic must point to ...
    int offset = 0;  // ... plus this many lines
  };
  const std::string g = kGood;
  const Case cases[] = {
      {"unknown top key", replace(g, "kind = ", "colour = \"red\"\nkind = "), "cell.unknown-key", "colour"},
      {"unknown pin key", replace(g, "name = \"B\"\n", "name = \"B\"\ncap = 1\n"), "cell.unknown-key", "cap = 1"},
      {"unknown pin in function", replace(g, "\"!(A&B)\"", "\"!(A&C)\""), "cell.unknown-pin", "!(A&C)"},
      {"supply pin in function", replace(g, "\"!(A&B)\"", "\"A&VDD\""), "cell.unknown-pin", "A&VDD"},
      {"function syntax", replace(g, "\"!(A&B)\"", "\"!(A&&B)\""), "function.syntax", "!(A&&B)"},
      {"default above max", replace(g, "default = 2\n", "default = 65\n"), "cell.param-range", "default = 65"},
      {"min above max", replace(g, "min = 1\nmax = 64", "min = 70\nmax = 64"), "cell.param-range", "min = 70"},
      {"bad quantity", replace(g, "\"10 ps\"", "\"10 pV\""), "cell.bad-value", "10 pV"},
      {"unknown unit", replace(g, "unit = \"s\"", "unit = \"furlong\""), "cell.bad-value", "furlong"},
      {"missing port", replace(g, "\"Y\", \"VDD\"", "\"VDD\""), "cell.ports", "ports ="},
      {"unknown port", replace(g, "\"Y\", \"VDD\"", "\"Y\", \"Z\", \"VDD\""), "cell.unknown-pin", "ports ="},
      {"unknown size param", replace(g, "l = \"wn\"", "l = \"len\""), "cell.unknown-param", "[[transistors]]"},
      {"bad kind", replace(g, "\"combinational\"", "\"analog\""), "cell.bad-value", "kind ="},
      {"bad role", replace(g, "\"supply\"", "\"power\""), "cell.bad-value", "\"power\""},
      {"duplicate pin", replace(g, "name = \"B\"", "name = \"A\""), "cell.duplicate-pin", "name = \"A\"", 3},
      {"function on input", replace(g, "name = \"B\"\ndirection = \"input\"", "name = \"B\"\ndirection = \"input\"\nfunction = \"A\""), "cell.bad-value", "function = \"A\""},
      {"no function", replace(g, "function = \"!(A&B)\"\n", ""), "cell.missing-key", "name = \"Y\"", -1},
      {"flipflop without state", replace(g, "\"combinational\"", "\"flipflop\""), "cell.kind", "kind ="},
      {"toml syntax", replace(g, "max = 64", "max = = 64"), "cell.toml", "max = = 64"},
      {"missing key", replace(g, "description = \"test cell\"\n", ""), "cell.missing-key", "name = \"and2x\""},
      {"bad count", replace(g, "count = 2", "count = 0"), "cell.bad-value", "count = 0"},
      {"latch key in ff", replace(g, "\"combinational\"", "\"flipflop\"") + kState + "enable = \"A\"\n",
       "cell.unknown-key", "enable ="},
      {"state var is a pin", replace(g, "\"combinational\"", "\"flipflop\"") + replace(kState, "[\"IQ\"]", "[\"Y\"]"),
       "cell.name", "vars ="},
      {"unknown pin in next_state", replace(g, "\"combinational\"", "\"flipflop\"") + replace(kState, "= \"A\"", "= \"Q\""),
       "cell.unknown-pin", "next_state ="},
  };
  for (const Case& c : cases) {
    Diagnostics d;
    INFO(c.name);
    CHECK_FALSE(parse_cell(c.text, "cells/t.toml", d).has_value());
    INFO(d.str());
    REQUIRE(d.error_count() >= 1);
    const Diagnostic& e = d.all()[0];
    CHECK(e.id == c.id);
    CHECK(e.loc.file == "cells/t.toml");
    CHECK(e.loc.line == line_of(c.text, c.at) + c.offset);
  }
  // The function's diagnostic column points at the bad character inside the TOML line.
  Diagnostics d;
  std::string bad = replace(g, "\"!(A&B)\"", "\"!(A&&B)\"");
  CHECK_FALSE(parse_cell(bad, "cells/t.toml", d));
  CHECK(d.all()[0].loc.column == 13 + 5 - 1);  // the string starts at column 13; '&' at column 5
}

TEST_CASE("cell: parameter overrides are validated against the one table") {
  Diagnostics d;
  auto cell = parse_cell(kGood, "t.toml", d);
  REQUIRE(cell.has_value());
  auto v = apply_param_overrides(*cell, {"wn=4", "tau=20p"}, d);
  REQUIRE(v.has_value());
  CHECK(v->at("wn") == 4.0);
  CHECK(v->at("tau") == Approx(20e-12));
  CHECK(default_params(*cell).at("wn") == 2.0);

  for (const char* bad : {"wn=65", "wn=0.5", "size=3", "wn", "tau=2 V", "wn=abc", "tau=2n"}) {
    Diagnostics e;
    INFO(bad);
    CHECK_FALSE(apply_param_overrides(*cell, {bad}, e).has_value());
    REQUIRE(e.error_count() == 1);
    CHECK(e.all()[0].id == "cell.param");
    CHECK(e.all()[0].str().rfind("flag --param: error[cell.param]", 0) == 0);
  }
  std::string help = param_help(*cell);
  CHECK(help.find("wn") != std::string::npos);
  CHECK(help.find("range [1, 64]") != std::string::npos);
  CHECK(help.find("NMOS width") != std::string::npos);
}

TEST_CASE("cell: integer parameters reject fractions") {
  std::string text = replace(kGood, "description = \"NMOS width\"", "integer = true\ndescription = \"NMOS width\"");
  Diagnostics d;
  auto cell = parse_cell(text, "t.toml", d);
  REQUIRE(cell.has_value());
  CHECK(apply_param_overrides(*cell, {"wn=3"}, d).has_value());
  CHECK_FALSE(apply_param_overrides(*cell, {"wn=2.5"}, d).has_value());
}

TEST_CASE("cell: unknown built-in and unreadable file") {
  Diagnostics d;
  CHECK_FALSE(load_cell("no_such_cell", d).has_value());
  CHECK(d.all().at(0).id == "cell.unknown");
  CHECK(d.all().at(0).message.find("fa_cmos") != std::string::npos);
  Diagnostics r;
  CHECK_FALSE(load_cell("/nonexistent/c.toml", r).has_value());
  CHECK(r.all().at(0).id == "cell.read");
}

TEST_CASE("cell: every built-in cell loads and matches its SPICE template") {
  std::vector<std::string> names = builtin_cells();
  for (const char* expected : {"dff", "fa_cmos", "inv", "nand2", "nor2", "xor2"}) {
    CHECK(std::find(names.begin(), names.end(), expected) != names.end());
  }
  // MOSFET lines of the templates: "Mname d g s b nmos W={w*wmin_n} L={l*lmin_n}" (pmos: _p).
  const std::regex mos(R"(^M\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+(nmos|pmos)\s+W=\{(\w+)\*wmin_([np])\}\s+L=\{(\w+)\*lmin_([np])\}\s*$)",
                       std::regex::icase);
  for (const std::string& name : names) {
    INFO(name);
    Diagnostics d;
    auto cell = load_cell(name, d);
    INFO(d.str());
    REQUIRE(cell.has_value());
    CHECK(cell->file == "cells/" + name + ".toml");
    auto text = read_template(*cell, d);
    REQUIRE(text.has_value());
    auto net = parse_spice(*text, cell->template_path, d);
    REQUIRE(net.has_value());
    const SpiceSubckt* sub = net->find(cell->subckt);
    REQUIRE(sub != nullptr);
    if (!cell->has_arrays()) CHECK(sub->ports == cell->ports);  // else the ports come from repeat blocks
    CHECK(sub->params.empty());  // sizes come from the cell's [[param]] table only
    // At the defaults and, for a cell with pin arrays, at array sizes 1 and 3: the rendered
    // template has the instantiated cell's ports, every parameter, and the transistor groups of
    // the area model device by device.
    std::vector<ParamValues> points = {default_params(*cell)};
    if (cell->has_arrays())
      for (double n : {1.0, 3.0}) {
        ParamValues v = default_params(*cell);
        for (const Pin& p : cell->pins)
          if (!p.array.empty()) v[p.array] = n;
        for (const TransistorGroup& g : cell->transistors)
          if (!g.per.empty()) v[g.per] = n;
        points.push_back(v);
      }
    for (const ParamValues& values : points) {
      const CellDef inst = instantiate(*cell, values);
      CHECK_FALSE(inst.has_arrays());
      auto rendered = render_template(*cell, values, d);
      REQUIRE(rendered.has_value());
      auto rnet = parse_spice(*rendered, cell->template_path, d);
      REQUIRE(rnet.has_value());
      const SpiceSubckt* rsub = rnet->find(cell->subckt);
      REQUIRE(rsub != nullptr);
      CHECK(rsub->ports == inst.ports);
      CHECK(rsub->params.size() == cell->params.size());
      std::map<std::tuple<std::string, std::string, std::string>, int> in_template, in_def;
      for (const SpiceElement& e : rsub->elements) {
        if (e.type() != 'm') continue;
        std::string line = e.name;
        for (const std::string& t : e.tokens) line += " " + t;
        std::smatch m;
        REQUIRE(std::regex_match(line, m, mos));
        ++in_template[{m[1].str(), m[2].str(), m[4].str()}];
        CHECK(m[3].str() == m[1].str().substr(0, 1));  // NMOS sized by wmin_n, PMOS by wmin_p
        CHECK(m[5].str() == m[1].str().substr(0, 1));
        CHECK(cell->param(m[2].str()) != nullptr);
        CHECK(cell->param(m[4].str()) != nullptr);
      }
      for (const TransistorGroup& tg : inst.transistors) in_def[{tg.model, tg.w, tg.l}] += tg.count;
      CHECK(in_template == in_def);
      // The technology's model names replace nmos/pmos on every transistor.
      auto renamed = render_template(*cell, values, d, DeviceModels{"nch", "pch"});
      REQUIRE(renamed.has_value());
      auto nnet = parse_spice(*renamed, cell->template_path, d);
      REQUIRE(nnet.has_value());
      int devices = 0;
      for (const SpiceElement& e : nnet->find(cell->subckt)->elements) {
        if (e.type() != 'm') continue;
        ++devices;
        CHECK((e.tokens.at(4) == "nch" || e.tokens.at(4) == "pch"));
      }
      CHECK(devices == inst.transistor_count());
    }
  }
}

TEST_CASE("cell: built-in cells have the documented transistor counts and arcs") {
  const std::pair<const char*, int> counts[] = {{"inv", 2},   {"nand2", 4},    {"nor2", 4},
                                                {"xor2", 12}, {"fa_cmos", 28}, {"dff", 24}};
  for (auto [name, n] : counts) {
    Diagnostics d;
    auto cell = load_cell(name, d);
    REQUIRE(cell.has_value());
    CHECK(cell->transistor_count() == n);
  }
  Diagnostics d;
  auto fa = load_cell("fa_cmos", d);
  REQUIRE(fa.has_value());
  auto arcs = fa->arcs();
  REQUIRE(arcs.size() == 6);
  int non_unate = 0;
  for (const CombArc& a : arcs) {
    non_unate += a.sense == TimingSense::NonUnate ? 1 : 0;
    CHECK((a.output == "S") == (a.sense == TimingSense::NonUnate));
  }
  CHECK(non_unate == 3);
  auto dff = load_cell("dff", d);
  REQUIRE(dff.has_value());
  CHECK(dff->kind == CellKind::FlipFlop);
  CHECK(dff->arcs().empty());
  REQUIRE(dff->states.size() == 1);
  CHECK(dff->states[0].clock->str() == "CLK");
  CHECK(dff->states[0].data->str() == "D");
  CHECK(dff->pins_where(PinRole::Clock) == std::vector<std::string>{"CLK"});
  CHECK(dff->pin("Q")->function->str() == "IQ");
}

TEST_CASE("cell: a user definition file finds its template relative to itself") {
  auto dir = std::filesystem::temp_directory_path() / "rtmchar_test_cell_file";
  std::string text = replace(kGood, "netlists/cmos/nand2.sp", "sub/my.sp");
  text = replace(text, "subckt = \"nand2\"", "subckt = \"my\"");
  std::string why;
  REQUIRE(write_file_atomic(dir / "my.toml", text, why));
  REQUIRE(write_file_atomic(dir / "sub" / "my.sp",
                            ".subckt my A B Y VDD VSS\nMN1 Y A n1 VSS nmos W={wn*wmin_n} L={wn*lmin_n}\n"
                            "MN2 n1 B VSS VSS nmos W={wn*wmin_n} L={wn*lmin_n}\n.ends\n",
                            why));
  Diagnostics d;
  auto cell = load_cell((dir / "my.toml").string(), d);
  INFO(d.str());
  REQUIRE(cell.has_value());
  auto rendered = render_template(*cell, *apply_param_overrides(*cell, {"wn=3"}, d), d, DeviceModels{"n1", "p1"});
  REQUIRE(rendered.has_value());
  CHECK(rendered->find(".subckt my A B Y VDD VSS params: tau=1e-11 wn=3\n") != std::string::npos);
  CHECK(rendered->find("MN2 n1 B VSS VSS n1 W=") != std::string::npos);  // model renamed, node n1 kept
  std::filesystem::remove_all(dir);
}

TEST_CASE("cell: pin arrays and repeat blocks size a cell by a parameter") {
  auto dir = std::filesystem::temp_directory_path() / "rtmchar_test_cell_array";
  // kGood with a pin array D sized by the integer parameter n and one NMOS per element.
  std::string text = replace(kGood, "netlists/cmos/nand2.sp", "arr.sp");
  text = replace(text, "subckt = \"nand2\"", "subckt = \"arr\"");
  text = replace(text, "ports = [\"A\", \"B\", \"Y\"", "ports = [\"A\", \"D\", \"B\", \"Y\"");
  text = replace(text, "[[pin]]\nname = \"B\"", "[[pin]]\nname = \"D\"\ndirection = \"input\"\narray = \"n\"\n\n[[pin]]\nname = \"B\"");
  text += "\n[[param]]\nname = \"n\"\ndefault = 2\nunit = \"1\"\nmin = 1\nmax = 4\ninteger = true\ndescription = \"size\"\n";
  text += "\n[[transistors]]\nmodel = \"nmos\"\ncount = 1\nper = \"n\"\nw = \"wn\"\nl = \"wn\"\n";
  const std::string tmpl =
      ".subckt arr A\n*@for k n\n+ D{k}\n*@end\n+ B Y VDD VSS\nMN1 Y A n1 VSS nmos W={wn*wmin_n} L={wn*lmin_n}\n"
      "MN2 n1 B VSS VSS nmos W={wn*wmin_n} L={wn*lmin_n}\n*@for k n\nMD{k} Y D{k} VSS VSS nmos W={wn*wmin_n} "
      "L={wn*lmin_n}\n*@end\n.ends\n";
  std::string why;
  REQUIRE(write_file_atomic(dir / "arr.toml", text, why));
  REQUIRE(write_file_atomic(dir / "arr.sp", tmpl, why));
  Diagnostics d;
  auto cell = load_cell((dir / "arr.toml").string(), d);
  INFO(d.str());
  REQUIRE(cell.has_value());
  CHECK(cell->has_arrays());
  auto values = apply_param_overrides(*cell, {"n=3"}, d);
  REQUIRE(values);
  const CellDef inst = instantiate(*cell, *values);
  CHECK(inst.ports == std::vector<std::string>{"A", "D0", "D1", "D2", "B", "Y", "VDD", "VSS"});
  CHECK(inst.logic_inputs() == std::vector<std::string>{"A", "D0", "D1", "D2", "B"});
  CHECK(inst.transistor_count() == 2 + 3);
  CHECK(cell->transistor_count() == 2 + 1);  // the definition itself counts one unit
  auto rendered = render_template(*cell, *values, d);
  INFO(d.str());
  REQUIRE(rendered.has_value());
  CHECK(rendered->find("+ D0\n+ D1\n+ D2\n+ B Y VDD VSS params:") != std::string::npos);
  CHECK(rendered->find("MD2 Y D2 VSS VSS nmos") != std::string::npos);
  CHECK(rendered->find("MD3") == std::string::npos);
  CHECK(rendered->find("*@") == std::string::npos);
  // A cell without arrays is its own instance.
  auto plain = parse_cell(kGood, "t.toml", d);
  REQUIRE(plain);
  CHECK(instantiate(*plain, default_params(*plain)).pins.size() == plain->pins.size());

  // Bad array definitions: located errors (the first of that id; a clash also leaves D1 out of
  // the port list).
  struct Case {
    const char* name;
    std::string text;
    const char* id;
    const char* at;
    int offset = 0;
  };
  const Case cases[] = {
      {"array over a non-integer parameter", replace(text, "array = \"n\"", "array = \"tau\""), "cell.unknown-param",
       "array = \"tau\""},
      {"array over an unknown parameter", replace(text, "array = \"n\"", "array = \"m\""), "cell.unknown-param", "array = \"m\""},
      {"per over an unknown parameter", replace(text, "per = \"n\"", "per = \"m\""), "cell.unknown-param", "per = \"m\""},
      {"function uses an array", replace(text, "\"!(A&B)\"", "\"!(A&D)\""), "cell.unknown-pin", "!(A&D)"},
      {"pin clashes with an element", replace(text, "[[pin]]\nname = \"B\"", "[[pin]]\nname = \"D1\"\ndirection = \"input\"\n\n[[pin]]\nname = \"B\""),
       "cell.duplicate-pin", "name = \"D1\"", -1},
  };
  for (const Case& c : cases) {
    Diagnostics e;
    INFO(c.name);
    CHECK_FALSE(parse_cell(c.text, "cells/t.toml", e).has_value());
    INFO(e.str());
    const auto& all = e.all();
    const auto it = std::find_if(all.begin(), all.end(), [&](const Diagnostic& x) { return x.id == c.id; });
    REQUIRE(it != all.end());
    CHECK(it->loc.line == line_of(c.text, c.at) + c.offset);
  }
  // Bad repeat blocks: cell.template at the template's line.
  for (const auto& [bad, line] : std::vector<std::pair<std::string, int>>{
           {replace(tmpl, "*@end\n.ends", ".ends"), 8},              // the second block is never closed
           {replace(tmpl, "*@for k n\n+", "*@for k tau\n+"), 2},      // not an integer parameter
           {replace(tmpl, "*@for k n\nMD", "*@for k n\n*@for j n\nMD"), 9}}) {  // nested
    REQUIRE(write_file_atomic(dir / "arr.sp", bad, why));
    Diagnostics e;
    CHECK_FALSE(render_template(*cell, *values, e).has_value());
    INFO(e.str());
    REQUIRE(e.error_count() == 1);
    CHECK(e.all()[0].id == "cell.template");
    CHECK(e.all()[0].loc.line == line);
  }
  std::filesystem::remove_all(dir);
}
