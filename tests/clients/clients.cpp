#include "clients.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fmt/format.h>
#include <map>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

#include "liberty/builder.h"
#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::clients {

using namespace rtmchar::liberty;

// ---------------------------------------------------------------------------------------------
// Processes and files

TempDir::TempDir(const std::string& prefix) {
  std::string templ = (fs::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(templ.data()) == nullptr) throw std::runtime_error("mkdtemp failed for " + templ);  // test bug
  path_ = templ;
}

TempDir::~TempDir() {
  std::error_code ec;
  fs::remove_all(path_, ec);
}

namespace {
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

/// A path as one Tcl word (braces: no substitution inside).
std::string tcl_quote(const fs::path& p) { return "{" + p.string() + "}"; }

void write(const fs::path& p, const std::string& text) {
  std::string err;
  if (!write_file_atomic(p, text, err)) throw std::runtime_error("cannot write " + p.string() + ": " + err);  // test bug
}

/// Lines of `log` that a client uses to report trouble.
std::vector<std::string> lines_with(const std::string& log, const std::vector<std::string>& needles) {
  std::vector<std::string> out;
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    std::string low = line;
    for (char& c : low) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const std::string& n : needles)
      if (low.find(n) != std::string::npos) {
        out.push_back(line);
        break;
      }
  }
  return out;
}

CommandResult run_sta(const fs::path& dir, const std::string& tcl) {
  write(dir / "run.tcl", tcl);
  return run_command("sta -no_splash -exit run.tcl", dir);
}

/// OpenSTA exits 0 on errors: judge by the log. A crash shows as a signal exit.
void judge_sta(const CommandResult& r, CheckResult& res) {
  res.log = r.output;
  if (r.exit_code != 0) res.fail(fmt::format("sta exited with status {}", r.exit_code));
  for (const std::string& l : lines_with(r.output, {"error", "warning"})) res.fail("sta: " + l);
}

/// A one-instance design: module top with ports p_<PIN> connected to u0 of `cell`.
std::string single_cell_verilog(const Cell& cell) {
  std::string ports, decls, conns;
  for (const Pin& p : cell.pins) {
    ports += (ports.empty() ? "" : ", ") + fmt::format("p_{}", p.name);
    decls += fmt::format("  {} p_{};\n", p.direction == Direction::Input ? "input" : "output", p.name);
    conns += (conns.empty() ? "" : ", ") + fmt::format(".{}(p_{})", p.name, p.name);
  }
  return fmt::format("module top({});\n{}  {} u0({});\nendmodule\n", ports, decls, cell.name, conns);
}

std::optional<Library> read_back(const fs::path& lib, CheckResult& res) {
  Diagnostics diag;
  auto l = read_liberty_file(lib, diag);
  if (!l) res.fail("rtmchar cannot read the library: " + diag.str());
  return l;
}
}  // namespace

CommandResult run_command(const std::string& command, const fs::path& dir) {
  // exec 2>&1 first, so that the shell's own messages ("Aborted" for a crashed client) are captured too.
  std::string full = fmt::format("exec 2>&1; cd {} && ( {} )", shell_quote(dir.string()), command);
  CommandResult r;
  FILE* p = ::popen(full.c_str(), "r");
  if (!p) {
    r.exit_code = -1;
    r.output = "popen failed";
    return r;
  }
  std::array<char, 4096> buf;
  std::size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  int status = ::pclose(p);
  if (WIFEXITED(status)) r.exit_code = WEXITSTATUS(status);
  else if (WIFSIGNALED(status)) r.exit_code = 128 + WTERMSIG(status);
  else r.exit_code = -1;
  return r;
}

bool tool_available(const std::string& program) {
  return std::system(("command -v " + shell_quote(program) + " >/dev/null 2>&1").c_str()) == 0;
}

void CheckResult::fail(std::string problem) {
  ok = false;
  problems.push_back(std::move(problem));
}

