#include "util/units.h"

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>
#include <fmt/format.h>
#include <system_error>

namespace rtmchar::units {
namespace {

// Dimension exponents over the base quantities used here: length, time, current, voltage,
// absolute temperature, Celsius temperature (kept apart: it is not a multiple of kelvin).
constexpr int kDims = 6;
using Dims = std::array<int, kDims>;

struct UnitValue {
  double scale = 1.0;  // multiply a number in this unit by scale to get SI
  Dims dims{};
};

struct Base {
  std::string_view name;
  Dims dims;
  double scale;
};

// m s A V K degC
constexpr Base kBases[] = {
    {"m", {1, 0, 0, 0, 0, 0}, 1.0},      {"s", {0, 1, 0, 0, 0, 0}, 1.0},
    {"A", {0, 0, 1, 0, 0, 0}, 1.0},      {"V", {0, 0, 0, 1, 0, 0}, 1.0},
    {"K", {0, 0, 0, 0, 1, 0}, 1.0},      {"degC", {0, 0, 0, 0, 0, 1}, 1.0},
    {"F", {0, 1, 1, -1, 0, 0}, 1.0},     // A*s/V
    {"Ohm", {0, 0, -1, 1, 0, 0}, 1.0},   {"ohm", {0, 0, -1, 1, 0, 0}, 1.0},
    {"\xce\xa9", {0, 0, -1, 1, 0, 0}, 1.0},  // Ω
    {"J", {0, 1, 1, 1, 0, 0}, 1.0},      // V*A*s
    {"W", {0, 0, 1, 1, 0, 0}, 1.0},      // V*A
    {"Hz", {0, -1, 0, 0, 0, 0}, 1.0},    {"H", {0, 1, -1, 1, 0, 0}, 1.0},  // V*s/A
    {"%", {0, 0, 0, 0, 0, 0}, 0.01},
};

struct Prefix {
  std::string_view text;
  double scale;
};

// Longest first so that "meg" wins over "m".
constexpr Prefix kPrefixes[] = {
    {"meg", 1e6}, {"Meg", 1e6}, {"MEG", 1e6}, {"\xc2\xb5", 1e-6},  // µ
    {"a", 1e-18}, {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9}, {"u", 1e-6},
    {"m", 1e-3},  {"k", 1e3},   {"M", 1e6},   {"G", 1e9},  {"T", 1e12},
};

const Base* find_base(std::string_view s) {
  for (const Base& b : kBases) {
    if (b.name == s) return &b;
  }
  return nullptr;
}

// One factor: [prefix]base[^exp]. Returns false if it is not a unit.
bool parse_factor(std::string_view f, UnitValue& out) {
  int exp = 1;
  if (auto caret = f.find('^'); caret != std::string_view::npos) {
    std::string_view e = f.substr(caret + 1);
    auto [p, ec] = std::from_chars(e.data(), e.data() + e.size(), exp);
    if (ec != std::errc() || p != e.data() + e.size() || e.empty()) return false;
    f = f.substr(0, caret);
  }
  double scale = 1.0;
  const Base* base = find_base(f);
  if (base == nullptr) {
    for (const Prefix& p : kPrefixes) {
      if (f.size() > p.text.size() && f.substr(0, p.text.size()) == p.text) {
        base = find_base(f.substr(p.text.size()));
        if (base != nullptr) {
          scale = p.scale;
          break;
        }
      }
    }
  }
  if (base == nullptr) return false;
  out.scale = std::pow(scale * base->scale, exp);
  for (int i = 0; i < kDims; ++i) out.dims[i] = base->dims[i] * exp;
  return true;
}

// A product/quotient of factors, e.g. "Ohm*um^2", "F/m", "m^3/(A*s)" is NOT supported
// (no parentheses): write "m^3/A/s".
std::optional<UnitValue> parse_unit(std::string_view u) {
  if (u.empty()) return std::nullopt;
  UnitValue total;
  int sign = 1;
  size_t pos = 0;
  while (pos <= u.size()) {
    size_t next = u.find_first_of("*/", pos);
    std::string_view f = u.substr(pos, next == std::string_view::npos ? std::string_view::npos : next - pos);
    UnitValue fv;
    if (f.empty() || !parse_factor(f, fv)) return std::nullopt;
    total.scale *= sign > 0 ? fv.scale : 1.0 / fv.scale;
    for (int i = 0; i < kDims; ++i) total.dims[i] += sign * fv.dims[i];
    if (next == std::string_view::npos) break;
    sign = u[next] == '/' ? -1 : 1;
    pos = next + 1;
  }
  return total;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// Parses the leading decimal number; returns the rest in `rest`.
std::optional<double> leading_number(std::string_view s, std::string_view& rest) {
  double v = 0;
  const char* begin = s.data();
  if (!s.empty() && s.front() == '+') ++begin;  // from_chars rejects a leading '+'
  auto [p, ec] = std::from_chars(begin, s.data() + s.size(), v, std::chars_format::general);
  if (ec != std::errc() || !std::isfinite(v)) return std::nullopt;
  rest = s.substr(static_cast<size_t>(p - s.data()));
  return v;
}

}  // namespace

std::optional<double> parse_spice_number(std::string_view text) {
  std::string_view rest;
  auto v = leading_number(trim(text), rest);
  if (!v) return std::nullopt;
  std::string lower;
  for (char c : rest) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  double scale = 1.0;
  size_t used = 0;
  if (lower.rfind("meg", 0) == 0) {
    scale = 1e6;
    used = 3;
  } else if (!lower.empty()) {
    switch (lower[0]) {
      case 't': scale = 1e12; used = 1; break;
      case 'g': scale = 1e9; used = 1; break;
      case 'k': scale = 1e3; used = 1; break;
      case 'm': scale = 1e-3; used = 1; break;
      case 'u': scale = 1e-6; used = 1; break;
      case 'n': scale = 1e-9; used = 1; break;
      case 'p': scale = 1e-12; used = 1; break;
      case 'f': scale = 1e-15; used = 1; break;
      case 'a': scale = 1e-18; used = 1; break;
      default: break;
    }
  }
  for (size_t i = used; i < lower.size(); ++i) {
    if (!std::isalpha(static_cast<unsigned char>(lower[i]))) return std::nullopt;
  }
  return *v * scale;
}

std::optional<double> parse_quantity(std::string_view text, std::string_view si_unit, UnitPolicy policy,
                                     std::string* why) {
  auto fail = [&](std::string msg) -> std::optional<double> {
    if (why != nullptr) *why = std::move(msg);
    return std::nullopt;
  };
  auto expected = si_unit == "1" ? std::optional<UnitValue>(UnitValue{}) : parse_unit(si_unit);
  if (!expected) return fail(fmt::format("internal: unknown unit '{}'", si_unit));
  std::string_view rest;
  auto v = leading_number(trim(text), rest);
  if (!v) return fail(fmt::format("'{}' is not a number", trim(text)));
  rest = trim(rest);
  if (rest.empty()) {
    if (policy == UnitPolicy::Required && si_unit != "1") {
      return fail(fmt::format("'{}' has no unit (expected {})", trim(text), si_unit));
    }
    return *v * expected->scale;
  }
  if (auto u = parse_unit(rest)) {
    if (u->dims != expected->dims) {
      return fail(fmt::format("unit '{}' does not match the expected unit {}", rest, si_unit));
    }
    return *v * u->scale / expected->scale;
  }
  // A bare scale suffix without a unit, e.g. "145u".
  for (const Prefix& p : kPrefixes) {
    if (rest == p.text) {
      if (policy == UnitPolicy::Required) {
        return fail(fmt::format("'{}' has no unit after the prefix (expected {})", trim(text), si_unit));
      }
      return *v * p.scale;
    }
  }
  return fail(fmt::format("unknown unit '{}' (expected {})", rest, si_unit));
}

bool is_known_unit(std::string_view unit) { return unit == "1" || parse_unit(unit).has_value(); }

std::string format_number(double value) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "nan";
  return std::string(buf, p);
}

std::string format_sig(double value, int digits) {
  char buf[64];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::general, digits);
  if (ec != std::errc()) return "nan";
  return std::string(buf, p);
}

std::string format_eng(double value, std::string_view unit, int digits) {
  static constexpr std::pair<double, const char*> kEng[] = {
      {1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""},     {1e-3, "m"},
      {1e-6, "u"}, {1e-9, "n"}, {1e-12, "p"}, {1e-15, "f"}, {1e-18, "a"}};
  if (value == 0.0 || !std::isfinite(value)) return format_sig(value, digits) + " " + std::string(unit);
  double mag = std::fabs(value);
  for (const auto& [scale, prefix] : kEng) {
    if (mag >= scale * 0.9995) {
      return format_sig(value / scale, digits) + " " + prefix + std::string(unit);
    }
  }
  return format_sig(value / 1e-18, digits) + " a" + std::string(unit);
}

}  // namespace rtmchar::units
