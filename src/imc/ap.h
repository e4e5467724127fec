#pragma once
// Associative-processor (AP) operation model on the racetrack CAM (de Lima et al.;
// ../shared/notes/device-physics.md sec. 4). An AP stores one operand set per CAM row (word) and
// computes on all rows at once with two primitives:
//   compare: search a key on a few columns (the other columns masked, both search lines low);
//            every matching row is tagged;
//   write:   write values into a few columns of every tagged row (or of every row).
// An arithmetic operation is a fixed sequence of such passes, bit-serial and word-parallel, so its
// latency does not depend on the number of rows and its energy grows linearly with it.
//
// n-bit in-place add B <- A + B with a carry column C (the classic AP add: the truth table of a
// full adder applied as a look-up table, one compare + one write per table entry whose output
// differs from its input; Foster, "Content Addressable Parallel Processors", 1976; Yavits, Morad
// and Ginosar, IEEE Trans. Computers 64(2), 2015). Of the 8 (C, B_i, A_i) states only 4 change:
//   (C,B,A) 011 -> C=1 B=0,   001 -> B=1,   100 -> C=0 B=1,   110 -> B=0
// and the order matters: 001 becomes 011 and 110 becomes 100, so 011 must precede 001 and 100
// precede 110 (otherwise a row is rewritten twice in the same bit). Per bit: 4 compares and
// 4 writes; plus one write clearing C on every row first: 4n compares + (4n + 1) writes.
//
// Ternary-weight multiply-accumulate acc <- acc + w x (w in {-1, 0, +1} stored as two bits
// wp = [w = +1], wn = [w = -1]; x an n-bit unsigned activation, acc an m-bit two's-complement
// accumulator, m > n; de Lima et al.'s ternary weights with low-bit activations): the add above on
// rows with wp = 1 (wp joins every compare key), then the in-place subtract acc <- acc - x on rows
// with wn = 1, borrow column in place of C. Subtract table (Br, B, A) changing entries:
//   001 -> B=1 Br=1,   011 -> B=0,   110 -> B=0 Br=0,   100 -> B=1
// (011 becomes 001 and 100 becomes 110: 001 before 011, 110 before 100). For the bits i >= n of
// acc the operand bit is 0, so only the A = 0 entries remain (2 per bit). Passes:
// 2 (4n + 2(m - n)) compares, 2 (4n + 2(m - n)) + 2 writes (one carry clear per half).
// Rows with w = 0 never match.
//
// The passes are data, applied by ap_apply to a bit array (tests/imc/test_ap.cpp runs them on
// actual words and checks the sums), and priced by ap_cost from the measured per-pass numbers.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "util/diag.h"

namespace rtmchar::imc {

/// One (column, value) pair of a compare key or a write.
struct ApBit {
  int column = 0;
  int value = 0;
};

/// A compare pass (tags the rows whose `key` columns hold the key values; an empty key tags every
/// row) followed by its write (into `write` columns of the tagged rows). `compare` false: the
/// write goes to every row without a compare (e.g. clearing the carry).
struct ApPass {
  bool compare = true;
  std::vector<ApBit> key;
  std::vector<ApBit> write;
};

/// An operation: its passes and the column layout of a row.
struct ApProgram {
  std::string name;
  int row_bits = 0;             ///< columns per row
  std::vector<ApPass> passes;
  /// Column groups of which at most one column holds a 1 (the ternary weight's wp/wn); random
  /// rows (ap_random_tags) pick none or one of each group with equal probability.
  std::vector<std::vector<int>> one_hot;
  int compares() const;         ///< number of compare passes
  int writes() const;           ///< number of write passes (each compare is followed by one)
  int active_columns() const;   ///< largest key size of any compare (columns searched at once)
};

/// Column layout of the add: A bits 0..n-1, B bits n..2n-1, C at 2n (LSB first).
ApProgram ap_add(int n);

/// Column layout of the MAC: x bits 0..n-1, acc bits n..n+m-1, carry/borrow n+m, wp n+m+1,
/// wn n+m+2. Requires 1 <= n < m.
ApProgram ap_ternary_mac(int n, int m);

/// A tiny AP: rows of bits. apply() runs a program on every row and returns, per pass, the number
/// of tagged rows (for the write energy).
struct ApArray {
  std::vector<std::vector<std::uint8_t>> rows;
  std::vector<int> apply(const ApProgram& prog);
};

/// The measured per-pass numbers of one CAM technology point.
struct ApPassCosts {
  double compare_time = 0;     ///< precharge + evaluation to the strobe [s]
  double compare_energy = 0;   ///< per row and compare [J]
  double write_time = 0;       ///< write pulse that writes both values [s]
  double write_energy_0 = 0;   ///< per written bit, value 0 [J]
  double write_energy_1 = 0;   ///< per written bit, value 1 [J]
};

/// Latency and energy of one operation on `rows` rows.
struct ApOpCost {
  int compares = 0, writes = 0;
  double latency = 0;          ///< compares x compare_time + writes x write_time [s]
  double energy_worst = 0;     ///< every row tagged by every compare (an upper bound) [J]
  double energy_random = 0;    ///< tagged fractions of uniformly random operands (ap_random_tags) [J]
  double written_bits_per_row = 0;  ///< mean bits written per row in the random case
};

/// Fraction of rows each pass tags, from applying `prog` to `sample_rows` rows of uniformly random
/// bits (std::mt19937_64, fixed seed: deterministic); carry/borrow columns start at 0 (the program
/// clears them anyway).
std::vector<double> ap_random_tags(const ApProgram& prog, int sample_rows = 4096);

/// Cost of `prog` on `rows` rows; imc.bad-param for rows < 1 or a non-positive cost.
std::optional<ApOpCost> ap_cost(const ApProgram& prog, const ApPassCosts& c, long rows, Diagnostics& diag);

}  // namespace rtmchar::imc
