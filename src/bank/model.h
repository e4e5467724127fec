#pragma once
// Analytic circuit models of a racetrack-memory bank's components: process-derived transistor
// numbers, wires (Elmore / Bakoglu repeated wires), decoders sized by logical effort, sense
// amplifiers, drivers. Pure functions of their arguments (no globals); SI doubles throughout.
// Equations and sources: docs/bank.md (CACTI 6.5 / NVSim / DESTINY structure; Sutherland,
// Sproull & Harris "Logical Effort" (1999); Rabaey, Chandrakasan & Nikolic "Digital Integrated
// Circuits" 2nd ed. (2003); Bakoglu & Meindl, IEEE T-ED 32(5) 1985).
#include <string>

#include "tech/technology.h"

namespace rtmchar::bank {

/// Transistor and wire numbers derived once from a technology (every field SI).
struct Process {
  double f = 0;              ///< feature size F [m]
  double vdd = 0;            ///< supply [V]
  double l_gate = 0;         ///< drawn channel length (device.lmin_n) [m]
  double wmin = 0;           ///< minimum width (device.wmin_n) [m]
  double ion_n = 0;          ///< NMOS saturation current per width at |Vgs| = |Vds| = VDD [A/m]
  double ion_p = 0;          ///< PMOS, same [A/m]
  double ioff_n = 0;         ///< NMOS subthreshold leakage per width at Vgs = 0, Vds = VDD [A/m]
  double c_gate = 0;         ///< gate capacitance per width, Cox * L [F/m]
  double c_drain = 0;        ///< drain capacitance per width (= c_gate, gamma = 1) [F/m]
  double wire_r[3] = {};     ///< local, intermediate, global resistance per length [Ohm/m]
  double wire_c[3] = {};     ///< same, capacitance per length [F/m]
  double gate_pitch = 0;     ///< contacted gate pitch [m]
  double m1_pitch = 0;       ///< metal-1 pitch [m]
  // Derived unit inverter (Wn = wmin, Wp sized for equal rise/fall):
  double r_inv = 0;          ///< effective switching resistance of the unit inverter [Ohm]
  double c_inv = 0;          ///< input capacitance of the unit inverter [F]
  double tau = 0;            ///< logical-effort time unit r_inv * c_inv [s]
  double w_inv = 0;          ///< total width (n + p) of the unit inverter [m]
};

enum class WireLayer { Local = 0, Intermediate = 1, Global = 2 };

/// Process numbers from the techfile: BSIM4 vth0, u0, vsat, toxe, epsrox, eta0 of both cards,
/// device.*, wire.*, layout.*. The on-current uses the velocity-saturation model
/// I/W = Cox vsat (Vdd-Vth)^2 / ((Vdd-Vth) + Esat L), Esat = 2 vsat/u0 (Taur & Ning, eq. 3.68);
/// R_eq = 3/4 Vdd / Ion (Rabaey eq. 3.43); leakage I_off/W = u0 Cox / L (n-1) vT^2
/// exp(-(Vth - eta0 Vdd)/(n vT)), n = 1.5 (Rabaey eq. 3.40, DIBL by eta0).
Process process_from_technology(const tech::Technology& t);

/// Effective resistance of an NMOS (`pmos` false) or PMOS of width `w`: 3/4 Vdd / (Ion/W * w).
double r_on(const Process& p, double w, bool pmos = false);

/// Layout area of one (folded) transistor of width w: gate pitch x (w + metal-1 pitch).
double transistor_area(const Process& p, double w);

/// 50 % delay of a distributed RC wire driven through r_drv into c_load (Elmore with the
/// distributed-line factors of Rabaey eq. 4.32 / Bakoglu): 0.69 r_drv (c_w + c_l) + 0.38 r_w c_w +
/// 0.69 r_w c_l.
double wire_delay(double r_drv, double r_wire, double c_wire, double c_load);

/// A decoder-plus-driver chain from a minimum-size input to a load, sized by logical effort.
struct DriverChain {
  int stages = 0;        ///< number of stages N (inverters after the NAND tree)
  double effort = 0;     ///< path effort F = G B H
  double stage_effort = 0;  ///< f = F^(1/N)
  double delay = 0;      ///< (N f + P) tau [s]
  double c_switched = 0;  ///< capacitance charged on the active path, load excluded [F]
  double width = 0;      ///< total transistor width of one chain [m]
};

/// Row decoder for `outputs` lines driving `c_load` each: a NAND2 predecode tree (logical effort
/// 4/3 per NAND2 level, ceil(log2(bits)) levels with bits = ceil(log2 outputs)), branching effort
/// B = outputs / 2 (each address true/complement line fans out to half the rows), electrical
/// effort H = c_load / c_inv; N = max(1, round(log4 F)) stages, delay (N F^(1/N) + P) tau with
/// parasitic P = N + 2 * levels (p_inv = 1, p_nand2 = 2). Sutherland et al. ch. 1, 11.
DriverChain decoder(const Process& p, long outputs, double c_load);

/// A buffer chain (G = 1, B = 1) from a unit inverter to `c_load` (output drivers, shift and
/// write driver pre-drivers).
DriverChain buffer(const Process& p, double c_load);

/// Repeated global wire of length `len` (Bakoglu & Meindl 1985): k = sqrt(0.38 r c / (0.69 R0 C0))
/// len segments (at least 1), repeaters h = sqrt(R0 c / (r C0)) times the unit inverter.
struct RepeatedWire {
  int segments = 0;
  double size = 0;       ///< repeater size in unit inverters
  double delay = 0;      ///< [s]
  double energy = 0;     ///< per transition of one bit, C V^2 [J]
  double width = 0;      ///< total repeater transistor width [m]
};
RepeatedWire repeated_wire(const Process& p, double len, WireLayer layer);

/// Latch-type sense amplifier (CACTI 6.5 tech report sec. 5.3): resolve time
/// tau_sa ln(Vdd / dV), tau_sa = C_sa / g_m with C_sa = 2 c_inv (both latch nodes' inverter
/// inputs) and g_m approximated by 1 / r_inv, so tau_sa = 2 tau. Returns seconds; dV must be > 0.
double sense_amp_delay(const Process& p, double dv);

}  // namespace rtmchar::bank