std::string CheckResult::str() const {
  std::string out;
  for (const std::string& p : problems) out += "problem: " + p + "\n";
  out += "---- log ----\n";
  out += log.size() > 6000 ? "..." + log.substr(log.size() - 6000) : log;
  return out;
}

// ---------------------------------------------------------------------------------------------
// OpenSTA

CheckResult check_opensta_reads(const fs::path& lib) {
  CheckResult res;
  TempDir dir("rtmchar-sta");
  judge_sta(run_sta(dir.path(), fmt::format("read_liberty {}\nputs \"@@ done\"\n", tcl_quote(fs::absolute(lib)))), res);
  if (res.log.find("@@ done") == std::string::npos) res.fail("sta did not finish the script");
  return res;
}

namespace {

/// One report_dcalc call: which table (by Liberty group name) must show which value.
struct DcalcProbe {
  std::string from, to;
  std::string kind;                          ///< "delay" (combinational / edge) or "setup"/"hold"
  /// table name -> the values of every group of the pin pair (one per state-dependent group), in
  /// library units; report_dcalc prints one value per group, in its own order.
  std::map<std::string, std::vector<double>> expected;
};

/// Values OpenSTA printed per table name in the section of one probe: "Table value = x" followed
/// by "Delay =", "Slew =" or "Check =", under an edge line "A ^ -> Y v" and an "Arc type:" line.
// Values keyed by table name ("cell_rise", "setup:rise_constraint", ...) and, for delay arcs, also
// by the input edge ("^cell_rise": input rise -> output rise), which tells apart the positive and
// negative groups of a split non_unate arc.
std::multimap<std::string, double> parse_dcalc(const std::string& section) {
  std::multimap<std::string, double> out;
  std::istringstream in(section);
  std::string line, type, pending_value;
  char out_edge = '?', in_edge = '?';
  while (std::getline(in, line)) {
    if (line.rfind("Arc type: ", 0) == 0) type = line.substr(10);
    if (const auto arrow = line.find(" -> ");
        arrow != std::string::npos && arrow > 0 && line.size() >= 2 && (line.back() == '^' || line.back() == 'v')) {
      out_edge = line.back();
      in_edge = line[arrow - 1];
    }
    if (line.rfind("Table value = ", 0) == 0) pending_value = line.substr(14);
    bool delay = line.rfind("Delay = ", 0) == 0, slew = line.rfind("Slew = ", 0) == 0, check = line.rfind("Check = ", 0) == 0;
    if (!(delay || slew || check) || pending_value.empty()) continue;
    auto v = units::parse_spice_number(pending_value);
    pending_value.clear();
    if (!v) continue;
    std::string rf = out_edge == '^' ? "rise" : "fall";
    if (delay) out.emplace("cell_" + rf, *v);
    else if (slew) out.emplace(rf + "_transition", *v);
    if (delay || slew) out.emplace(std::string(1, in_edge) + (delay ? "cell_" + rf : rf + "_transition"), *v);
    else out.emplace(type + ":" + rf + "_constraint", *v);
  }
  return out;
}

/// "delay" for delay arcs; "setup" / "hold" (OpenSTA's "Arc type:" text) for constraint arcs.
std::string constraint_kind(TimingType t) {
  if (!is_constraint(t)) return "delay";
  std::string n = timing_type_name(t);
  return n.substr(0, n.find('_'));
}

/// Tcl for one grid point of a two-axis table of arc `a` on pin `pin`.
std::string dcalc_point_tcl(const Library& lib, const TimingArc& a, const std::string& pin, const Table& t, std::size_t i,
                            std::size_t j) {
  std::string tcl;
  const auto& ax = t.axes();
  for (std::size_t k = 0; k < 2; ++k) {
    double v = ax[k].values[k == 0 ? i : j];
    std::string val = units::format_sig(v / lib.units.scale(axis_quantity(ax[k].variable)), 9);
    switch (ax[k].variable) {
      case AxisVariable::InputNetTransition:
      case AxisVariable::RelatedPinTransition: tcl += fmt::format("set_input_transition {} [get_ports p_{}]\n", val, a.related_pin); break;
      case AxisVariable::ConstrainedPinTransition: tcl += fmt::format("set_input_transition {} [get_ports p_{}]\n", val, pin); break;
      case AxisVariable::TotalOutputNetCapacitance: tcl += fmt::format("set_load {} [get_ports p_{}]\n", val, pin); break;
      case AxisVariable::OutputPinTransition: break;
    }
  }
  return tcl;
}

}  // namespace

