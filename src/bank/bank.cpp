#include "bank/bank.h"

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/topological_sort.hpp>
#include <cmath>
#include <fmt/format.h>
#include <iterator>
#include <stdexcept>

#include "devices/models.h"

namespace rtmchar::bank {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, Stage>;
using Vertex = Graph::vertex_descriptor;

/// Builds an operation DAG from stages and edges, returns its longest path and energy sum.
class OpGraph {
 public:
  Vertex add(std::string_view name, double latency, double energy) {
    return boost::add_vertex(Stage{name, latency, energy}, g_);
  }
  void edge(Vertex a, Vertex b) { boost::add_edge(a, b, g_); }

  OpResult solve() const {
    std::vector<Vertex> order;
    boost::topological_sort(g_, std::back_inserter(order));  // reverse topological order
    std::reverse(order.begin(), order.end());
    const std::size_t n = boost::num_vertices(g_);
    std::vector<double> finish(n, 0.0);
    std::vector<long> pred(n, -1);
    OpResult r;
    for (Vertex v : order) {
      finish[v] += g_[v].latency;
      r.energy += g_[v].energy;
      for (auto [e, end] = boost::out_edges(v, g_); e != end; ++e) {
        const Vertex w = boost::target(*e, g_);
        if (finish[v] > finish[w]) {
          finish[w] = finish[v];
          pred[w] = static_cast<long>(v);
        }
      }
    }
    long last = static_cast<long>(std::max_element(finish.begin(), finish.end()) - finish.begin());
    r.latency = finish[static_cast<std::size_t>(last)];
    for (long v = last; v >= 0; v = pred[static_cast<std::size_t>(v)]) r.critical_path.push_back(g_[static_cast<std::size_t>(v)].name);
    std::reverse(r.critical_path.begin(), r.critical_path.end());
    return r;
  }

 private:
  Graph g_;
};

int log2_ceil(double x) {
  int b = 0;
  while (std::ldexp(1.0, b) < x) ++b;
  return b;
}

bool is_pow2(long v) { return v > 0 && (v & (v - 1)) == 0; }

/// Lane cell area and leakage: the cell, its operand tracks (one port each, so overhead =
/// domains, the bank's rule) and a shift driver sized for shifted_tracks x the shift current.
void lane_area_leakage(const Process& p, const CellNumbers& cell, const LaneCell& c, double& area, double& leakage) {
  const double w_drv = c.shifted_tracks * c.shift_current * (1.0 / p.ion_n + 1.0 / p.ion_p);
  const double tracks = c.shifted_tracks * 2.0 * c.domains * cell.area_per_bit;
  area = c.area + tracks + transistor_area(p, w_drv * p.ion_p / (p.ion_n + p.ion_p)) +
         transistor_area(p, w_drv * p.ion_n / (p.ion_n + p.ion_p));
  leakage = c.leakage + 0.5 * w_drv * p.ioff_n * p.vdd;
}

LaneResult evaluate_lanes(const Organization& o, const Process& p, const CellNumbers& cell, const LaneCell& c,
                          const LaneInputs& in) {
  LaneResult r;
  r.cell_file = c.file;
  r.per_subarray = o.lanes;
  r.total = static_cast<long>(o.banks) * o.mats * o.lanes;
  r.concurrent = static_cast<long>(o.banks) * o.mats * std::min(o.lanes, o.cols / o.mux);
  r.cycle = lane_cycle(c, in.bit);
  r.add_cycles = add_cycles(o.word_bits);
  r.multiply_cycles = multiply_cycles(o.word_bits);
  r.add = lane_add(c, in, r.cycle, o.word_bits);
  r.multiply = lane_multiply(c, in, r.cycle, o.word_bits);
  double area = 0, leakage = 0;
  lane_area_leakage(p, cell, c, area, leakage);
  r.area = static_cast<double>(r.total) * area;
  r.leakage = static_cast<double>(r.total) * leakage;
  r.add_throughput = static_cast<double>(r.concurrent) / r.add.latency;
  return r;
}

}  // namespace

