#include "rtm/bench.h"

#include <cmath>

namespace rtmchar::rtm {

charz::Pwl clock_wave(const FaBench& b, int cycles) {
  charz::Pwl w{{0.0, 0.0}};
  for (int k = 0; k < cycles + 1; ++k) {
    const double t0 = k * b.period;
    const double rise = t0 + b.period / 2;
    w.emplace_back(rise, 0.0);
    w.emplace_back(rise + b.edge, 1.0);
    w.emplace_back(t0 + b.period, 1.0);
    w.emplace_back(t0 + b.period + b.edge, 0.0);
  }
  return w;
}

charz::Pwl scaled(charz::Pwl w, double vdd) {
  for (auto& p : w) p.second *= vdd;
  return w;
}

std::optional<double> value_of(const sim::Waveforms& w, const std::string& v, double t) {
  const auto* y = w.find(v);
  if (y == nullptr) return std::nullopt;
  return sim::value_at(w.scale, *y, t);
}

std::optional<SenseDecision> sense_decision(const sim::Waveforms& w, const std::string& left,
                                            const std::string& right, double t_rise, double t_end, double vdd) {
  const auto* l = w.find(left);
  const auto* r = w.find(right);
  if (l == nullptr || r == nullptr) return std::nullopt;
  const auto tl = sim::cross(w.scale, *l, vdd / 2, sim::Edge::Fall, t_rise);
  const auto tr = sim::cross(w.scale, *r, vdd / 2, sim::Edge::Fall, t_rise);
  std::optional<double> t;
  if (tl && *tl < t_end) t = tl;
  if (tr && *tr < t_end && (!t || *tr < *t)) t = tr;
  if (!t) return std::nullopt;
  const auto vl = sim::value_at(w.scale, *l, *t);
  const auto vr = sim::value_at(w.scale, *r, *t);
  if (!vl || !vr) return std::nullopt;
  return SenseDecision{std::abs(*vl - *vr), *t - t_rise};
}

}  // namespace rtmchar::rtm
