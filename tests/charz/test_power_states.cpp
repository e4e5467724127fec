// Internal power per sensitizing side-input state (charz::Options::all_power_states): fa_cmos at
// 32 nm on a 2 x 2 grid. Every state of an arc gets its own internal_power group with the state's
// `when` and the state's own energy tables; the timing groups and pin capacitances stay those of
// the default states; the groups round-trip through the Liberty writer and reader; and the
// composer charges an event with the group whose `when` holds for its side inputs.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "charz/characterize.h"
#include "charz/library.h"
#include "compose/composer.h"
#include "liberty/builder.h"
#include "liberty/compare.h"
#include "liberty/parser.h"
#include "liberty/writer.h"
#include "netlist/cell.h"
#include "tech/technology.h"

using namespace rtmchar;
using Catch::Detail::Approx;

namespace {

struct Fixture {
  netlist::CellDef def;
  charz::CellResult all, defaults;
  liberty::Library lib_all, lib_defaults;
};

const Fixture& fixture() {
  static const Fixture f = [] {
    Diagnostics diag;
    auto tech = tech::load("32nm", {}, diag);
    auto cell = netlist::load_cell("fa_cmos", diag);
    INFO(diag.str());
    REQUIRE(tech);
    REQUIRE(cell);
    sim::EngineOptions eo;
    eo.jobs = 2;
    sim::Engine engine(eo);
    charz::Options opts;
    opts.slews = {20e-12, 80e-12};
    opts.loads = {1e-15, 8e-15};
    Fixture fx;
    fx.def = *cell;
    const auto params = netlist::default_params(*cell);
    auto all = charz::characterize_combinational(*tech, fx.def, params, opts, engine, diag);
    charz::Options dopts = opts;
    dopts.all_power_states = false;
    auto def = charz::characterize_combinational(*tech, fx.def, params, dopts, engine, diag);
    INFO(diag.str());
    REQUIRE(all);
    REQUIRE(def);
    fx.all = *all;
    fx.defaults = *def;
    auto la = charz::make_library({{&fx.def, fx.all}}, *tech, opts, diag);
    auto ld = charz::make_library({{&fx.def, fx.defaults}}, *tech, dopts, diag);
    INFO(diag.str());
    REQUIRE(la);
    REQUIRE(ld);
    fx.lib_all = *la;
    fx.lib_defaults = *ld;
    return fx;
  }();
  return f;
}

std::vector<const liberty::InternalPower*> groups(const liberty::Library& lib, const std::string& out,
                                                  const std::string& rel) {
  std::vector<const liberty::InternalPower*> g;
  for (const liberty::InternalPower& p : lib.cells.at(0).find_pin(out)->power)
    if (p.related_pin == rel) g.push_back(&p);
  return g;
}

std::set<std::string> whens(const std::vector<const liberty::InternalPower*>& g) {
  std::set<std::string> s;
  for (const auto* p : g) s.insert(p->when);
  return s;
}

const liberty::InternalPower& group(const liberty::Library& lib, const std::string& out, const std::string& rel,
                                    const std::string& when) {
  for (const auto* p : groups(lib, out, rel))
    if (p->when == when) return *p;
  FAIL("no internal_power " << rel << "->" << out << " when " << when);
  throw;
}

// The characterized edge of arc rel->out in state `when` whose output edge is `out_edge`.
const charz::EdgeTables& edge(const charz::CellResult& r, const std::string& rel, const std::string& out,
                              const std::string& when, netlist::Edge out_edge) {
  for (const charz::ArcResult& a : r.arcs)
    if (a.input == rel && a.output == out)
      for (const charz::EdgeTables& t : a.edges)
        if (t.when == when && t.output_edge == out_edge) return t;
  FAIL("no edge " << rel << "->" << out << " when " << when);
  throw;
}

}  // namespace

