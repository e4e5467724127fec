// Writer -> parser -> builder round trip, unit scaling, header content, builder errors.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "liberty/builder.h"
#include "liberty/compare.h"
#include "liberty/parser.h"
#include "liberty/writer.h"
#include "synthetic.h"

using namespace rtmchar;
using namespace rtmchar::liberty;

namespace {
Library synth() {
  Diagnostics diag;
  auto lib = testlib::synthetic_library(diag);
  INFO(diag.str());
  REQUIRE(lib);
  return *lib;
}

std::string write(const Library& lib) {
  Diagnostics diag;
  auto text = write_liberty(lib, diag);
  INFO(diag.str());
  REQUIRE(text);
  return *text;
}

Library read(const std::string& text, const std::string& file = "mem.lib") {
  Diagnostics diag;
  auto tree = parse_liberty(text, file, diag);
  INFO(diag.str());
  REQUIRE(tree);
  auto lib = build_library(*tree, file, diag);
  REQUIRE(lib);
  CHECK(diag.all().empty());
  return *lib;
}

/// Builder (or parser) errors of `text`: the first error.
Diagnostic first_error(const std::string& text) {
  Diagnostics diag;
  auto tree = parse_liberty(text, "in.lib", diag);
  if (tree) CHECK_FALSE(build_library(*tree, "in.lib", diag));
  for (const Diagnostic& d : diag.all())
    if (d.severity == Severity::Error) return d;
  FAIL("no error reported for:\n" << text);
  return {};
}

const Cell& cell(const Library& l, const std::string& name) {
  const Cell* c = l.find_cell(name);
  REQUIRE(c);
  return *c;
}

bool near(double a, double b, double rel = 5e-6) { return std::abs(a - b) <= rel * std::max(std::abs(a), std::abs(b)); }
}  // namespace

