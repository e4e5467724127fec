#pragma once
// The one implementation of the internal-energy measurement shared by the combinational and the
// sequential characterization (docs/characterization.md, "Measurements").
#include <span>
#include <string>

namespace rtmchar::charz {

/// Inputs of an internal-energy measurement over one simulated output transition.
struct EnergyInputs {
  std::span<const double> t;     ///< time
  std::span<const double> isup;  ///< total supply current (negative while the supply delivers)
  std::span<const double> vout;  ///< the switching output
  double vdd = 0;
  double rail = 0;               ///< the output's final value (0 or VDD)
  double t_start = 0;            ///< start of the energy window (the stimulus edge)
  double t_output = 0;           ///< the output's 50 % crossing
  double t_quiet = 0;            ///< the supply current may still move until here (end of the input ramp)
  double load = 0;               ///< external load on the output (F)
  double settle_fraction = 2e-3; ///< output band, fraction of VDD
};

struct EnergyResult {
  double energy = 0;        ///< J: VDD*Q_supply - P_leak*window - load*VDD^2/2
  double settle_time = 0;   ///< when both the output and the supply current have settled
};

enum class EnergyStatus { Ok, NotSettled, Failed };

/// Internal energy of one output transition, pin-based: the supply energy over
/// [t_start, end of simulation] minus the leakage over that window (P_leak = VDD x the mean
/// supply current of the last 10 % of the window) minus load*VDD^2/2 (on both output edges).
/// Valid only when the output is within settle_fraction*VDD of `rail` and the supply current
/// within max(1 % of its excursion, floor) of its final value before the last 10 % of the window;
/// the floor is a current whose integral over the window is 0.1 % of the load charge, or 0.1 %
/// of the leakage (so a transition that draws nothing from the supply is not held up by noise).
/// NotSettled means: simulate a longer window. `why` says what failed.
EnergyStatus internal_energy(const EnergyInputs& in, EnergyResult& out, std::string& why);

}  // namespace rtmchar::charz
