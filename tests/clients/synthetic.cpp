#include "synthetic.h"

#include <functional>

namespace rtmchar::testlib {

using namespace rtmchar::liberty;

namespace {

constexpr double kVdd = 1.0;  // V
// First-order switch-level model of a CMOS stage (Rabaey, Chandrakasan, Nikolic, "Digital
// Integrated Circuits", 2nd ed., 2003, Sec. 5.4): 50 % delay t_p = ln2 * R * C = 0.69 R C of an RC
// step response, 20-80 % transition ln(0.8/0.2) * R * C = 1.386 R C; a finite input slew adds a
// fraction of itself to both. Internal energy per output edge: 1/2 * C_par * VDD^2 for the stage's
// own (parasitic) capacitance plus a short-circuit term growing linearly with the input slew
// (Veendrick, IEEE JSSC 19(4), 1984). Numbers are typical of a 32 nm inverter (R ~ 5 kOhm, C_par
// ~ 0.3 fF, C_in ~ 0.6 fF).
struct Stage {
  double r_rise, r_fall;  // Ohm, pull-up / pull-down
  double c_par;           // F, output parasitic capacitance
  double d0;              // s, intrinsic delay of internal stages
  double k_slew = 0.15;   // delay per unit input slew
  double e_sc = 2e-6;     // J/s, short-circuit energy per second of input slew
};

class Maker {
 public:
  explicit Maker(Diagnostics& diag) : diag_(diag) {}

  std::optional<Library> run() {
    Library lib;
    lib.name = "rtmchar_synth";
    lib.comment = "Synthetic test library (first-order RC models), not a characterization.";
    lib.operating_conditions.push_back({"typical", 1.0, kVdd, 25.0});
    lib.default_operating_conditions = "typical";
    lib.nom_voltage = kVdd;
    const std::vector<double> slews{5e-12, 20e-12, 80e-12, 320e-12}, loads{0.5e-15, 2e-15, 8e-15, 32e-15};
    delay_ = TableTemplate::make("delay_4x4", TableTemplate::Kind::Delay,
                                 {{AxisVariable::InputNetTransition, slews}, {AxisVariable::TotalOutputNetCapacitance, loads}}, diag_);
    power_ = TableTemplate::make("power_4x4", TableTemplate::Kind::Power,
                                 {{AxisVariable::InputNetTransition, slews}, {AxisVariable::TotalOutputNetCapacitance, loads}}, diag_);
    power1_ = TableTemplate::make("power_slew_4", TableTemplate::Kind::Power, {{AxisVariable::InputNetTransition, slews}}, diag_);
    const std::vector<double> cslews{10e-12, 50e-12, 250e-12};
    constraint_ = TableTemplate::make("constraint_3x3", TableTemplate::Kind::Delay,
                                      {{AxisVariable::RelatedPinTransition, cslews}, {AxisVariable::ConstrainedPinTransition, cslews}}, diag_);
    if (!delay_ || !power_ || !power1_ || !constraint_) return std::nullopt;
    lib.templates = {delay_, power_, power1_, constraint_};
    lib.cells = {inv(), nand2(), full_adder(), dff("DFF", "CK"), rtm_shift()};
    if (!ok_ || !lib.validate(diag_)) return std::nullopt;
    return lib;
  }

 private:
  Table table(Quantity q, const TemplatePtr& t, const std::function<double(double, double)>& f) {
    std::vector<double> v;
    const auto& ax = t->axes;
    for (double x1 : ax[0].values) {
      if (ax.size() == 1) v.push_back(f(x1, 0));
      else
        for (double x2 : ax[1].values) v.push_back(f(x1, x2));
    }
    auto tab = Table::make(q, t, std::move(v), diag_);
    ok_ &= tab.has_value();
    return tab ? *tab : Table{};
  }