CheckResult check_opensta_dcalc(const fs::path& lib_path, const std::string& cell_name, int* checked,
                                const liberty::Library* expected) {
  CheckResult res;
  std::optional<Library> file_lib;
  if (!expected) {
    file_lib = read_back(lib_path, res);
    if (!file_lib) return res;
  }
  const Library* lib = expected ? expected : &*file_lib;
  // OpenSTA stores single-precision floats; the file holds 6 significant digits of the model.
  const double tolerance = expected ? 1e-5 : 2e-6;
  const Cell* cell = lib->find_cell(cell_name);
  if (!cell) {
    res.fail("no cell " + cell_name + " in the library");
    return res;
  }
  std::string tcl = fmt::format("read_liberty {}\nread_verilog top.v\nlink_design top\n", tcl_quote(fs::absolute(lib_path)));
  std::vector<DcalcProbe> probes;
  for (const Pin& pin : cell->pins)
    for (const TimingArc& a : pin.timing) {
      // One probe per unconditioned group and grid point; report_dcalc prints every group of the
      // pin pair (state-dependent ones included, without their `when`), so the probe expects the
      // values of all of them.
      if (!a.when.empty() || a.related_pin.find(' ') != std::string::npos) continue;  // ambiguous in report_dcalc
      auto tabs = a.tables();
      if (tabs.empty() || tabs[0].second->axes().size() != 2) continue;
      const Table& grid = *tabs[0].second;
      std::vector<const TimingArc*> same;  // the groups of this pin pair and timing type
      for (const TimingArc& b : pin.timing)
        if (b.related_pin == a.related_pin && b.type == a.type) same.push_back(&b);
      for (std::size_t i = 0; i < grid.axes()[0].values.size(); ++i)
        for (std::size_t j = 0; j < grid.axes()[1].values.size(); ++j) {
          DcalcProbe p{a.related_pin, pin.name, constraint_kind(a.type), {}};
          for (const TimingArc* b : same) {
            // A pin pair with positive_unate and negative_unate groups (a split non_unate arc): each
            // group's tables are the ones OpenSTA prints for its input edges.
            const bool by_edge = p.kind == "delay" && same.size() > 1 &&
                                 (b->sense == TimingSense::PositiveUnate || b->sense == TimingSense::NegativeUnate);
            for (auto [name, t] : b->tables()) {
              if (t->axes() != grid.axes()) continue;
              std::string key = p.kind == "delay" ? std::string(name) : p.kind + ":" + name;
              if (by_edge) {
                const bool out_rise = key == "cell_rise" || key == "rise_transition";
                const bool in_rise = out_rise == (b->sense == TimingSense::PositiveUnate);
                key = std::string(in_rise ? "^" : "v") + key;
              }
              p.expected[key].push_back(t->at(i, j) / lib->units.scale(Quantity::Time));
            }
          }
          tcl += dcalc_point_tcl(*lib, a, pin.name, grid, i, j);
          // report_dcalc shows max-path arcs (delay, setup) unless -min asks for hold checks.
          tcl += fmt::format("puts \"@@ probe {}\"\nreport_dcalc -from u0/{} -to u0/{}{} -digits 10\n", probes.size(), a.related_pin,
                             pin.name, p.kind == "hold" ? " -min" : "");
          probes.push_back(std::move(p));
        }
    }
  tcl += "puts \"@@ probe end\"\n";
  TempDir dir("rtmchar-sta-dcalc");
  write(dir.path() / "top.v", single_cell_verilog(*cell));
  judge_sta(run_sta(dir.path(), tcl), res);
  if (probes.empty()) res.fail("cell " + cell_name + " has no two-axis timing tables to check");
  int n = 0;
  for (std::size_t k = 0; k < probes.size(); ++k) {
    std::size_t a = res.log.find(fmt::format("@@ probe {}\n", k));
    std::size_t b = res.log.find("@@ probe ", a + 1);
    if (a == std::string::npos || b == std::string::npos) {
      res.fail(fmt::format("no report_dcalc output for probe {}", k));
      continue;
    }
    auto seen = parse_dcalc(res.log.substr(a, b - a));
    // For setup/hold, report_dcalc prints both constraint kinds; keep the one of this probe.
    // Every printed value must be one of the pin pair's groups' values and every group's value
    // must be printed (report_dcalc prints one block per group and input edge, without `when`,
    // in its own order; a non_unate group appears for both input edges).
    for (const auto& [table, want] : probes[k].expected) {
      auto [lo, hi] = seen.equal_range(table);
      if (lo == hi) {
        res.fail(fmt::format("{}->{} {}: OpenSTA printed no value (probe {})", probes[k].from, probes[k].to, table, k));
        continue;
      }
      auto close = [&](double x, double w) { return std::abs(x - w) <= tolerance * std::abs(w) + 1e-12; };
      for (auto it = lo; it != hi; ++it, ++n)
        if (std::none_of(want.begin(), want.end(), [&](double w) { return close(it->second, w); }))
          res.fail(fmt::format("{}->{} {} probe {}: OpenSTA {} vs file {}{}", probes[k].from, probes[k].to, table, k,
                               units::format_sig(it->second, 10), units::format_sig(want.front(), 10),
                               want.size() > 1 ? fmt::format(" (or its {} other groups)", want.size() - 1) : ""));
      for (double w : want)
        if (std::none_of(lo, hi, [&](const auto& p) { return close(p.second, w); }))
          res.fail(fmt::format("{}->{} {} probe {}: the file's {} was not printed", probes[k].from, probes[k].to,
                               table, k, units::format_sig(w, 10)));
    }
  }
  if (checked) *checked = n;
  return res;
}