OpResult lane_add(const LaneCell& c, const LaneInputs& in, const LaneCycle& y, int n) {
  const double e_shift_a = c.shifted_tracks * c.shift_track_energy;
  const double lane_shifts = average_shifts(c.domains, 1);
  OpGraph g;
  Vertex a = g.add("htree-address", in.addr, in.addr_energy);
  Vertex dec = g.add("row-decoder", in.row_open, in.row_open_energy);
  Vertex sdec = g.add("shift-decoder", in.shift_select, in.shift_select_energy);
  Vertex al = g.add("align-operand", in.average_shifts * in.bit.bank_shift, in.average_shifts * in.bit.bank_shift_energy);
  Vertex ll = g.add("lane-align", lane_shifts * c.shift_pulse, lane_shifts * e_shift_a);
  Vertex cyc = g.add("lane-cycles", n * y.period,
                     n * (c.energy_per_evaluation + in.bit.bit_read_energy + in.bit.bit_write_energy) +
                         (n - 1) * (e_shift_a + in.bit.bank_shift_energy));
  g.edge(a, dec), g.edge(a, sdec), g.edge(sdec, al), g.edge(a, ll);
  g.edge(dec, cyc), g.edge(al, cyc), g.edge(ll, cyc);
  return g.solve();
}

OpResult lane_multiply(const LaneCell& c, const LaneInputs& in, const LaneCycle& y, int n) {
  const double e_shift_a = c.shifted_tracks * c.shift_track_energy;
  const double lane_shifts = average_shifts(c.domains, 1);
  const LaneBankSide& b = in.bit;
  OpGraph g;
  Vertex a = g.add("htree-address", in.addr, in.addr_energy);
  Vertex sdec = g.add("shift-decoder", in.shift_select, in.shift_select_energy);
  Vertex al = g.add("align-operand", in.average_shifts * b.bank_shift, 2.0 * in.average_shifts * b.bank_shift_energy);
  Vertex ll = g.add("lane-align", lane_shifts * c.shift_pulse, lane_shifts * e_shift_a);
  g.edge(a, sdec), g.edge(sdec, al), g.edge(a, ll);
  Vertex prev_add = 0, prev_rewind = 0;
  for (int j = 0; j < n; ++j) {
    Vertex bit = g.add("multiplier-bit", in.row_open + (j > 0 ? b.bank_shift : 0.0) + b.bit_read,
                       in.row_open_energy + (j > 0 ? b.bank_shift_energy : 0.0) + b.bit_read_energy);
    Vertex add = g.add("partial-add", in.row_open + n * y.period + b.bank_shift + b.bit_write,
                       in.row_open_energy + n * (c.energy_per_evaluation + b.bit_read_energy + b.bit_write_energy) +
                           (n - 1) * e_shift_a + n * b.bank_shift_energy + b.bit_write_energy);
    if (j == 0) {
      g.edge(al, bit), g.edge(ll, add);
    } else {
      g.edge(prev_add, bit), g.edge(prev_rewind, add);
    }
    g.edge(bit, add);
    if (j + 1 < n) {
      prev_rewind = g.add("rewind", (n - 1) * std::max(c.shift_pulse, b.bank_shift), (n - 1) * (e_shift_a + b.bank_shift_energy));
      g.edge(add, prev_rewind);
    }
    prev_add = add;
  }
  return g.solve();
}

CellNumbers cell_from_technology(const tech::Technology& t) {
  CellNumbers c;
  const double f = t.feature_size();
  c.read_voltage = t.si("racetrack.read_voltage");
  c.r_p = t.si("racetrack.read_r_p");
  c.r_ap = t.si("racetrack.read_r_ap");
  c.write_current = t.si("racetrack.write_current");
  c.write_pulse = t.si("racetrack.write_pulse");
  c.write_energy = t.vdd() * c.write_current * c.write_pulse;
  c.shift_current = t.si("racetrack.shift_current");
  c.shift_pulse = t.si("racetrack.shift_pulse");
  c.wire_r_per_domain = t.si("racetrack.resistivity") * t.si("racetrack.domain_pitch") /
                        (t.si("racetrack.width") * t.si("racetrack.thickness"));
  c.reference_track = t.count("racetrack.domains") + t.count("racetrack.overhead_domains");
  c.shift_energy = c.shift_current * c.shift_current * c.wire_r_per_domain * c.reference_track * c.shift_pulse;
  c.area_per_bit = t.si("layout.racetrack_cell_area") * f * f;
  c.aspect_ratio = t.si("layout.racetrack_cell_aspect_ratio");
  c.access_width = t.si("racetrack.access_width") * f;
  c.access_vdrop = t.si("racetrack.access_vdrop");
  c.tr_mr = devices::RacetrackParams{}.tr_mr;
  c.source = "techfile";
  return c;
}

