#include "bank/lanes.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "util/fs.h"

namespace rtmchar::bank {
namespace {

using nlohmann::json;

constexpr const char* kSchema = "rtmchar.fa_rtm/1";

/// Reads keys of one JSON document; every problem is one error naming the file and the key.
class Reader {
 public:
  Reader(const std::string& file, Diagnostics& diag) : file_(file), diag_(diag) {}

  bool ok() const { return ok_; }

  void fail(const std::string& key, const std::string& what) {
    diag_.error("bank.bad-lane-cell", SourceLoc::at(file_), fmt::format("key '{}': {}", key, what));
    ok_ = false;
  }

  const json* get(const json& j, const std::string& key, const std::string& path, json::value_t type) {
    const auto it = j.find(key);
    if (it == j.end()) return fail(path, "missing"), nullptr;
    const bool number = type == json::value_t::number_float;
    if (number ? !it->is_number() : it->type() != type) {
      return fail(path, fmt::format("expected {}, found {}", number ? "a number" : json(type).type_name(), it->type_name())), nullptr;
    }
    return &*it;
  }

  /// A finite number > 0, or of any sign with `any_sign` (setup and hold may be negative).
  double number(const json& j, const std::string& key, const std::string& path, bool any_sign = false) {
    const json* v = get(j, key, path, json::value_t::number_float);
    if (!v) return 0.0;
    const double x = v->get<double>();
    if (!std::isfinite(x) || (!any_sign && x <= 0)) return fail(path, fmt::format("must be a positive number (got {})", x)), 0.0;
    return x;
  }

  std::vector<double> numbers(const json& j, const std::string& key, const std::string& path) {
    const json* v = get(j, key, path, json::value_t::array);
    std::vector<double> out;
    if (!v) return out;
    for (std::size_t i = 0; i < v->size(); ++i) out.push_back(element(*v, i, fmt::format("{}[{}]", path, i)));
    if (out.empty()) fail(path, "empty table");
    return out;
  }

  std::string text(const json& j, const std::string& key, const std::string& path) {
    const json* v = get(j, key, path, json::value_t::string);
    return v ? v->get<std::string>() : std::string();
  }

 private:
  double element(const json& arr, std::size_t i, const std::string& path) {
    if (!arr[i].is_number() || !std::isfinite(arr[i].get<double>()) || arr[i].get<double>() <= 0) {
      return fail(path, "must be a positive number"), 0.0;
    }
    return arr[i].get<double>();
  }

  const std::string& file_;
  Diagnostics& diag_;
  bool ok_ = true;
};

/// Slowest delay of `output` at the first (smallest) clock slew and load, and fastest anywhere.
void clock_arcs(Reader& rd, const json& j, std::size_t points, LaneCell& c) {
  const json* arcs = rd.get(j, "clock_arcs", "clock_arcs", json::value_t::array);
  if (!arcs) return;
  bool seen_s = false, seen_co = false;
  c.clk_to_co_min = HUGE_VAL;
  for (std::size_t i = 0; i < arcs->size(); ++i) {
    const std::string path = fmt::format("clock_arcs[{}]", i);
    const std::string out = rd.text((*arcs)[i], "output", path + ".output");
    const std::vector<double> d = rd.numbers((*arcs)[i], "delay_s", path + ".delay_s");
    if (d.empty()) continue;
    if (d.size() != points) {
      rd.fail(path + ".delay_s", fmt::format("{} values, not clock_slews_s x loads_F = {}", d.size(), points));
      continue;
    }
    if (out == "S") c.clk_to_s = std::max(c.clk_to_s, d.front()), seen_s = true;
    if (out == "CO") {
      c.clk_to_co = std::max(c.clk_to_co, d.front()), seen_co = true;
      c.clk_to_co_min = std::min(c.clk_to_co_min, *std::min_element(d.begin(), d.end()));
    }
  }
  if (!seen_s) rd.fail("clock_arcs", "no arc with output S");
  if (!seen_co) rd.fail("clock_arcs", "no arc with output CO");
}

/// Largest setup of B and CI, largest hold of CI (constraints are scalar: value_s).
void constraints(Reader& rd, const json& j, LaneCell& c) {
  const json* cons = rd.get(j, "constraints", "constraints", json::value_t::array);
  if (!cons) return;
  bool setup_b = false, setup_ci = false, hold_ci = false;
  c.setup_b = c.setup_ci = c.hold_ci = -HUGE_VAL;
  for (std::size_t i = 0; i < cons->size(); ++i) {
    const std::string path = fmt::format("constraints[{}]", i);
    const std::string kind = rd.text((*cons)[i], "kind", path + ".kind");
    const std::string pin = rd.text((*cons)[i], "pin", path + ".pin");
    const double v = rd.number((*cons)[i], "value_s", path + ".value_s", true);
    if (kind == "setup" && pin == "B") c.setup_b = std::max(c.setup_b, v), setup_b = true;
    if (kind == "setup" && pin == "CI") c.setup_ci = std::max(c.setup_ci, v), setup_ci = true;
    if (kind == "hold" && pin == "CI") c.hold_ci = std::max(c.hold_ci, v), hold_ci = true;
  }
  if (!setup_b) rd.fail("constraints", "no setup of pin B");
  if (!setup_ci) rd.fail("constraints", "no setup of pin CI");
  if (!hold_ci) rd.fail("constraints", "no hold of pin CI");
}

void shift_entry(Reader& rd, const json& j, LaneCell& c) {
  const json* shift = rd.get(j, "shift", "shift", json::value_t::array);
  if (!shift) return;
  if (shift->empty() || !shift->front().is_object()) return rd.fail("shift", "needs at least one entry (cell characterized without a shift table)");
  c.shift_current = rd.number(shift->front(), "current_A", "shift[0].current_A");
  c.shift_pulse = rd.number(shift->front(), "min_pulse_s", "shift[0].min_pulse_s");
  c.shift_track_energy = rd.number(shift->front(), "track_energy_J", "shift[0].track_energy_J");
}

int count(Reader& rd, const json& j, const char* key) {
  const json* v = rd.get(j, key, key, json::value_t::number_float);
  if (!v) return 0;
  if (!v->is_number_integer() || v->get<long>() < 1) return rd.fail(key, "must be a positive integer"), 0;
  return v->get<int>();
}

int line_of(const std::string& text, std::size_t byte) {
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(std::min(byte, text.size())), '\n'));
}

}  // namespace