CheckResult check_opensta_power(const fs::path& lib_path, const std::string& cell_name, double slew, double load,
                                double* internal_power) {
  CheckResult res;
  auto lib = read_back(lib_path, res);
  if (!lib) return res;
  const Cell* cell = lib->find_cell(cell_name);
  if (!cell) {
    res.fail("no cell " + cell_name + " in the library");
    return res;
  }
  std::string tcl = fmt::format("read_liberty {}\nread_verilog top.v\nlink_design top\n", tcl_quote(fs::absolute(lib_path)));
  std::string s = units::format_sig(slew / lib->units.time, 9), c = units::format_sig(load / lib->units.capacitance, 9);
  for (const Pin& p : cell->pins) {
    if (p.clock) tcl += fmt::format("create_clock -name clk_{0} -period {1} [get_ports p_{0}]\n", p.name, units::format_sig(2e-9 / lib->units.time, 9));
    if (p.direction == Direction::Input) tcl += fmt::format("set_input_transition {} [get_ports p_{}]\n", s, p.name);
    else tcl += fmt::format("set_load {} [get_ports p_{}]\n", c, p.name);
  }
  tcl += "set_power_activity -global -activity 0.1 -duty 0.5\nreport_power -digits 6\nputs \"@@ done\"\n";
  TempDir dir("rtmchar-sta-power");
  write(dir.path() / "top.v", single_cell_verilog(*cell));
  judge_sta(run_sta(dir.path(), tcl), res);
  if (res.log.find("@@ done") == std::string::npos) res.fail("sta did not finish report_power (crash?)");
  std::optional<double> internal;
  std::istringstream in(res.log);
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("Total ", 0) == 0) {
      std::istringstream f(line.substr(6));
      std::string first;
      f >> first;
      internal = units::parse_spice_number(first);
    }
  if (!internal) res.fail("no Total line in report_power");
  else if (!(*internal > 0)) res.fail("total internal power is not positive: " + units::format_sig(*internal, 6));
  if (internal && internal_power) *internal_power = *internal;
  return res;
}