  /// A delay arc of `stage` plus its internal power group on the output pin.
  void arc(Pin& out, const std::string& from, TimingSense sense, TimingType type, const Stage& s) {
    TimingArc a;
    a.related_pin = from;
    a.sense = sense;
    a.type = type;
    a.cell_rise = table(Quantity::Time, delay_, [&](double sl, double c) { return s.d0 + 0.69 * s.r_rise * (c + s.c_par) + s.k_slew * sl; });
    a.cell_fall = table(Quantity::Time, delay_, [&](double sl, double c) { return s.d0 + 0.69 * s.r_fall * (c + s.c_par) + s.k_slew * sl; });
    a.rise_transition = table(Quantity::Time, delay_, [&](double sl, double c) { return 1.386 * s.r_rise * (c + s.c_par) + 0.1 * sl; });
    a.fall_transition = table(Quantity::Time, delay_, [&](double sl, double c) { return 1.386 * s.r_fall * (c + s.c_par) + 0.1 * sl; });
    out.timing.push_back(std::move(a));
    InternalPower p;
    p.related_pin = from;
    // The load's charge is excluded by convention, but a heavier load slows the output edge and
    // lengthens the short-circuit current: a weak dependence on C.
    p.rise_power = table(Quantity::Energy, power_, [&](double sl, double c) { return 0.5 * s.c_par * kVdd * kVdd + s.e_sc * sl * (1 + c / 20e-15); });
    p.fall_power = table(Quantity::Energy, power_, [&](double sl, double c) { return 0.4 * s.c_par * kVdd * kVdd + s.e_sc * sl * (1 + c / 20e-15); });
    out.power.push_back(std::move(p));
  }

  static Pin input(const std::string& name, double cap) {
    Pin p;
    p.name = name;
    p.direction = Direction::Input;
    p.capacitance = cap;
    p.rise_capacitance = cap * 1.03;  // the Miller effect differs slightly by edge
    p.fall_capacitance = cap * 0.97;
    return p;
  }
  static Pin output(const std::string& name, const std::string& function) {
    Pin p;
    p.name = name;
    p.direction = Direction::Output;
    p.function = function;
    p.max_capacitance = 64e-15;
    return p;
  }

  Cell inv() {
    Cell c;
    c.name = "INV";
    c.area = 0.35e-12;
    c.leakage = 5e-9;
    c.leakage_power = {{"A", 4e-9}, {"!A", 6e-9}};
    c.pins = {input("A", 0.6e-15), output("Y", "!A")};
    arc(c.pins[1], "A", TimingSense::NegativeUnate, TimingType::Combinational, {6e3, 4e3, 0.3e-15, 2e-12});
    return c;
  }

  Cell nand2() {
    Cell c;
    c.name = "NAND2";
    c.area = 0.5e-12;
    c.leakage = 7e-9;
    c.leakage_power = {{"!A&!B", 3e-9}, {"!A&B", 6e-9}, {"A&!B", 7e-9}, {"A&B", 12e-9}};
    c.pins = {input("A", 0.7e-15), input("B", 0.72e-15), output("Y", "!(A&B)")};
    arc(c.pins[2], "A", TimingSense::NegativeUnate, TimingType::Combinational, {6e3, 8e3, 0.5e-15, 3e-12});
    arc(c.pins[2], "B", TimingSense::NegativeUnate, TimingType::Combinational, {6e3, 8e3, 0.5e-15, 4e-12});
    return c;
  }

  Cell full_adder() {
    Cell c;
    c.name = "FA";
    c.area = 2.8e-12;
    c.leakage = 30e-9;
    c.pins = {input("A", 1.5e-15), input("B", 1.5e-15), input("CI", 1.1e-15), output("S", "A^B^CI"),
              output("CO", "(A&B)|(A&CI)|(B&CI)")};
    for (const char* in : {"A", "B", "CI"}) {
      arc(c.pins[3], in, TimingSense::NonUnate, TimingType::Combinational, {7e3, 6e3, 0.8e-15, 35e-12});
      arc(c.pins[4], in, TimingSense::PositiveUnate, TimingType::Combinational, {6e3, 5e3, 0.7e-15, 22e-12});
    }
    return c;
  }

  /// Setup and hold of D against the rising clock: a later data edge and a slower clock edge
  /// move the pass/fail boundary by a fraction of the slews.
  void constraints(Pin& d, const std::string& clock) {
    TimingArc setup;
    setup.related_pin = clock;
    setup.type = TimingType::SetupRising;
    setup.rise_constraint = table(Quantity::Time, constraint_, [](double ck, double dt) { return 25e-12 + 0.3 * dt - 0.1 * ck; });
    setup.fall_constraint = table(Quantity::Time, constraint_, [](double ck, double dt) { return 30e-12 + 0.35 * dt - 0.1 * ck; });
    d.timing.push_back(std::move(setup));
    TimingArc hold;
    hold.related_pin = clock;
    hold.type = TimingType::HoldRising;
    hold.rise_constraint = table(Quantity::Time, constraint_, [](double ck, double dt) { return 5e-12 + 0.1 * ck - 0.2 * dt; });
    hold.fall_constraint = table(Quantity::Time, constraint_, [](double ck, double dt) { return 8e-12 + 0.1 * ck - 0.2 * dt; });
    d.timing.push_back(std::move(hold));
  }

