// Associative-processor operation model: pass counts against a hand count, and the passes applied
// to actual bit words on a tiny emulated AP (every operand pair), so the sequence is proven.
#include <catch2/catch.hpp>

#include <cstdint>
#include <utility>

#include "imc/ap.h"

using namespace rtmchar;
using namespace rtmchar::imc;

namespace {

/// Appends the n low bits of v, LSB first.
void append(std::vector<std::uint8_t>& row, unsigned v, int n) {
  for (int i = 0; i < n; ++i) row.push_back(static_cast<std::uint8_t>((v >> i) & 1u));
}

unsigned value(const std::vector<std::uint8_t>& row, int first, int n) {
  unsigned v = 0;
  for (int i = 0; i < n; ++i) v |= static_cast<unsigned>(row[static_cast<std::size_t>(first + i)]) << i;
  return v;
}

/// Every (A, B) pair of n bits, C = 1 (the program must clear it).
ApArray all_pairs(int n) {
  ApArray a;
  for (unsigned x = 0; x < (1u << n); ++x)
    for (unsigned y = 0; y < (1u << n); ++y) {
      std::vector<std::uint8_t> row;
      append(row, x, n);
      append(row, y, n);
      append(row, 1, 1);
      a.rows.push_back(std::move(row));
    }
  return a;
}

/// Rows whose B is not A + B (mod 2^n) or whose C is not the carry out, after running `prog`.
int wrong_sums(const ApProgram& prog, int n) {
  ApArray a = all_pairs(n);
  const ApArray before = a;
  a.apply(prog);
  int wrong = 0;
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    const unsigned x = value(before.rows[r], 0, n), y = value(before.rows[r], n, n);
    const unsigned sum = x + y;
    const bool ok = value(a.rows[r], 0, n) == x && value(a.rows[r], n, n) == (sum & ((1u << n) - 1)) &&
                    a.rows[r][static_cast<std::size_t>(2 * n)] == (sum >> n);
    wrong += ok ? 0 : 1;
  }
  return wrong;
}

}  // namespace

TEST_CASE("AP add: 4 compare/write passes per bit plus one carry clear (hand count)") {
  for (int n : {1, 4, 8, 16}) {
    const ApProgram p = ap_add(n);
    CHECK(p.row_bits == 2 * n + 1);
    CHECK(p.compares() == 4 * n);
    CHECK(p.writes() == 4 * n + 1);
    CHECK(p.active_columns() == 3);
  }
  // Ternary MAC, x 4 bits, acc 8 bits: per half 4 x 4 + 2 x 4 = 24 compares; 2 carry clears.
  const ApProgram m = ap_ternary_mac(4, 8);
  CHECK(m.compares() == 48);
  CHECK(m.writes() == 50);
  CHECK(m.active_columns() == 4);
  CHECK(m.row_bits == 15);
}

TEST_CASE("AP add applied to every pair of 4-bit words gives A + B and the carry") {
  CHECK(wrong_sums(ap_add(4), 4) == 0);
  CHECK(wrong_sums(ap_add(1), 1) == 0);
  // Known-bad order: 001 before 011 rewrites rows that just became 011 (the check can fail).
  ApProgram bad = ap_add(4);
  std::swap(bad.passes[1], bad.passes[2]);
  CHECK(wrong_sums(bad, 4) > 0);
}

TEST_CASE("AP ternary MAC applied to every (w, x, acc) gives acc + w x mod 2^m") {
  const int n = 4, m = 8;
  const ApProgram p = ap_ternary_mac(n, m);
  ApArray a;
  std::vector<std::pair<int, unsigned>> wx;
  std::vector<unsigned> acc0;
  for (int w = -1; w <= 1; ++w)
    for (unsigned x = 0; x < 16; ++x)
      for (unsigned acc = 0; acc < 256; ++acc) {
        std::vector<std::uint8_t> row;
        append(row, x, n);
        append(row, acc, m);
        append(row, 1, 1);  // carry column, dirty on purpose
        append(row, w == 1, 1);
        append(row, w == -1, 1);
        a.rows.push_back(std::move(row));
        wx.emplace_back(w, x);
        acc0.push_back(acc);
      }
  a.apply(p);
  int wrong = 0;
  for (std::size_t r = 0; r < a.rows.size(); ++r) {
    const auto [w, x] = wx[r];
    const unsigned expect = static_cast<unsigned>(static_cast<int>(acc0[r]) + w * static_cast<int>(x)) & 255u;
    const bool ok = value(a.rows[r], n, m) == expect && value(a.rows[r], 0, n) == x &&
                    a.rows[r][n + m + 1] == (w == 1) && a.rows[r][n + m + 2] == (w == -1);
    wrong += ok ? 0 : 1;
  }
  CHECK(wrong == 0);
}

TEST_CASE("AP cost: closed form of the pass counts and the random-operand write statistics") {
  const ApPassCosts c{.compare_time = 1e-9, .compare_energy = 10e-15, .write_time = 2e-9,
                      .write_energy_0 = 100e-15, .write_energy_1 = 200e-15};
  Diagnostics diag;
  const int n = 8;
  const long rows = 1000;
  auto r = ap_cost(ap_add(n), c, rows, diag);
  REQUIRE(r);
  CHECK(r->latency == Approx(4 * n * 1e-9 + (4 * n + 1) * 2e-9));
  // Written bits per bit: {C=1,B=0}, {B=1}, {C=0,B=1}, {B=0} = 3 zeros + 3 ones; clear: one zero.
  const double worst = rows * (4 * n * 10e-15 + 100e-15 + n * (3 * 100e-15 + 3 * 200e-15));
  CHECK(r->energy_worst == Approx(worst));
  // Uniform operands: whatever the carry probability p, the entries are tagged with (1-p)/4,
  // (1-p)/4, p/4, p/4 and write 2, 1, 2, 1 bits: 3/4 bit per row and bit, plus the clear.
  CHECK(r->written_bits_per_row == Approx(1 + 0.75 * n).epsilon(0.03));
  CHECK(r->energy_random < r->energy_worst);
  CHECK(r->energy_random > rows * 4 * n * 10e-15);
  CHECK_FALSE(ap_cost(ap_add(n), c, 0, diag));
  CHECK(diag.has_errors());
}
