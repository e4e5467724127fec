#pragma once
// Compute lanes: in-memory full adders (rtmchar's characterized fa_rtm) attached to the columns of
// a subarray, and the bit-serial add / shift-and-add multiply they run. The lane's numbers come
// from the JSON that `rtmchar cell fa_rtm` writes (schema "rtmchar.fa_rtm/1"); models and
// cycle counts: docs/bank.md "Compute lanes".
#include <optional>
#include <string>

#include "util/diag.h"

namespace rtmchar::bank {

/// The numbers of one lane cell that the bank model uses (all SI), read from a fa_rtm JSON.
struct LaneCell {
  std::string file;          ///< the JSON it was read from (for messages and the output)
  std::string cell, technology;
  double clk_to_s = 0;       ///< slowest CLK->S edge at the smallest clock slew and load [s]
  double clk_to_co = 0;      ///< slowest CLK->CO edge, same point [s]
  double clk_to_co_min = 0;  ///< fastest CLK->CO edge over the whole table (hold check) [s]
  double setup_b = 0;        ///< largest setup of B over its edges [s]
  double setup_ci = 0;       ///< largest setup of CI [s]
  double hold_ci = 0;        ///< largest hold of CI [s]
  double read_latency = 0;   ///< CLK -> PCSA decision: the operand may move after it [s]
  double operand_setup = 0;  ///< A under its ports this long before CLK [s]
  double energy_per_evaluation = 0;  ///< one clock cycle of the cell [J]
  double leakage = 0;        ///< [W]
  double area = 0;           ///< CMOS + MTJ ports, tracks excluded [m^2]
  int domains = 0;           ///< data domains per operand track
  int shifted_tracks = 0;    ///< operand tracks shifted together
  double shift_current = 0;  ///< the first entry of the JSON's shift table [A]
  double shift_pulse = 0;    ///< its minimum one-domain pulse [s]
  double shift_track_energy = 0;  ///< its energy of one step of one track [J]
};

/// Parses the text of a "rtmchar.fa_rtm/1" JSON. A parse error, a wrong schema, a missing or
/// mistyped key, a non-positive number or inconsistent table sizes is an error with id
/// bank.bad-lane-cell at `file` (and the byte's line for a parse error) naming the key; nullopt.
std::optional<LaneCell> parse_lane_cell(const std::string& text, const std::string& file, Diagnostics& diag);

/// Reads and parses `path`; an unreadable file is bank.bad-lane-cell at --lane-cell.
std::optional<LaneCell> load_lane_cell(const std::string& path, Diagnostics& diag);

/// The lane cell must hold an n-bit operand along its tracks: domains >= word_bits, else
/// bank.bad-lane-cell at the file naming the key 'domains'.
bool lane_cell_fits(const LaneCell& c, int word_bits, Diagnostics& diag);

/// Clock period of a lane running a bit-serial add: the longest of its three loops (docs/bank.md).
struct LaneCycle {
  double carry = 0;      ///< CLK->CO + hold fix + setup(CI): the registered carry fed back to CI
  double operand_a = 0;  ///< PCSA decision + one shift of the lane's tracks + operand setup of A
  double operand_b = 0;  ///< CLK->S + write S[i] + one bank shift + bit read of B[i+1] + setup(B)
  double hold_fix = 0;   ///< delay added to the carry feedback when CLK->CO(min) < hold(CI)
  double period = 0;     ///< max of the three loops
};

/// Bank-side latencies and energies of one bit of lane traffic in one mat.
struct LaneBankSide {
  double bank_shift = 0;        ///< one-domain step of the bank's track (its cluster) [s]
  double bank_shift_energy = 0; ///< one step of the cluster holding the lane's column [J]
  double bit_read = 0;          ///< bitline + sense amplifier, row open [s]
  double bit_read_energy = 0;
  double bit_write = 0;         ///< write pre-driver + bitline + write pulse [s]
  double bit_write_energy = 0;
};

/// The three loops and the period from the lane cell's own characterized numbers.
LaneCycle lane_cycle(const LaneCell& c, const LaneBankSide& b);

/// Bit-serial add of n-bit words: n clock cycles (docs/bank.md).
int add_cycles(int word_bits);

/// Shift-and-add multiply of n-bit words, worst case (every multiplier bit 1): n partial-product
/// adds of n cycles each plus one carry-out write cycle each: n (n + 1) cycles, plus n rewinds.
int multiply_cycles(int word_bits);

}  // namespace rtmchar::bank
