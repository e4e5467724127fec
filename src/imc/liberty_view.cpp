#include "imc/liberty_view.h"

#include <fmt/format.h>

namespace rtmchar::imc {

using liberty::Cell;
using liberty::Direction;
using liberty::Pin;
using liberty::UserAttribute;
using liberty::UserGroup;

namespace {

UserAttribute attr(const std::string& name, double v) {
  UserAttribute a;
  a.name = name;
  a.kind = UserAttribute::Kind::Float;
  a.quantity = liberty::user_attribute_quantity(name);
  a.numbers = {v};
  return a;
}

UserAttribute list(const std::string& name, std::vector<double> v) {
  UserAttribute a = attr(name, 0);
  a.kind = UserAttribute::Kind::FloatList;
  a.numbers = std::move(v);
  return a;
}

Pin input(const std::string& name) {
  Pin p;
  p.name = name;
  return p;
}

Pin output(const std::string& name, const std::string& function) {
  Pin p;
  p.name = name;
  p.direction = Direction::Output;
  p.function = function;
  return p;
}

double neuron_area(const tech::Technology& t) {
  const double f = t.feature_size();
  return 2 * t.si("layout.sot_cell_area") * f * f +
         2 * t.si("layout.contacted_gate_pitch") * f * t.si("layout.cell_height") * f;
}

UserGroup neuron_group(const NeuronResult& r) {
  const Logistic& c = r.fit.curve;
  UserGroup g{"imc_neuron", "sigmoid", {}, {}};
  g.attributes = {attr("logistic_slope", c.k),      attr("midpoint_voltage", c.x0),
                  attr("swing_voltage", c.swing),   attr("base_voltage", c.base),
                  attr("neuron_gain", c.swing * c.k / 4), attr("fit_rms_voltage", r.fit.rms_error),
                  attr("fit_max_voltage", r.fit.max_error), attr("rise_latency", r.latency_rise),
                  attr("fall_latency", r.latency_fall), attr("eval_energy", r.energy),
                  attr("midpoint_power", r.static_power_mid)};
  // The DC transfer curve, every 8th point of the sweep (and the last).
  std::vector<double> vin, vout;
  for (std::size_t k = 0; k < r.v_in.size(); k += 8) {
    vin.push_back(r.v_in[k]);
    vout.push_back(r.v_out[k]);
  }
  if (!r.v_in.empty() && (r.v_in.size() - 1) % 8 != 0) {
    vin.push_back(r.v_in.back());
    vout.push_back(r.v_out.back());
  }
  g.groups.push_back(UserGroup{"imc_curve", "dc_transfer", {list("input_voltage", vin), list("output_voltage", vout)}, {}});
  return g;
}

}  // namespace

Cell cam_word_cell(const CamParams& p, const SenseWindow& s, const std::vector<MissPoint>& misses,
                   const CamWrite& write) {
  Cell c;
  c.name = fmt::format("CAM_WORD_W{}", p.w);
  c.area = p.w * p.bit_area();
  std::string match;
  for (int k = 0; k < p.w; ++k) {
    c.pins.push_back(input(fmt::format("S{}", k)));
    c.pins.push_back(input(fmt::format("D{}", k)));
    match += fmt::format("{}!(S{}^D{})", k ? " & " : "", k, k);
  }
  c.pins.push_back(output("MATCH", match));
  UserGroup g{"imc_cam", "search", {}, {}};
  g.attributes = {attr("word_bits", p.w),
                  attr("search_latency", s.latency),
                  attr("strobe_time", s.strobe),
                  attr("match_time", s.t_match),
                  attr("one_miss_time", s.t_miss1),
                  attr("all_miss_time", s.t_all_miss),
                  attr("margin_voltage", s.margin),
                  attr("min_margin_voltage", p.min_margin),
                  attr("match_energy", s.energy_match),
                  attr("one_miss_energy", s.energy_miss1),
                  attr("all_miss_energy", s.energy_all_miss),
                  attr("cycle_time", p.cycle())};
  std::vector<double> n, t_half, margin, energy;
  for (const MissPoint& m : misses) {
    n.push_back(m.misses);
    t_half.push_back(m.t_ml_half);
    margin.push_back(m.margin);
    energy.push_back(m.energy);
  }
  g.groups.push_back(UserGroup{"imc_curve", "mismatches",
                               {list("mismatch_bits", n), list("ml_half_time", t_half),
                                list("strobe_margin_voltage", margin), list("search_energy", energy)},
                               {}});
  c.user_groups.push_back(std::move(g));
  UserGroup wg{"imc_cam_write", "bit", {}, {}};
  wg.attributes = {attr("write_latency", write.latency())};
  for (int v : {0, 1}) {
    const BitWrite& b = write.value[static_cast<std::size_t>(v)];
    for (auto [name, x] : {std::pair{"min_write{}_pulse", b.min_pulse}, {"max_write{}_pulse", b.max_pulse},
                           {"used_write{}_pulse", b.pulse}, {"write{}_energy", b.energy},
                           {"write{}_current", b.current}})
      wg.attributes.push_back(attr(fmt::format(fmt::runtime(name), v), x));
  }
  c.user_groups.push_back(std::move(wg));
  return c;
}

Cell imac_neuron_cell(const tech::Technology& t, const NeuronResult& r) {
  Cell c;
  c.name = "IMAC_NEURON";
  c.area = neuron_area(t);
  c.pins = {input("IN"), output("OUT", "!IN")};
  c.user_groups.push_back(neuron_group(r));
  return c;
}

Cell imac_column_cell(const tech::Technology& t, const ColumnParams& p, const ColumnSweep& s, const FcEstimate* fc) {
  Cell c;
  c.name = fmt::format("IMAC_COLUMN_N{}", p.n);
  c.area = s.area + neuron_area(t);
  c.pins = {input("X"), output("OUT", "!X")};
  UserGroup g{"imc_column", fmt::format("n{}", p.n), {}, {}};
  g.attributes = {attr("rows", p.n),
                  attr("sense_resistance", p.sense()),
                  attr("segment_resistance", p.r_segment()),
                  attr("amplifier_gain", p.gain),
                  attr("lsb_voltage", p.lsb()),
                  attr("gain_error", s.gain_error),
                  attr("max_error_lsb", s.max_error_lsb),
                  attr("inl_lsb", s.inl_lsb),
                  attr("max_latency", s.latency_max),
                  attr("mean_energy", s.energy_mean),
                  attr("max_energy", s.energy_max)};
  std::vector<double> sum, ideal, amp, out, lat, en;
  for (const auto& e : s.evals) {
    sum.push_back(e.sum);
    ideal.push_back(e.v_ideal);
    amp.push_back(e.v_amp);
    out.push_back(e.v_out);
    lat.push_back(e.latency);
    en.push_back(e.energy);
  }
  g.groups.push_back(UserGroup{"imc_curve", "weighted_sum",
                               {list("weighted_sum", sum), list("ideal_voltage", ideal), list("amplifier_voltage", amp),
                                list("output_voltage", out), list("eval_latency", lat), list("eval_energy", en)},
                               {}});
  c.user_groups.push_back(std::move(g));
  if (fc) {
    UserGroup f{"imc_fc", "lenet5", {attr("tile_rows", fc->tile), attr("inference_energy", fc->energy),
                                     attr("inference_latency", fc->latency)}, {}};
    for (const auto& l : fc->layers)
      f.groups.push_back(UserGroup{"imc_layer", fmt::format("layer_{}x{}", l.layer.in, l.layer.out),
                                   {attr("layer_inputs", l.layer.in), attr("layer_outputs", l.layer.out),
                                    attr("layer_tiles", l.tiles), attr("layer_energy", l.energy),
                                    attr("layer_latency", l.latency)},
                                   {}});
    c.user_groups.push_back(std::move(f));
  }
  return c;
}

std::optional<liberty::Library> imc_library(const tech::Technology& t, std::vector<Cell> cells, Diagnostics& diag) {
  liberty::Library lib;
  lib.name = "rtmchar_imc_" + t.name();
  lib.comment = "In-memory computing cells (rtmchar imc; docs/imc.md). Numbers are user-defined groups; "
                "the IMAC functions are Boolean stand-ins.";
  lib.nom_voltage = t.vdd();
  lib.nom_temperature = t.temperature();
  lib.operating_conditions.push_back({"typical", 1.0, t.vdd(), t.temperature()});
  lib.default_operating_conditions = "typical";
  lib.cells = std::move(cells);
  if (!lib.validate(diag)) return std::nullopt;
  return lib;
}

}  // namespace rtmchar::imc
