#pragma once
// The rtmchar command line: global options, one file per subcommand, exit codes.
#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace rtmchar::cli {

/// Exit codes of the rtmchar executable.
enum ExitCode : int {
  kExitOk = 0,         ///< success
  kExitJobFailed = 1,  ///< a simulation or characterization job failed
  kExitBadInput = 2,   ///< bad input or usage (message names the file:line or flag)
};

/// Options every subcommand sees.
struct GlobalOptions {
  int jobs = 0;           ///< worker processes; 0 = one per core
  std::string cache_dir;  ///< empty = default_cache_dir()
  bool no_cache = false;
  int verbose = 0;
  bool quiet = false;
};

/// Shared between main and the subcommands: the parsed global options and the action chosen by
/// the subcommand that was invoked (set from its CLI11 callback, run after parsing).
struct Context {
  GlobalOptions global;
  std::function<int()> action;
};

// One function per subcommand file: declares the subcommand's options on `app` and, when it is
// invoked, stores its action in ctx.action.
void add_selfcheck(CLI::App& app, Context& ctx);  ///< rtmchar selfcheck (cmd_selfcheck.cpp)
void add_tech(CLI::App& app, Context& ctx);  ///< rtmchar tech list|show|keys|card (cmd_tech.cpp)
void add_device(CLI::App& app, Context& ctx);  ///< rtmchar device mtj|racetrack|sot (cmd_device.cpp)
void add_compare(CLI::App& app, Context& ctx);  ///< rtmchar compare REF.lib NEW.lib (cmd_compare.cpp)
void add_cell(CLI::App& app, Context& ctx);  ///< rtmchar cell NAME (cmd_cell.cpp)
void add_lib(CLI::App& app, Context& ctx);  ///< rtmchar lib CELLS... (cmd_lib.cpp)
void add_bank(CLI::App& app, Context& ctx);  ///< rtmchar bank (cmd_bank.cpp)
void add_imc(CLI::App& app, Context& ctx);  ///< rtmchar imc cam_word|imac_neuron|imac_column (cmd_imc.cpp)


/// Parses argv, runs the chosen subcommand and returns the process exit code.
int run(int argc, char** argv);

}  // namespace rtmchar::cli
