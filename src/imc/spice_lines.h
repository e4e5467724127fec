#pragma once
// SPICE element lines shared by the CAM search and write benches (internal to src/imc).
#include <string>

namespace rtmchar::imc {

/// pwl that is 0 until t_on, `v` from t_on + e until t_off, then 0 again from t_off + e.
std::string pwl_pulse(double v, double t_on, double t_off, double e);

/// A MOSFET line with drain/source diffusions 2F long: AD = AS = 2F W, PD = PS = 2 (W + 2F).
std::string mos_line(const std::string& name, const std::string& d, const std::string& g, const std::string& s,
                     const std::string& b, const std::string& model, double w, double l, double f);

}  // namespace rtmchar::imc
