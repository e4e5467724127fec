#pragma once
// Circuit builders over a characterized library: an n-bit ripple-carry adder of a full-adder
// cell, an n x n unsigned carry-save (Braun) array multiplier, and their clocked forms over the
// racetrack in-memory adder fa_rtm (mul_rtm, docs/composer.md).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "compose/composer.h"
#include "liberty/model.h"
#include "util/diag.h"

namespace rtmchar::compose {

/// The full-adder cell and its pin names (inputs A, B, CI; outputs S = A^B^CI, CO = maj).
struct FullAdderCell {
  std::string cell = "fa_cmos";
  std::string a = "A", b = "B", ci = "CI", s = "S", co = "CO";
};

/// The 2-input AND of the partial products: `and_cell` (pins A, B -> Y) if the library has it,
/// otherwise `nand_cell` (A, B -> Y) followed by `inv_cell` (A -> Y).
struct AndGate {
  std::string and_cell = "and2";
  std::string nand_cell = "nand2";
  std::string inv_cell = "inv";
};

/// n-bit ripple-carry adder: primary inputs A0..A(n-1), B0..B(n-1), CI (in this order), outputs
/// S0..S(n-1), CO; instance fa<i> takes A<i>, B<i> and the carry of fa<i-1>. bits in [1, 64]
/// (compose.bits); compose.unknown-cell if the library lacks the cell.
std::optional<Circuit> ripple_carry_adder(const liberty::Library& lib, int bits, const FullAdderCell& fa,
                                          Diagnostics& diag);

/// n x n unsigned array multiplier: inputs A0..A(n-1), B0..B(n-1); outputs P0..P(2n-1).
/// Partial products pp(i,j) = A<j> & B<i>. Rows i = 1..n-1 of full adders add pp(i,j) to the
/// shifted sums and same-column carries of the row above (carry-save, Braun array); a final
/// ripple-carry row adds the last sums and carries. Half adders are full adders with one input
/// tied to 0, so the array has n^2 full adders and n^2 AND gates. bits in [2, 16].
std::optional<Circuit> array_multiplier(const liberty::Library& lib, int bits, const FullAdderCell& fa,
                                        const AndGate& and_gate, Diagnostics& diag);

/// A clocked racetrack full adder written as two Liberty view cells of one circuit (the form of
/// rtm::make_adder_library): `sum` (pin s = A^B^CI registered) and `carry` (pin co = maj
/// registered); an adder instance is one of each on the same input nets. `a` is the racetrack
/// operand (the bit stored under the ports), b and ci are CMOS inputs.
struct RtmAdderViews {
  std::string sum = "fa_rtm_sum", carry = "fa_rtm_carry";
  std::string a = "A", b = "B", ci = "CI", s = "S", co = "CO";
};

/// Cycle energies of the two views for Conditions::cycle_energy: each view carries half of the
/// circuit's energy per evaluation (user attribute `rtm_evaluation_energy` of the sum view, which
/// holds the whole circuit's), measured with the smallest load of the CLK->out tables on each
/// output (the functional bench's load). compose.no-cycle-energy if the attribute is missing.
std::optional<std::map<std::string, Conditions::CycleEnergy>> rtm_adder_cycle_energy(const liberty::Library& lib,
                                                                                   const RtmAdderViews& views,
                                                                                   Diagnostics& diag);

/// n-bit registered ripple of racetrack adders: inputs A0..A(n-1) (racetrack operands),
/// B0..B(n-1), CI; outputs S0..S(n-1), CO. Bit i adds A<i> + B<i> + the REGISTERED carry of bit
/// i-1, so the carry advances one bit per clock cycle (n cycles to CO). bits in [1, 64].
std::optional<Circuit> rtm_ripple_adder(const liberty::Library& lib, int bits, const RtmAdderViews& views,
                                        Diagnostics& diag);

/// mul_rtm: n x n unsigned multiplier, a pipelined Braun array of racetrack adders whose operand A
/// is the partial product pp(i,j) = A<j> & B<i> stored under the ports (docs/composer.md, "mul_rtm":
/// the array's sums and carries occupy the CMOS pins B and CI, so the only place for the partial
/// product is the racetrack operand). Inputs PP<i>_<j> (i-major: i = 0..n-1, j = 0..n-1; see
/// multiplier_operands); outputs P0..P(2n-1). Row 0: adders with B = CI = 0 register pp(0,j)
/// (P0 = its column 0); rows i = 1..n-1: adder (i,j) adds pp(i,j) (A), the row above's sum of
/// column j+1 (B) and its carry of column j (CI), P<i> = column 0; the last row's sums and carries
/// are merged by a combinational ripple of `cpa` (P<n>..P<2n-1>). n^2 racetrack adders (2 n^2 view
/// instances) + n `cpa` cells; each row is one pipeline stage. bits in [2, 16].
///
/// Hold fixing: `hold` puts a chain of `hold.pairs_b` (`hold.pairs_ci`) inverter pairs on every
/// register-to-register net into a B (CI) pin, i.e. between a row's sum (carry) and the next row
/// (instances hb<i>_<j>_<k>, hc<i>_<j>_<k>); the nets into the merging ripple are combinational
/// paths to the outputs and get none. Zero pairs (the default) is the bare array.
struct HoldDelays {
  int pairs_b = 0, pairs_ci = 0;
  std::string inv_cell = "inv";  ///< pins A -> Y
};
std::optional<Circuit> rtm_array_multiplier(const liberty::Library& lib, int bits, const RtmAdderViews& views,
                                            const FullAdderCell& cpa, Diagnostics& diag,
                                            const HoldDelays& hold = {});

/// The input vector of rtm_array_multiplier for operands a, b (bit k of a is A<k>): pp(i,j) =
/// A<j> & B<i>, i-major.
std::vector<bool> multiplier_operands(int bits, std::uint64_t a, std::uint64_t b);

}  // namespace rtmchar::compose
