#include "compose/builders.h"

#include <fmt/format.h>

#include <functional>
#include <string>
#include <vector>

namespace rtmchar::compose {
namespace {

// A net as a (driver, pin) pair ready to connect.
struct Src {
  Vertex v;
  std::string pin;
};

bool check_bits(int bits, int lo, int hi, Diagnostics& diag) {
  if (bits >= lo && bits <= hi) return true;
  diag.error("compose.bits", {}, fmt::format("bit width {} outside [{}, {}]", bits, lo, hi));
  return false;
}

// One full adder: returns {S, CO} sources.
std::optional<std::pair<Src, Src>> add_fa(Circuit& c, const std::string& name, const FullAdderCell& fa, const Src& a,
                                          const Src& b, const Src& ci, Diagnostics& diag) {
  auto v = c.add_instance(name, fa.cell, diag);
  if (!v || !c.connect(a.v, a.pin, *v, fa.a, diag) || !c.connect(b.v, b.pin, *v, fa.b, diag) ||
      !c.connect(ci.v, ci.pin, *v, fa.ci, diag))
    return std::nullopt;
  return std::make_pair(Src{*v, fa.s}, Src{*v, fa.co});
}

std::optional<Src> add_and(Circuit& c, const std::string& name, const AndGate& g, const Src& a, const Src& b,
                           Diagnostics& diag) {
  if (c.library().find_cell(g.and_cell) != nullptr) {
    auto v = c.add_instance(name, g.and_cell, diag);
    if (!v || !c.connect(a.v, a.pin, *v, "A", diag) || !c.connect(b.v, b.pin, *v, "B", diag)) return std::nullopt;
    return Src{*v, "Y"};
  }
  auto n = c.add_instance(name + "_n", g.nand_cell, diag);
  if (!n) return std::nullopt;
  auto i = c.add_instance(name + "_i", g.inv_cell, diag);
  if (!i || !c.connect(a.v, a.pin, *n, "A", diag) || !c.connect(b.v, b.pin, *n, "B", diag) ||
      !c.connect(*n, "Y", *i, "A", diag))
    return std::nullopt;
  return Src{*i, "Y"};
}

bool to_output(Circuit& c, const std::string& name, const Src& s, Diagnostics& diag) {
  return c.connect(s.v, s.pin, c.add_output(name), "", diag);
}

// One racetrack adder (both views on the same nets): returns {S, CO} sources.
std::optional<std::pair<Src, Src>> add_rtm(Circuit& c, const std::string& name, const RtmAdderViews& fa, const Src& a,
                                           const Src& b, const Src& ci, Diagnostics& diag) {
  auto s = c.add_instance(name + "_s", fa.sum, diag);
  if (!s) return std::nullopt;
  auto k = c.add_instance(name + "_c", fa.carry, diag);
  if (!k) return std::nullopt;
  for (Vertex v : {*s, *k})
    if (!c.connect(a.v, a.pin, v, fa.a, diag) || !c.connect(b.v, b.pin, v, fa.b, diag) ||
        !c.connect(ci.v, ci.pin, v, fa.ci, diag))
      return std::nullopt;
  return std::make_pair(Src{*s, fa.s}, Src{*k, fa.co});
}

// One full adder of the array: (instance name, the three inputs) -> (sum, carry).
using AdderFn = std::function<std::optional<std::pair<Src, Src>>(const std::string&, const Src&, const Src&,
                                                                 const Src&)>;

// Carry-save rows i = first..n-1 of a Braun array: adder (i, j) adds pp[i][j] to sum[j] and
// carry[j] (all of weight 2^(i+j)); row i's lowest sum is P<i>. On return `sum` and `carry` hold
// the last row's sums (shifted by one column) and carries, for the merging ripple.
bool carry_save_rows(Circuit& c, const std::vector<std::vector<Src>>& pp, size_t first, const Src& zero,
                     const AdderFn& add, std::vector<Src>& sum, std::vector<Src>& carry, Diagnostics& diag) {
  const size_t n = pp.size();
  for (size_t i = first; i < n; ++i) {
    std::vector<Src> ns, nc;
    for (size_t j = 0; j < n; ++j) {
      auto r = add(fmt::format("fa{}_{}", i, j), pp[i][j], sum[j], carry[j]);
      if (!r) return false;
      ns.push_back(r->first);
      nc.push_back(r->second);
    }
    if (!to_output(c, fmt::format("P{}", i), ns[0], diag)) return false;
    sum.assign(ns.begin() + 1, ns.end());
    sum.push_back(zero);
    carry = nc;
  }
  return true;
}

// The vector-merging ripple of fa over the last sums and carries: outputs P<n+j> (weights
// 2^(n+j)), instances `prefix`<j>; the last carry (weight 2^(2n)) is always 0 and left unconnected.
bool merging_ripple(Circuit& c, const FullAdderCell& fa, const std::string& prefix, const std::vector<Src>& sum,
                    const std::vector<Src>& carry, const Src& zero, Diagnostics& diag) {
  const size_t n = sum.size();
  Src rc = zero;
  for (size_t j = 0; j < n; ++j) {
    auto r = add_fa(c, prefix + std::to_string(j), fa, sum[j], carry[j], rc, diag);
    if (!r || !to_output(c, fmt::format("P{}", n + j), r->first, diag)) return false;
    rc = r->second;
  }
  return true;
}

// n-bit ripple of full adders made by `add` (instance fa<i>): inputs A0..A(n-1), B0..B(n-1), CI;
// outputs S0..S(n-1), CO. bits in [1, 64].
std::optional<Circuit> ripple(
    const liberty::Library& lib, int bits, Diagnostics& diag,
    const std::function<std::optional<std::pair<Src, Src>>(Circuit&, const std::string&, const Src&, const Src&,
                                                           const Src&)>& add) {
  if (!check_bits(bits, 1, 64, diag)) return std::nullopt;
  Circuit c(lib);
  std::vector<Vertex> a, b;
  for (int i = 0; i < bits; ++i) a.push_back(c.add_input(fmt::format("A{}", i)));
  for (int i = 0; i < bits; ++i) b.push_back(c.add_input(fmt::format("B{}", i)));
  Src carry{c.add_input("CI"), ""};
  for (int i = 0; i < bits; ++i) {
    const auto k = static_cast<size_t>(i);
    auto r = add(c, fmt::format("fa{}", i), {a[k], ""}, {b[k], ""}, carry);
    if (!r || !to_output(c, fmt::format("S{}", i), r->first, diag)) return std::nullopt;
    carry = r->second;
  }
  if (!to_output(c, "CO", carry, diag)) return std::nullopt;
  return c;
}

}  // namespace

std::optional<Circuit> ripple_carry_adder(const liberty::Library& lib, int bits, const FullAdderCell& fa,
                                          Diagnostics& diag) {
  return ripple(lib, bits, diag, [&](Circuit& c, const std::string& name, const Src& x, const Src& y, const Src& z) {
    return add_fa(c, name, fa, x, y, z, diag);
  });
}

std::optional<Circuit> array_multiplier(const liberty::Library& lib, int bits, const FullAdderCell& fa,
                                        const AndGate& and_gate, Diagnostics& diag) {
  if (!check_bits(bits, 2, 16, diag)) return std::nullopt;
  const auto n = static_cast<size_t>(bits);
  Circuit c(lib);
  std::vector<Vertex> a, b;
  for (size_t i = 0; i < n; ++i) a.push_back(c.add_input(fmt::format("A{}", i)));
  for (size_t i = 0; i < n; ++i) b.push_back(c.add_input(fmt::format("B{}", i)));
  const Src zero{c.add_constant(false), ""};
  // pp[i][j] = A<j> & B<i>, weight 2^(i+j).
  std::vector<std::vector<Src>> pp(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) {
      auto s = add_and(c, fmt::format("and{}_{}", i, j), and_gate, {a[j], ""}, {b[i], ""}, diag);
      if (!s) return std::nullopt;
      pp[i].push_back(*s);
    }
  if (!to_output(c, "P0", pp[0][0], diag)) return std::nullopt;
  // Row state entering row i: sum[j] and carry[j], both of weight 2^(i+j).
  std::vector<Src> sum, carry(n, zero);
  for (size_t j = 0; j + 1 < n; ++j) sum.push_back(pp[0][j + 1]);
  sum.push_back(zero);
  const AdderFn add = [&](const std::string& name, const Src& x, const Src& y, const Src& z) {
    return add_fa(c, name, fa, x, y, z, diag);
  };
  if (!carry_save_rows(c, pp, 1, zero, add, sum, carry, diag)) return std::nullopt;
  if (!merging_ripple(c, fa, fmt::format("fa{}_", n), sum, carry, zero, diag)) return std::nullopt;
  return c;
}

}  // namespace rtmchar::compose