TEST_CASE("write -> read gives back the model within formatting precision") {
  Library orig = synth();
  std::string text = write(orig);
  Library back = read(text);

  // Every table, capacitance, leakage and area, compared value by value: 6 significant digits
  // written, so at most 5e-6 relative error.
  CompareReport r = compare_libraries(orig, back);
  INFO(r.str());
  CHECK(r.missing.empty());
  CHECK(r.extra.empty());
  CHECK(r.entries.size() > 60);
  CHECK(r.worst_rel() <= 5e-6);
  for (const CompareEntry& e : r.entries) CHECK_FALSE(e.interpolated);

  // Header and non-numeric content.
  CHECK(back.name == orig.name);
  CHECK(back.units.time == Approx(1e-9));
  CHECK(back.units.capacitance == Approx(1e-12));
  CHECK(back.units.leakage_power == Approx(1e-9));
  CHECK(back.units.resistance == Approx(1e3));
  CHECK(back.thresholds.slew_lower_rise == 20);
  CHECK(back.thresholds.slew_upper_fall == 80);
  CHECK(back.thresholds.input_rise == 50);
  REQUIRE(back.operating_conditions.size() == 1);
  CHECK(back.operating_conditions[0].name == "typical");
  CHECK(back.default_operating_conditions == "typical");
  CHECK(back.templates.size() == orig.templates.size());
  CHECK(back.find_template("power_4x4")->kind == TableTemplate::Kind::Power);
  CHECK(back.find_template("power_4x4")->axes[0].variable == AxisVariable::InputNetTransition);

  const Cell& fa = cell(back, "FA");
  CHECK(fa.find_pin("S")->function == "A^B^CI");
  CHECK(fa.find_pin("CO")->timing.size() == 3);
  CHECK(fa.find_pin("S")->timing[0].sense == TimingSense::NonUnate);
  CHECK(fa.area == Approx(2.8e-12));
  const Cell& inv = cell(back, "INV");
  REQUIRE(inv.leakage_power.size() == 2);
  CHECK(inv.leakage_power[1].when == "!A");
  CHECK(inv.leakage_power[1].value == Approx(6e-9));
  CHECK(*inv.find_pin("Y")->max_capacitance == Approx(64e-15));
  const Cell& dff = cell(back, "DFF");
  REQUIRE(dff.ff);
  CHECK(dff.ff->next_state == "D");
  CHECK(dff.ff->clocked_on == "CK");
  CHECK(dff.find_pin("CK")->clock);
  CHECK(dff.find_pin("D")->nextstate_type == "data");
  CHECK(dff.find_pin("D")->timing[0].type == TimingType::SetupRising);
  CHECK(dff.find_pin("D")->timing[1].type == TimingType::HoldRising);
  CHECK(dff.find_pin("Q")->timing[0].type == TimingType::RisingEdge);
  CHECK(dff.find_pin("CK")->power[0].related_pin.empty());
  CHECK(dff.find_pin("CK")->power[0].rise_power->axes().size() == 1);

  // User-defined memory-operation data, scaled back to SI by the quantity its name implies.
  const Cell& rtm = cell(back, "RTM_SHIFT");
  REQUIRE(rtm.user_attributes.size() == 3);
  CHECK(rtm.user_attributes[0].numbers[0] == 64);
  CHECK(near(rtm.user_attributes[1].numbers[0], 0.12e-12));
  CHECK(rtm.user_attributes[2].text == "racetrack");
  REQUIRE(rtm.user_groups.size() == 2);
  const UserGroup& shift = rtm.user_groups[1];
  CHECK(shift.name == "shift");
  CHECK(near(shift.attributes[0].numbers[0], 2.0e-9));
  CHECK(near(shift.attributes[2].numbers[0], 60e-6));
  REQUIRE(shift.groups.size() == 1);
  CHECK(shift.groups[0].attributes[1].kind == UserAttribute::Kind::FloatList);
  REQUIRE(shift.groups[0].attributes[1].numbers.size() == 3);
  CHECK(near(shift.groups[0].attributes[1].numbers[2], 1.5e-9));
  // Pin-level user attributes: a boolean and a float (scaled back by its name's quantity).
  const Pin* d = rtm.find_pin("D");
  REQUIRE(d);
  REQUIRE(d->user_attributes.size() == 2);
  CHECK(d->user_attributes[0].name == "rtm_operand");
  CHECK(d->user_attributes[0].kind == UserAttribute::Kind::Boolean);
  CHECK(d->user_attributes[0].flag);
  CHECK(d->user_attributes[1].kind == UserAttribute::Kind::Float);
  CHECK(near(d->user_attributes[1].numbers[0], 0.8e-9));
  CHECK(text.find("define (rtm_operand, pin, boolean);") != std::string::npos);
  CHECK(text.find("define (rtm_access_latency, pin, float);") != std::string::npos);
  CHECK(text.find("rtm_operand : true;") != std::string::npos);
  CHECK(text.find("rtm_access_latency : 0.8;") != std::string::npos);  // time_unit 1 ns

  // Writing the read-back model reproduces the same text: the format is a fixed point. (The free
  // header comment is not data and is not read back.)
  CHECK(back.comment.empty());
  back.comment = orig.comment;
  CHECK(write(back) == text);
}

TEST_CASE("the writer is deterministic and states its conventions") {
  Library lib = synth();
  std::string a = write(lib), b = write(lib);
  CHECK(a == b);
  CHECK(a.find("//") == std::string::npos);
  CHECK(a.find(std::string("rtmchar ") + RTMCHAR_VERSION) != std::string::npos);
  CHECK(a.find("s / 0.6") != std::string::npos);  // full ramp = index / (0.8 - 0.2)
  CHECK(a.find("delay_model : table_lookup;") != std::string::npos);
  CHECK(a.find("default_operating_conditions : typical;") != std::string::npos);
  for (const char* attr : {"input_threshold_pct_rise : 50;", "input_threshold_pct_fall : 50;", "output_threshold_pct_rise : 50;",
                           "output_threshold_pct_fall : 50;", "slew_lower_threshold_pct_rise : 20;", "slew_upper_threshold_pct_rise : 80;",
                           "slew_lower_threshold_pct_fall : 20;", "slew_upper_threshold_pct_fall : 80;"})
    CHECK(a.find(attr) != std::string::npos);
  CHECK(a.find("define_group (rtm_operation, cell);") != std::string::npos);
  CHECK(a.find("define (op_latency, rtm_operation, float);") != std::string::npos);
  CHECK(a.find("variable_1 : input_transition_time;") != std::string::npos);  // power templates
}

