// Clocked composition on a hand-made library whose tables are linear in slew and load (exact
// bilinear interpolation), so every period, latency, hold slack and energy is computed by hand;
// and the functional checks of the clocked builders (mul_rtm's array, the registered ripple).
#include <catch2/catch.hpp>
#include <random>

#include "compose/builders.h"
#include "compose/composer.h"

using namespace rtmchar;
using namespace rtmchar::compose;
using Catch::Detail::Approx;

namespace {

// f(s, l) = c0 + ks * s + kl * l
struct Lin {
  double c0, ks, kl;
  double operator()(double s, double l) const { return c0 + ks * s + kl * l; }
};

const std::vector<double> kSlews = {10e-12, 100e-12};
const std::vector<double> kLoads = {1e-15, 10e-15};

const Lin kDelay{5e-12, 0.5, 2e3}, kTrans{4e-12, 0.25, 3e3};
const Lin kCkq{30e-12, 0.2, 1e3}, kCkqTrans{6e-12, 0.1, 2e3};
constexpr double kSetupRise = 40e-12, kSetupFall = 25e-12, kHoldRise = 12e-12, kHoldFall = 60e-12;
constexpr double kCin = 2e-15;

struct Lib {
  liberty::Library lib;
  liberty::TemplatePtr delay, energy, scalar;
};

liberty::Table table(const liberty::TemplatePtr& t, Lin f, liberty::Quantity q = liberty::Quantity::Time) {
  std::vector<double> v;
  for (double s : kSlews)
    for (double l : kLoads) v.push_back(f(s, l));
  Diagnostics diag;
  return *liberty::Table::make(q, t, v, diag);
}

liberty::Table scalar(const liberty::TemplatePtr& t, double v) {
  Diagnostics diag;
  return *liberty::Table::make(liberty::Quantity::Time, t, {v}, diag);
}

liberty::Pin input(const std::string& name) {
  liberty::Pin p;
  p.name = name;
  p.capacitance = kCin;
  return p;
}

// Combinational cell: inputs `ins`, output Y = fn, every arc non_unate with kDelay / kTrans and a
// 5 fJ internal energy.
liberty::Cell comb(const Lib& l, const std::string& name, const std::vector<std::string>& ins,
                   const std::vector<std::pair<std::string, std::string>>& outs) {
  liberty::Cell c;
  c.name = name;
  c.area = 1e-12;
  for (const std::string& i : ins) c.pins.push_back(input(i));
  for (const auto& [o, fn] : outs) {
    liberty::Pin y;
    y.name = o;
    y.direction = liberty::Direction::Output;
    y.function = fn;
    for (const std::string& i : ins) {
      liberty::TimingArc a;
      a.related_pin = i;
      a.sense = liberty::TimingSense::NonUnate;
      a.cell_rise = a.cell_fall = table(l.delay, kDelay);
      a.rise_transition = a.fall_transition = table(l.delay, kTrans);
      y.timing.push_back(a);
      liberty::InternalPower pw;
      pw.related_pin = i;
      pw.rise_power = pw.fall_power = table(l.energy, {5e-15, 0, 0}, liberty::Quantity::Energy);
      y.power.push_back(pw);
    }
    c.pins.push_back(y);
  }
  return c;
}

// Register: data inputs `ins` (setup/hold to CLK), output `out` = IQ with next_state `next`.
liberty::Cell reg(const Lib& l, const std::string& name, const std::vector<std::string>& ins, const std::string& out,
                  const std::string& next) {
  liberty::Cell c;
  c.name = name;
  c.area = 3e-12;
  c.ff = liberty::FlipFlop{"IQ", "IQN", next, "CLK", "", ""};
  for (const std::string& i : ins) {
    liberty::Pin p = input(i);
    p.nextstate_type = "data";
    liberty::TimingArc s, h;
    s.related_pin = h.related_pin = "CLK";
    s.type = liberty::TimingType::SetupRising;
    h.type = liberty::TimingType::HoldRising;
    s.rise_constraint = scalar(l.scalar, kSetupRise);
    s.fall_constraint = scalar(l.scalar, kSetupFall);
    h.rise_constraint = scalar(l.scalar, kHoldRise);
    h.fall_constraint = scalar(l.scalar, kHoldFall);
    p.timing = {s, h};
    c.pins.push_back(p);
  }
  liberty::Pin ck = input("CLK");
  ck.clock = true;
  c.pins.push_back(ck);
  liberty::Pin q;
  q.name = out;
  q.direction = liberty::Direction::Output;
  q.function = "IQ";
  liberty::TimingArc a;
  a.related_pin = "CLK";
  a.type = liberty::TimingType::RisingEdge;
  a.cell_rise = a.cell_fall = table(l.delay, kCkq);
  a.rise_transition = a.fall_transition = table(l.delay, kCkqTrans);
  q.timing.push_back(a);
  c.pins.push_back(q);
  c.user_attributes.push_back(
      {"rtm_evaluation_energy", liberty::UserAttribute::Kind::Float, liberty::Quantity::Energy, {8e-15}, ""});
  return c;
}

Lib make_lib() {
  Diagnostics diag;
  Lib l;
  l.lib.name = "hand";
  l.lib.nom_voltage = 1.0;
  std::vector<liberty::Axis> axes = {{liberty::AxisVariable::InputNetTransition, kSlews},
                                     {liberty::AxisVariable::TotalOutputNetCapacitance, kLoads}};
  l.delay = liberty::TableTemplate::make("d", liberty::TableTemplate::Kind::Delay, axes, diag);
  l.energy = liberty::TableTemplate::make("e", liberty::TableTemplate::Kind::Power, axes, diag);
  l.scalar = liberty::TableTemplate::make("scalar", liberty::TableTemplate::Kind::Delay, {}, diag);
  l.lib.templates = {l.delay, l.energy, l.scalar};
  l.lib.cells.push_back(comb(l, "buf", {"A"}, {{"Y", "A"}}));
  l.lib.cells.push_back(comb(l, "fa", {"A", "B", "CI"}, {{"S", "A^B^CI"}, {"CO", "(A&B)|(A&CI)|(B&CI)"}}));
  l.lib.cells.push_back(reg(l, "dreg", {"D"}, "Q", "D"));
  l.lib.cells.push_back(reg(l, "v_sum", {"A", "B", "CI"}, "S", "A^B^CI"));
  l.lib.cells.push_back(reg(l, "v_carry", {"A", "B", "CI"}, "CO", "(A&B)|(A&CI)|(B&CI)"));
  return l;
}

RtmAdderViews views() {
  RtmAdderViews v;
  v.sum = "v_sum";
  v.carry = "v_carry";
  return v;
}

std::vector<bool> bits_of(std::uint64_t v, int n) {
  std::vector<bool> b;
  for (int i = 0; i < n; ++i) b.push_back(((v >> i) & 1U) != 0);
  return b;
}

std::uint64_t value(const std::vector<bool>& b) {
  std::uint64_t v = 0;
  for (size_t i = 0; i < b.size(); ++i) v |= (b[i] ? std::uint64_t{1} : 0U) << i;
  return v;
}

}  // namespace

