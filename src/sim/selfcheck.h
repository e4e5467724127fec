#pragma once
// Reference circuits that exercise the engine end to end: the `rtmchar selfcheck` command and the
// engine benchmark (bench/) run them. They are small and self-contained (the model card is pasted
// into the deck, so the cache key covers it).
#include <optional>
#include <string>

#include "sim/simulator.h"

namespace rtmchar::sim::selfcheck {

/// MOSFET models for the CMOS decks: SPICE text that defines models named `nmos` and `pmos`
/// (e.g. a BSIM4 card), the supply and the drawn channel length.
struct Cmos {
  std::string card;
  std::string nmos = "nmos";
  std::string pmos = "pmos";
  double vdd = 0.9;   ///< V
  double l = 32e-9;   ///< m; NMOS W = 2L, PMOS W = 4L (the sizing of the delays quoted in the notes)
};

/// One input edge pair and load for an inverter.
struct InverterCase {
  double slew = 20e-12;  ///< input 20-80 % transition time, s
  double load = 1e-15;   ///< output load, F
};

/// An inverter driven by a rising then a falling input edge; measures tphl, tplh (50 % to 50 %),
/// fall and rise (output 20-80 %), all in seconds. With `cmos` empty the inverter is behavioural
/// (ideal elements only, no model card): two B current sources that switch smoothly between an
/// on-resistance of 5 kOhm and off, 0.5*(1 +- tanh((v(in) - vdd/2)/(vdd/20))), into 0.5 fF of
/// intrinsic capacitance plus the load -- enough to check the whole engine path with any ngspice.
Job inverter_job(const std::optional<Cmos>& cmos, double vdd, const InverterCase& c, double tstep_max = 1e-12);

/// A 28-transistor mirror full adder (24-transistor mirror core + output inverters for S and
/// Cout; Weste & Harris, "CMOS VLSI Design", 4th ed., Fig. 11.4) with B = 1, C = 0 and A toggling,
/// so S = !A and Cout = A; measures d_s_fall, d_s_rise, d_co_rise, d_co_fall (A 50 % to output 50 %).
Job mirror_adder_job(const Cmos& cmos, const InverterCase& c, double tstep_max = 1e-12);

}  // namespace rtmchar::sim::selfcheck