TEST_CASE("values are scaled by the unit header at write time and back to SI at read time") {
  Library lib = synth();
  lib.units.time = 1e-12;         // ps
  lib.units.capacitance = 1e-15;  // fF -> energies in fJ
  lib.units.leakage_power = 1e-12;
  std::string text = write(lib);
  CHECK(text.find("time_unit : \"1ps\";") != std::string::npos);
  CHECK(text.find("capacitive_load_unit (1, ff);") != std::string::npos);
  CHECK(text.find("leakage_power_unit : \"1pW\";") != std::string::npos);
  CHECK(text.find("index_1 (\"5, 20, 80, 320\");") != std::string::npos);      // 5 ps .. 320 ps
  CHECK(text.find("index_2 (\"0.5, 2, 8, 32\");") != std::string::npos);       // 0.5 fF .. 32 fF
  CHECK(text.find("capacitance : 0.6;") != std::string::npos);                  // INV/A
  CHECK(text.find("cell_leakage_power : 5000;") != std::string::npos);          // 5 nW
  CHECK(text.find("op_energy : 50;") != std::string::npos);                     // 0.05 pJ in fJ
  Library back = read(text);
  CompareReport r = compare_libraries(synth(), back);
  INFO(r.str());
  CHECK(r.missing.empty());
  CHECK(r.worst_rel() <= 5e-6);

  Library bad = synth();
  bad.units.time = 3e-9;
  Diagnostics diag;
  CHECK_FALSE(write_liberty(bad, diag));
  CHECK(diag.all().at(0).id == "liberty.bad-units");
  bad = synth();
  bad.units.capacitance = 1e-9;  // nF: OpenSTA accepts only pF or fF
  CHECK_FALSE(write_liberty(bad, diag));
}

TEST_CASE("the writer refuses an invalid model") {
  Library lib = synth();
  lib.cells[0].pins[1].function.clear();
  Diagnostics diag;
  CHECK_FALSE(write_liberty(lib, diag));
  CHECK(diag.has_errors());
}

TEST_CASE("builder errors carry the input's file and line") {
  const std::string head =
      "library (x) {\n"                                                     // 1
      "  delay_model : table_lookup;\n"                                     // 2
      "  operating_conditions (t) { voltage : 1; }\n"                       // 3
      "  default_operating_conditions : t;\n"                               // 4
      "  lu_table_template (t2) {\n"                                        // 5
      "    variable_1 : input_net_transition;\n"                            // 6
      "    variable_2 : total_output_net_capacitance;\n"                    // 7
      "    index_1 (\"0.01, 0.1\");\n"                                      // 8
      "    index_2 (\"0.001, 0.01\");\n"                                    // 9
      "  }\n"                                                               // 10
      "  cell (INV) {\n"                                                    // 11
      "    pin (A) { direction : input; capacitance : 0.001; }\n"           // 12
      "    pin (Y) { direction : output; function : \"!A\";\n"              // 13
      "      timing () { related_pin : \"A\";\n";                           // 14
  const std::string tail = "      }\n    }\n  }\n}\n";

  Diagnostic e = first_error(head + "        cell_rise (t2) { values (\"1, 2\", \\\n \"3\"); }\n" + tail);
  CHECK(e.id == "liberty.bad-table");
  CHECK(e.loc.str() == "in.lib:16");
  CHECK(e.message.find("row 2 has 1 values") != std::string::npos);

  e = first_error(head + "        cell_rise (t2) { values (\"1, 2\", \"3, 4\", \"5, 6\"); }\n" + tail);
  CHECK(e.id == "liberty.bad-table");
  CHECK(e.loc.line == 15);

  e = first_error(head + "        cell_rise (t9) { values (\"1, 2\", \"3, 4\"); }\n" + tail);
  CHECK(e.id == "liberty.unknown-template");
  CHECK(e.loc.line == 15);

  e = first_error(head + "        cell_rise (t2) { values (\"1, 2\", \"3, x4\"); }\n" + tail);
  CHECK(e.id == "liberty.bad-number");
  CHECK(e.loc.line == 15);

  std::string bad_index = head;
  bad_index.replace(bad_index.find("0.01, 0.1"), 9, "0.1, 0.01");
  e = first_error(bad_index + "        cell_rise (t2) { values (\"1, 2\", \"3, 4\"); }\n" + tail);
  CHECK(e.id == "liberty.bad-index");
  CHECK(e.loc.line == 5);

  // A boolean user attribute must be true or false (error at its line).
  std::string with_define = head;
  with_define.replace(with_define.find("  cell (INV)"), 0, "  define (rtm_operand, pin, boolean);\n");
  std::string bad_bool = with_define;
  bad_bool.replace(bad_bool.find("capacitance : 0.001;"), 0, "rtm_operand : yes; ");
  e = first_error(bad_bool + "        cell_rise (t2) { values (\"1, 2\", \"3, 4\"); }\n" + tail);
  CHECK(e.id == "liberty.bad-user-attribute");
  CHECK(e.loc.line == 13);
  std::string good_bool = with_define;
  good_bool.replace(good_bool.find("capacitance : 0.001;"), 0, "rtm_operand : true; ");
  Library b = read(good_bool + "        cell_rise (t2) { values (\"1, 2\", \"3, 4\"); }\n" + tail);
  REQUIRE(b.cells.at(0).pins.at(0).user_attributes.size() == 1);
  CHECK(b.cells.at(0).pins.at(0).user_attributes[0].flag);

  // The same file with a good table reads, in the file's units (ns, pF by default).
  Library ok = read(head + "        cell_rise (t2) { values (\"1, 2\", \"3, 4\"); }\n" + tail);
  CHECK(ok.cells.at(0).pins.at(1).timing.at(0).cell_rise->at(1, 0) == Approx(3e-9));
  CHECK(*ok.cells.at(0).pins.at(0).capacitance == Approx(1e-15));
}

