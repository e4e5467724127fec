// rtmchar compare REF.lib NEW.lib [--cell C] [--tolerance PCT]: per-table error of a library
// against a reference library (any tool's; numbers compared in SI after each file's units).
#include <CLI/CLI.hpp>
#include <iostream>
#include <memory>

#include "cli/app.h"
#include "liberty/builder.h"
#include "liberty/compare.h"

namespace rtmchar::cli {
namespace {

struct CompareOptions {
  std::string ref, neu, cell;
  double tolerance_pct = -1;  ///< < 0: report only
};

int run_compare(const CompareOptions& opts) {
  Diagnostics diag;
  // Reference libraries from other tools may lack what rtmchar requires of its own output
  // (e.g. default_operating_conditions): read them leniently, with warnings.
  liberty::BuildOptions lenient;
  lenient.strict = false;
  auto ref = liberty::read_liberty_file(opts.ref, diag, lenient);
  auto neu = liberty::read_liberty_file(opts.neu, diag, lenient);
  for (const Diagnostic& d : diag.all()) std::cerr << d.str() << '\n';
  if (!ref || !neu) return kExitBadInput;
  liberty::CompareReport report = liberty::compare_libraries(*ref, *neu, opts.cell);
  std::cout << "REF: " << opts.ref << "\nNEW: " << opts.neu << "\n" << report.str();
  if (opts.tolerance_pct >= 0 &&
      (report.worst_rel() * 100 > opts.tolerance_pct || !report.missing.empty())) {
    std::cerr << "compare: worst relative error or missing items exceed --tolerance\n";
    return kExitJobFailed;
  }
  return kExitOk;
}

}  // namespace

void add_compare(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<CompareOptions>();
  CLI::App* sub = app.add_subcommand(
      "compare", "Per-table mean/max relative error of NEW.lib against REF.lib; missing and extra tables");
  sub->add_option("ref", opts->ref, "Reference Liberty file")->required();
  sub->add_option("new", opts->neu, "Liberty file to check")->required();
  sub->add_option("--cell", opts->cell, "Compare only this cell");
  sub->add_option("--tolerance", opts->tolerance_pct,
                  "Exit 1 if any max relative error exceeds this many percent or anything is missing")
      ->check(CLI::NonNegativeNumber);
  sub->callback([&ctx, opts] { ctx.action = [opts] { return run_compare(*opts); }; });
}

}  // namespace rtmchar::cli
