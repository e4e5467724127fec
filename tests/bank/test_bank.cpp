// Bank estimator: analytic components against hand calculations, physical trends, validation.
#include <catch2/catch.hpp>
#include <cmath>

#include "bank/bank.h"
#include "bank/model.h"
#include "bank/search.h"

using namespace rtmchar;
using Catch::Detail::Approx;

namespace {

const tech::Technology& tech32() {
  static const tech::Technology t = [] {
    Diagnostics d;
    return *tech::load("32nm", {}, d);
  }();
  return t;
}

bank::Organization org(std::int64_t bits, int rows, int cols, int mats, int banks, int mux, int domains, int ports,
                       int cluster) {
  return {bits, cols / mux * mats, domains, ports, cluster, rows, cols, mats, banks, mux};
}

}  // namespace

TEST_CASE("Elmore wire delay matches the hand calculation") {
  // 0.69*1k*(10f+5f) + 0.38*2k*10f + 0.69*2k*5f = 10.35p + 7.6p + 6.9p
  CHECK(bank::wire_delay(1e3, 2e3, 10e-15, 5e-15) == Approx(24.85e-12).epsilon(1e-12));
  CHECK(bank::wire_delay(0, 0, 0, 1e-15) == 0.0);
}

TEST_CASE("decoder is sized by logical effort") {
  bank::Process p;
  p.tau = 1e-12;
  p.c_inv = 1e-15;
  p.w_inv = 1e-7;
  // 256 outputs: 8 address bits, 3 NAND2 levels (G = (4/3)^3), B = 128, H = 100 fF / 1 fF.
  const double F = std::pow(4.0 / 3.0, 3) * 128 * 100;
  const bank::DriverChain d = bank::decoder(p, 256, 100e-15);
  CHECK(d.effort == Approx(F));
  CHECK(d.stages == static_cast<int>(std::lround(std::log(F) / std::log(4.0))));
  CHECK(d.stages == 7);
  const double f = std::pow(F, 1.0 / 7);
  CHECK(d.stage_effort == Approx(f));
  CHECK(d.delay == Approx((7 * f + 7 + 6) * 1e-12));  // P = N p_inv + 2 per NAND2 level
  // A buffer into its own input cap: one stage, delay (1 + 1) tau.
  const bank::DriverChain b = bank::buffer(p, 1e-15);
  CHECK(b.stages == 1);
  CHECK(b.delay == Approx(2e-12));
}

TEST_CASE("process numbers from the 32 nm techfile are in the physical range") {
  const bank::Process p = bank::process_from_technology(tech32());
  // docs/techfiles.md: ngspice Ion,n of W = 10F = 433 uA -> 1.35 mA/um; the velocity-saturation
  // estimate must be within 25 %.
  CHECK(p.ion_n == Approx(433e-6 / 320e-9).epsilon(0.25));
  CHECK(p.ion_p == Approx(307e-6 / 320e-9).epsilon(0.35));
  CHECK(p.ioff_n > 0);
  CHECK(p.ioff_n < 1e-3 * p.ion_n);
  CHECK(p.tau > 0.5e-12);
  CHECK(p.tau < 5e-12);
}

TEST_CASE("repeated wire is faster than an unrepeated one over a long wire") {
  const bank::Process p = bank::process_from_technology(tech32());
  const double len = 5e-3;
  const bank::RepeatedWire w = bank::repeated_wire(p, len, bank::WireLayer::Global);
  const double plain = bank::wire_delay(p.r_inv, p.wire_r[2] * len, p.wire_c[2] * len, p.c_inv);
  CHECK(w.segments > 1);
  CHECK(w.delay < plain);
  // Bakoglu: delay grows linearly with length when repeated.
  const bank::RepeatedWire w2 = bank::repeated_wire(p, 2 * len, bank::WireLayer::Global);
  CHECK(w2.delay / w.delay == Approx(2.0).epsilon(0.1));
}

TEST_CASE("average shifts: closed form equals brute-force enumeration") {
  for (int d : {1, 2, 4, 8, 32}) {
    double sum = 0;
    for (int i = 0; i < d; ++i)
      for (int j = 0; j < d; ++j) sum += std::abs(i - j);
    CHECK(bank::average_shifts(d * 4, 4) == Approx(sum / (d * d)).margin(1e-12));
  }
}

TEST_CASE("subarray area equals the hand-computed track area") {
  const bank::Process p = bank::process_from_technology(tech32());
  const bank::CellNumbers c = bank::cell_from_technology(tech32());
  const auto o = org(64LL * 128 * 256 * 4, 128, 256, 4, 1, 4, 64, 2, 32);
  Diagnostics d;
  REQUIRE(bank::validate(o, d));
  const bank::BankResult r = bank::evaluate(o, p, c);
  const double f = 32e-9;
  const double track = (64 + 32) * 4 * f * f + 2 * (4 * f) * (8.5 * f + 3 * f);
  CHECK(r.area_parts.front().name == "cells");
  CHECK(r.area_parts.front().area == Approx(4.0 * 128 * 256 * track).epsilon(1e-9));
  CHECK(r.cell_area == Approx(4.0 * 128 * 256 * 64 * 4 * f * f).epsilon(1e-9));
  double sum = 0;
  for (const auto& a : r.area_parts) sum += a.area;
  CHECK(r.area == Approx(sum));
  CHECK(r.efficiency > 0.05);
  CHECK(r.efficiency < 1.0);
  CHECK(r.leakage > 0);
  CHECK(r.read.latency >= r.read_aligned.latency);
  CHECK(r.read.latency > r.average_shifts * c.shift_pulse);
  CHECK(r.read_bandwidth == Approx(o.word_bits / r.read.latency));
  CHECK(r.average_shifts == Approx((32.0 * 32 - 1) / 96));
}

