#pragma once
// Real-client harness: runs OpenSTA (`sta`), Berkeley ABC (`berkeley-abc`) and Yosys on a Liberty
// file and reads their LOGS, because all three exit 0 on most errors (see
// ../shared/notes/real-clients.md). Every check returns a CheckResult listing each problem found;
// tests REQUIRE(r.ok) and print r.str() on failure. Work happens in a fresh temporary directory
// that is removed afterwards; nothing is written to the source tree.
//
// Reusable by any test that produces a library (synthetic here, characterized ones later).
#include <filesystem>
#include <string>
#include <vector>

#include "liberty/model.h"

namespace rtmchar::clients {

namespace fs = std::filesystem;

/// A private temporary directory, removed (recursively) on destruction.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

struct CommandResult {
  int exit_code = 0;  ///< exit status; 128 + signal number if the process was killed by a signal
  std::string output; ///< stdout and stderr interleaved
};

/// Runs `command` through /bin/sh in directory `dir`, capturing stdout and stderr.
CommandResult run_command(const std::string& command, const fs::path& dir);

/// Whether `program` is on PATH (tests skip with a message when a client is not installed).
bool tool_available(const std::string& program);

struct CheckResult {
  bool ok = true;
  std::vector<std::string> problems;
  std::string log;  ///< the client's full output (for failure messages)
  void fail(std::string problem);
  /// Problems, then the log (truncated to its last 6000 characters).
  std::string str() const;
};

/// OpenSTA reads the library (`read_liberty`) with no "Error" or "Warning" in its log and does
/// not crash.
CheckResult check_opensta_reads(const fs::path& lib);

/// For every delay and constraint arc of `cell` that has two-axis tables and no `when`, sets the
/// input transition(s) and the output load exactly on every grid point, runs `report_dcalc`
/// (-min for hold arcs) and checks that each "Table value" OpenSTA prints equals the expected
/// value, and that every table was seen. Expected values: those of `expected` (the in-memory
/// model the file was written from; relative tolerance 1e-5 for the 6 written digits) or, when
/// null, the file as read by rtmchar's own reader (2e-6, OpenSTA's single-precision floats).
/// `checked` (optional) receives the number of values compared.
CheckResult check_opensta_dcalc(const fs::path& lib, const std::string& cell, int* checked = nullptr,
                                const liberty::Library* expected = nullptr);

/// Instantiates `cell` with every input on a port (input transition `slew` s, output loads
/// `load` F), clocks its clock pins (period 2 ns), sets a global activity of 0.1 and runs
/// `report_power`. Fails if the log has Error/Warning or the total internal power is not > 0;
/// `internal_power` (optional) receives it in W.
CheckResult check_opensta_power(const fs::path& lib, const std::string& cell, double slew, double load,
                                double* internal_power = nullptr);

/// Links the structural Verilog `verilog` (top module `top`) against the library, applies
/// `constraints` (Tcl/SDC commands, e.g. create_clock, set_input_delay) and runs
/// `report_checks -digits 4`. Fails on Error/Warning or "No paths found"; the report is in log.
CheckResult check_opensta_timing(const fs::path& lib, const std::string& verilog, const std::string& top,
                                 const std::string& constraints);

/// ABC `read_lib -v; print_lib`: exit status 0 (a short table row aborts ABC with 134), no
/// "has failed" / "cannot be found" / error / assertion lines, and every cell of `expect_cells`
/// listed. ABC keeps only combinational cells and refuses libraries with fewer than three
/// cell classes, so list only combinational cells here.
CheckResult check_abc(const fs::path& lib, const std::vector<std::string>& expect_cells);

/// Proves with Yosys that each cell's Liberty functions (read_liberty without -lib, so ff groups
/// become flip-flops) equal the module ref_<CELL> of `reference_verilog`: `miter -equiv` and
/// `sat -verify -prove trigger 0` (with -tempinduct -set-init-zero for cells with ff or latch
/// groups, from the same all-zero initial state). Fails for a cell whose proof does not succeed.
CheckResult prove_functions_yosys(const fs::path& lib, const std::string& reference_verilog,
                                  const std::vector<std::string>& cells);

}  // namespace rtmchar::clients