TEST_CASE("clocked timing: hand-computed period, cycles, latency and hold slack") {
  const Lib l = make_lib();
  Diagnostics diag;
  // IN -> buf u0 -> dreg r1 -> buf u1 -> buf u2 -> dreg r2 -> Y
  Circuit c(l.lib);
  Vertex in = c.add_input("IN");
  Vertex u0 = *c.add_instance("u0", "buf", diag), r1 = *c.add_instance("r1", "dreg", diag);
  Vertex u1 = *c.add_instance("u1", "buf", diag), u2 = *c.add_instance("u2", "buf", diag);
  Vertex r2 = *c.add_instance("r2", "dreg", diag);
  REQUIRE(c.connect(in, "", u0, "A", diag));
  REQUIRE(c.connect(u0, "Y", r1, "D", diag));
  REQUIRE(c.connect(r1, "Q", u1, "A", diag));
  REQUIRE(c.connect(u1, "Y", u2, "A", diag));
  REQUIRE(c.connect(u2, "Y", r2, "D", diag));
  REQUIRE(c.connect(r2, "Q", c.add_output("Y"), "", diag));
  // Clock pins are ideal: connecting one is an error.
  CHECK_FALSE(c.connect(in, "", r1, "CLK", diag));
  CHECK(diag.str().find("clock pins are ideal") != std::string::npos);
  diag.clear();
  Conditions cond;
  cond.input_slew = 20e-12;
  cond.clock_slew = 30e-12;
  cond.output_load = 3e-15;
  cond.output_setup = 5e-12;
  auto rep = c.clocked_timing(cond, diag);
  INFO(diag.str());
  REQUIRE(rep);
  // Stage 1: IN -> u0 (load = r1/D) -> setup (rise is the larger).
  const double st1 = kDelay(20e-12, kCin) + kSetupRise;
  // Stage 2: CLK->Q (load = u1/A), u1, u2 (load = r2/D), setup.
  const double q = kCkq(30e-12, kCin), sq = kCkqTrans(30e-12, kCin);
  const double a1 = q + kDelay(sq, kCin), s1 = kTrans(sq, kCin);
  const double st2 = a1 + kDelay(s1, kCin) + kSetupRise;
  // Stage 3: CLK->Q into the output load + output setup.
  const double st3 = kCkq(30e-12, 3e-15) + 5e-12;
  CHECK(rep->period == Approx(std::max({st1, st2, st3})).epsilon(1e-12));
  CHECK(st2 > st1);
  CHECK(st2 > st3);
  CHECK(rep->capture == "r2/D");
  CHECK(rep->launch == "r1/Q");
  CHECK(rep->path.size() == 3);
  CHECK(rep->cycles == 3);
  CHECK(rep->registers == 2);
  CHECK(rep->latency == Approx(3 * rep->period).epsilon(1e-12));
  // Every capture point with its worst edge.
  REQUIRE(rep->checks.size() == 3);
  CHECK(rep->checks[0].capture == "r1/D");
  CHECK(rep->checks[0].launch == "IN");
  CHECK(rep->checks[0].arrival + rep->checks[0].setup == Approx(st1).epsilon(1e-12));
  CHECK(rep->checks[1].capture == "r2/D");
  CHECK(rep->checks[1].setup == Approx(kSetupRise));
  CHECK(rep->checks[2].capture == "Y");
  CHECK(rep->checks[2].launch == "r2/Q");
  CHECK(rep->checks[2].arrival + rep->checks[2].setup == Approx(st3).epsilon(1e-12));
  // Hold: the earliest edge at r1/D is u0's output at 0 + delay; the larger hold is the fall one.
  REQUIRE(rep->hold_slack);
  CHECK(*rep->hold_slack == Approx(kDelay(20e-12, kCin) - kHoldFall).epsilon(1e-12));
  CHECK(rep->hold_endpoint == "r1/D");
  // Combinational analyses refuse clocked circuits.
  CHECK_FALSE(c.static_timing(cond, diag));
  CHECK(diag.str().find("compose.clocked") != std::string::npos);
}