TEST_CASE("tables that override the template's index get a derived template") {
  std::string text =
      "library (x) {\n  operating_conditions (t) { voltage : 1; }\n  default_operating_conditions : t;\n"
      "  time_unit : \"1ps\";\n  capacitive_load_unit (1, ff);\n"
      "  lu_table_template (t2) { variable_1 : input_net_transition; variable_2 : total_output_net_capacitance;\n"
      "    index_1 (\"1, 2\"); index_2 (\"1, 2\"); }\n"
      "  cell (B) { pin (A) { direction : input; }\n"
      "    pin (Y) { direction : output; function : \"A\";\n"
      "      timing () { related_pin : \"A\"; timing_type : combinational;\n"
      "        cell_rise (t2) { index_1 (\"10, 20, 30\"); values (\"1, 2\", \"3, 4\", \"5, 6\"); }\n"
      "        cell_fall (scalar) { values (\"7\"); }\n"
      "      } } } }\n";
  Library lib = read(text);
  const TimingArc& a = lib.cells.at(0).pins.at(1).timing.at(0);
  REQUIRE(a.cell_rise);
  CHECK(a.cell_rise->axes()[0].values == std::vector<double>{10e-12, 20e-12, 30e-12});
  CHECK(a.cell_rise->axes()[1].values[1] == Approx(2e-15));
  CHECK(a.cell_rise->at(2, 1) == Approx(6e-12));
  REQUIRE(a.cell_fall);
  CHECK(a.cell_fall->axes().empty());
  CHECK(a.cell_fall->values.at(0) == Approx(7e-12));
  // and it writes back out (derived template included, scalar template implicit).
  std::string again = write(lib);
  CHECK(again.find("lu_table_template (t2_1)") != std::string::npos);
  CHECK(again.find("cell_fall (scalar)") != std::string::npos);
  CHECK(again.find("lu_table_template (scalar)") == std::string::npos);
}

