#pragma once
// Circuit builders over a characterized library: an n-bit ripple-carry adder of a full-adder
// cell and an n x n unsigned carry-save (Braun) array multiplier (docs/composer.md).
#include <optional>
#include <string>

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

}  // namespace rtmchar::compose