double average_shifts(int domains, int ports) {
  const double d = static_cast<double>(domains) / ports;
  return (d * d - 1.0) / (3.0 * d);
}

bool validate(const Organization& o, Diagnostics& diag) {
  const int before = diag.error_count();
  auto bad = [&](const char* flag, std::string msg) { diag.error("bank.bad-org", SourceLoc::cli(flag), std::move(msg)); };
  struct Field {
    const char* flag;
    long value;
  };
  const Field fields[] = {{"--capacity", static_cast<long>(o.capacity_bits)}, {"--word", o.word_bits},
                          {"--force domains", o.domains}, {"--force ports", o.ports},
                          {"--force cluster", o.cluster}, {"--force rows", o.rows},
                          {"--force cols", o.cols}, {"--force mats", o.mats},
                          {"--force banks", o.banks}, {"--force mux", o.mux}};
  for (const Field& f : fields) {
    if (f.value < 1) bad(f.flag, fmt::format("must be at least 1 (got {})", f.value));
  }
  if (diag.error_count() > before) return false;
  if (o.ports > o.domains) {
    bad("--force ports", fmt::format("{} ports per track exceed the {} domains per track", o.ports, o.domains));
  } else if (o.domains % o.ports != 0) {
    bad("--force ports", fmt::format("{} ports do not divide the {} domains per track evenly", o.ports, o.domains));
  }
  if (o.cols % o.mux != 0) bad("--force mux", fmt::format("column mux {} does not divide {} columns", o.mux, o.cols));
  if (o.cols % o.cluster != 0) {
    bad("--force cluster", fmt::format("cluster of {} tracks does not divide {} columns", o.cluster, o.cols));
  }
  if (!is_pow2(o.mux)) bad("--force mux", fmt::format("column mux {} is not a power of two", o.mux));
  const std::int64_t per_access = static_cast<std::int64_t>(o.cols / o.mux) * o.mats;
  if (o.word_bits > static_cast<std::int64_t>(o.cols) * o.mats) {
    bad("--word", fmt::format("a {}-bit word is wider than a row of all {} mats ({} bits)", o.word_bits, o.mats,
                              static_cast<std::int64_t>(o.cols) * o.mats));
  } else if (o.cols % o.mux == 0 && per_access != o.word_bits) {
    bad("--word", fmt::format("{} mats x {} columns / mux {} sense {} bits, not the {}-bit word", o.mats, o.cols,
                              o.mux, per_access, o.word_bits));
  }
  const std::int64_t bits = static_cast<std::int64_t>(o.banks) * o.mats * o.rows * o.cols * o.domains;
  if (bits != o.capacity_bits) {
    bad("--capacity", fmt::format("capacity {} bits is not banks {} x mats {} x rows {} x cols {} x domains {} = {}",
                                  o.capacity_bits, o.banks, o.mats, o.rows, o.cols, o.domains, bits));
  }
  if (o.lanes < 0) bad("--lanes", fmt::format("must be at least 0 (got {})", o.lanes));
  if (o.lanes > o.cols) {
    bad("--lanes", fmt::format("{} lanes per subarray exceed its {} columns (one lane per column)", o.lanes, o.cols));
  }
  if (o.lanes > 0 && o.domains / o.ports < 2 * o.word_bits) {
    bad("--force domains", fmt::format("with lanes, a port must reach the 2 x {}-bit product along its track: port "
                                       "distance domains / ports = {} / {} < {}",
                                       o.word_bits, o.domains, o.ports, 2 * o.word_bits));
  }
  return diag.error_count() == before;
}

bool lanes_fit(const Organization& o) {
  return o.lanes == 0 || (o.lanes <= o.cols && o.domains / o.ports >= 2 * o.word_bits);
}