TEST_CASE("clocked timing of a combinational circuit equals static timing, one cycle") {
  const Lib l = make_lib();
  Diagnostics diag;
  Circuit c(l.lib);
  Vertex in = c.add_input("IN");
  Vertex u0 = *c.add_instance("u0", "buf", diag), u1 = *c.add_instance("u1", "buf", diag);
  REQUIRE(c.connect(in, "", u0, "A", diag));
  REQUIRE(c.connect(u0, "Y", u1, "A", diag));
  REQUIRE(c.connect(u1, "Y", c.add_output("Y"), "", diag));
  Conditions cond;
  auto st = c.static_timing(cond, diag);
  auto ck = c.clocked_timing(cond, diag);
  INFO(diag.str());
  REQUIRE(st);
  REQUIRE(ck);
  CHECK(ck->period == Approx(st->delay).epsilon(1e-12));
  CHECK(ck->cycles == 1);
  CHECK(ck->registers == 0);
  CHECK_FALSE(ck->hold_slack);
}

TEST_CASE("clocked energy: cycle energy per clocked cell and cycle, load correction") {
  const Lib l = make_lib();
  Diagnostics diag;
  Circuit c(l.lib);
  Vertex in = c.add_input("IN");
  Vertex r = *c.add_instance("r", "dreg", diag);
  REQUIRE(c.connect(in, "", r, "D", diag));
  REQUIRE(c.connect(r, "Q", c.add_output("Y"), "", diag));
  Conditions cond;
  cond.output_load = 3e-15;
  cond.vdd = 1.0;
  // No cycle energy for dreg: an error, not a zero.
  CHECK_FALSE(c.evaluate({false}, {true}, cond, diag));
  CHECK(diag.str().find("compose.no-cycle-energy") != std::string::npos);
  diag.clear();
  cond.cycle_energy["dreg"] = {8e-15, 1e-15};
  auto up = c.evaluate({false}, {true}, cond, diag);
  auto hold = c.evaluate({true}, {true}, cond, diag);
  INFO(diag.str());
  REQUIRE(up);
  REQUIRE(hold);
  CHECK(up->outputs_after == std::vector<bool>{true});
  CHECK(up->energy == Approx(8e-15 + 0.5 * (3e-15 - 1e-15)).epsilon(1e-12));
  REQUIRE(up->delay);
  CHECK(*up->delay == Approx(kCkq(cond.clock_slew, 3e-15)).epsilon(1e-12));
  CHECK(hold->energy == Approx(8e-15).epsilon(1e-12));  // clocked whether or not it toggles
  CHECK(hold->toggled_cells == 0);
  cond.clocked_cycles = 3;
  auto three = c.evaluate({true}, {true}, cond, diag);
  REQUIRE(three);
  CHECK(three->clocked_energy == Approx(3 * 8e-15).epsilon(1e-12));
  // The view pair of a racetrack adder splits the circuit's evaluation energy.
  auto ce = rtm_adder_cycle_energy(l.lib, views(), diag);
  REQUIRE(ce);
  CHECK(ce->at("v_sum").energy == Approx(4e-15));
  CHECK(ce->at("v_carry").reference_load == Approx(1e-15));
}

