#include "export/export.h"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "bank/model.h"
#include "util/units.h"

namespace rtmchar::exporting {
namespace {

std::string num(double v) { return units::format_sig(v, 6); }

}  // namespace

std::string destiny_dwm_cell(const bank::CellNumbers& cell, const bank::Organization& org, double f) {
  std::string s;
  s += fmt::format("# DESTINY racetrack (DWM) cell written by rtmchar; cell numbers from: {}\n", cell.source);
  s += "# DESTINY recomputes the shift energy as I^2 R t from ShiftCurrent and ShiftPulse with its own wire\n";
  s += fmt::format("# model: the ShiftEnergy line below (rtmchar: {} pJ per step of one track) is not used.\n",
                   num(cell.shift_energy * 1e12));
  s += "# ResetEnergy and SetEnergy are given, so DESTINY uses them instead of vdd * I * pulse.\n";
  s += "-MemCellType: DWM\n";
  s += fmt::format("-CellArea (F^2): {}\n", num(cell.area_per_bit / (f * f)));
  s += fmt::format("-CellAspectRatio: {}\n", num(cell.aspect_ratio));
  s += fmt::format("-ResistanceOn (ohm): {}\n", num(cell.r_p));
  s += fmt::format("-ResistanceOff (ohm): {}\n", num(cell.r_ap));
  s += "-ReadMode: voltage\n";
  s += fmt::format("-ReadVoltage (V): {}\n", num(cell.read_voltage));
  s += "-ResetMode: current\n";
  s += fmt::format("-ResetCurrent (uA): {}\n", num(cell.write_current * 1e6));
  s += fmt::format("-ResetPulse (ns): {}\n", num(cell.write_pulse * 1e9));
  s += fmt::format("-ResetEnergy (pJ): {}\n", num(cell.write_energy * 1e12));
  s += "-SetMode: current\n";
  s += fmt::format("-SetCurrent (uA): {}\n", num(cell.write_current * 1e6));
  s += fmt::format("-SetPulse (ns): {}\n", num(cell.write_pulse * 1e9));
  s += fmt::format("-SetEnergy (pJ): {}\n", num(cell.write_energy * 1e12));
  s += fmt::format("-TapeLength (bit): {}\n", org.domains);
  s += fmt::format("-PortDistance (bit): {}\n", org.domains / org.ports);
  s += fmt::format("-TapePerGroup: {}\n", org.cluster);
  s += fmt::format("-ShiftCurrent (uA): {}\n", num(cell.shift_current * 1e6));
  s += fmt::format("-ShiftPulse (ns): {}\n", num(cell.shift_pulse * 1e9));
  s += fmt::format("-ShiftEnergy (pJ): {}\n", num(cell.shift_energy * 1e12));
  s += "-AccessType: CMOS\n";
  s += fmt::format("-AccessCMOSWidth (F): {}\n", num(cell.access_width / f));
  s += fmt::format("-VoltageDropAccessDevice (V): {}\n", num(cell.access_vdrop));
  return s;
}

std::string destiny_config(const bank::Organization& org, const tech::Technology& t, const std::string& cell_file,
                           const std::string& optimization_target) {
  int lg = 0;
  while ((1 << lg) < org.mats) ++lg;
  const int a = 1 << ((lg + 1) / 2);
  const int b = std::max(1, org.mats / a);
  const double kb = static_cast<double>(org.capacity_bits) / org.banks / 8.0 / 1024.0;
  std::string s;
  s += fmt::format("# DESTINY configuration written by rtmchar for one of {} bank(s) of the organization below.\n",
                   org.banks);
  s += fmt::format("# rtmchar organization: rows {} cols {} mats {} mux {} domains {} ports {} cluster {}\n", org.rows,
                   org.cols, org.mats, org.mux, org.domains, org.ports, org.cluster);
  s += "-DesignTarget: RAM\n";
  s += fmt::format("-ProcessNode: {}\n", static_cast<long>(std::lround(t.feature_size() * 1e9)));
  s += fmt::format("-Capacity (KB): {}\n", num(kb));
  s += fmt::format("-WordWidth (bit): {}\n", org.word_bits);
  s += fmt::format("-DeviceRoadmap: {}\n", t.str("tech.variant") == "HP" ? "HP" : "LSTP");
  s += fmt::format("-OptimizationTarget: {}\n", optimization_target);
  s += fmt::format("-MemoryCellInputFile: {}\n", cell_file);
  s += fmt::format("-ForceBank (Total AxB, Active CxD): {}x{}, {}x{}\n", a, b, a, b);
  s += "-ForceMat (Total AxB, Active CxD): 1x1, 1x1\n";
  s += fmt::format("-ForceMuxSenseAmp: {}\n", org.mux);
  s += "-StackedDieCount: 1\n";
  return s;
}

MramCell mram_from_technology(const tech::Technology& t) {
  MramCell c;
  const double f = t.feature_size();
  c.r_p = t.si("mtj.ra") / (t.si("mtj.width") * t.si("mtj.length"));
  c.r_ap = c.r_p * (1.0 + t.si("mtj.tmr0"));
  c.read_voltage = t.si("racetrack.read_voltage");
  const double ic = std::max(t.si("mtj.ic_p_ap"), t.si("mtj.ic_ap_p"));
  c.write_current = 2.0 * ic;
  c.write_pulse = t.si("mtj.tau0") / (c.write_current / ic - 1.0);
  c.access_width_f = t.si("racetrack.access_width");
  c.access_vdrop = t.si("racetrack.access_vdrop");
  const bank::Process p = bank::process_from_technology(t);
  const double area = std::max(bank::transistor_area(p, c.access_width_f * f), t.si("layout.mtj_footprint"));
  c.cell_area_f2 = area / (f * f);
  return c;
}

std::string nvsim_mram_cell(const MramCell& c) {
  std::string s;
  s += "# NVSim/DESTINY STT-MRAM (1T-1MTJ) cell written by rtmchar from the techfile's mtj.* keys.\n";
  s += "# No -ResetEnergy/-SetEnergy: NVSim computes the write energy as vdd * I * pulse.\n";
  s += "-MemCellType: MRAM\n";
  s += fmt::format("-CellArea (F^2): {}\n", num(c.cell_area_f2));
  s += "-CellAspectRatio: 1\n";
  s += fmt::format("-ResistanceOn (ohm): {}\n", num(c.r_p));
  s += fmt::format("-ResistanceOff (ohm): {}\n", num(c.r_ap));
  s += "-ReadMode: voltage\n";
  s += fmt::format("-ReadVoltage (V): {}\n", num(c.read_voltage));
  s += "-ResetMode: current\n";
  s += fmt::format("-ResetCurrent (uA): {}\n", num(c.write_current * 1e6));
  s += fmt::format("-ResetPulse (ns): {}\n", num(c.write_pulse * 1e9));
  s += "-SetMode: current\n";
  s += fmt::format("-SetCurrent (uA): {}\n", num(c.write_current * 1e6));
  s += fmt::format("-SetPulse (ns): {}\n", num(c.write_pulse * 1e9));
  s += "-AccessType: CMOS\n";
  s += fmt::format("-AccessCMOSWidth (F): {}\n", num(c.access_width_f));
  s += fmt::format("-VoltageDropAccessDevice (V): {}\n", num(c.access_vdrop));
  return s;
}

std::string rtsim_config(const bank::BankResult& r, const bank::CellNumbers& cell, double clk_mhz) {
  const bank::Organization& o = r.org;
  const long dbcs = static_cast<long>(o.rows) * (o.cols / o.cluster) * o.mats;
  const double step_energy = cell.shift_energy * (o.domains + o.domains / o.ports) / cell.reference_track;
  std::string s;
  s += fmt::format("; RTSim configuration written by rtmchar (cell numbers from: {}).\n", cell.source);
  s += "; Timings in ns (RTSim converts with CLK and rounds up); energies in nJ; Eleak in mW.\n";
  s += "MemType RTM\n";
  s += fmt::format("DOMAINS {}\n", o.domains);
  s += fmt::format("nPorts {}\n", o.ports);
  s += fmt::format("WordSize {}\n", o.cluster);
  s += fmt::format("DBCS {}\n", dbcs);
  s += fmt::format("MATHeight {}\n", o.rows);
  s += "PortAccess static\n";
  s += "PortUpdate lazy\n";
  s += fmt::format("CLK {}\n", num(clk_mhz));
  s += fmt::format("tSH {}ns\n", num(r.shift.latency * 1e9));
  s += fmt::format("tRD {}ns\n", num(r.read_aligned.latency * 1e9));
  s += fmt::format("tWR {}ns\n", num(r.write_aligned.latency * 1e9));
  s += "; Erd/Ewr: one read/write access with the data already under the port (RTSim adds shifts);\n";
  s += "; Esh: one single-position shift of one cluster (RTSim charges Esh x numShifts / WordSize);\n";
  s += "; Eopenrd: row activation (decoders + wordlines); Ewrpb: per written bit.\n";
  s += fmt::format("Erd {}\n", num(r.read_aligned.energy * 1e9));
  s += fmt::format("Ewr {}\n", num(r.write_aligned.energy * 1e9));
  s += fmt::format("Esh {}\n", num(o.cluster * step_energy * 1e9));
  s += fmt::format("Eopenrd {}\n", num(r.row_open_energy * 1e9));
  s += fmt::format("Ewrpb {}\n", num(cell.write_energy * 1e9));
  s += fmt::format("Eleak {}\n", num(r.leakage * 1e3));
  if (r.lanes) {
    // RTSim has no compute units: the lanes' numbers ride along as comments (Eleak includes them).
    const bank::LaneResult& l = *r.lanes;
    s += fmt::format("; compute lanes (not read by RTSim): {} per subarray, {} in all, {} at once\n", l.per_subarray,
                     l.total, l.concurrent);
    s += fmt::format("; lane add {}ns {}nJ ({} cycles), multiply {}ns {}nJ ({} cycles)\n", num(l.add.latency * 1e9),
                     num(l.add.energy * 1e9), l.add_cycles, num(l.multiply.latency * 1e9),
                     num(l.multiply.energy * 1e9), l.multiply_cycles);
  }
  return s;
}

namespace {

nlohmann::ordered_json op_json(const bank::OpResult& op) {
  nlohmann::ordered_json j;
  j["latency_s"] = op.latency;
  j["energy_J"] = op.energy;
  std::vector<std::string> path(op.critical_path.begin(), op.critical_path.end());
  j["critical_path"] = path;
  return j;
}

nlohmann::ordered_json org_json(const bank::Organization& o) {
  nlohmann::ordered_json j;
  j["capacity_bits"] = o.capacity_bits;
  j["word_bits"] = o.word_bits;
  j["domains"] = o.domains;
  j["ports"] = o.ports;
  j["cluster"] = o.cluster;
  j["rows"] = o.rows;
  j["cols"] = o.cols;
  j["mats"] = o.mats;
  j["banks"] = o.banks;
  j["mux"] = o.mux;
  return j;
}

nlohmann::ordered_json lanes_json(const bank::LaneResult& l) {
  nlohmann::ordered_json j;
  j["cell_file"] = l.cell_file;
  j["per_subarray"] = l.per_subarray;
  j["total"] = l.total;
  j["concurrent"] = l.concurrent;
  j["cycle_s"] = l.cycle.period;
  j["carry_loop_s"] = l.cycle.carry;
  j["operand_a_loop_s"] = l.cycle.operand_a;
  j["operand_b_loop_s"] = l.cycle.operand_b;
  j["carry_hold_fix_s"] = l.cycle.hold_fix;
  j["add"] = op_json(l.add);
  j["add"]["cycles"] = l.add_cycles;
  j["multiply"] = op_json(l.multiply);
  j["multiply"]["cycles"] = l.multiply_cycles;
  j["area_m2"] = l.area;
  j["leakage_W"] = l.leakage;
  j["add_throughput_per_s"] = l.add_throughput;
  return j;
}

}  // namespace

std::string bank_json(const bank::BankResult& r, const bank::CellNumbers& cell, const std::string& tech_name) {
  nlohmann::ordered_json j;
  j["technology"] = tech_name;
  j["organization"] = org_json(r.org);
  nlohmann::ordered_json c;
  c["source"] = cell.source;
  c["read_voltage_V"] = cell.read_voltage;
  c["r_p_ohm"] = cell.r_p;
  c["r_ap_ohm"] = cell.r_ap;
  c["write_current_A"] = cell.write_current;
  c["write_pulse_s"] = cell.write_pulse;
  c["write_energy_J"] = cell.write_energy;
  c["shift_current_A"] = cell.shift_current;
  c["shift_pulse_s"] = cell.shift_pulse;
  c["shift_energy_J"] = cell.shift_energy;
  c["shift_energy_reference_domains"] = cell.reference_track;
  c["area_per_bit_m2"] = cell.area_per_bit;
  c["access_width_m"] = cell.access_width;
  j["cell"] = c;
  j["read"] = op_json(r.read);
  j["write"] = op_json(r.write);
  j["read_aligned"] = op_json(r.read_aligned);
  j["write_aligned"] = op_json(r.write_aligned);
  j["shift"] = op_json(r.shift);
  j["transverse_read"] = op_json(r.transverse_read);
  j["average_shifts"] = r.average_shifts;
  j["area_m2"] = r.area;
  j["cell_area_m2"] = r.cell_area;
  j["area_efficiency"] = r.efficiency;
  j["leakage_W"] = r.leakage;
  j["read_bandwidth_bit_per_s"] = r.read_bandwidth;
  j["write_bandwidth_bit_per_s"] = r.write_bandwidth;
  j["subarray_width_m"] = r.subarray_width;
  j["subarray_height_m"] = r.subarray_height;
  j["shift_voltage_V"] = r.shift_voltage;
  nlohmann::ordered_json parts = nlohmann::ordered_json::object();
  for (const bank::AreaPart& a : r.area_parts) parts[std::string(a.name)] = a.area;
  j["area_breakdown_m2"] = parts;
  if (r.lanes) j["lanes"] = lanes_json(*r.lanes);
  return j.dump(2) + "\n";
}

std::string bank_csv(const std::vector<const bank::BankResult*>& rows) {
  std::string s =
      "capacity_bits,word_bits,domains,ports,cluster,rows,cols,mats,banks,mux,read_latency_s,read_energy_J,"
      "write_latency_s,write_energy_J,shift_latency_s,shift_energy_J,average_shifts,area_m2,area_efficiency,"
      "leakage_W,read_bandwidth_bit_per_s,lanes,add_latency_s,add_energy_J,multiply_latency_s,multiply_energy_J,"
      "add_throughput_per_s\n";
  for (const bank::BankResult* r : rows) {
    const bank::Organization& o = r->org;
    s += fmt::format("{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},{},", o.capacity_bits, o.word_bits,
                     o.domains, o.ports, o.cluster, o.rows, o.cols, o.mats, o.banks, o.mux, num(r->read.latency),
                     num(r->read.energy), num(r->write.latency), num(r->write.energy), num(r->shift.latency),
                     num(r->shift.energy), num(r->average_shifts), num(r->area), num(r->efficiency), num(r->leakage),
                     num(r->read_bandwidth), o.lanes);
    // Without lanes there is no add or multiply: the fields stay empty (not 0).
    if (r->lanes) {
      const bank::LaneResult& l = *r->lanes;
      s += fmt::format("{},{},{},{},{}\n", num(l.add.latency), num(l.add.energy), num(l.multiply.latency),
                       num(l.multiply.energy), num(l.add_throughput));
    } else {
      s += ",,,,\n";
    }
  }
  return s;
}

}  // namespace rtmchar::exporting
