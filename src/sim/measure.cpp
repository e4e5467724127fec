#include "sim/measure.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>

namespace rtmchar::sim {

const std::vector<double>* Waveforms::find(std::string_view name) const {
  auto it = vectors.find(std::string(name));
  return it == vectors.end() ? nullptr : &it->second;
}

namespace {

bool valid(std::span<const double> t, std::span<const double> y) { return !t.empty() && t.size() == y.size(); }

// y on the segment [i, i+1] at time x (x inside the segment).
double lerp_at(std::span<const double> t, std::span<const double> y, std::size_t i, double x) {
  double dt = t[i + 1] - t[i];
  if (dt <= 0) return y[i + 1];
  return y[i] + (y[i + 1] - y[i]) * (x - t[i]) / dt;
}

struct Window {
  double a, b;
};

// [t0, t1] clamped to the waveform's span; nullopt if empty or inverted.
std::optional<Window> clamp_window(std::span<const double> t, double t0, double t1) {
  double a = std::max(t0, t.front());
  double b = std::min(t1, t.back());
  if (!(a <= b)) return std::nullopt;
  return Window{a, b};
}

}  // namespace

std::optional<double> cross(std::span<const double> t, std::span<const double> y, double level, Edge edge,
                            double after, int nth) {
  if (!valid(t, y) || nth < 1) return std::nullopt;
  int found = 0;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    if (t[i + 1] < after) continue;
    bool rise = y[i] < level && y[i + 1] >= level;
    bool fall = y[i] > level && y[i + 1] <= level;
    bool wanted = (edge == Edge::Rise && rise) || (edge == Edge::Fall && fall) || (edge == Edge::Either && (rise || fall));
    if (!wanted) continue;
    double dy = y[i + 1] - y[i];
    double tc = t[i] + (level - y[i]) * (t[i + 1] - t[i]) / dy;
    if (tc < after) continue;
    if (++found == nth) return tc;
  }
  return std::nullopt;
}

std::optional<double> value_at(std::span<const double> t, std::span<const double> y, double time) {
  if (!valid(t, y) || time < t.front() || time > t.back()) return std::nullopt;
  if (t.size() == 1) return y[0];
  auto it = std::upper_bound(t.begin(), t.end(), time);
  std::size_t i = it == t.end() ? t.size() - 2 : static_cast<std::size_t>(it - t.begin()) - 1;
  i = std::min(i, t.size() - 2);
  return lerp_at(t, y, i, time);
}

std::optional<double> integral(std::span<const double> t, std::span<const double> y, double t0, double t1) {
  if (!valid(t, y)) return std::nullopt;
  auto w = clamp_window(t, t0, t1);
  if (!w) return std::nullopt;
  double sum = 0;
  for (std::size_t i = 0; i + 1 < t.size(); ++i) {
    double a = std::max(t[i], w->a);
    double b = std::min(t[i + 1], w->b);
    if (b <= a) continue;
    sum += 0.5 * (lerp_at(t, y, i, a) + lerp_at(t, y, i, b)) * (b - a);
  }
  return sum;
}

std::optional<double> average(std::span<const double> t, std::span<const double> y, double t0, double t1) {
  if (!valid(t, y)) return std::nullopt;
  auto w = clamp_window(t, t0, t1);
  if (!w || !(w->b > w->a)) return std::nullopt;
  auto s = integral(t, y, w->a, w->b);
  if (!s) return std::nullopt;
  return *s / (w->b - w->a);
}

namespace {

template <typename Better>
std::optional<double> extreme(std::span<const double> t, std::span<const double> y, double t0, double t1, Better better) {
  if (!valid(t, y)) return std::nullopt;
  auto w = clamp_window(t, t0, t1);
  if (!w) return std::nullopt;
  double best = *value_at(t, y, w->a);
  double end = *value_at(t, y, w->b);
  if (better(end, best)) best = end;
  for (std::size_t i = 0; i < t.size(); ++i)
    if (t[i] >= w->a && t[i] <= w->b && better(y[i], best)) best = y[i];
  return best;
}

}  // namespace

std::optional<double> minimum(std::span<const double> t, std::span<const double> y, double t0, double t1) {
  return extreme(t, y, t0, t1, [](double a, double b) { return a < b; });
}

std::optional<double> maximum(std::span<const double> t, std::span<const double> y, double t0, double t1) {
  return extreme(t, y, t0, t1, [](double a, double b) { return a > b; });
}

std::optional<double> settle_time(std::span<const double> t, std::span<const double> y, double final_value, double tol,
                                  double after) {
  if (!valid(t, y) || tol < 0 || t.back() < after) return std::nullopt;
  auto outside = [&](double v) { return std::abs(v - final_value) > tol; };
  if (outside(y.back())) return std::nullopt;
  double start = std::max(after, t.front());
  // Walk back from the end to the last segment that leaves the band; y.back() is inside.
  for (std::size_t k = t.size() - 1; k > 0; --k) {
    std::size_t i = k - 1;
    if (t[k] <= start) break;
    if (!outside(y[i])) continue;
    // y[i] outside, y[k] inside: entry through the upper or lower band edge.
    double edge_level = y[i] > final_value ? final_value + tol : final_value - tol;
    double dy = y[k] - y[i];
    double te = dy == 0 ? t[k] : t[i] + (edge_level - y[i]) * (t[k] - t[i]) / dy;
    return std::max(te, start);
  }
  return start;
}