TEST_CASE("every sensitizing state of an arc gets its own internal_power group with its when", "[ngspice]") {
  const Fixture& f = fixture();
  // A->S: S = A^B^CI is sensitive to A in all four (B, CI) states; A->CO only where B != CI.
  CHECK(whens(groups(f.lib_all, "S", "A")) == std::set<std::string>{"!B&!CI", "!B&CI", "B&!CI", "B&CI"});
  CHECK(whens(groups(f.lib_all, "CO", "A")) == std::set<std::string>{"!B&CI", "B&!CI"});
  CHECK(whens(groups(f.lib_all, "S", "CI")) == std::set<std::string>{"!A&!B", "!A&B", "A&!B", "A&B"});
  // Only the default states: one per polarity of the non_unate A->S, one unconditioned for A->CO.
  CHECK(whens(groups(f.lib_defaults, "S", "A")) == std::set<std::string>{"!B&!CI", "!B&CI"});
  CHECK(whens(groups(f.lib_defaults, "CO", "A")) == std::set<std::string>{""});

  // Each group holds its own state's energies (rise_power: the edge whose output rises).
  for (const std::string when : {"!B&!CI", "!B&CI", "B&!CI", "B&CI"}) {
    const liberty::InternalPower& p = group(f.lib_all, "S", "A", when);
    REQUIRE(p.rise_power);
    REQUIRE(p.fall_power);
    CHECK(p.rise_power->values == edge(f.all, "A", "S", when, netlist::Edge::Rise).energy);
    CHECK(p.fall_power->values == edge(f.all, "A", "S", when, netlist::Edge::Fall).energy);
  }
  // The states differ physically: A rising with B = 1 (S falls, CO rises) is not the default
  // state !B&CI's energy. This is what the composer's multiplier fa1_0 needs.
  const auto& e_b = edge(f.all, "A", "CO", "B&!CI", netlist::Edge::Rise).energy;
  const auto& e_ci = edge(f.all, "A", "CO", "!B&CI", netlist::Edge::Rise).energy;
  CHECK(std::fabs(e_b[0] - e_ci[0]) > 0.02 * std::fabs(e_ci[0]));

  // Timing groups and pin capacitances come from the default states, identical in both runs.
  const liberty::Pin* s_all = f.lib_all.cells[0].find_pin("S");
  const liberty::Pin* s_def = f.lib_defaults.cells[0].find_pin("S");
  REQUIRE(s_all->timing.size() == s_def->timing.size());
  CHECK(s_all->timing.size() == 6);  // 3 inputs x (positive_unate, negative_unate)
  for (std::size_t k = 0; k < s_all->timing.size(); ++k) {
    CHECK(s_all->timing[k].cell_rise->values == s_def->timing[k].cell_rise->values);
    CHECK(s_all->timing[k].fall_transition->values == s_def->timing[k].fall_transition->values);
  }
  for (const auto& [pin, c] : f.defaults.pin_caps) {
    CHECK(f.all.pin_caps.at(pin).rise == c.rise);
    CHECK(f.all.pin_caps.at(pin).fall == c.fall);
  }
  // Exactly the non-default states were added: 2x the states of fa_cmos' arcs (18 vs 9 per edge).
  std::size_t n_all = 0, n_def = 0;
  for (const auto& a : f.all.arcs) n_all += a.edges.size();
  for (const auto& a : f.defaults.arcs) n_def += a.edges.size();
  CHECK(n_all == 36);
  CHECK(n_def == 18);
}

TEST_CASE("the per-state internal_power groups round-trip through the Liberty writer and reader", "[ngspice]") {
  const Fixture& f = fixture();
  Diagnostics diag;
  auto text = liberty::write_liberty(f.lib_all, diag);
  INFO(diag.str());
  REQUIRE(text);
  auto tree = liberty::parse_liberty(*text, "fa.lib", diag);
  REQUIRE(tree);
  auto back = liberty::build_library(*tree, "fa.lib", diag);
  INFO(diag.str());
  REQUIRE(back);
  const liberty::CompareReport r = liberty::compare_libraries(f.lib_all, *back);
  INFO(r.str());
  CHECK(r.missing.empty());
  CHECK(r.extra.empty());
  CHECK(r.worst_rel() <= 5e-6);
  CHECK(whens(groups(*back, "S", "B")) == std::set<std::string>{"!A&!CI", "!A&CI", "A&!CI", "A&CI"});
  // The comparator sees the groups a default-state library lacks (a check that can fail).
  const liberty::CompareReport d = liberty::compare_libraries(f.lib_all, f.lib_defaults);
  CHECK(std::count_if(d.missing.begin(), d.missing.end(),
                      [](const std::string& m) { return m.find("when B&!CI") != std::string::npos; }) >= 1);
}

TEST_CASE("the composer charges an event with the internal_power group whose when holds", "[ngspice]") {
  const Fixture& f = fixture();
  Diagnostics diag;
  compose::Circuit c(f.lib_all);
  compose::Vertex x = *c.add_instance("fa", "fa_cmos", diag);
  for (const char* in : {"A", "B", "CI"}) REQUIRE(c.connect(c.add_input(in), "", x, in, diag));
  for (const char* out : {"S", "CO"}) REQUIRE(c.connect(x, out, c.add_output(out), "", diag));
  compose::Conditions cond;
  cond.input_slew = 40e-12;
  cond.output_load = 3e-15;
  cond.vdd = f.all.vdd;
  const double v2 = f.all.vdd * f.all.vdd, cl = cond.output_load, cmin = f.all.loads.front();
  // The composer's rule for S falling and CO rising on one event (docs/composer.md): the largest
  // over the two outputs' arcs of E_int,o + 1/2 C_o V^2 + (C_k - C_min) V^2 for the rising other k.
  auto expected = [&](const std::string& when) {
    const double es = *compose::lookup(*group(f.lib_all, "S", "A", when).fall_power, cond.input_slew, cl);
    const double eco = *compose::lookup(*group(f.lib_all, "CO", "A", when).rise_power, cond.input_slew, cl);
    return std::max(es + 0.5 * cl * v2 + (cl - cmin) * v2, eco + 0.5 * cl * v2);
  };
  // A rises with B = 1, CI = 0 (S 1 -> 0, CO 0 -> 1): the state B&!CI, not the default !B&CI.
  auto r = c.evaluate({false, true, false}, {true, true, false}, cond, diag);
  INFO(diag.str());
  REQUIRE(r);
  REQUIRE(r->instance_energy.size() == 1);
  CHECK(r->instance_energy[0].second == Approx(expected("B&!CI")).epsilon(1e-9));
  REQUIRE(std::fabs(expected("B&!CI") - expected("!B&CI")) > 0.02 * expected("B&!CI"));
  // A rises with B = 0, CI = 1: the state !B&CI.
  auto r2 = c.evaluate({false, false, true}, {true, false, true}, cond, diag);
  REQUIRE(r2);
  CHECK(r2->instance_energy[0].second == Approx(expected("!B&CI")).epsilon(1e-9));
}