std::optional<LaneCell> parse_lane_cell(const std::string& text, const std::string& file, Diagnostics& diag) {
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    diag.error("bank.bad-lane-cell", SourceLoc::at(file, line_of(text, e.byte)), fmt::format("not JSON: {}", e.what()));
    return std::nullopt;
  }
  Reader rd(file, diag);
  if (!j.is_object()) return rd.fail("schema", "the file is not a JSON object"), std::nullopt;
  const std::string schema = rd.text(j, "schema", "schema");
  if (!rd.ok()) return std::nullopt;
  if (schema != kSchema) return rd.fail("schema", fmt::format("'{}', expected '{}' (rtmchar cell fa_rtm)", schema, kSchema)), std::nullopt;
  LaneCell c;
  c.file = file;
  c.cell = rd.text(j, "cell", "cell");
  c.technology = rd.text(j, "technology", "technology");
  const std::size_t points = rd.numbers(j, "clock_slews_s", "clock_slews_s").size() * rd.numbers(j, "loads_F", "loads_F").size();
  clock_arcs(rd, j, points, c);
  constraints(rd, j, c);
  c.read_latency = rd.number(j, "read_latency_s", "read_latency_s");
  c.operand_setup = rd.number(j, "operand_setup_s", "operand_setup_s", true);
  c.energy_per_evaluation = rd.number(j, "energy_per_evaluation_J", "energy_per_evaluation_J");
  c.leakage = rd.number(j, "leakage_W", "leakage_W");
  c.area = rd.number(j, "area_m2", "area_m2");
  c.domains = count(rd, j, "domains");
  c.shifted_tracks = count(rd, j, "shifted_tracks");
  shift_entry(rd, j, c);
  if (!rd.ok()) return std::nullopt;
  return c;
}

std::optional<LaneCell> load_lane_cell(const std::string& path, Diagnostics& diag) {
  std::string err;
  auto text = read_file(path, err);
  if (!text) {
    diag.error("bank.bad-lane-cell", SourceLoc::cli("--lane-cell"), fmt::format("cannot read '{}': {}", path, err));
    return std::nullopt;
  }
  return parse_lane_cell(*text, path, diag);
}

bool lane_cell_fits(const LaneCell& c, int word_bits, Diagnostics& diag) {
  if (c.domains >= word_bits) return true;
  diag.error("bank.bad-lane-cell", SourceLoc::at(c.file),
             fmt::format("key 'domains': the lane's operand tracks hold {} bits, fewer than the {}-bit word (--word)",
                         c.domains, word_bits));
  return false;
}

LaneCycle lane_cycle(const LaneCell& c, const LaneBankSide& b) {
  LaneCycle y;
  // The carry latch feeds CI of the next cycle directly; if it can change before CI's hold time
  // has passed, a delay of the difference is inserted (it lengthens the loop by as much).
  y.hold_fix = std::max(0.0, c.hold_ci - c.clk_to_co_min);
  y.carry = c.clk_to_co + y.hold_fix + c.setup_ci;
  y.operand_a = c.read_latency + c.shift_pulse + c.operand_setup;
  y.operand_b = c.clk_to_s + b.bit_write + b.bank_shift + b.bit_read + c.setup_b;
  y.period = std::max({y.carry, y.operand_a, y.operand_b});
  return y;
}

int add_cycles(int word_bits) { return word_bits; }

int multiply_cycles(int word_bits) { return word_bits * (word_bits + 1); }

}  // namespace rtmchar::bank
