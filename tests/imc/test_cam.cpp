// Racetrack CAM word: simulated search results against the Boolean match function.
#include <catch2/catch.hpp>

#include <cmath>

#include "imc/cam.h"
#include "imc/cam_write.h"
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

TEST_CASE("cam_word w=8: more mismatching bits discharge faster, within the conductance bound", "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(workers());
  const int w = 8;
  const CamParams p = cam_from_technology(*t, w);
  auto win = cam_sense_window(engine, p, *t, pattern(w), diag);
  REQUIRE(win);
  auto prof = cam_miss_profile(engine, p, *t, pattern(w), *win, {0, 1, 2, 4, 8}, diag);
  INFO(diag.str());
  REQUIRE(prof);
  REQUIRE(prof->size() == 5);
  CHECK((*prof)[0].margin == Approx(0).margin(1e-6));            // all match vs itself
  CHECK((*prof)[1].margin == Approx(win->margin).margin(1e-6));  // the one-miss case of the window
  const double r_ap0 = p.mtj.r_p() * (1 + p.mtj.tmr0), r_p = p.mtj.r_p();
  for (std::size_t k = 1; k < prof->size(); ++k) {
    const auto& m = (*prof)[k];
    INFO(m.misses << " misses");
    CHECK(m.t_ml_half < (*prof)[k - 1].t_ml_half);
    CHECK(m.margin > (*prof)[k - 1].margin);
    // t ~ C ln2 / G(n): t(0)/t(n) <= G(n)/G(0) with ideal transistors at zero bias.
    CHECK((*prof)[0].t_ml_half / m.t_ml_half < 1 + m.misses * (r_ap0 / r_p - 1) / w + 1e-9);
  }
  // The single miss is the hardest to detect: the smallest margin of all mismatching keys.
  CHECK((*prof)[1].margin < (*prof)[2].margin);
  CHECK_FALSE(cam_miss_profile(engine, p, *t, pattern(w), *win, {9}, diag));
}

TEST_CASE("cam bit write: both values by current direction, washboard closed form, source degeneration",
          "[ngspice]") {
  Diagnostics diag;
  auto t = tech::load("32nm", {}, diag);
  REQUIRE(t);
  sim::Engine engine(workers());
  const CamWriteParams p = cam_write_from_technology(*t);
  auto w = cam_write(engine, p, *t, diag);
  INFO(diag.str());
  REQUIRE(w);
  const BitWrite &w0 = w->value[0], &w1 = w->value[1];
  // Writing '1' the access transistor's source is the free-layer side: less current, longer pulse.
  CHECK(w1.current < w0.current);
  CHECK(w1.min_pulse > w0.min_pulse);
  CHECK(w1.current > p.track.depinning_current());
  // Washboard dx/dt = (u - v sin 2 pi x)/pitch, u = mu I/(w t): the wall passes the barrier top
  // x = 1/2 (and then relaxes into the next notch) after
  //   t_half = pitch/(pi s) (pi/2 + atan(v/s)),  s = sqrt(u^2 - v^2),
  // and the next barrier top x = 3/2 one period pitch/s later (the window's upper edge).
  const auto speed = [&](double i) {
    const double u = p.track.mobility * i / (p.track.width * p.track.thickness), v = p.track.v_pin;
    return std::sqrt(u * u - v * v);
  };
  const auto t_half = [&](double i) {
    const double s = speed(i);
    return p.track.pitch / (M_PI * s) * (M_PI / 2 + std::atan(p.track.v_pin / s));
  };
  // The flat top plus one edge (the ramps) carries the current; the current measured at the pulse
  // used differs from the one at the window edges by the free layer's resistance change (tr_mr,
  // < 2 %) and the transistor's operating point: 5 % + one edge.
  for (const BitWrite& b : w->value) {
    INFO("window " << b.min_pulse << " .. " << b.max_pulse << " s at " << b.current << " A, closed form "
                   << t_half(b.current) << " .. " << t_half(b.current) + p.track.pitch / speed(b.current));
    CHECK(std::abs(b.min_pulse + p.edge - t_half(b.current)) < 0.05 * t_half(b.current) + p.edge);
    const double t_max = t_half(b.current) + p.track.pitch / speed(b.current);
    CHECK(std::abs(b.max_pulse + p.edge - t_max) < 0.05 * t_max + p.edge);
    // Energy: the BL/SrL supply delivers V_DD I over the pulse (plus the WL gate charge).
    CHECK(b.energy == Approx(p.vdd * b.current * (b.pulse + p.edge)).epsilon(0.1));
  }
  // A pulse well below the minimum moves nothing.
  auto short_pulse = cam_write_once(engine, p, *t, 1, 0.5 * w1.min_pulse, diag);
  REQUIRE(short_pulse);
  CHECK_FALSE(short_pulse->written);
  CHECK(std::abs(short_pulse->x) < 0.05);
}
