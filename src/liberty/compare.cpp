#include "liberty/compare.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <optional>

#include "util/units.h"

namespace rtmchar::liberty {

namespace {

/// Values below this fraction of a table's largest |REF| are compared absolutely.
constexpr double kNearZero = 1e-3;

/// Position of x on axis v as (lower index, weight of the upper one); nullopt outside the axis
/// (with a relative tolerance of 1e-9 at the ends).
std::optional<std::pair<std::size_t, double>> locate(const std::vector<double>& v, double x) {
  if (v.size() == 1) {
    if (std::abs(x - v[0]) <= 1e-9 * std::max(std::abs(x), std::abs(v[0]))) return std::pair{std::size_t{0}, 0.0};
    return std::nullopt;
  }
  double tol = 1e-9 * (v.back() - v.front());
  if (x < v.front() - tol || x > v.back() + tol) return std::nullopt;
  std::size_t i = 0;
  while (i + 2 < v.size() && x > v[i + 1]) ++i;
  double w = std::clamp((x - v[i]) / (v[i + 1] - v[i]), 0.0, 1.0);
  return std::pair{i, w};
}

/// The table value at the given axis coordinates (matched by axis variable, so transposed
/// tables compare correctly), bilinear between grid points; nullopt outside the grid or when
/// the variables do not match.
std::optional<double> evaluate(const Table& t, const std::vector<std::pair<AxisVariable, double>>& at) {
  const auto& ax = t.axes();
  if (ax.size() != at.size()) return std::nullopt;
  if (ax.empty()) return t.values.at(0);
  std::vector<std::pair<std::size_t, double>> pos(ax.size());
  for (std::size_t a = 0; a < ax.size(); ++a) {
    auto it = std::find_if(at.begin(), at.end(), [&](const auto& p) { return p.first == ax[a].variable; });
    if (it == at.end()) return std::nullopt;
    auto l = locate(ax[a].values, it->second);
    if (!l) return std::nullopt;
    pos[a] = *l;
  }
  auto val = [&](std::size_t i, std::size_t j) { return t.at(i, j); };
  if (ax.size() == 1) {
    auto [i, w] = pos[0];
    return w == 0.0 ? val(i, 0) : (1 - w) * val(i, 0) + w * val(i + 1, 0);
  }
  auto [i, wi] = pos[0];
  auto [j, wj] = pos[1];
  std::size_t i1 = wi == 0.0 ? i : i + 1, j1 = wj == 0.0 ? j : j + 1;
  return (1 - wi) * ((1 - wj) * val(i, j) + wj * val(i, j1)) + wi * ((1 - wj) * val(i1, j) + wj * val(i1, j1));
}

/// Axes equal up to the writer's formatting precision (6 significant digits by default), so
/// a round trip through a file compares point by point, not by interpolation.
bool same_axes(const std::vector<Axis>& a, const std::vector<Axis>& b) {
  if (a.size() != b.size()) return false;
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k].variable != b[k].variable || a[k].values.size() != b[k].values.size()) return false;
    for (std::size_t i = 0; i < a[k].values.size(); ++i) {
      double x = a[k].values[i], y = b[k].values[i];
      if (std::abs(x - y) > 1e-5 * std::max(std::abs(x), std::abs(y))) return false;
    }
  }
  return true;
}

class Comparer {
 public:
  CompareReport run(const Library& ref, const Library& neu, const std::string& only) {
    for (const Cell& rc : ref.cells) {
      if (!only.empty() && rc.name != only) continue;
      const Cell* nc = neu.find_cell(rc.name);
      if (!nc) report_.missing.push_back("cell " + rc.name);
      else cell(rc, *nc);
    }
    if (!only.empty() && !ref.find_cell(only)) report_.missing.push_back("cell " + only + " (not in REF)");
    for (const Cell& nc : neu.cells)
      if ((only.empty() || nc.name == only) && !ref.find_cell(nc.name)) report_.extra.push_back("cell " + nc.name);
    return std::move(report_);
  }

 private:
  void scalar(const std::string& path, Quantity q, std::optional<double> r, std::optional<double> n) {
    if (!r && !n) return;
    if (!r) return report_.extra.push_back(path);
    if (!n) return report_.missing.push_back(path);
    CompareEntry e;
    e.path = path;
    e.quantity = q;
    add_point(e, *r, *n, std::abs(*r));
    finish(e);
  }

  static void add_point(CompareEntry& e, double r, double n, double scale) {
    ++e.points;
    if (std::abs(r) <= kNearZero * scale || scale == 0.0) {
      e.max_abs = std::max(e.max_abs, std::abs(n - r));
      return;
    }
    double rel = std::abs(n - r) / std::abs(r);
    ++e.relative_points;
    e.mean_rel += rel;
    e.max_rel = std::max(e.max_rel, rel);
  }

  void finish(CompareEntry& e) {
    if (e.relative_points) e.mean_rel /= static_cast<double>(e.relative_points);
    report_.entries.push_back(std::move(e));
  }