BankResult evaluate(const Organization& o, const Process& p, const CellNumbers& cell, const LaneCell* lane) {
  if (o.lanes > 0 && lane == nullptr) throw std::invalid_argument("bank::evaluate: lanes without a lane cell");
  BankResult r;
  r.org = o;
  const double vdd2 = p.vdd * p.vdd;
  // --- Cell and subarray geometry.
  const int port_distance = o.domains / o.ports;  // overhead domains = port distance (DESTINY)
  const int track_domains = o.domains + port_distance;
  const double port_area = transistor_area(p, cell.access_width);
  const double track_area = track_domains * cell.area_per_bit + o.ports * port_area;
  const double col_pitch = cell.access_width + p.m1_pitch;
  const double track_height = track_area / col_pitch;
  r.subarray_width = o.cols * col_pitch;
  r.subarray_height = o.rows * track_height;
  const long wordlines = static_cast<long>(o.rows) * o.ports;
  const double c_acc_gate = p.c_gate * cell.access_width;
  const double c_acc_drain = p.c_drain * cell.access_width;

  // --- Wordline: distributed local wire across the subarray, one access gate per column.
  const double r_wl = p.wire_r[0] * r.subarray_width;
  const double c_wl = p.wire_c[0] * r.subarray_width;
  const double c_wl_gates = o.cols * c_acc_gate;
  const DriverChain row_dec = decoder(p, wordlines, c_wl + c_wl_gates);
  const double wl_delay = wire_delay(0.0, r_wl, c_wl, c_wl_gates);

  // --- Bitline and column mux.
  const double r_bl = p.wire_r[0] * r.subarray_height;
  const double c_bl = p.wire_c[0] * r.subarray_height + static_cast<double>(wordlines) * c_acc_drain;
  const double w_mux = 4.0 * p.wmin;
  const double r_mux = o.mux > 1 ? r_on(p, w_mux) : 0.0;
  const double c_mux = o.mux > 1 ? o.mux * p.c_drain * w_mux : 0.0;
  const double c_sa = 2.0 * p.c_inv;
  const double r_acc = r_on(p, cell.access_width);
  const double r_cell = cell.r_ap + r_acc;
  const double bl_delay = wire_delay(r_cell, r_bl, c_bl, r_mux > 0 ? 0.0 : c_sa) +
                          (o.mux > 1 ? wire_delay(r_cell + r_bl + r_mux, 0.0, 0.0, c_mux + c_sa) : 0.0);
  const double dv = cell.read_voltage * (cell.r_ap - cell.r_p) / (cell.r_ap + cell.r_p);
  const double sa_delay = sense_amp_delay(p, dv);
  const int sensed = o.cols / o.mux;  // per mat
  const double i_read = cell.read_voltage / (cell.r_p + r_acc);
  const double read_bit_energy = (c_bl + c_mux) * cell.read_voltage * cell.read_voltage +
                                 cell.read_voltage * i_read * (bl_delay + sa_delay) + c_sa * vdd2;

  // --- Shift: one driver per cluster per row; selected by a row-shift decoder.
  const double w_shift = o.cluster * cell.shift_current * (1.0 / p.ion_n + 1.0 / p.ion_p);
  const double c_shift_row = static_cast<double>(o.cols / o.cluster) * p.c_gate * w_shift + p.wire_c[0] * r.subarray_width;
  const DriverChain shift_dec = decoder(p, o.rows, c_shift_row);
  const int clusters_shifted = o.cols / std::max(o.cluster, o.mux);
  const int tracks_shifted = clusters_shifted * o.cluster * o.mats;
  const double step_energy = cell.shift_energy * track_domains / cell.reference_track;
  r.average_shifts = average_shifts(o.domains, o.ports);
  r.shift_voltage = cell.shift_current * cell.wire_r_per_domain * track_domains;

  // --- Write driver: NMOS + PMOS sized for the write current in either direction.
  const double w_wd = cell.write_current * (1.0 / p.ion_n + 1.0 / p.ion_p);
  const DriverChain wd_pre = buffer(p, p.c_gate * w_wd);

  // --- H-tree from the bank edge to the mats (repeated global wires) and output drivers.
  const int mx = 1 << (log2_ceil(o.mats) / 2 + log2_ceil(o.mats) % 2);
  const int my = (o.mats + mx - 1) / mx;
  double mat_area_periphery = 0;
  const double row_dec_area = static_cast<double>(wordlines) * transistor_area(p, row_dec.width);
  const double shift_dec_area = o.rows * transistor_area(p, shift_dec.width);
  const double shift_drv_area = static_cast<double>(o.rows) * (o.cols / o.cluster) *
                                (transistor_area(p, w_shift * p.ion_p / (p.ion_n + p.ion_p)) +
                                 transistor_area(p, w_shift * p.ion_n / (p.ion_n + p.ion_p)));
  const double sa_area = sensed * 10.0 * transistor_area(p, 2.0 * p.wmin);
  const double wd_area = sensed * (2.0 * transistor_area(p, w_wd / 2.0) + transistor_area(p, wd_pre.width));
  const double mux_area = o.mux > 1 ? o.cols * transistor_area(p, w_mux) : 0.0;
  mat_area_periphery = row_dec_area + shift_dec_area + shift_drv_area + sa_area + wd_area + mux_area;
  const double mat_cells = r.subarray_width * r.subarray_height;
  const double mat_area = mat_cells + mat_area_periphery;
  const double mat_side = std::sqrt(mat_area);
  const double bank_w = mx * mat_side;
  const double bank_h = my * mat_side;
  const double path_len = 0.5 * (bank_w + bank_h);
  const RepeatedWire htree = repeated_wire(p, path_len, WireLayer::Global);
  const int addr_bits = std::max(1, log2_ceil(static_cast<double>(o.capacity_bits) / o.banks / o.word_bits));
  const double tree_len = path_len * std::sqrt(static_cast<double>(o.mats));
  const double global_pitch = 8.0 * p.f;  // ITRS global wire width 4F, pitch 8F (docs/techfiles.md)
  const int tree_wires = addr_bits + o.word_bits;
  const double htree_area = tree_wires * global_pitch * tree_len +
                            tree_wires * std::sqrt(o.mats) * transistor_area(p, htree.width);
  const DriverChain out_drv = buffer(p, htree.size * p.c_inv);
  const double out_area = o.word_bits * transistor_area(p, out_drv.width);

  // --- Operations.
  const double e_addr = 0.5 * addr_bits * htree.energy;
  const double e_data = 0.5 * o.word_bits * htree.energy;
  const double e_rowdec = o.mats * (row_dec.c_switched + c_wl + c_wl_gates) * vdd2;
  const double e_shiftdec = o.mats * (shift_dec.c_switched + c_shift_row) * vdd2;
  auto read_op = [&](double shifts) {
    OpGraph g;
    Vertex in = g.add("htree-address", htree.delay, e_addr);
    Vertex dec = g.add("row-decoder", row_dec.delay, e_rowdec);
    Vertex wl = g.add("wordline", wl_delay, 0.0);
    Vertex bl = g.add("bitline", bl_delay, o.word_bits * read_bit_energy);
    Vertex sa = g.add("sense-amp", sa_delay, 0.0);
    Vertex od = g.add("output-driver", out_drv.delay, o.word_bits * out_drv.c_switched * vdd2);
    Vertex out = g.add("htree-data", htree.delay, e_data);
    g.edge(in, dec), g.edge(dec, wl), g.edge(wl, bl), g.edge(bl, sa), g.edge(sa, od), g.edge(od, out);
    if (shifts > 0) {
      Vertex sdec = g.add("shift-decoder", shift_dec.delay, e_shiftdec);
      Vertex sh = g.add("shift", shifts * cell.shift_pulse, shifts * tracks_shifted * step_energy);
      g.edge(in, sdec), g.edge(sdec, sh), g.edge(sh, bl);
    }
    return g.solve();
  };
  auto write_op = [&](double shifts) {
    OpGraph g;
    Vertex in = g.add("htree-address-data", htree.delay, e_addr + e_data);
    Vertex dec = g.add("row-decoder", row_dec.delay, e_rowdec);
    Vertex wl = g.add("wordline", wl_delay, 0.0);
    Vertex wd = g.add("write-driver", wd_pre.delay, o.word_bits * wd_pre.c_switched * vdd2);
    Vertex wr = g.add("write-pulse", wire_delay(r_on(p, w_wd / 2.0), r_bl, c_bl, 0.0) + cell.write_pulse,
                      o.word_bits * (cell.write_energy + c_bl * vdd2));
    g.edge(in, dec), g.edge(dec, wl), g.edge(wl, wr), g.edge(in, wd), g.edge(wd, wr);
    if (shifts > 0) {
      Vertex sdec = g.add("shift-decoder", shift_dec.delay, e_shiftdec);
      Vertex sh = g.add("shift", shifts * cell.shift_pulse, shifts * tracks_shifted * step_energy);
      g.edge(in, sdec), g.edge(sdec, sh), g.edge(sh, wr);
    }
    return g.solve();
  };
  r.read = read_op(r.average_shifts);
  r.read_aligned = read_op(0.0);
  r.write = write_op(r.average_shifts);
  r.write_aligned = write_op(0.0);
  r.row_open_energy = e_rowdec;
  {
    OpGraph g;
    Vertex in = g.add("htree-address", htree.delay, e_addr);
    Vertex sdec = g.add("shift-decoder", shift_dec.delay, e_shiftdec);
    Vertex sh = g.add("shift-step", cell.shift_pulse, tracks_shifted * step_energy);
    g.edge(in, sdec), g.edge(sdec, sh);
    r.shift = g.solve();
  }
  {
    // Transverse read: a sense current along the track segment between two neighbouring ports
    // (port_distance domains); one '1' domain changes the segment's resistance by tr_mr r_domain.
    const double r_seg = cell.wire_r_per_domain * port_distance + 2.0 * r_acc;
    const double dv_tr = cell.read_voltage * cell.tr_mr * cell.wire_r_per_domain / r_seg;
    const double t_bl = wire_delay(r_seg, r_bl, c_bl, c_mux + c_sa);
    const double t_sa = sense_amp_delay(p, dv_tr);
    OpGraph g;
    Vertex in = g.add("htree-address", htree.delay, e_addr);
    Vertex dec = g.add("row-decoder", row_dec.delay, e_rowdec);
    Vertex wl = g.add("wordline", wl_delay, 0.0);
    Vertex bl = g.add("tr-bitline", t_bl,
                      o.word_bits * ((c_bl + c_mux) * cell.read_voltage * cell.read_voltage +
                                     cell.read_voltage * cell.read_voltage / r_seg * (t_bl + t_sa)));
    Vertex sa = g.add("tr-sense-amp", t_sa, o.word_bits * c_sa * vdd2);
    Vertex od = g.add("output-driver", out_drv.delay, o.word_bits * out_drv.c_switched * vdd2);
    Vertex out = g.add("htree-data", htree.delay, e_data);
    g.edge(in, dec), g.edge(dec, wl), g.edge(wl, bl), g.edge(bl, sa), g.edge(sa, od), g.edge(od, out);
    r.transverse_read = g.solve();
  }

  // --- Area, leakage, bandwidth (whole memory = banks copies).
  const double nb = o.banks;
  r.area_parts = {
      {"cells", nb * o.mats * mat_cells},
      {"row-decoders", nb * o.mats * row_dec_area},
      {"shift-decoders", nb * o.mats * shift_dec_area},
      {"shift-drivers", nb * o.mats * shift_drv_area},
      {"sense-amps", nb * o.mats * sa_area},
      {"write-drivers", nb * o.mats * wd_area},
      {"column-mux", nb * o.mats * mux_area},
      {"output-drivers", nb * out_area},
      {"htree", nb * htree_area},
  };
  r.area = 0;
  for (const AreaPart& a : r.area_parts) r.area += a.area;
  r.cell_area = nb * o.mats * static_cast<double>(o.rows) * o.cols * o.domains * cell.area_per_bit;
  r.efficiency = r.cell_area / r.area;
  // Leakage: every periphery transistor width, half of it off with Vdd across it.
  const double width_per_mat = static_cast<double>(wordlines) * row_dec.width + o.rows * shift_dec.width +
                               static_cast<double>(o.rows) * (o.cols / o.cluster) * w_shift +
                               sensed * (20.0 * p.wmin + w_wd + wd_pre.width) + (o.mux > 1 ? o.cols * w_mux : 0.0);
  const double width_bank = o.mats * width_per_mat + o.word_bits * out_drv.width + tree_wires * std::sqrt(o.mats) * htree.width;
  r.leakage = nb * 0.5 * width_bank * p.ioff_n * p.vdd;
  if (o.lanes > 0) {
    LaneInputs in;
    in.bit = {cell.shift_pulse, o.cluster * step_energy, bl_delay + sa_delay, read_bit_energy,
              wd_pre.delay + wire_delay(r_on(p, w_wd / 2.0), r_bl, c_bl, 0.0) + cell.write_pulse,
              wd_pre.c_switched * vdd2 + cell.write_energy + c_bl * vdd2};
    in.addr = htree.delay, in.addr_energy = e_addr;
    in.row_open = row_dec.delay + wl_delay, in.row_open_energy = e_rowdec / o.mats;
    in.shift_select = shift_dec.delay, in.shift_select_energy = e_shiftdec / o.mats;
    in.average_shifts = r.average_shifts;
    r.lanes = evaluate_lanes(o, p, cell, *lane, in);
    r.area_parts.push_back({"lanes", r.lanes->area});
    r.area += r.lanes->area;
    r.efficiency = r.cell_area / r.area;
    r.leakage += r.lanes->leakage;
  }
  r.read_bandwidth = nb * o.word_bits / r.read.latency;
  r.write_bandwidth = nb * o.word_bits / r.write.latency;
  return r;
}

}  // namespace rtmchar::bank
