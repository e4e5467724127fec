#pragma once
// Racetrack CAM (de Lima et al.; ../shared/notes/device-physics.md sec. 4; US patent 9812205):
// each bit stores d in two domain-wall MTJs with complementary states, MTJ1 AP iff d = 1 and
// MTJ2 AP iff d = 0. Search transistors connect the pre-charged match line ML to them:
//   ML -- N(gate SL)  -- MTJ1 -- GND,   ML -- N(gate SLB) -- MTJ2 -- GND,
// and a search for s drives SL = s, SLB = !s. A matching bit thus connects ML to an AP junction
// (R_AP), a mismatching one to a P junction (R_P). ML discharges with the total conductance
//   G = (w - n) / (R_AP + R_on) + n / (R_P + R_on)   (n mismatching bits),
// so V_ML(t) ~ V_DD exp(-G t / C_ML): all-match is the slowest (leakage-like) discharge and a
// single miss is the hardest case to tell from it; the ratio G_1/G_0 = 1 + (R_AP/R_P - 1)/w
// shrinks with w, which limits the word length. The sense amplifier is a latch strobed at the
// midpoint of the two ML half-swing times (modelled as V_ML(strobe) < V_DD/2; an inverter on ML
// loads it and gives the MISS output for the latency). The domain-wall MTJ is written by
// domain-wall motion in its free-layer track, not through the junction, so a search never writes:
// the read junctions use the racetrack port MTJ of the techfile (read_r_p / read_r_ap,
// bias-dependent TMR) with STT disabled. Details and numbers: docs/imc.md.
#include <optional>
#include <string>
#include <vector>

#include "devices/models.h"
#include "sim/simulator.h"
#include "tech/technology.h"
#include "util/diag.h"

namespace rtmchar::imc {

struct CamParams {
  int w = 16;                     ///< bits per word, 4..64
  devices::MtjParams mtj;         ///< read junction of the domain-wall MTJ (see cam_from_technology)
  double vdd = 0.9;               ///< supply of precharge and sense amplifier [V] (tech.vdd)
  double v_search = 0.9;          ///< search-line (gate) drive [V]; = vdd
  double wn_ml = 256e-9;          ///< search transistor width [m]: 4 Wmin (R_on well below R_P)
  double wp_pre = 128e-9;         ///< precharge PMOS width [m]: 2 Wmin
  double wn_sa = 64e-9, wp_sa = 128e-9;  ///< sense inverter [m]: Wmin, 2 Wmin
  double l = 32e-9;               ///< channel length [m]: Lmin
  double f = 32e-9;               ///< feature size [m]: drain extension 2F for AD/PD
  double cell_width = 0.512e-6;   ///< bit-cell pitch along ML [m]: 3 transistors x contacted gate pitch (+1 for isolation)
  double cell_height = 0.992e-6;  ///< bit-cell height [m]: standard-cell height (31 F)
  double c_wire = 0.19e-15 / 1e-6;  ///< ML wire capacitance [F/m] (wire.local.c)
  double r_wire = 26.2 / 1e-6;      ///< ML wire resistance [Ohm/m] (wire.local.r)
  double c_sa_load = 1e-15;       ///< load on MISS [F] (assumption)
  double min_margin = 10e-3;      ///< one-miss sensing margin the latch needs [V]; ASSUMPTION (about 3 sigma
                                  ///< of a minimum-size latch offset); sets the largest supported w
  double t_pre = 0.3e-9;          ///< precharge phase [s]
  double t_eval = 3e-9;           ///< evaluation window [s]; long enough for the all-match ML to fall
  double edge = 5e-12;            ///< edge of PRE and search-line drives [s] (ideal drivers)