TEST_CASE("trends: capacity, ports, subarray size") {
  const bank::Process p = bank::process_from_technology(tech32());
  const bank::CellNumbers c = bank::cell_from_technology(tech32());
  SECTION("doubling capacity roughly doubles the area of the smallest organization") {
    auto smallest = [&](std::int64_t bits) {
      std::vector<bank::BankResult> rs;
      for (const auto& o : bank::enumerate(bits, 64, bank::default_space())) rs.push_back(bank::evaluate(o, p, c));
      REQUIRE(!rs.empty());
      return rs[bank::best(rs, bank::Objective::Area)].area;
    };
    const double a1 = smallest(8LL << 20);
    const double a2 = smallest(16LL << 20);
    CHECK(a2 / a1 > 1.7);
    CHECK(a2 / a1 < 2.3);
  }
  SECTION("more ports per track: fewer shifts; more area once the ports outweigh the overhead domains") {
    auto at = [&](int ports) { return bank::evaluate(org(8LL << 20, 128, 256, 4, 1, 4, 64, ports, 8), p, c); };
    double prev_shifts = 1e9;
    for (int ports : {1, 2, 4, 8, 16}) {
      CHECK(at(ports).average_shifts < prev_shifts);
      prev_shifts = at(ports).average_shifts;
    }
    // Overhead domains = port distance: 1 -> 2 ports halves the 64 overhead domains (saves 32 x 4 F^2,
    // adds one 46 F^2 access transistor), so the track gets shorter; from 4 ports on every added
    // port costs more than the overhead it saves.
    CHECK(at(2).area < at(1).area);
    CHECK(at(8).area > at(4).area);
    CHECK(at(16).area > at(8).area);
  }
  SECTION("more rows per subarray: longer bitline, slower aligned read") {
    double prev = 0;
    for (int rows : {16, 64, 256, 1024}) {
      const auto r = bank::evaluate(org(64LL * rows * 256 * 4, rows, 256, 4, 1, 4, 64, 2, 8), p, c);
      CHECK(r.read_aligned.latency > prev);
      prev = r.read_aligned.latency;
    }
  }
}

TEST_CASE("bad organizations are reported with the flag at fault") {
  auto ids = [](const bank::Organization& o) {
    Diagnostics d;
    CHECK_FALSE(bank::validate(o, d));
    std::string flags;
    for (const auto& x : d.all()) flags += x.loc.flag + ";";
    return flags;
  };
  auto o = org(64LL * 128 * 256 * 4, 128, 256, 4, 1, 4, 64, 2, 32);
  auto bad = o;
  bad.capacity_bits += 8;
  CHECK(ids(bad) == "--capacity;");
  bad = o;
  bad.ports = 0;
  CHECK(ids(bad) == "--force ports;");
  bad = o;
  bad.word_bits = 4096;
  CHECK(ids(bad) == "--word;");
  bad = o;
  bad.ports = 3;
  CHECK(ids(bad) == "--force ports;");
  bad = o;
  bad.cluster = 3;
  CHECK(ids(bad) == "--force cluster;");
  Diagnostics ok;
  CHECK(bank::validate(o, ok));
}

TEST_CASE("search: every enumerated organization validates, Pareto front is non-dominated") {
  const bank::Process p = bank::process_from_technology(tech32());
  const bank::CellNumbers c = bank::cell_from_technology(tech32());
  bank::SearchSpace s = bank::default_space();
  Diagnostics d;
  REQUIRE(bank::restrict_space(s, "domains", {64}, "--force", d));
  const auto orgs = bank::enumerate(1LL << 20, 32, s);
  REQUIRE(orgs.size() > 50);
  std::vector<bank::BankResult> rs;
  for (const auto& o : orgs) {
    Diagnostics v;
    REQUIRE(bank::validate(o, v));
    rs.push_back(bank::evaluate(o, p, c));
  }
  const auto front = bank::pareto_front(rs);
  REQUIRE(!front.empty());
  for (std::size_t i : front) {
    for (const auto& q : rs) {
      const bool dominates = q.area <= rs[i].area && q.read.latency <= rs[i].read.latency &&
                             q.read.energy <= rs[i].read.energy &&
                             (q.area < rs[i].area || q.read.latency < rs[i].read.latency ||
                              q.read.energy < rs[i].read.energy);
      CHECK_FALSE(dominates);
    }
  }
  const std::size_t b = bank::best(rs, bank::Objective::ReadLatency);
  for (const auto& q : rs) CHECK(rs[b].read.latency <= q.read.latency);
  CHECK_FALSE(bank::restrict_space(s, "bogus", {1}, "--force", d));
  CHECK(d.all().back().id == "bank.bad-force");
}
