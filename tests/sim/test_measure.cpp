// Measurement functions on synthetic waveforms with closed-form answers.
#include <catch2/catch.hpp>
#include <cmath>

#include "sim/measure.h"

using namespace rtmchar::sim;
using Catch::Detail::Approx;

namespace {

// Samples f on [0, t_end] at n+1 equally spaced points.
template <typename F>
Waveforms sample(F f, double t_end, int n, const std::string& name = "y") {
  Waveforms w;
  for (int i = 0; i <= n; ++i) {
    double t = t_end * i / n;
    w.scale.push_back(t);
    w.vectors[name].push_back(f(t));
  }
  return w;
}

const std::vector<double>& y(const Waveforms& w) { return *w.find("y"); }

}  // namespace

TEST_CASE("cross interpolates a ramp exactly") {
  // y = 2t on a coarse grid: the 0.5 crossing is at exactly 0.25 although no sample lies there.
  auto w = sample([](double t) { return 2 * t; }, 1.0, 3);
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Rise) == Approx(0.25).epsilon(1e-12));
  CHECK_FALSE(cross(w.scale, y(w), 0.5, Edge::Fall));
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Either) == Approx(0.25).epsilon(1e-12));
  CHECK_FALSE(cross(w.scale, y(w), 5.0, Edge::Rise));  // never reached
  CHECK_FALSE(cross(w.scale, y(w), 0.5, Edge::Rise, 0.3));  // only crossing is before `after`
}

TEST_CASE("nth crossing and Either edges of a triangle wave") {
  // Triangle with period 1, between 0 and 1: rises through 0.5 at 0.25 + k, falls at 0.75 + k.
  auto tri = [](double t) {
    double f = t - std::floor(t);
    return f < 0.5 ? 2 * f : 2 - 2 * f;
  };
  auto w = sample(tri, 3.0, 600);
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Rise, kNegInf, 2) == Approx(1.25).epsilon(1e-9));
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Fall, kNegInf, 3) == Approx(2.75).epsilon(1e-9));
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Either, kNegInf, 4) == Approx(1.75).epsilon(1e-9));
  CHECK(*cross(w.scale, y(w), 0.5, Edge::Fall, 1.0, 1) == Approx(1.75).epsilon(1e-9));
  CHECK_FALSE(cross(w.scale, y(w), 0.5, Edge::Rise, kNegInf, 4));
  CHECK_FALSE(cross(w.scale, y(w), 0.5, Edge::Rise, kNegInf, 0));
}

TEST_CASE("integral and average of known functions") {
  // Integral of sin over [0, pi] = 2; trapezoid error ~ pi^3/(12 n^2).
  auto w = sample([](double t) { return std::sin(t); }, M_PI, 2000);
  CHECK(*integral(w.scale, y(w), kNegInf, kPosInf) == Approx(2.0).epsilon(1e-6));
  // A linear function is integrated exactly, including interpolated window ends.
  auto lin = sample([](double t) { return 3 * t + 1; }, 2.0, 4);
  CHECK(*integral(lin.scale, y(lin), 0.3, 1.7) == Approx(1.5 * (1.7 * 1.7 - 0.3 * 0.3) + 1.4).epsilon(1e-12));
  CHECK(*average(lin.scale, y(lin), 0.0, 2.0) == Approx(4.0).epsilon(1e-12));
  CHECK_FALSE(average(lin.scale, y(lin), 1.0, 1.0));   // zero-width window
  CHECK_FALSE(integral(lin.scale, y(lin), 3.0, 4.0));  // outside the waveform
}

TEST_CASE("min max and value_at include interpolated window ends") {
  auto w = sample([](double t) { return t * (2 - t); }, 2.0, 2000);  // peak 1 at t = 1
  CHECK(*maximum(w.scale, y(w), kNegInf, kPosInf) == Approx(1.0).epsilon(1e-9));
  CHECK(*minimum(w.scale, y(w), 0.5, 1.5) == Approx(0.75).epsilon(1e-6));
  auto lin = sample([](double t) { return 2 * t; }, 1.0, 2);
  CHECK(*value_at(lin.scale, y(lin), 0.3) == Approx(0.6).epsilon(1e-12));
  CHECK(*maximum(lin.scale, y(lin), 0.1, 0.3) == Approx(0.6).epsilon(1e-12));
  CHECK_FALSE(value_at(lin.scale, y(lin), 1.5));
}

TEST_CASE("settle time of an exponential decay") {
  // y = exp(-t/tau): |y| <= tol from t = tau*ln(1/tol) on.
  double tau = 1e-9, tol = 0.01;
  auto w = sample([&](double t) { return std::exp(-t / tau); }, 10 * tau, 20000);
  CHECK(*settle_time(w.scale, y(w), 0.0, tol) == Approx(tau * std::log(1 / tol)).epsilon(1e-4));
  // Never leaves the band after 8 tau: settles at `after`.
  CHECK(*settle_time(w.scale, y(w), 0.0, tol, 8 * tau) == Approx(8 * tau));
  // Has not settled to 0.5 by the end.
  CHECK_FALSE(settle_time(w.scale, y(w), 0.5, 0.01));
}

TEST_CASE("Measure specs for delay slew windows and failures") {
  // in: ramp 0 -> 1 over [1, 2]; out: falling ramp 1 -> 0 over [3, 5].
  Waveforms w;
  w.scale = {0, 1, 2, 3, 5, 6};
  w.vectors["in"] = {0, 0, 1, 1, 1, 1};
  w.vectors["out"] = {1, 1, 1, 1, 0, 0};
  auto d = Measure::delay("tphl", Crossing{"in", 0.5, Edge::Rise}, Crossing{"out", 0.5, Edge::Fall});
  CHECK(*evaluate(d, w) == Approx(4.0 - 1.5));
  // Slew of a linear ramp between 20 % and 80 %: 0.6 of the ramp time.
  CHECK(*evaluate(Measure::slew("sl", "out", 0.2, 0.8, Edge::Fall), w) == Approx(0.6 * 2.0));
  CHECK(*evaluate(Measure::slew("sr", "in", 0.2, 0.8, Edge::Rise), w) == Approx(0.6 * 1.0));
  CHECK(*evaluate(Measure::window("q", Measure::Kind::Integral, "in"), w) == Approx(0.5 + 4.0));
  CHECK(*evaluate(Measure::final_value("f", "out"), w) == Approx(0.0).margin(1e-15));
  CHECK(*evaluate(Measure::value_at("v", "out", 4.0), w) == Approx(0.5));

  std::string why;
  CHECK_FALSE(evaluate(Measure::slew("bad", "in", 0.2, 0.8, Edge::Fall), w, &why));
  CHECK(why.find("bad") != std::string::npos);
  CHECK(why.find("falling") != std::string::npos);
  CHECK_FALSE(evaluate(Measure::final_value("m", "nosuch"), w, &why));
  CHECK(why.find("nosuch") != std::string::npos);
  CHECK_FALSE(evaluate(Measure::slew("e", "in", 0.2, 0.8, Edge::Either), w, &why));
  CHECK_FALSE(evaluate(Measure::crossing("c", Crossing{"in", 2.0, Edge::Rise}), w, &why));
  CHECK(why.find("no rising crossing of in at 2") != std::string::npos);
}
