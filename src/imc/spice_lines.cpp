#include "imc/spice_lines.h"

#include <fmt/format.h>

#include "util/units.h"

namespace rtmchar::imc {

using units::format_number;

std::string pwl_pulse(double v, double t_on, double t_off, double e) {
  return fmt::format("pwl(0 0 {} 0 {} {} {} {} {} 0)", format_number(t_on), format_number(t_on + e), format_number(v),
                     format_number(t_off), format_number(v), format_number(t_off + e));
}

std::string mos_line(const std::string& name, const std::string& d, const std::string& g, const std::string& s,
                     const std::string& b, const std::string& model, double w, double l, double f) {
  return fmt::format("{} {} {} {} {} {} W={} L={} AD={} AS={} PD={} PS={}\n", name, d, g, s, b, model,
                     format_number(w), format_number(l), format_number(w * 2 * f), format_number(w * 2 * f),
                     format_number(2 * (w + 2 * f)), format_number(2 * (w + 2 * f)));
}

}  // namespace rtmchar::imc