namespace rtmchar::compose {

std::optional<std::map<std::string, Conditions::CycleEnergy>> rtm_adder_cycle_energy(const liberty::Library& lib,
                                                                                   const RtmAdderViews& views,
                                                                                   Diagnostics& diag) {
  const liberty::Cell* sum = lib.find_cell(views.sum);
  const liberty::Cell* carry = lib.find_cell(views.carry);
  std::optional<double> energy, ref;
  if (sum != nullptr) {
    for (const liberty::UserAttribute& a : sum->user_attributes)
      if (a.name == "rtm_evaluation_energy" && a.numbers.size() == 1) energy = a.numbers.front();
    if (const liberty::Pin* p = sum->find_pin(views.s); p != nullptr)
      for (const liberty::TimingArc& t : p->timing)
        if (t.cell_rise)
          for (const liberty::Axis& ax : t.cell_rise->axes())
            if (ax.variable == liberty::AxisVariable::TotalOutputNetCapacitance) ref = ax.values.front();
  }
  if (carry == nullptr || !energy || !ref) {
    diag.error("compose.no-cycle-energy", {},
               fmt::format("library {}: no views {} / {} with rtm_evaluation_energy and a CLK->{} load axis", lib.name,
                           views.sum, views.carry, views.s));
    return std::nullopt;
  }
  return std::map<std::string, Conditions::CycleEnergy>{{views.sum, {*energy / 2, *ref}},
                                                        {views.carry, {*energy / 2, *ref}}};
}

std::optional<Circuit> rtm_ripple_adder(const liberty::Library& lib, int bits, const RtmAdderViews& views,
                                        Diagnostics& diag) {
  return ripple(lib, bits, diag, [&](Circuit& c, const std::string& name, const Src& x, const Src& y, const Src& z) {
    return add_rtm(c, name, views, x, y, z, diag);
  });
}

std::optional<Circuit> rtm_array_multiplier(const liberty::Library& lib, int bits, const RtmAdderViews& views,
                                            const FullAdderCell& cpa, Diagnostics& diag, const HoldDelays& hold) {
  if (!check_bits(bits, 2, 16, diag)) return std::nullopt;
  if (hold.pairs_b < 0 || hold.pairs_ci < 0) {
    diag.error("compose.hold-delays", {}, "hold delay chains need a non-negative number of inverter pairs");
    return std::nullopt;
  }
  const auto n = static_cast<size_t>(bits);
  Circuit c(lib);
  std::vector<std::vector<Src>> pp(n);
  for (size_t i = 0; i < n; ++i)
    for (size_t j = 0; j < n; ++j) pp[i].push_back({c.add_input(fmt::format("PP{}_{}", i, j)), ""});
  const Src zero{c.add_constant(false), ""};
  // Row state entering row i: sum[j] and carry[j], both of weight 2^(i+j).
  std::vector<Src> sum(n, zero), carry(n, zero);
  // A chain of `pairs` inverter pairs after `from` (instances <prefix>_<k>), returning its end.
  auto delay = [&](Src from, int pairs, const std::string& prefix) -> std::optional<Src> {
    for (int k = 0; k < 2 * pairs; ++k) {
      auto v = c.add_instance(fmt::format("{}_{}", prefix, k), hold.inv_cell, diag);
      if (!v || !c.connect(from.v, from.pin, *v, "A", diag)) return std::nullopt;
      from = {*v, "Y"};
    }
    return from;
  };
  size_t adders = 0;  // carry_save_rows adds row by row, column by column
  const AdderFn add = [&](const std::string& name, const Src& x, const Src& y, const Src& z) {
    const size_t i = adders / n, j = adders % n;
    ++adders;
    auto r = add_rtm(c, name, views, x, y, z, diag);
    // The last row's outputs go to the merging ripple.
    if (!r || i + 1 == n) return r;
    const std::string ij = fmt::format("{}_{}", i, j);
    // Row i's sum of column j feeds row i+1's B of column j-1 (column 0 is the product bit P<i>).
    if (j > 0) {
      auto s = delay(r->first, hold.pairs_b, "hb" + ij);
      if (!s) return decltype(r){};
      r->first = *s;
    }
    auto k = delay(r->second, hold.pairs_ci, "hc" + ij);
    if (!k) return decltype(r){};
    r->second = *k;
    return r;
  };
  if (!carry_save_rows(c, pp, 0, zero, add, sum, carry, diag)) return std::nullopt;
  // Vector-merging ripple (combinational).
  if (!merging_ripple(c, cpa, "cpa", sum, carry, zero, diag)) return std::nullopt;
  return c;
}

std::vector<bool> multiplier_operands(int bits, std::uint64_t a, std::uint64_t b) {
  std::vector<bool> v;
  for (int i = 0; i < bits; ++i)
    for (int j = 0; j < bits; ++j) v.push_back(((a >> j) & 1U) != 0 && ((b >> i) & 1U) != 0);
  return v;
}

}  // namespace rtmchar::compose
