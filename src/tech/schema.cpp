#include "tech/schema.h"

#include <fmt/format.h>

#include "util/units.h"

namespace rtmchar::tech {
namespace {

// Row builders keep the table below one line per key.
KeyInfo row(std::string_view key, Kind kind, std::string_view unit, std::string_view desc) {
  KeyInfo r;
  r.key = key;
  r.kind = kind;
  r.unit = unit;
  r.description = desc;
  return r;
}
KeyInfo positive(std::string_view key, std::string_view unit, std::string_view desc) {
  KeyInfo r = row(key, Kind::Quantity, unit, desc);
  r.min = 0.0;
  r.min_exclusive = true;
  return r;
}
KeyInfo ranged(std::string_view key, std::string_view unit, std::optional<double> lo, std::optional<double> hi,
               std::string_view desc) {
  KeyInfo r = row(key, Kind::Quantity, unit, desc);
  r.min = lo;
  r.max = hi;
  return r;
}
KeyInfo count(std::string_view key, double lo, std::string_view desc) {
  KeyInfo r = row(key, Kind::Integer, "1", desc);
  r.min = lo;
  return r;
}
KeyInfo text(std::string_view key, std::string_view fallback, std::string_view choices, std::string_view desc) {
  KeyInfo r = row(key, Kind::String, "", desc);
  r.fallback = fallback;
  r.choices = choices;
  return r;
}
KeyInfo optional_text(std::string_view key, std::string_view desc) {
  KeyInfo r = row(key, Kind::String, "", desc);
  r.optional = true;
  return r;
}
KeyInfo bsim4(std::string_view key, std::string_view desc) { return row(key, Kind::Bsim4, "1", desc); }

const KeyInfo kRows[] = {
    // [tech]
    text("tech.name", "", "", "technology name (the built-in name for built-in techfiles)"),
    positive("tech.feature_size", "m", "feature size F"),
    text("tech.variant", "", "HP|LP", "device family: HP high performance, LP low power"),
    ranged("tech.vdd", "V", 0.0, 5.0, "nominal supply voltage"),
    ranged("tech.temperature", "degC", -55.0, 175.0, "simulation temperature"),
    text("tech.corner", "TT", "", "process corner name"),
    // [models]
    text("models.nmos", "nmos", "", "NMOS model name used by netlists"),
    text("models.pmos", "pmos", "", "PMOS model name used by netlists"),
    optional_text("models.file", "user model file to .include instead of [bsim4.*] (relative to the techfile)"),
    // [device]
    positive("device.lmin_n", "m", "minimum NMOS channel length"),
    positive("device.wmin_n", "m", "minimum NMOS channel width"),
    positive("device.lmin_p", "m", "minimum PMOS channel length"),
    positive("device.wmin_p", "m", "minimum PMOS channel width"),
    // [wire]
    positive("wire.local.r", "Ohm/m", "local (M1) wire resistance per length"),
    positive("wire.local.c", "F/m", "local (M1) wire capacitance per length"),
    positive("wire.intermediate.r", "Ohm/m", "intermediate wire resistance per length"),
    positive("wire.intermediate.c", "F/m", "intermediate wire capacitance per length"),
    positive("wire.global.r", "Ohm/m", "global wire resistance per length"),
    positive("wire.global.c", "F/m", "global wire capacitance per length"),
    // [layout]
    positive("layout.contacted_gate_pitch", "1", "contacted gate (transistor) pitch, in F"),
    positive("layout.metal1_pitch", "1", "metal-1 routing pitch, in F"),
    positive("layout.cell_height", "1", "standard-cell height, in F"),
    positive("layout.mtj_footprint", "m^2", "layout area of one MTJ pillar incl. spacing"),
    positive("layout.racetrack_cell_area", "1", "racetrack cell area per bit, in F^2"),
    positive("layout.racetrack_cell_aspect_ratio", "1", "racetrack cell aspect ratio (height/width)"),
    positive("layout.sot_cell_area", "1", "SOT-MRAM cell area, in F^2"),
    // [mtj]
    positive("mtj.ra", "Ohm*m^2", "resistance-area product; R_P = ra / (width*length)"),
    positive("mtj.width", "m", "free-layer width"),
    positive("mtj.length", "m", "free-layer length"),
    positive("mtj.thickness", "m", "free-layer thickness"),
    positive("mtj.tmr0", "1", "zero-bias TMR ratio (R_AP - R_P)/R_P"),
    positive("mtj.v_h", "V", "bias at which TMR halves: TMR(V) = tmr0/(1+(V/v_h)^2)"),
    positive("mtj.ic_p_ap", "A", "STT critical current, parallel -> antiparallel"),
    positive("mtj.ic_ap_p", "A", "STT critical current, antiparallel -> parallel"),
    positive("mtj.tau0", "s", "switching time constant: t_sw = tau0/(I/Ic - 1)"),
    // [racetrack]
    count("racetrack.domains", 1, "data domains (bits) per track"),
    count("racetrack.overhead_domains", 0, "extra domains per track so data is not shifted off"),
    positive("racetrack.domain_pitch", "m", "length of one domain (bit) along the wire"),
    positive("racetrack.width", "m", "nanowire width"),
    positive("racetrack.thickness", "m", "nanowire thickness"),
    positive("racetrack.resistivity", "Ohm*m", "nanowire resistivity; R_wire = rho*L/(w*t)"),
    ranged("racetrack.tr_mr", "1", 0.0, std::nullopt,
           "transverse-read magnetoresistance: a '1' domain's wire piece has R_pitch*(1 + tr_mr)"),
    positive("racetrack.mobility", "m^3/A/s", "wall mobility mu: dx/dt = (mu*J - v_pin*sin(2 pi x))/pitch"),
    ranged("racetrack.v_pin", "m/s", 0.0, std::nullopt, "pinning velocity; depinning J_c = v_pin/mu"),
    positive("racetrack.shift_current", "A", "nominal shift current"),
    positive("racetrack.shift_pulse", "s", "nominal shift pulse per one-domain step"),
    count("racetrack.ports", 1, "access ports per track (port 0 read/write, others read)"),
    count("racetrack.port_distance", 1, "domains between neighbouring ports"),
    positive("racetrack.read_r_p", "Ohm", "read-port MTJ resistance, parallel (low)"),
    positive("racetrack.read_r_ap", "Ohm", "read-port MTJ resistance, antiparallel (high)"),
    positive("racetrack.read_voltage", "V", "read bias"),
    positive("racetrack.write_current", "A", "write current"),
    positive("racetrack.write_pulse", "s", "write pulse width"),
    positive("racetrack.access_width", "1", "access transistor width, in F"),
    ranged("racetrack.access_vdrop", "V", 0.0, std::nullopt, "voltage drop across the access transistor"),
    count("racetrack.tracks_per_group", 1, "tracks shifted together per group (DESTINY)"),
    count("racetrack.tracks_per_dbc", 1, "tracks per domain-block cluster (RTSim)"),
    // [sot]
    positive("sot.hm_resistivity", "Ohm*m", "heavy-metal channel resistivity"),
    positive("sot.spin_hall_angle", "1", "spin Hall angle of the heavy metal"),
    positive("sot.hm_width", "m", "heavy-metal channel width"),
    positive("sot.hm_length", "m", "heavy-metal channel length"),
    positive("sot.hm_thickness", "m", "heavy-metal channel thickness"),
    positive("sot.ic", "A", "SOT write critical current"),
    positive("sot.tau0", "s", "switching time constant: t_sw = tau0/(I/Ic - 1)"),
    positive("sot.r_low", "Ohm", "read-path resistance, low state"),
    positive("sot.r_high", "Ohm", "read-path resistance, high state"),
    // [imac]
    ranged("imac.v_read_pos", "V", 0.0, std::nullopt, "positive read supply"),
    ranged("imac.v_read_neg", "V", std::nullopt, 0.0, "negative read supply"),
    positive("imac.neuron_r1", "Ohm", "sigmoid-neuron divider resistance 1"),
    positive("imac.neuron_r2", "Ohm", "sigmoid-neuron divider resistance 2"),
    ranged("imac.neuron_offset", "V", std::nullopt, std::nullopt, "neuron input offset voltage"),
    positive("imac.diffamp_gain", "1", "differential amplifier gain"),
    positive("imac.sample_time", "s", "time per input sample"),
    count("imac.tile_size", 1, "crossbar tile rows and columns"),
    // [bsim4.*]
    text("bsim4.nmos.version", "", "", "BSIM4 version string (selects ngspice's BSIM4 code)"),
    text("bsim4.pmos.version", "", "", "BSIM4 version string (selects ngspice's BSIM4 code)"),
    bsim4("bsim4.nmos.*", "any other BSIM4 NMOS model parameter, card units"),
    bsim4("bsim4.pmos.*", "any other BSIM4 PMOS model parameter, card units"),
};

bool is_param_name(std::string_view s) {
  if (s.empty() || s.front() < 'a' || s.front() > 'z') return false;
  for (char c : s) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
  }
  return true;
}

}  // namespace

std::span<const KeyInfo> schema() { return kRows; }

const KeyInfo* find_key(std::string_view key) {
  for (const KeyInfo& row : kRows) {
    if (row.key == key) return &row;
  }
  for (std::string_view prefix : {"bsim4.nmos.", "bsim4.pmos."}) {
    if (key.starts_with(prefix) && is_param_name(key.substr(prefix.size()))) {
      return find_key(std::string(prefix) + "*");
    }
  }
  return nullptr;
}

std::string range_text(const KeyInfo& info) {
  auto num = [](double v) { return units::format_number(v); };
  if (info.min && info.max) return fmt::format("{} .. {}", num(*info.min), num(*info.max));
  if (info.min) return fmt::format("{} {}", info.min_exclusive ? ">" : ">=", num(*info.min));
  if (info.max) return fmt::format("<= {}", num(*info.max));
  if (!info.choices.empty()) return std::string(info.choices);
  return "";
}

}  // namespace rtmchar::tech
