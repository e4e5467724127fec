#pragma once
// Waveform helpers shared by the racetrack adders' benches (fa_rtm.cpp, fa_tr.cpp): the clock
// and input waves of the functional benches and the clocked sense-amplifier decision.
#include <optional>
#include <string>
#include <vector>

#include "charz/testbench.h"
#include "rtm/fa_rtm.h"
#include "sim/measure.h"

namespace rtmchar::rtm {

/// Normalized (0..1) clock of `cycles` cycles: low (precharge) for the first half of each
/// period, rising at period/2, then one more cycle so the last result is held.
charz::Pwl clock_wave(const FaBench& b, int cycles);

/// The waveform multiplied by vdd.
charz::Pwl scaled(charz::Pwl w, double vdd);

/// Value of vector `v` at time t; nullopt if the vector is absent or t outside the run.
std::optional<double> value_of(const sim::Waveforms& w, const std::string& v, double t);

/// A clocked sense amplifier (PCSA or StrongARM) with precharged-high outputs `left`/`right`
/// decides when the first of them falls to VDD/2 after t_rise (and before t_end).
struct SenseDecision {
  double margin = 0;    ///< |V(left) - V(right)| at that moment [V]
  double decision = 0;  ///< that moment - t_rise [s]
};
std::optional<SenseDecision> sense_decision(const sim::Waveforms& w, const std::string& left,
                                            const std::string& right, double t_rise, double t_end, double vdd);

}  // namespace rtmchar::rtm
