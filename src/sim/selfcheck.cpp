#include "sim/selfcheck.h"

#include <fmt/format.h>

#include "util/units.h"

namespace rtmchar::sim::selfcheck {
namespace {

using units::format_number;

// Input: low for 20 ps, a rising edge, high for 300 ps, a falling edge. A 0-100 % ramp of
// duration slew/0.6 has a 20-80 % slew of `slew`.
constexpr double kDelay = 20e-12, kWidth = 300e-12, kTstop = 700e-12;

std::string input_source(std::string_view node, double vdd, double slew) {
  double ramp = slew / 0.6;
  return fmt::format("vin {} 0 pulse(0 {} {} {} {} {} 2)\n", node, format_number(vdd), format_number(kDelay),
                     format_number(ramp), format_number(ramp), format_number(kWidth));
}

/// The two delays from `in` (50 %) to `out` (50 %): the output edge after the input's rising edge
/// is stored as `after_rise`, the one after its falling edge as `after_fall`.
std::vector<Measure> delays(const std::string& in, const std::string& out, double vdd, bool inverting,
                            std::string after_rise, std::string after_fall) {
  Edge first = inverting ? Edge::Fall : Edge::Rise, second = inverting ? Edge::Rise : Edge::Fall;
  return {Measure::delay(std::move(after_rise), Crossing{in, vdd / 2, Edge::Rise}, Crossing{out, vdd / 2, first}),
          Measure::delay(std::move(after_fall), Crossing{in, vdd / 2, Edge::Fall}, Crossing{out, vdd / 2, second})};
}

Job make_job(std::string name, std::string deck, std::vector<std::string> vectors) {
  Job j;
  j.name = std::move(name);
  j.deck = std::move(deck);
  j.vectors = std::move(vectors);
  j.tstop = kTstop;
  j.timeout_s = 60;
  return j;
}

std::string cmos_header(const Cmos& c) {
  return fmt::format("vdd vdd 0 {}\n", format_number(c.vdd));
}

std::string mos(std::string_view name, std::string_view d, std::string_view g, std::string_view s, bool pmos,
                const Cmos& c) {
  double w = (pmos ? 4 : 2) * c.l;
  return fmt::format("m{} {} {} {} {} {} w={} l={}\n", name, d, g, s, pmos ? "vdd" : "0", pmos ? c.pmos : c.nmos,
                     format_number(w), format_number(c.l));
}

}  // namespace

Job inverter_job(const std::optional<Cmos>& cmos, double vdd, const InverterCase& c, double tstep_max) {
  std::string deck = fmt::format("* rtmchar selfcheck inverter slew={} load={}\n", format_number(c.slew), format_number(c.load));
  std::string name;
  if (cmos) {
    vdd = cmos->vdd;
    name = "cmos inverter";
    deck += cmos_header(*cmos);
    deck += mos("p", "out", "in", "vdd", true, *cmos) + mos("n", "out", "in", "0", false, *cmos);
    deck += cmos->card + "\n";
  } else {
    name = "ideal inverter";
    std::string v = format_number(vdd), w = format_number(vdd / 20), half = format_number(vdd / 2);
    deck += fmt::format("vdd vdd 0 {}\n", v);
    deck += fmt::format("bp vdd out i=(v(vdd)-v(out))/5k*0.5*(1-tanh((v(in)-{})/{}))\n", half, w);
    deck += fmt::format("bn out 0 i=v(out)/5k*0.5*(1+tanh((v(in)-{})/{}))\n", half, w);
    deck += "cint out 0 0.5f\n";
  }
  deck += input_source("in", vdd, c.slew);
  deck += fmt::format("cload out 0 {}\n", format_number(c.load));
  deck += fmt::format(".tran 1p {} 0 {}\n.end\n", format_number(kTstop), format_number(tstep_max));
  name += fmt::format(" slew={} load={}", units::format_eng(c.slew, "s", 3), units::format_eng(c.load, "F", 3));
  Job j = make_job(std::move(name), std::move(deck), {"v(in)", "v(out)"});
  j.measures = delays("v(in)", "v(out)", vdd, true, "tphl", "tplh");
  j.measures.push_back(Measure::slew("fall", "v(out)", 0.2 * vdd, 0.8 * vdd, Edge::Fall));
  j.measures.push_back(Measure::slew("rise", "v(out)", 0.2 * vdd, 0.8 * vdd, Edge::Rise));
  return j;
}

Job mirror_adder_job(const Cmos& c, const InverterCase& ic, double tstep_max) {
  std::string d = fmt::format("* rtmchar mirror full adder slew={} load={}\n", format_number(ic.slew), format_number(ic.load));
  d += cmos_header(c);
  d += fmt::format("vb b 0 {}\nvc c 0 0\n", format_number(c.vdd));
  d += input_source("a", c.vdd, ic.slew);
  // Carry: cob = !(AB + C(A+B))
  d += mos("1", "n1", "a", "vdd", true, c) + mos("2", "n1", "b", "vdd", true, c) + mos("3", "cob", "c", "n1", true, c);
  d += mos("4", "n2", "a", "vdd", true, c) + mos("5", "cob", "b", "n2", true, c);
  d += mos("6", "cob", "c", "n3", false, c) + mos("7", "n3", "a", "0", false, c) + mos("8", "n3", "b", "0", false, c);
  d += mos("9", "cob", "a", "n4", false, c) + mos("10", "n4", "b", "0", false, c);
  // Sum: sb = !(ABC + cob(A+B+C))
  d += mos("11", "n5", "a", "vdd", true, c) + mos("12", "n5", "b", "vdd", true, c) + mos("13", "n5", "c", "vdd", true, c);
  d += mos("14", "sb", "cob", "n5", true, c);
  d += mos("15", "n6", "a", "vdd", true, c) + mos("16", "n7", "b", "n6", true, c) + mos("17", "sb", "c", "n7", true, c);
  d += mos("18", "sb", "cob", "n8", false, c) + mos("19", "n8", "a", "0", false, c) + mos("20", "n8", "b", "0", false, c);
  d += mos("21", "n8", "c", "0", false, c);
  d += mos("22", "sb", "a", "n9", false, c) + mos("23", "n9", "b", "n10", false, c) + mos("24", "n10", "c", "0", false, c);
  // Output inverters.
  d += mos("25", "s", "sb", "vdd", true, c) + mos("26", "s", "sb", "0", false, c);
  d += mos("27", "co", "cob", "vdd", true, c) + mos("28", "co", "cob", "0", false, c);
  d += fmt::format("cs s 0 {}\ncco co 0 {}\n", format_number(ic.load), format_number(ic.load));
  d += c.card + "\n";
  d += fmt::format(".tran 1p {} 0 {}\n.end\n", format_number(kTstop), format_number(tstep_max));
  std::string name = fmt::format("mirror adder A slew={} load={}", units::format_eng(ic.slew, "s", 3),
                                 units::format_eng(ic.load, "F", 3));
  Job j = make_job(std::move(name), std::move(d), {"v(a)", "v(s)", "v(co)"});
  j.measures = delays("v(a)", "v(s)", c.vdd, true, "d_s_fall", "d_s_rise");
  auto co = delays("v(a)", "v(co)", c.vdd, false, "d_co_rise", "d_co_fall");
  j.measures.insert(j.measures.end(), co.begin(), co.end());
  return j;
}

}  // namespace rtmchar::sim::selfcheck