  Cell dff(const std::string& name, const std::string& clock) {
    Cell c;
    c.name = name;
    c.area = 2.2e-12;
    c.leakage = 25e-9;
    c.ff = FlipFlop{"IQ", "IQN", "D", clock, "", ""};
    Pin d = input("D", 0.8e-15);
    d.nextstate_type = "data";
    constraints(d, clock);
    Pin ck = input(clock, 0.9e-15);
    ck.clock = true;
    InternalPower clk_power;  // the clock buffer switches on every clock edge, with no output event
    clk_power.rise_power = table(Quantity::Energy, power1_, [](double sl, double) { return 0.6e-15 + 1e-6 * sl; });
    clk_power.fall_power = table(Quantity::Energy, power1_, [](double sl, double) { return 0.5e-15 + 1e-6 * sl; });
    ck.power.push_back(std::move(clk_power));
    Pin q = output("Q", "IQ");
    arc(q, clock, TimingSense::None, TimingType::RisingEdge, {6e3, 5e3, 0.6e-15, 45e-12});
    c.pins = {std::move(d), std::move(ck), std::move(q)};
    return c;
  }

  static UserAttribute attr(const std::string& name, std::vector<double> v, bool list = false) {
    UserAttribute a;
    a.name = name;
    a.kind = list ? UserAttribute::Kind::FloatList : UserAttribute::Kind::Float;
    a.quantity = user_attribute_quantity(name);
    a.numbers = std::move(v);
    return a;
  }

  /// A racetrack shift-register stage: Liberty sees a flip-flop clocked by SH; the racetrack
  /// operations are user-defined groups (illustrative numbers of the right order: ns shifts,
  /// pJ-scale energies, shift current density-driven pulses shortening with more current).
  Cell rtm_shift() {
    Cell c = dff("RTM_SHIFT", "SH");
    c.area = 1.5e-12;
    // Pin-level user attributes: the data pin is a racetrack operand (boolean) with an access
    // latency (float, a time by its name).
    c.pins[0].user_attributes = {UserAttribute::boolean("rtm_operand", true), attr("rtm_access_latency", {0.8e-9})};
    c.user_attributes = {attr("rtm_domains", {64}), attr("rtm_shift_energy", {0.12e-12})};
    UserAttribute kind;
    kind.name = "rtm_device";
    kind.kind = UserAttribute::Kind::String;
    kind.text = "racetrack";
    c.user_attributes.push_back(kind);
    UserGroup read{"rtm_operation", "read", {attr("op_latency", {1.2e-9}), attr("op_energy", {0.05e-12})}, {}};
    UserGroup shift{"rtm_operation", "shift", {attr("op_latency", {2.0e-9}), attr("op_energy", {0.12e-12}), attr("shift_current", {60e-6})}, {}};
    shift.groups.push_back(UserGroup{"rtm_sweep", "shift_current",
                                     {attr("sweep_current", {40e-6, 60e-6, 80e-6}, true), attr("sweep_pulse", {3.1e-9, 2.0e-9, 1.5e-9}, true)},
                                     {}});
    c.user_groups = {read, shift};
    return c;
  }

  Diagnostics& diag_;
  bool ok_ = true;
  TemplatePtr delay_, power_, power1_, constraint_;
};

}  // namespace

std::optional<Library> synthetic_library(Diagnostics& diag) { return Maker(diag).run(); }

std::string synthetic_reference_verilog() {
  return R"(module ref_INV(input A, output Y);
  not g0(Y, A);
endmodule
module ref_NAND2(input A, input B, output Y);
  nand g0(Y, A, B);
endmodule
module ref_FA(input A, input B, input CI, output S, output CO);
  wire p, g, t;
  xor x0(p, A, B);
  xor x1(S, p, CI);
  and a0(g, A, B);
  and a1(t, p, CI);
  or o0(CO, g, t);
endmodule
module ref_DFF(input D, input CK, output reg Q);
  always @(posedge CK) Q <= D;
endmodule
module ref_RTM_SHIFT(input D, input SH, output reg Q);
  always @(posedge SH) Q <= D;
endmodule
)";
}

}  // namespace rtmchar::testlib
