#include "bank/model.h"

#include <algorithm>
#include <cmath>

namespace rtmchar::bank {
namespace {

constexpr double kEps0 = 8.8541878128e-12;  // vacuum permittivity [F/m]
constexpr double kBoltzmannOverQ = 8.617333262e-5;  // k_B / q [V/K]
constexpr double kSubthresholdN = 1.5;  // subthreshold slope factor n (Rabaey sec. 3.3.2: 1 < n < 2)

struct Mos {
  double ion = 0;   // A/m
  double ioff = 0;  // A/m
  double cox = 0;   // F/m^2
};

/// Velocity-saturated on-current and subthreshold leakage per width of one BSIM4 card.
Mos mos_numbers(const tech::Technology& t, const char* type, double l, double vdd) {
  auto k = [&](const char* name) { return t.si(std::string("bsim4.") + type + "." + name); };
  const double cox = k("epsrox") * kEps0 / k("toxe");
  const double vth = std::abs(k("vth0"));
  const double vsat = k("vsat");
  const double u0 = k("u0") > 1.0 ? k("u0") * 1e-4 : k("u0");  // BSIM4: u0 > 1 is in cm^2/Vs
  const double vov = std::max(vdd - vth, 1e-3);
  const double esat_l = 2.0 * vsat / u0 * l;
  Mos m;
  m.cox = cox;
  m.ion = cox * vsat * vov * vov / (vov + esat_l);
  const double vt = kBoltzmannOverQ * (t.temperature() + 273.15);
  const double vth_eff = vth - k("eta0") * vdd;
  m.ioff = u0 * cox / l * (kSubthresholdN - 1.0) * vt * vt * std::exp(-vth_eff / (kSubthresholdN * vt));
  return m;
}

int ceil_log2(long n) {
  int b = 0;
  while ((1L << b) < n) ++b;
  return b;
}

/// Chain of N stages with path effort F and parasitic P; `c_in` is the chain's input cap.
DriverChain size_chain(const Process& p, double effort, double parasitic_extra, double c_in, double c_load,
                       double logic_width) {
  DriverChain d;
  d.effort = std::max(effort, 1.0);
  d.stages = std::max(1, static_cast<int>(std::lround(std::log(d.effort) / std::log(4.0))));
  d.stage_effort = std::pow(d.effort, 1.0 / d.stages);
  d.delay = (d.stages * d.stage_effort + d.stages + parasitic_extra) * p.tau;
  // Input caps of the inverter stages grow geometrically by the stage effort up to the load.
  double c = c_load;
  double width = logic_width;
  double switched = c_in;
  for (int i = 0; i < d.stages; ++i) {
    c /= d.stage_effort;
    switched += c;
    width += c / p.c_inv * p.w_inv;
  }
  d.c_switched = switched;
  d.width = width;
  return d;
}

}  // namespace

Process process_from_technology(const tech::Technology& t) {
  Process p;
  p.f = t.feature_size();
  p.vdd = t.vdd();
  p.l_gate = t.si("device.lmin_n");
  p.wmin = t.si("device.wmin_n");
  const Mos n = mos_numbers(t, "nmos", p.l_gate, p.vdd);
  const Mos pm = mos_numbers(t, "pmos", t.si("device.lmin_p"), p.vdd);
  p.ion_n = n.ion;
  p.ion_p = pm.ion;
  p.ioff_n = n.ioff;
  p.c_gate = n.cox * p.l_gate;
  p.c_drain = p.c_gate;
  const char* layers[3] = {"local", "intermediate", "global"};
  for (int i = 0; i < 3; ++i) {
    p.wire_r[i] = t.si(std::string("wire.") + layers[i] + ".r");
    p.wire_c[i] = t.si(std::string("wire.") + layers[i] + ".c");
  }
  p.gate_pitch = t.si("layout.contacted_gate_pitch") * p.f;
  p.m1_pitch = t.si("layout.metal1_pitch") * p.f;
  const double wp = p.wmin * p.ion_n / p.ion_p;  // equal pull-up and pull-down strength
  p.w_inv = p.wmin + wp;
  p.r_inv = r_on(p, p.wmin);
  p.c_inv = p.c_gate * p.w_inv;
  p.tau = p.r_inv * p.c_inv;
  return p;
}

double r_on(const Process& p, double w, bool pmos) { return 0.75 * p.vdd / ((pmos ? p.ion_p : p.ion_n) * w); }

double transistor_area(const Process& p, double w) { return p.gate_pitch * (w + p.m1_pitch); }

double wire_delay(double r_drv, double r_wire, double c_wire, double c_load) {
  return 0.69 * r_drv * (c_wire + c_load) + 0.38 * r_wire * c_wire + 0.69 * r_wire * c_load;
}

DriverChain decoder(const Process& p, long outputs, double c_load) {
  const int bits = std::max(1, ceil_log2(outputs));
  const int levels = ceil_log2(bits);  // NAND2 levels that combine `bits` address bits
  const double g = std::pow(4.0 / 3.0, levels);
  const double b = std::max(1.0, static_cast<double>(outputs) / 2.0);
  const double h = c_load / p.c_inv;
  // One output's NAND2 tree: 2^levels - 1 NAND2 gates of unit-inverter input cap per input.
  const double nand_width = ((1 << levels) - 1) * 2.0 * p.w_inv;
  return size_chain(p, g * b * h, 2.0 * levels, p.c_inv, c_load, nand_width);
}

DriverChain buffer(const Process& p, double c_load) {
  return size_chain(p, c_load / p.c_inv, 0.0, p.c_inv, c_load, 0.0);
}

RepeatedWire repeated_wire(const Process& p, double len, WireLayer layer) {
  const double r = p.wire_r[static_cast<int>(layer)];
  const double c = p.wire_c[static_cast<int>(layer)];
  const double r0 = p.r_inv;
  const double c0 = p.c_inv;
  RepeatedWire w;
  w.segments = std::max(1, static_cast<int>(std::lround(std::sqrt(0.38 * r * c / (0.69 * r0 * c0)) * len)));
  w.size = std::max(1.0, std::sqrt(r0 * c / (r * c0)));
  const double l = len / w.segments;
  const double rd = r0 / w.size;
  const double cr = c0 * w.size;  // repeater input cap; its drain cap equals it (gamma = 1)
  const double seg = wire_delay(rd, r * l, c * l, cr) + 0.69 * rd * cr;
  w.delay = w.segments * seg;
  w.energy = (c * len + 2.0 * cr * w.segments) * p.vdd * p.vdd;
  w.width = w.segments * w.size * p.w_inv;
  return w;
}

double sense_amp_delay(const Process& p, double dv) { return 2.0 * p.tau * std::log(std::max(p.vdd / dv, 1.0)); }

}  // namespace rtmchar::bank