  void table(const std::string& path, const Table& r, const Table& n) {
    CompareEntry e;
    e.path = path;
    e.quantity = r.quantity;
    e.interpolated = !same_axes(r.axes(), n.axes());
    double scale = 0;
    for (double v : r.values) scale = std::max(scale, std::abs(v));
    const auto& ax = r.axes();
    std::size_t n1 = ax.empty() ? 1 : ax[0].values.size(), n2 = ax.size() == 2 ? ax[1].values.size() : 1;
    for (std::size_t i = 0; i < n1; ++i)
      for (std::size_t j = 0; j < n2; ++j) {
        std::vector<std::pair<AxisVariable, double>> at;
        if (!ax.empty()) at.emplace_back(ax[0].variable, ax[0].values[i]);
        if (ax.size() == 2) at.emplace_back(ax[1].variable, ax[1].values[j]);
        auto v = e.interpolated ? evaluate(n, at) : std::optional<double>(n.at(i, j));
        if (!v) ++e.outside;
        else add_point(e, r.at(i, j), *v, scale);
      }
    if (e.points == 0) report_.missing.push_back(path + " (no REF grid point inside NEW's axes)");
    finish(e);
  }

  void tables(const std::string& path, const std::vector<std::pair<const char*, const Table*>>& r,
              const std::vector<std::pair<const char*, const Table*>>& n) {
    for (auto [name, t] : r) {
      auto it = std::find_if(n.begin(), n.end(), [&](const auto& p) { return std::string_view(p.first) == name; });
      if (it == n.end()) report_.missing.push_back(path + "/" + name);
      else table(path + "/" + name, *t, *it->second);
    }
    for (auto [name, t] : n)
      if (std::none_of(r.begin(), r.end(), [&](const auto& p) { return std::string_view(p.first) == name; }))
        report_.extra.push_back(path + "/" + name);
  }

  static std::string arc_base_key(const Pin& p, const TimingArc& a) {
    return fmt::format("{}->{} {}{}", a.related_pin, p.name, timing_type_name(a.type), a.when.empty() ? "" : " when " + a.when);
  }
  // Several groups of one pin with the same related pin, type and `when` (a non_unate arc split
  // into a positive_unate and a negative_unate group) are told apart by their timing_sense.
  static std::string arc_key(const Pin& p, const TimingArc& a) {
    std::string key = arc_base_key(p, a);
    const auto same = std::count_if(p.timing.begin(), p.timing.end(),
                                    [&](const TimingArc& b) { return arc_base_key(p, b) == key; });
    if (same > 1 && a.sense != TimingSense::None) key += std::string(" ") + timing_sense_name(a.sense);
    return key;
  }
  static std::string power_key(const InternalPower& ip) {
    return fmt::format("power {}{}", ip.related_pin.empty() ? "-" : ip.related_pin, ip.when.empty() ? "" : " when " + ip.when);
  }

  // Items of REF (keyed by key_r) and NEW (keyed by key_n) matched by key.
  template <class T, class KeyR, class KeyN>
  void match(const std::string& path, const std::vector<T>& r, const std::vector<T>& n, KeyR key_r, KeyN key_n) {
    for (const T& x : r) {
      auto it = std::find_if(n.begin(), n.end(), [&](const T& y) { return key_n(y) == key_r(x); });
      if (it == n.end()) report_.missing.push_back(path + "/" + key_r(x));
      else tables(path + "/" + key_r(x), x.tables(), it->tables());
    }
    for (const T& y : n)
      if (std::none_of(r.begin(), r.end(), [&](const T& x) { return key_r(x) == key_n(y); }))
        report_.extra.push_back(path + "/" + key_n(y));
  }
  template <class T, class Key>
  void match(const std::string& path, const std::vector<T>& r, const std::vector<T>& n, Key key) {
    match(path, r, n, key, key);
  }

  static std::string attribute_text(const UserAttribute& a) {
    switch (a.kind) {
      case UserAttribute::Kind::Boolean: return a.flag ? "true" : "false";
      case UserAttribute::Kind::String: return fmt::format("\"{}\"", a.text);
      case UserAttribute::Kind::Float: return "float";
      case UserAttribute::Kind::FloatList: return fmt::format("list of {}", a.numbers.size());
    }
    return "?";
  }

