// Timing and internal power per sensitizing side-input state (charz::Options::all_states):
// fa_cmos at 32 nm on a 2 x 2 grid. Every state of an arc gets its own internal_power group and,
// per polarity, its own timing group with the state's `when` (and sdf_cond) and the state's own
// tables, beside an unconditioned timing group that is the worst case over the states; pin
// capacitances stay those of the default states; the groups round-trip through the Liberty writer
// and reader; and the composer times and charges an event with the groups whose `when` holds for
// its side inputs, falling back to the documented rules when none holds.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <map>
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
    dopts.all_states = false;
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

// One fa_cmos with its pins on primary inputs and outputs, and the conditions it is evaluated at.
compose::Circuit one_adder(const liberty::Library& lib, Diagnostics& diag) {
  compose::Circuit c(lib);
  compose::Vertex x = *c.add_instance("fa", "fa_cmos", diag);
  for (const char* in : {"A", "B", "CI"}) REQUIRE(c.connect(c.add_input(in), "", x, in, diag));
  for (const char* out : {"S", "CO"}) REQUIRE(c.connect(x, out, c.add_output(out), "", diag));
  return c;
}
compose::Conditions adder_conditions(const Fixture& f) {
  compose::Conditions cond;
  cond.input_slew = 40e-12;
  cond.output_load = 3e-15;
  cond.vdd = f.all.vdd;
  return cond;
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

  // Pin capacitances come from the default states, identical in both runs.
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

// The timing groups of rel->out with this timing_sense and `when`.
std::vector<const liberty::TimingArc*> timing(const liberty::Library& lib, const std::string& out,
                                              const std::string& rel, liberty::TimingSense sense) {
  std::vector<const liberty::TimingArc*> g;
  for (const liberty::TimingArc& a : lib.cells.at(0).find_pin(out)->timing)
    if (a.related_pin == rel && a.sense == sense) g.push_back(&a);
  return g;
}
const liberty::TimingArc& timing_group(const liberty::Library& lib, const std::string& out, const std::string& rel,
                                       liberty::TimingSense sense, const std::string& when) {
  for (const auto* a : timing(lib, out, rel, sense))
    if (a->when == when) return *a;
  FAIL("no timing " << rel << "->" << out << " when '" << when << "'");
  throw;
}

TEST_CASE("every sensitizing state gets its own timing group; the unconditioned one is their worst case",
          "[ngspice]") {
  const Fixture& f = fixture();
  using liberty::TimingSense;
  // S: 3 inputs x 2 polarities x (unconditioned + 2 states); CO: 3 inputs x (unconditioned + 2).
  CHECK(f.lib_all.cells[0].find_pin("S")->timing.size() == 18);
  CHECK(f.lib_all.cells[0].find_pin("CO")->timing.size() == 9);
  // With the default states only there is one group per polarity and no condition.
  CHECK(f.lib_defaults.cells[0].find_pin("S")->timing.size() == 6);
  CHECK(f.lib_defaults.cells[0].find_pin("CO")->timing.size() == 3);
  for (const auto& p : f.lib_defaults.cells[0].pins)
    for (const auto& a : p.timing) CHECK(a.when.empty());

  // A->S positive (input edge = output edge): the states with B == CI.
  const auto& pos = timing(f.lib_all, "S", "A", TimingSense::PositiveUnate);
  REQUIRE(pos.size() == 3);
  const liberty::TimingArc& worst = timing_group(f.lib_all, "S", "A", TimingSense::PositiveUnate, "");
  const liberty::TimingArc& s00 = timing_group(f.lib_all, "S", "A", TimingSense::PositiveUnate, "!B&!CI");
  const liberty::TimingArc& s11 = timing_group(f.lib_all, "S", "A", TimingSense::PositiveUnate, "B&CI");
  CHECK(s11.sdf_cond == "B == 1'b1 && CI == 1'b1");
  CHECK(s00.sdf_cond == "B == 1'b0 && CI == 1'b0");
  CHECK(worst.sdf_cond.empty());
  // Each conditioned group holds its own state's tables.
  CHECK(s11.cell_rise->values == edge(f.all, "A", "S", "B&CI", netlist::Edge::Rise).delay);
  CHECK(s11.fall_transition->values == edge(f.all, "A", "S", "B&CI", netlist::Edge::Fall).transition);
  CHECK(s00.cell_fall->values == edge(f.all, "A", "S", "!B&!CI", netlist::Edge::Fall).delay);
  // The unconditioned group is the element-wise max of the two; somewhere it is not the default
  // state's (that is the optimism the default-state tables had).
  bool differs = false;
  for (std::size_t k = 0; k < worst.cell_rise->values.size(); ++k) {
    CHECK(worst.cell_rise->values[k] == std::max(s00.cell_rise->values[k], s11.cell_rise->values[k]));
    CHECK(worst.rise_transition->values[k] ==
          std::max(s00.rise_transition->values[k], s11.rise_transition->values[k]));
    differs = differs || worst.cell_rise->values[k] != s00.cell_rise->values[k] ||
              worst.cell_fall->values[k] != s00.cell_fall->values[k];
  }
  CHECK(differs);
  // The default-state library's group is the default state's (!B&!CI) tables.
  const liberty::TimingArc& d = timing_group(f.lib_defaults, "S", "A", TimingSense::PositiveUnate, "");
  CHECK(d.cell_rise->values == s00.cell_rise->values);
  CHECK(d.fall_transition->values == s00.fall_transition->values);
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
  CHECK(timing_group(*back, "CO", "B", liberty::TimingSense::PositiveUnate, "A&!CI").sdf_cond ==
        "A == 1'b1 && CI == 1'b0");
  // The comparator sees the groups a default-state library lacks (a check that can fail).
  const liberty::CompareReport d = liberty::compare_libraries(f.lib_all, f.lib_defaults);
  CHECK(std::count_if(d.missing.begin(), d.missing.end(),
                      [](const std::string& m) { return m.find("when B&!CI") != std::string::npos; }) >= 1);
}

TEST_CASE("the composer charges an event with the internal_power group whose when holds", "[ngspice]") {
  const Fixture& f = fixture();
  Diagnostics diag;
  const compose::Circuit c = one_adder(f.lib_all, diag);
  const compose::Conditions cond = adder_conditions(f);
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

TEST_CASE("the composer times an event with the timing group whose when holds, else the worst case", "[ngspice]") {
  const Fixture& f = fixture();
  using liberty::TimingSense;
  Diagnostics diag;
  const compose::Circuit c = one_adder(f.lib_all, diag);
  const compose::Conditions cond = adder_conditions(f);
  const double slew = cond.input_slew, cl = cond.output_load;
  auto rise = [&](const liberty::TimingArc& a) { return *compose::lookup(*a.cell_rise, slew, cl); };
  auto fall = [&](const liberty::TimingArc& a) { return *compose::lookup(*a.cell_fall, slew, cl); };

  // A rises with B = 1, CI = 0: CO rises through the state B&!CI's group, S falls through the
  // negative group of B&!CI; the delay is the later of the two.
  auto r = c.evaluate({false, true, false}, {true, true, false}, cond, diag);
  INFO(diag.str());
  REQUIRE(r);
  const double co = rise(timing_group(f.lib_all, "CO", "A", TimingSense::PositiveUnate, "B&!CI"));
  const double s = fall(timing_group(f.lib_all, "S", "A", TimingSense::NegativeUnate, "B&!CI"));
  REQUIRE(r->delay);
  CHECK(*r->delay == Approx(std::max(co, s)).epsilon(1e-12));
  // ... which differs from the default state's and from the worst case (a check that can fail).
  const double co_default = rise(timing_group(f.lib_all, "CO", "A", TimingSense::PositiveUnate, "!B&CI"));
  const double co_worst = rise(timing_group(f.lib_all, "CO", "A", TimingSense::PositiveUnate, ""));
  CHECK(co != Approx(co_default).epsilon(1e-3));
  CHECK(co_worst == Approx(std::max(co, co_default)).epsilon(1e-9));

  // All three inputs rise (000 -> 111): S (sensitive to every input in every state) is timed by
  // each cause's own state (the other two at 1); CO's final side state never sensitizes it (the
  // other two are equal), so every cause is timed by the unconditioned worst-case group.
  auto all = c.evaluate({false, false, false}, {true, true, true}, cond, diag);
  REQUIRE(all);
  double s_arr = 0, co_arr = 0;
  std::string co_cause;
  for (const auto& [in, when] : std::vector<std::pair<std::string, std::string>>{
           {"A", "B&CI"}, {"B", "A&CI"}, {"CI", "A&B"}}) {
    s_arr = std::max(s_arr, rise(timing_group(f.lib_all, "S", in, TimingSense::PositiveUnate, when)));
    const double t = rise(timing_group(f.lib_all, "CO", in, TimingSense::PositiveUnate, ""));
    if (t > co_arr) {
      co_arr = t;
      co_cause = in;
    }
  }
  REQUIRE(all->delay);
  CHECK(*all->delay == Approx(std::max(s_arr, co_arr)).epsilon(1e-12));
  CHECK(all->endpoint == (co_arr > s_arr ? "CO" : "S"));

  // Power in that event: CO's cause has no group whose `when` holds (its side inputs are equal);
  // the rule takes the same-polarity state nearest to the side state, the first on ties: both
  // states of CO are one input away, so the first group, the default state's.
  const auto co_groups = groups(f.lib_all, "CO", co_cause);
  REQUIRE(co_groups.size() == 2);
  const double v2 = f.all.vdd * f.all.vdd, cmin = f.all.loads.front();
  std::string s_cause;
  double s_best = 0;
  for (const auto& [in, when] : std::vector<std::pair<std::string, std::string>>{
           {"A", "B&CI"}, {"B", "A&CI"}, {"CI", "A&B"}}) {
    const double t = rise(timing_group(f.lib_all, "S", in, TimingSense::PositiveUnate, when));
    if (t > s_best) {
      s_best = t;
      s_cause = in;
    }
  }
  const std::map<std::string, std::string> s_when = {{"A", "B&CI"}, {"B", "A&CI"}, {"CI", "A&B"}};
  const double e_s = *compose::lookup(*group(f.lib_all, "S", s_cause, s_when.at(s_cause)).rise_power, slew, cl);
  const double e_co = *compose::lookup(*co_groups.front()->rise_power, slew, cl);
  const double e_co_other = *compose::lookup(*co_groups.back()->rise_power, slew, cl);
  // Both outputs rise: E = max over o of E_int,o + 1/2 C V^2 + (C - C_min) V^2 (docs/composer.md).
  const double extra = 0.5 * cl * v2 + (cl - cmin) * v2;
  REQUIRE(all->instance_energy.size() == 1);
  CHECK(all->instance_energy[0].second == Approx(std::max(e_s, e_co) + extra).epsilon(1e-9));
  // The fallback is visible: charging the other CO state would give another total.
  if (e_co > e_s || e_co_other > e_s)
    CHECK(std::max(e_s, e_co) != Approx(std::max(e_s, e_co_other)).epsilon(1e-6));
}
