#include "imc/ap.h"

#include <algorithm>
#include <random>

#include <fmt/format.h>

namespace rtmchar::imc {
namespace {

/// One truth-table entry: the (carry, B, A) state to compare and the (carry, B) values to write;
/// -1 = that column is not written.
struct Entry {
  int c, b, a, write_c, write_b;
};

// In-place add (C, B, A): the four changing states in a safe order (ap.h).
constexpr Entry kAdd[] = {{0, 1, 1, 1, 0}, {0, 0, 1, -1, 1}, {1, 0, 0, 0, 1}, {1, 1, 0, -1, 0}};
// In-place subtract (Br, B, A): the four changing states in a safe order (ap.h).
constexpr Entry kSub[] = {{0, 0, 1, 1, 1}, {0, 1, 1, -1, 0}, {1, 1, 0, 0, 0}, {1, 0, 0, -1, 1}};

/// Passes of one bit: column a < 0 means the operand bit is 0 (entries with A = 1 drop out).
void add_bit_passes(ApProgram& p, const Entry (&table)[4], int a, int b, int c, const std::vector<ApBit>& guard) {
  for (const Entry& e : table) {
    if (a < 0 && e.a) continue;
    ApPass pass;
    pass.key = guard;
    pass.key.push_back({c, e.c});
    pass.key.push_back({b, e.b});
    if (a >= 0) pass.key.push_back({a, e.a});
    if (e.write_c >= 0) pass.write.push_back({c, e.write_c});
    if (e.write_b >= 0) pass.write.push_back({b, e.write_b});
    p.passes.push_back(std::move(pass));
  }
}

ApPass clear(int column) { return ApPass{false, {}, {{column, 0}}}; }

}  // namespace

int ApProgram::compares() const {
  return static_cast<int>(std::count_if(passes.begin(), passes.end(), [](const ApPass& p) { return p.compare; }));
}

int ApProgram::writes() const { return static_cast<int>(passes.size()); }

int ApProgram::active_columns() const {
  std::size_t k = 0;
  for (const ApPass& p : passes) k = std::max(k, p.key.size());
  return static_cast<int>(k);
}

ApProgram ap_add(int n) {
  ApProgram p{fmt::format("add{}", n), 2 * n + 1, {}, {}};
  const int c = 2 * n;
  p.passes.push_back(clear(c));
  for (int i = 0; i < n; ++i) add_bit_passes(p, kAdd, i, n + i, c, {});
  return p;
}

ApProgram ap_ternary_mac(int n, int m) {
  ApProgram p{fmt::format("ternary_mac{}x{}", n, m), n + m + 3, {}, {}};
  const int c = n + m, wp = n + m + 1, wn = n + m + 2;
  p.one_hot = {{wp, wn}};
  p.passes.push_back(clear(c));
  for (int i = 0; i < m; ++i) add_bit_passes(p, kAdd, i < n ? i : -1, n + i, c, {{wp, 1}});
  p.passes.push_back(clear(c));
  for (int i = 0; i < m; ++i) add_bit_passes(p, kSub, i < n ? i : -1, n + i, c, {{wn, 1}});
  return p;
}

std::vector<int> ApArray::apply(const ApProgram& prog) {
  std::vector<int> tagged;
  for (const ApPass& pass : prog.passes) {
    int count = 0;
    for (auto& row : rows) {
      const bool match = !pass.compare || std::all_of(pass.key.begin(), pass.key.end(), [&](const ApBit& k) {
        return row[static_cast<std::size_t>(k.column)] == k.value;
      });
      if (!match) continue;
      ++count;
      for (const ApBit& w : pass.write) row[static_cast<std::size_t>(w.column)] = static_cast<std::uint8_t>(w.value);
    }
    tagged.push_back(count);
  }
  return tagged;
}

std::vector<double> ap_random_tags(const ApProgram& prog, int sample_rows) {
  std::mt19937_64 rng(20240501);  // fixed seed; raw engine output is specified by the standard
  ApArray a;
  for (int r = 0; r < sample_rows; ++r) {
    std::vector<std::uint8_t> row(static_cast<std::size_t>(prog.row_bits));
    for (auto& b : row) b = static_cast<std::uint8_t>(rng() >> 63);
    for (const auto& group : prog.one_hot) {
      for (int col : group) row[static_cast<std::size_t>(col)] = 0;
      const auto pick = rng() % (group.size() + 1);  // 0 = none, k = group[k-1]
      if (pick > 0) row[static_cast<std::size_t>(group[pick - 1])] = 1;
    }
    a.rows.push_back(std::move(row));
  }
  std::vector<double> frac;
  for (int t : a.apply(prog)) frac.push_back(static_cast<double>(t) / sample_rows);
  return frac;
}

std::optional<ApOpCost> ap_cost(const ApProgram& prog, const ApPassCosts& c, long rows, Diagnostics& diag) {
  if (rows < 1 || !(c.compare_time > 0) || !(c.compare_energy > 0) || !(c.write_time > 0) ||
      !(c.write_energy_0 > 0) || !(c.write_energy_1 > 0)) {
    diag.error("imc.bad-param", {},
               fmt::format("{}: rows ({}) and every per-pass time and energy must be positive", prog.name, rows));
    return std::nullopt;
  }
  ApOpCost out;
  out.compares = prog.compares();
  out.writes = prog.writes();
  out.latency = out.compares * c.compare_time + out.writes * c.write_time;
  const std::vector<double> frac = ap_random_tags(prog);
  const double n = static_cast<double>(rows);
  out.energy_worst = out.energy_random = out.compares * n * c.compare_energy;
  for (std::size_t k = 0; k < prog.passes.size(); ++k) {
    double per_row = 0;
    for (const ApBit& w : prog.passes[k].write) per_row += w.value ? c.write_energy_1 : c.write_energy_0;
    out.energy_worst += n * per_row;
    out.energy_random += frac[k] * n * per_row;
    out.written_bits_per_row += frac[k] * static_cast<double>(prog.passes[k].write.size());
  }
  return out;
}

}  // namespace rtmchar::imc
