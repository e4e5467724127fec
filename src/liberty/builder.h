#pragma once
// Builder: Liberty syntax tree (parser.h) -> data model (model.h). Converts every number to SI
// with the units the file declares, so libraries from other tools compare directly with
// rtmchar's own. Reports what it cannot understand with the file:line of the offending node.
#include <filesystem>
#include <optional>
#include <string>

#include "liberty/model.h"
#include "liberty/parser.h"
#include "util/diag.h"

namespace rtmchar::liberty {

struct BuildOptions {
  /// true: Library::validate errors are errors (rtmchar's own libraries, round trips).
  /// false: they are reported as warnings, for reading reference libraries from other tools,
  /// which may, e.g., lack default_operating_conditions.
  bool strict = true;
};

/// Builds a Library from the top-level `library` group. Understood: the unit header,
/// thresholds, nom_*, operating_conditions, lu_table_template / power_lut_template (1 or 2
/// axes; tables may override an index, which creates a derived template), cell area,
/// cell_leakage_power, leakage_power, pin (direction, capacitances, function, clock,
/// nextstate_type, timing, internal_power, user attributes), ff, latch, and user groups/attributes
/// declared with define_group/define (float, string, boolean). Other standard attributes and
/// groups (pg_pin, bus, ocv, ...) are skipped;
/// timing groups of unsupported timing_type and tables over unsupported axes are skipped with a
/// warning (liberty.unsupported). Errors (liberty.bad-number, liberty.bad-table, ...) carry
/// file:line; returns nullopt if any error was reported.
std::optional<Library> build_library(const SyntaxNode& root, const std::string& file, Diagnostics& diag,
                                     const BuildOptions& options = {});

/// Reads, parses and builds a Liberty file (liberty.read when it cannot be read).
std::optional<Library> read_liberty_file(const std::filesystem::path& path, Diagnostics& diag,
                                         const BuildOptions& options = {});

}  // namespace rtmchar::liberty