Measure Measure::crossing(std::string name, Crossing at) {
  Measure m;
  m.name = std::move(name);
  m.kind = Kind::Cross;
  m.at = std::move(at);
  return m;
}

Measure Measure::delay(std::string name, Crossing trig, Crossing targ) {
  Measure m;
  m.name = std::move(name);
  m.kind = Kind::Delay;
  m.trig = std::move(trig);
  m.at = std::move(targ);
  return m;
}

Measure Measure::slew(std::string name, std::string vector, double low, double high, Edge edge, double after, int nth) {
  Measure m;
  m.name = std::move(name);
  m.kind = Kind::Slew;
  m.at = Crossing{std::move(vector), 0, edge, nth, after};
  m.low = low;
  m.high = high;
  return m;
}

Measure Measure::window(std::string name, Kind kind, std::string vector, double from, double to) {
  Measure m;
  m.name = std::move(name);
  m.kind = kind;
  m.vector = std::move(vector);
  m.from = from;
  m.to = to;
  return m;
}

Measure Measure::value_at(std::string name, std::string vector, double time) {
  return window(std::move(name), Kind::ValueAt, std::move(vector), time, time);
}

Measure Measure::final_value(std::string name, std::string vector) {
  return window(std::move(name), Kind::Final, std::move(vector));
}

namespace {

std::string_view edge_word(Edge e) {
  switch (e) {
    case Edge::Rise: return "rising";
    case Edge::Fall: return "falling";
    case Edge::Either: break;
  }
  return "";
}

std::string describe(const Crossing& c) {
  std::string s = fmt::format("{} {} crossing of {} at {:g}", c.nth == 1 ? std::string("no") : fmt::format("no #{}", c.nth),
                              edge_word(c.edge), c.vector, c.level);
  if (c.after > kNegInf) s += fmt::format(" after {:g} s", c.after);
  return s;
}

struct Eval {
  const Measure& m;
  const Waveforms& w;
  std::string* why;

  std::optional<double> fail(const std::string& reason) const {
    if (why) *why = fmt::format("measure '{}': {}", m.name, reason);
    return std::nullopt;
  }
  const std::vector<double>* vec(const std::string& name) const {
    const auto* v = w.find(name);
    if (!v || v->size() != w.scale.size() || v->empty()) return nullptr;
    return v;
  }
  std::optional<double> cross_of(const Crossing& c, double not_before) const {
    const auto* v = vec(c.vector);
    if (!v) return fail(fmt::format("vector {} was not saved", c.vector));
    auto tc = cross(w.scale, *v, c.level, c.edge, std::max(c.after, not_before), c.nth);
    if (!tc) return fail(describe(c));
    return tc;
  }
  std::optional<double> slew() const {
    const Crossing& c = m.at;
    const auto* v = vec(c.vector);
    if (!v) return fail(fmt::format("vector {} was not saved", c.vector));
    if (c.edge == Edge::Either) return fail("slew needs a rising or falling edge");
    if (!(m.low < m.high)) return fail(fmt::format("slew levels {:g} .. {:g} are not increasing", m.low, m.high));
    bool rise = c.edge == Edge::Rise;
    Crossing first{c.vector, rise ? m.low : m.high, c.edge, c.nth, c.after};
    auto t1 = cross(w.scale, *v, first.level, c.edge, c.after, c.nth);
    if (!t1) return fail(describe(first));
    Crossing second{c.vector, rise ? m.high : m.low, c.edge, 1, *t1};
    auto t2 = cross(w.scale, *v, second.level, c.edge, *t1, 1);
    if (!t2) return fail(describe(second));
    return *t2 - *t1;
  }
  std::optional<double> windowed() const {
    const auto* v = vec(m.vector);
    if (!v) return fail(fmt::format("vector {} was not saved", m.vector));
    std::optional<double> r;
    switch (m.kind) {
      case Measure::Kind::Integral: r = integral(w.scale, *v, m.from, m.to); break;
      case Measure::Kind::Average: r = average(w.scale, *v, m.from, m.to); break;
      case Measure::Kind::ValueAt: r = value_at(w.scale, *v, m.from); break;
      case Measure::Kind::Min: r = minimum(w.scale, *v, m.from, m.to); break;
      case Measure::Kind::Max: r = maximum(w.scale, *v, m.from, m.to); break;
      case Measure::Kind::Final: r = v->back(); break;
      default: break;
    }
    if (!r) return fail(fmt::format("window [{:g}, {:g}] lies outside the waveform of {} ({:g} .. {:g})", m.from, m.to,
                                    m.vector, w.scale.front(), w.scale.back()));
    return r;
  }
  std::optional<double> run() const {
    switch (m.kind) {
      case Measure::Kind::Cross: return cross_of(m.at, kNegInf);
      case Measure::Kind::Delay: {
        auto t0 = cross_of(m.trig, kNegInf);
        if (!t0) return std::nullopt;
        auto t1 = cross_of(m.at, *t0);
        if (!t1) return std::nullopt;
        return *t1 - *t0;
      }
      case Measure::Kind::Slew: return slew();
      default: return windowed();
    }
  }
};

}  // namespace

std::optional<double> evaluate(const Measure& m, const Waveforms& w, std::string* why) {
  return Eval{m, w, why}.run();
}

}  // namespace rtmchar::sim