TEST_CASE("mul_rtm array and registered ripple compute products and sums") {
  const Lib l = make_lib();
  Diagnostics diag;
  FullAdderCell cpa;
  cpa.cell = "fa";
  Conditions cond;
  auto ce = rtm_adder_cycle_energy(l.lib, views(), diag);
  REQUIRE(ce);
  cond.cycle_energy = *ce;
  auto m4 = rtm_array_multiplier(l.lib, 4, views(), cpa, diag);
  INFO(diag.str());
  REQUIRE(m4);
  CHECK(m4->instance_count() == 2 * 16 + 4);
  for (std::uint64_t a = 0; a < 16; ++a)
    for (std::uint64_t b = 0; b < 16; ++b) {
      const auto x = multiplier_operands(4, a, b);
      auto r = m4->evaluate(x, x, cond, diag);
      REQUIRE(r);
      INFO(a << " x " << b);
      CHECK(value(r->outputs_after) == a * b);
    }
  auto t4 = m4->clocked_timing(cond, diag);
  REQUIRE(t4);
  CHECK(t4->cycles == 5);  // 4 register rows + the merging ripple
  CHECK(t4->registers == 32);
  auto m8 = rtm_array_multiplier(l.lib, 8, views(), cpa, diag);
  REQUIRE(m8);
  std::mt19937_64 gen(11);
  for (int k = 0; k < 300; ++k) {
    const std::uint64_t a = gen() & 0xffU, b = gen() & 0xffU;
    const auto x = multiplier_operands(8, a, b);
    auto r = m8->evaluate(x, x, cond, diag);
    REQUIRE(r);
    INFO(a << " x " << b);
    CHECK(value(r->outputs_after) == a * b);
    CHECK(r->clocked_energy == Approx(64 * 8e-15).epsilon(1e-12));  // 64 adders, once each
  }
  // Hold delay chains: 2 x pairs buffers on each of the (n-1)^2 sum nets into a B and the
  // n (n-1) carry nets into a CI between rows; the products are unchanged and the early arrival at
  // the chained pins grows, so the hold slack of the bare array (negative: CLK->Q is shorter than
  // the 60 ps hold of a falling input) increases.
  // The racetrack operand A is a primary input here (arrival 0, below any hold); without its hold
  // arcs the worst hold check is a register-to-register hop.
  Lib lh = make_lib();
  for (const char* view : {"v_sum", "v_carry"})
    for (liberty::Cell& cell : lh.lib.cells)
      if (cell.name == view)
        for (liberty::Pin& p : cell.pins)
          if (p.name == "A") std::erase_if(p.timing, [](const liberty::TimingArc& a) { return a.type == liberty::TimingType::HoldRising; });
  auto b4 = rtm_array_multiplier(lh.lib, 4, views(), cpa, diag);
  REQUIRE(b4);
  auto tb = b4->clocked_timing(cond, diag);
  REQUIRE(tb);
  HoldDelays hold;
  hold.inv_cell = "buf";
  hold.pairs_b = 1;
  hold.pairs_ci = 2;
  auto h4 = rtm_array_multiplier(lh.lib, 4, views(), cpa, diag, hold);
  REQUIRE(h4);
  CHECK(h4->instance_count() == 2 * 16 + 4 + 2 * 1 * 9 + 2 * 2 * 12);
  for (std::uint64_t a = 0; a < 16; a += 3)
    for (std::uint64_t b = 0; b < 16; ++b) {
      const auto x = multiplier_operands(4, a, b);
      auto r = h4->evaluate(x, x, cond, diag);
      REQUIRE(r);
      CHECK(value(r->outputs_after) == a * b);
    }
  auto th = h4->clocked_timing(cond, diag);
  REQUIRE(th);
  REQUIRE(tb->hold_slack);
  REQUIRE(th->hold_slack);
  INFO(tb->hold_endpoint << " -> " << th->hold_endpoint);
  CHECK(*tb->hold_slack < 0);
  CHECK(*th->hold_slack > *tb->hold_slack);
  CHECK(th->cycles == 5);
  CHECK(th->registers == 32);
  hold.pairs_b = -1;
  CHECK_FALSE(rtm_array_multiplier(l.lib, 4, views(), cpa, diag, hold));
  CHECK_FALSE(rtm_array_multiplier(l.lib, 1, views(), cpa, diag));
  CHECK(diag.str().find("compose.bits") != std::string::npos);

  auto add = rtm_ripple_adder(l.lib, 4, views(), diag);
  REQUIRE(add);
  for (std::uint64_t a : {0U, 6U, 15U})
    for (std::uint64_t b : {0U, 9U, 15U}) {
      auto in = bits_of(a, 4), bb = bits_of(b, 4);
      in.insert(in.end(), bb.begin(), bb.end());
      in.push_back(true);
      auto r = add->evaluate(in, in, cond, diag);
      REQUIRE(r);
      CHECK(value(r->outputs_after) == a + b + 1);
    }
  auto ta = add->clocked_timing(cond, diag);
  REQUIRE(ta);
  CHECK(ta->cycles == 5);  // the carry is registered at every bit
}

