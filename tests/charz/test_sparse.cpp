// Sparse selection loop (charz/sparse.h) on synthetic tables: a smooth table converges from the
// initial subset and is filled exactly; a table the surface cannot describe makes the held-out
// check fail and the loop falls back to simulating every point.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <functional>
#include <vector>

#include "charz/sparse.h"

using namespace rtmchar::charz;

namespace {

std::vector<double> geom(double a, double b, int n) {
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(a * std::pow(b / a, i / double(n - 1)));
  return v;
}

struct LoopResult {
  std::vector<bool> simulated;
  std::vector<double> values;  // simulated values, the rest filled from the fit
  HeldOut held;
  int rounds = 0;
};

// The loop as the characterizer runs it, with `f` standing in for the simulator.
LoopResult run_loop(const Grid& g, const std::function<double(double, double)>& f, double tol) {
  LoopResult r;
  r.simulated.assign(g.size(), false);
  r.values.assign(g.size(), 0.0);
  const size_t ny = g.y.size();
  auto simulate = [&](const std::vector<size_t>& pts) {
    for (size_t k : pts) {
      REQUIRE_FALSE(r.simulated[k]);  // never asks for a point twice
      r.simulated[k] = true;
      r.values[k] = f(g.x[k / ny], g.y[k % ny]);
    }
  };
  simulate(sparse_initial(g));
  for (;;) {
    r.held = held_out_error(g, r.values, r.simulated);
    const std::vector<size_t> next = sparse_next(g, r.simulated, std::span<const HeldOut>(&r.held, 1), tol, 4);
    if (next.empty()) break;
    simulate(next);
    ++r.rounds;
  }
  fill_from_fit(g, r.values, r.simulated);
  return r;
}

size_t count_simulated(const LoopResult& r) { return static_cast<size_t>(std::count(r.simulated.begin(), r.simulated.end(), true)); }

}  // namespace

TEST_CASE("sparse initial subset: four spread points per axis and the sixth points") {
  const std::vector<double> x = geom(1e-12, 1e-10, 7), y = geom(1e-15, 64e-15, 7);
  const Grid g{x, y};
  const std::vector<size_t> init = sparse_initial(g);
  // {0,2,4,6} x {0,2,4,6} and {1,5} x {1,5}.
  const std::vector<size_t> want = {0, 2, 4, 6, 8, 12, 14, 16, 18, 20, 28, 30, 32, 34, 36, 40, 42, 44, 46, 48};
  CHECK(init == want);
  for (size_t k : {size_t{0}, size_t{6}, size_t{42}, size_t{48}}) CHECK(g.is_corner(k));
  CHECK_FALSE(g.is_corner(3));
  // Axes too short for a sparse run: every point.
  const std::vector<double> x5 = geom(1e-12, 1e-10, 5);
  CHECK(sparse_initial(Grid{x5, y}).size() == 35);
}

TEST_CASE("sparse loop: a smooth table converges from the initial subset and fills exactly") {
  const std::vector<double> x = geom(5e-12, 500e-12, 7), y = geom(0.5e-15, 64e-15, 7);
  const Grid g{x, y};
  // Inside the fit's basis: delay = t0 + k*slew + R*C + m*slew*C.
  auto f = [](double s, double c) { return 3e-12 + 0.4 * s + 2e3 * c + 1e12 * s * c; };
  const LoopResult r = run_loop(g, f, 0.01);
  CHECK(r.rounds == 0);
  CHECK(count_simulated(r) == 20);
  CHECK(r.held.ok);
  CHECK(r.held.points == 16);
  CHECK(r.held.max < 1e-9);
  for (size_t k = 0; k < g.size(); ++k)
    CHECK(r.values[k] == Approx(f(x[k / 7], y[k % 7])).epsilon(1e-9));
}

TEST_CASE("sparse loop: points are added where the table bends") {
  const std::vector<double> x = geom(5e-12, 500e-12, 7), y = geom(0.5e-15, 64e-15, 7);
  const Grid g{x, y};
  // Smooth but outside the basis: a saturating slew dependence.
  auto f = [](double s, double c) { return 1e-11 + 3e-11 * std::log(1 + s / 20e-12) + 2e3 * c; };
  const LoopResult r = run_loop(g, f, 0.01);
  CHECK(r.held.ok);
  // Either the held-out check passes, or the table ended fully simulated.
  const bool dense = count_simulated(r) == g.size();
  CHECK((r.held.max <= 0.01 || dense));
  CHECK(count_simulated(r) > 20);  // the initial subset alone misses the tolerance
  CHECK(count_simulated(r) < g.size());  // ... but the loop converges before simulating everything
  // Every filled point within the tolerance of the true value (same relative measure).
  for (size_t k = 0; k < g.size(); ++k) {
    if (r.simulated[k]) continue;
    INFO("point " << k);
    CHECK(std::fabs(r.values[k] - f(x[k / 7], y[k % 7])) <= 0.01 * r.held.scale);
  }
}

TEST_CASE("sparse loop: a non-smooth table fails the check and ends fully simulated") {
  const std::vector<double> x = geom(5e-12, 500e-12, 7), y = geom(0.5e-15, 64e-15, 7);
  const Grid g{x, y};
  // A step in slew between grid rows 3 and 4: no low-order surface is within 1 % of it.
  auto f = [](double s, double c) { return (s < 60e-12 ? 1e-11 : 3e-11) + 1e3 * c; };
  const LoopResult r = run_loop(g, f, 0.01);
  CHECK(r.held.max > 0.01);
  CHECK(count_simulated(r) == g.size());
  CHECK(r.rounds > 1);
  for (size_t k = 0; k < g.size(); ++k) CHECK(r.values[k] == f(x[k / 7], y[k % 7]));
}

TEST_CASE("sparse_next: worst held-out point first, nearest unsimulated neighbour, capped") {
  const std::vector<double> x = geom(1e-12, 1e-10, 7), y = geom(1e-15, 64e-15, 7);
  const Grid g{x, y};
  std::vector<bool> sim(g.size(), false);
  for (size_t k : sparse_initial(g)) sim[k] = true;
  HeldOut h;
  h.error.assign(g.size(), -1.0);
  h.spread.assign(g.size(), -1.0);
  h.error[16] = 0.05;   // (2,2): worst
  h.error[2] = 0.02;    // (0,2)
  h.error[18] = 0.005;  // below the tolerance: ignored
  h.points = 3;
  std::vector<size_t> next = sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 1);
  REQUIRE(next.size() == 1);
  CHECK(next[0] == 9);  // (1,2): first unsimulated point at distance 1 from (2,2) in grid order
  next = sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 4);
  CHECK(next == std::vector<size_t>{1, 9});  // (0,1) next to (0,2); nothing for the point below tol
  h.error.assign(g.size(), -1.0);
  CHECK(sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 4).empty());
  h.spread[24] = 0.004;  // a filled value moving by less than half the tolerance: fine
  CHECK(sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 4).empty());
  h.spread[24] = 0.006;  // unstable: that point itself is simulated next
  CHECK(sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 4) == std::vector<size_t>{24});
  h.ok = false;  // a rank-deficient check: everything
  CHECK(sparse_next(g, sim, std::span<const HeldOut>(&h, 1), 0.01, 4).size() == g.size() - 20);
}
