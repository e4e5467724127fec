#pragma once
// Helpers shared by the subcommands: diagnostics output, engine options, list flags.
#include <optional>
#include <string>
#include <vector>

#include "cli/app.h"
#include "sim/simulator.h"
#include "util/diag.h"

namespace rtmchar::cli {

/// Prints diagnostics to stderr: errors always, warnings and notes unless --quiet.
void print_diagnostics(const Diagnostics& diag, const GlobalOptions& global);

/// Engine options from the global flags: --jobs, --cache-dir / --no-cache (default cache under
/// the user's cache directory), progress on stderr unless --quiet.
sim::EngineOptions engine_options(const GlobalOptions& global);

/// Parses a comma-separated list of quantities in `si_unit` (SPICE suffixes, unit optional:
/// "20p,100p,500p", "2fF,10fF") given with `flag`. Values must be positive and strictly
/// increasing. Errors (id cli.bad-list) name the flag.
std::optional<std::vector<double>> parse_list(const std::string& text, const char* si_unit, const std::string& flag,
                                              Diagnostics& diag);

/// Parses one quantity given with `flag` (unit optional); errors name the flag.
std::optional<double> parse_flag_quantity(const std::string& text, const char* si_unit, const std::string& flag,
                                          Diagnostics& diag);

}  // namespace rtmchar::cli
