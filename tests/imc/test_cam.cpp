// Racetrack CAM word: simulated search results against the Boolean match function.
#include <catch2/catch.hpp>

#include "imc/cam.h"
#include "tech/technology.h"

using namespace rtmchar;
using namespace rtmchar::imc;

namespace {
sim::EngineOptions workers() {
  sim::EngineOptions o;
  o.jobs = 2;
  return o;
}
std::vector<int> pattern(int w) {  // a mixed word: bit k = 1 iff (5k + 3) mod 7 < 3
  std::vector<int> v;
  for (int k = 0; k < w; ++k) v.push_back((k * 5 + 3) % 7 < 3 ? 1 : 0);
  return v;
}
}  // namespace

TEST_CASE("cam_word w=8: all-match is slowest, more misses discharge faster, margin positive", "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(workers());
  const CamParams p = cam_from_technology(*t, 8);
  auto win = cam_sense_window(engine, p, *t, pattern(8), diag);
  INFO(diag.str());
  REQUIRE(win);
  CHECK(win->t_all_miss < win->t_miss1);
  CHECK(win->t_miss1 < win->t_match);
  CHECK(win->margin > 0);
  // Closed form of the RC discharge: t ~ C ln2 / G, so t_match / t_miss1 cannot exceed the
  // conductance ratio with ideal (zero R_on) transistors at zero bias, 1 + (R_AP/R_P - 1)/w.
  const double r_ap0 = p.mtj.r_p() * (1 + p.mtj.tmr0);
  CHECK(win->t_match / win->t_miss1 < 1 + (r_ap0 / p.mtj.r_p() - 1) / 8 + 1e-9);
}

TEST_CASE("cam_word detects every single-bit mismatch position at the largest supported w", "[ngspice][slow]") {
  // Largest supported w: the largest power of two whose one-miss sensing margin is at least
  // CamParams::min_margin (16 on the built-in 32 nm node: 12 mV at 16 bits, 5 mV at 32).
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(workers());
  const int w = 16;
  const CamParams p = cam_from_technology(*t, w);
  const auto word = pattern(w);
  auto win = cam_sense_window(engine, p, *t, word, diag);
  auto win2 = cam_sense_window(engine, cam_from_technology(*t, 2 * w), *t, pattern(2 * w), diag);
  INFO(diag.str());
  REQUIRE(win);
  REQUIRE(win2);
  CHECK(win->margin >= p.min_margin);
  CHECK(win2->margin < p.min_margin);
  // margin ~ 0.35 V_DD (R_AP/R_P - 1)_eff / w: halving per doubling of w (within 25 %)
  CHECK(win2->margin / win->margin == Approx(0.5).epsilon(0.25));
  std::vector<std::pair<std::vector<int>, std::vector<int>>> runs{{word, word}};
  for (int k = 0; k < w; ++k) {
    auto key = word;
    key[static_cast<std::size_t>(k)] ^= 1;
    runs.emplace_back(word, key);
  }
  auto r = cam_search(engine, p, *t, runs, diag);
  REQUIRE(r);
  const auto v0 = (*r)[0].v_ml_at(win->strobe);
  REQUIRE(v0);
  CHECK(*v0 > p.vdd / 2);  // match sensed as match
  for (int k = 1; k <= w; ++k) {
    INFO("mismatch at bit " << k - 1);
    const auto v = (*r)[static_cast<std::size_t>(k)].v_ml_at(win->strobe);
    REQUIRE(v);
    CHECK(*v < p.vdd / 2);
  }
}
