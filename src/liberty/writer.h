#pragma once
// Liberty writer: one free function from the data model to text.
#include <optional>
#include <string>

#include "liberty/model.h"
#include "util/diag.h"

namespace rtmchar::liberty {

struct WriterOptions {
  int digits = 6;  ///< significant digits of every number written (units::format_sig)
};

/// Validates `lib` (Library::validate) and, if it is valid, returns its Liberty text:
/// deterministic (no timestamp; fixed order: header, units, thresholds, operating conditions,
/// user defines, templates, cells in model order), C-locale numbers scaled by the library's unit
/// header, `/* */` comments only. The header comment states the rtmchar version and the slew
/// convention (thresholds; the slew index is the threshold-to-threshold time). Returns nullopt
/// with diagnostics when the model is invalid or a unit is not representable in Liberty
/// (units must be 1, 10 or 100 times an SI prefix; capacitance in pF or fF).
std::optional<std::string> write_liberty(const Library& lib, Diagnostics& diag, const WriterOptions& options = {});

}  // namespace rtmchar::liberty
