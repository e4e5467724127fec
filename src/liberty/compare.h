#pragma once
// Library comparison: how far a new characterization is from a reference library, per cell,
// pin, arc and table, plus what is missing or extra. Used by `rtmchar compare`.
#include <string>
#include <vector>

#include "liberty/model.h"

namespace rtmchar::liberty {

/// Error statistics of one compared item (a table, or a scalar such as a pin capacitance).
struct CompareEntry {
  std::string path;        ///< "CELL/PIN/A->Y combinational/cell_rise", "CELL/A/capacitance", ...
  Quantity quantity = Quantity::Dimensionless;
  std::size_t points = 0;  ///< values compared
  std::size_t relative_points = 0;  ///< of which compared relatively
  double mean_rel = 0, max_rel = 0;  ///< |new - ref| / |ref| over points where |ref| is not ~0
  double max_abs = 0;       ///< max |new - ref| (SI) over points where |ref| is ~0
  bool interpolated = false;  ///< NEW evaluated bilinearly at REF's grid points (axes differ)
  std::size_t outside = 0;   ///< REF points outside NEW's axes, not compared
};

struct CompareReport {
  std::vector<CompareEntry> entries;
  std::vector<std::string> missing;  ///< in REF, not in NEW
  std::vector<std::string> extra;    ///< in NEW, not in REF
  /// Largest max_rel over all entries (0 if none).
  double worst_rel() const;
  /// Human-readable text: one line per entry (n, mean and max relative error in %, max absolute
  /// error where the reference is ~0), then MISSING / EXTRA lines and a summary.
  std::string str() const;
};

/// Compares NEW against REF. Cells, pins, pin user attributes (numbers compared like tables,
/// booleans and strings must be equal), timing arcs (keyed by related pin, timing type and
/// `when`), internal power groups (related pin, `when`) and tables are matched by name. A REF value
/// whose magnitude is below 1e-3 of the table's largest |REF| value is compared absolutely
/// (relative error is meaningless near zero). If only `cell` is non-empty, only that cell is
/// compared (missing from REF -> reported as missing).
CompareReport compare_libraries(const Library& ref, const Library& neu, const std::string& cell = {});

}  // namespace rtmchar::liberty