CheckResult check_opensta_timing(const fs::path& lib, const std::string& verilog, const std::string& top,
                                 const std::string& constraints) {
  CheckResult res;
  TempDir dir("rtmchar-sta-timing");
  write(dir.path() / "design.v", verilog);
  std::string tcl = fmt::format("read_liberty {}\nread_verilog design.v\nlink_design {}\n{}\nreport_checks -digits 4\nputs \"@@ done\"\n",
                                tcl_quote(fs::absolute(lib)), top, constraints);
  judge_sta(run_sta(dir.path(), tcl), res);
  if (res.log.find("No paths found") != std::string::npos) res.fail("report_checks: No paths found");
  if (res.log.find("data arrival time") == std::string::npos) res.fail("report_checks printed no path");
  if (res.log.find("@@ done") == std::string::npos) res.fail("sta did not finish the script");
  return res;
}

// ---------------------------------------------------------------------------------------------
// ABC and Yosys

CheckResult check_abc(const fs::path& lib, const std::vector<std::string>& expect_cells) {
  CheckResult res;
  TempDir dir("rtmchar-abc");
  // ABC's command parser splits on ';' and blanks: copy the library to a plain name.
  fs::copy_file(lib, dir.path() / "lib.lib");
  CommandResult r = run_command("berkeley-abc -c \"read_lib -v lib.lib; print_lib\"", dir.path());
  res.log = r.output;
  if (r.exit_code != 0) res.fail(fmt::format("berkeley-abc exited with status {} (134 = assertion on a table shape)", r.exit_code));
  for (const std::string& l :
       lines_with(r.output, {"error", "has failed", "cannot be found", "there is no", "assertion", "cannot be used", "is not"}))
    res.fail("abc: " + l);
  if (r.output.find("Library \"") == std::string::npos) res.fail("abc printed no library summary");
  for (const std::string& c : expect_cells)
    if (r.output.find(fmt::format(" : {} ", c)) == std::string::npos && r.output.find(fmt::format("   : {}", c)) == std::string::npos)
      res.fail("abc did not list cell " + c);
  return res;
}

CheckResult prove_functions_yosys(const fs::path& lib_path, const std::string& reference_verilog,
                                  const std::vector<std::string>& cells) {
  CheckResult res;
  auto lib = read_back(lib_path, res);
  if (!lib) return res;
  TempDir dir("rtmchar-yosys");
  fs::copy_file(lib_path, dir.path() / "lib.lib");
  write(dir.path() / "ref.v", reference_verilog);
  for (const std::string& name : cells) {
    const Cell* cell = lib->find_cell(name);
    if (!cell) {
      res.fail("no cell " + name + " in the library");
      continue;
    }
    bool seq = cell->ff || cell->latch;
    std::string script = fmt::format(
        "read_liberty lib.lib; read_verilog ref.v; proc; miter -equiv -flatten -make_outputs ref_{0} {0} miter; "
        "hierarchy -top miter; sat -verify {1}-prove trigger 0 miter",
        name, seq ? "-tempinduct -set-init-zero -seq 1 " : "");
    CommandResult r = run_command("yosys -p " + shell_quote(script), dir.path());
    res.log += fmt::format("==== {} (exit {})\n{}", name, r.exit_code, r.output);
    if (r.exit_code != 0) res.fail(fmt::format("yosys proof for {} failed (exit {})", name, r.exit_code));
    for (const std::string& l : lines_with(r.output, {"error", "proof did fail", "warning"})) res.fail(fmt::format("yosys {}: {}", name, l));
    if (r.output.find("SUCCESS!") == std::string::npos) res.fail(fmt::format("yosys printed no SUCCESS for {}", name));
  }
  return res;
}

}  // namespace rtmchar::clients