  double ml_length() const { return w * cell_width; }
  double cycle() const { return 2 * t_pre + t_eval; }  ///< precharge, evaluate, precharge again
  double bit_area() const { return cell_width * cell_height; }
};

/// CAM of `t` with `w` bits: port MTJ of racetrack_from_technology (STT off), vdd, Wmin/Lmin,
/// contacted_gate_pitch and cell_height for the bit-cell footprint, wire.local.* for ML.
CamParams cam_from_technology(const tech::Technology& t, int w);

/// One search of `key` against `stored` (both w bits).
struct SearchResult {
  std::optional<double> t_ml_half;  ///< search-line edge (50 %) -> ML falling through vdd/2 [s]
  std::optional<double> t_miss;     ///< search-line edge (50 %) -> MISS (inverter on ML) rising through vdd/2 [s]
  std::vector<double> t, v_ml;      ///< ML waveform (time from the search-line edge) for strobing
  double energy = 0;                ///< all sources over one cycle incl. the re-precharge [J]
  /// V_ML at `strobe` after the search-line edge (linear interpolation); nullopt outside the run.
  std::optional<double> v_ml_at(double strobe) const;
};

/// The sense window of a word: all-match and a single miss at the far end of ML.
struct SenseWindow {
  double t_match = 0;   ///< all-match ML half-swing time [s]
  double t_miss1 = 0;   ///< one-miss ML half-swing time [s]
  double strobe = 0;    ///< (t_match + t_miss1) / 2 [s]
  double margin = 0;    ///< V_ML(all match) - V_ML(one miss) at the strobe [V]
  double latency = 0;   ///< search latency = strobe [s] (the latch resolves within the precharge phase)
  double energy_match = 0, energy_miss1 = 0, energy_all_miss = 0;  ///< per search [J]
  double t_all_miss = 0;  ///< all-miss ML half-swing time [s]
};

/// Key value of a masked bit: both search lines stay low, the bit does not load ML (an
/// associative processor compares a few columns at a time, docs/imc.md).
inline constexpr int kMasked = -1;

/// The key that matches `stored` on the `compared` columns (empty = all) except for `misses` of
/// them, taken from the far end of ML; the other columns masked.
std::vector<int> mismatch_key(const std::vector<int>& stored, const std::vector<int>& compared, int misses);

/// Simulates all-match, one miss at the far end and all-miss of the `compared` columns (empty =
/// every bit) for `stored`; imc.no-window if the all-match ML does not fall within t_eval or the
/// one miss is not faster.
std::optional<SenseWindow> cam_sense_window(sim::Engine& engine, const CamParams& p, const tech::Technology& t,
                                            const std::vector<int>& stored, Diagnostics& diag,
                                            const std::vector<int>& compared = {});

/// A search with `misses` mismatching bits (the last ones along ML) against the sense window.
struct MissPoint {
  int misses = 0;
  double t_ml_half = 0;  ///< search-line edge -> ML through vdd/2 [s]
  double margin = 0;     ///< V_ML(all match) - V_ML(this key) at the window's strobe [V]
  double energy = 0;     ///< per search cycle [J]
};

/// One search per entry of `misses` (each 0..w, else imc.bad-param), plus an all-match reference
/// for the margins; imc.no-window if an ML does not fall.
std::optional<std::vector<MissPoint>> cam_miss_profile(sim::Engine& engine, const CamParams& p,
                                                       const tech::Technology& t, const std::vector<int>& stored,
                                                       const SenseWindow& win, const std::vector<int>& misses,
                                                       Diagnostics& diag);

/// Deck of one search cycle (exposed for tests).
std::string cam_search_deck(const CamParams& p, const tech::Technology& t, const std::vector<int>& stored,
                            const std::vector<int>& key);

/// Runs one job per (stored, key) pair on `engine`. Sizes must equal p.w, key bits 0, 1 or kMasked
/// with at least one unmasked (imc.bad-param otherwise);
/// a failed simulation is imc.sim-failed. Results in input order.
std::optional<std::vector<SearchResult>> cam_search(sim::Engine& engine, const CamParams& p, const tech::Technology& t,
                                                    const std::vector<std::pair<std::vector<int>, std::vector<int>>>& runs,
                                                    Diagnostics& diag);

}  // namespace rtmchar::imc