TEST_CASE("a reference library in another tool's style reads leniently, in its own units") {
  // Typical of commercial/open PDK libraries: ps/fF units, pg_pin groups, unknown attributes,
  // a power table without related_pin, an unsupported timing type, no operating conditions.
  const std::string text =
      "library (foreign) {\n"
      "  delay_model : table_lookup;\n"
      "  time_unit : \"1ps\";\n"
      "  capacitive_load_unit (1, ff);\n"
      "  leakage_power_unit : \"1pW\";\n"
      "  revision : 1.0 ;\n"
      "  lu_table_template (del_2) {\n"
      "    variable_1 : total_output_net_capacitance;\n"  // transposed axis order
      "    variable_2 : input_net_transition;\n"
      "    index_1 (\"1, 4\");\n"
      "    index_2 (\"10, 40\");\n"
      "  }\n"
      "  power_lut_template (pw_1) { variable_1 : input_transition_time; index_1 (\"10, 40\"); }\n"
      "  cell (BUF_X1) {\n"
      "    area : 0.798;\n"
      "    cell_footprint : buf;\n"
      "    pg_pin (VDD) { voltage_name : VDD; pg_type : primary_power; }\n"
      "    leakage_power () { when : \"A\"; value : 1500; }\n"
      "    pin (A) { direction : input; capacitance : 0.9; rise_capacitance : 0.92;\n"
      "      internal_power () { power (pw_1) { values (\"0.1, 0.2\"); } }\n"
      "    }\n"
      "    pin (Z) { direction : output; function : \"A\";\n"
      "      timing () { related_pin : \"A\"; timing_sense : positive_unate;\n"
      "        cell_rise (del_2) { values (\"20, 30\", \\\n \"50, 60\"); }\n"
      "      }\n"
      "      timing () { related_pin : \"A\"; timing_type : three_state_enable;\n"
      "        cell_rise (del_2) { values (\"1, 1\", \"1, 1\"); }\n"
      "      }\n"
      "    }\n"
      "  }\n"
      "}\n";
  Diagnostics diag;
  auto tree = parse_liberty(text, "foreign.lib", diag);
  REQUIRE(tree);
  CHECK_FALSE(build_library(*tree, "foreign.lib", diag));  // strict: no operating conditions
  Diagnostics lenient_diag;
  BuildOptions lenient;
  lenient.strict = false;
  auto lib = build_library(*tree, "foreign.lib", lenient_diag, lenient);
  INFO(lenient_diag.str());
  REQUIRE(lib);
  CHECK_FALSE(lenient_diag.has_errors());
  bool skipped = false, no_oc = false;
  for (const Diagnostic& d : lenient_diag.all()) {
    skipped |= d.id == "liberty.unsupported" && d.loc.line == 27;
    no_oc |= d.id == "liberty.no-operating-conditions" && d.severity == Severity::Warning;
  }
  CHECK(skipped);
  CHECK(no_oc);
  const Cell& buf = cell(*lib, "BUF_X1");
  CHECK(buf.area == Approx(0.798e-12));
  CHECK(buf.leakage_power.at(0).value == Approx(1.5e-9));
  CHECK(*buf.find_pin("A")->capacitance == Approx(0.9e-15));
  const InternalPower& p = buf.find_pin("A")->power.at(0);
  CHECK(p.related_pin.empty());
  CHECK(p.fall_power->at(1) == Approx(0.2e-15));  // V x fF = fJ
  const TimingArc& a = buf.find_pin("Z")->timing.at(0);
  CHECK(buf.find_pin("Z")->timing.size() == 1);
  CHECK(a.cell_rise->axes()[0].variable == AxisVariable::TotalOutputNetCapacitance);
  CHECK(a.cell_rise->at(1, 0) == Approx(50e-12));  // C = 4 fF, slew = 10 ps

  // Compared with the same data on rtmchar's axis order: identical after matching the variables.
  Library mine = *lib;
  Diagnostics d2;
  auto t = TableTemplate::make("del_t", TableTemplate::Kind::Delay,
                               {{AxisVariable::InputNetTransition, {10e-12, 40e-12}}, {AxisVariable::TotalOutputNetCapacitance, {1e-15, 4e-15}}}, d2);
  mine.templates.push_back(t);
  for (Cell& c : mine.cells)
    if (c.name == "BUF_X1") c.pins[1].timing[0].cell_rise = Table::make(Quantity::Time, t, {20e-12, 50e-12, 30e-12, 60e-12}, d2);
  CompareReport r = compare_libraries(*lib, mine);
  INFO(r.str());
  CHECK(r.worst_rel() < 1e-12);
  CHECK(r.missing.empty());
}