TEST_CASE("energy of a two-output event: rising outputs draw (C - C_min) VDD^2 beyond the measurement") {
  const Lib l = make_lib();
  Diagnostics diag;
  Circuit c(l.lib);
  Vertex a = c.add_input("A"), b = c.add_input("B"), ci = c.add_input("CI");
  Vertex fa = *c.add_instance("fa", "fa", diag);
  REQUIRE(c.connect(a, "", fa, "A", diag));
  REQUIRE(c.connect(b, "", fa, "B", diag));
  REQUIRE(c.connect(ci, "", fa, "CI", diag));
  REQUIRE(c.connect(fa, "S", c.add_output("S"), "", diag));
  REQUIRE(c.connect(fa, "CO", c.add_output("CO"), "", diag));
  Conditions cond;
  cond.output_load = 3e-15;
  cond.vdd = 1.0;
  // A rises with B = 1, CI = 0: S falls, CO rises. Every arc's internal energy is 5 fJ, C_min 1 fF.
  auto r = c.evaluate({false, true, false}, {true, true, false}, cond, diag);
  INFO(diag.str());
  REQUIRE(r);
  // From S's arc (S at 3 fF; CO carried 1 fF and rose): 5 + 1.5 + (3 - 1) = 8.5 fJ; from CO's
  // arc (S fell: nothing from the supply): 5 + 1.5 = 6.5 fJ; the larger is kept.
  CHECK(r->energy == Approx(8.5e-15).epsilon(1e-12));
  CHECK(r->load_energy == Approx(3e-15).epsilon(1e-12));  // 1/2 C V^2 of both toggling outputs
  REQUIRE(r->instance_energy.size() == 1);
  CHECK(r->instance_energy[0].second == Approx(8.5e-15).epsilon(1e-12));
  // The reverse event (A falls with B = 1, CI = 0: S rises, CO falls): from S's arc 5 + 1.5 =
  // 6.5 fJ; from CO's arc (S carried 1 fF and rose) 5 + 1.5 + (3 - 1) = 8.5 fJ.
  auto f = c.evaluate({true, true, false}, {false, true, false}, cond, diag);
  REQUIRE(f);
  CHECK(f->energy == Approx(8.5e-15).epsilon(1e-12));
}