  // User-defined attributes matched by name: numbers compared like tables (SI), booleans and
  // strings must be equal (a difference is reported as missing, like a differing function).
  void user_attributes(const std::string& path, const std::vector<UserAttribute>& r, const std::vector<UserAttribute>& n) {
    for (const UserAttribute& ra : r) {
      auto it = std::find_if(n.begin(), n.end(), [&](const UserAttribute& x) { return x.name == ra.name; });
      const std::string item = path + "/" + ra.name;
      if (it == n.end()) {
        report_.missing.push_back(item);
        continue;
      }
      const bool numeric = ra.kind == UserAttribute::Kind::Float || ra.kind == UserAttribute::Kind::FloatList;
      if (it->kind != ra.kind || (numeric && it->numbers.size() != ra.numbers.size()) ||
          (!numeric && attribute_text(*it) != attribute_text(ra))) {
        report_.missing.push_back(fmt::format("{} {} (NEW has {})", item, attribute_text(ra), attribute_text(*it)));
        continue;
      }
      if (!numeric) continue;
      CompareEntry e;
      e.path = item;
      e.quantity = ra.quantity;
      double scale = 0;
      for (double v : ra.numbers) scale = std::max(scale, std::abs(v));
      for (std::size_t i = 0; i < ra.numbers.size(); ++i) add_point(e, ra.numbers[i], it->numbers[i], scale);
      finish(e);
    }
    for (const UserAttribute& na : n)
      if (std::none_of(r.begin(), r.end(), [&](const UserAttribute& x) { return x.name == na.name; }))
        report_.extra.push_back(path + "/" + na.name);
  }

  void pin(const std::string& cell, const Pin& r, const Pin& n) {
    std::string path = cell + "/" + r.name;
    scalar(path + "/capacitance", Quantity::Capacitance, r.capacitance, n.capacitance);
    scalar(path + "/rise_capacitance", Quantity::Capacitance, r.rise_capacitance, n.rise_capacitance);
    scalar(path + "/fall_capacitance", Quantity::Capacitance, r.fall_capacitance, n.fall_capacitance);
    if (r.function != n.function && !r.function.empty())
      report_.missing.push_back(fmt::format("{}/function \"{}\" (NEW has \"{}\")", path, r.function, n.function));
    user_attributes(path, r.user_attributes, n.user_attributes);
    match(
        cell, r.timing, n.timing, [&](const TimingArc& a) { return arc_key(r, a); },
        [&](const TimingArc& a) { return arc_key(n, a); });
    match(path, r.power, n.power, power_key);
  }

  void cell(const Cell& r, const Cell& n) {
    scalar(r.name + "/area", Quantity::Dimensionless, r.area, n.area);
    scalar(r.name + "/cell_leakage_power", Quantity::Power, r.leakage, n.leakage);
    for (const LeakagePower& lp : r.leakage_power) {
      auto it = std::find_if(n.leakage_power.begin(), n.leakage_power.end(), [&](const LeakagePower& x) { return x.when == lp.when; });
      std::string path = fmt::format("{}/leakage_power when {}", r.name, lp.when.empty() ? "-" : lp.when);
      scalar(path, Quantity::Power, lp.value, it == n.leakage_power.end() ? std::nullopt : std::optional<double>(it->value));
    }
    for (const Pin& rp : r.pins) {
      const Pin* np = n.find_pin(rp.name);
      if (!np) report_.missing.push_back(r.name + "/" + rp.name);
      else pin(r.name, rp, *np);
    }
    for (const Pin& np : n.pins)
      if (!r.find_pin(np.name)) report_.extra.push_back(n.name + "/" + np.name);
  }

  CompareReport report_;
};

}  // namespace

double CompareReport::worst_rel() const {
  double w = 0;
  for (const CompareEntry& e : entries) w = std::max(w, e.max_rel);
  return w;
}

std::string CompareReport::str() const {
  std::string out = fmt::format("{:<64} {:>5} {:>10} {:>10} {:>14}\n", "item", "n", "mean rel%", "max rel%", "max abs (~0 ref)");
  for (const CompareEntry& e : entries) {
    std::string abs = e.points > e.relative_points ? units::format_eng(e.max_abs, quantity_si_unit(e.quantity), 3) : "-";
    std::string rel_mean = e.relative_points ? units::format_sig(100 * e.mean_rel, 4) : "-";
    std::string rel_max = e.relative_points ? units::format_sig(100 * e.max_rel, 4) : "-";
    std::string note;
    if (e.interpolated) note += " (interpolated)";
    if (e.outside) note += fmt::format(" ({} REF points outside NEW's grid)", e.outside);
    out += fmt::format("{:<64} {:>5} {:>10} {:>10} {:>14}{}\n", e.path, e.points, rel_mean, rel_max, abs, note);
  }
  for (const std::string& m : missing) out += "MISSING in NEW: " + m + "\n";
  for (const std::string& x : extra) out += "EXTRA in NEW: " + x + "\n";
  std::size_t n = 0;
  for (const CompareEntry& e : entries) n += e.points;
  out += fmt::format("summary: {} items, {} values, worst max relative error {} %, {} missing, {} extra\n", entries.size(), n,
                     units::format_sig(100 * worst_rel(), 4), missing.size(), extra.size());
  return out;
}

CompareReport compare_libraries(const Library& ref, const Library& neu, const std::string& cell) {
  return Comparer().run(ref, neu, cell);
}

}  // namespace rtmchar::liberty
