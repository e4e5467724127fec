#include "cli/app.h"

#include <CLI/CLI.hpp>
#include <clocale>
#include <fmt/format.h>
#include <iostream>

namespace rtmchar::cli {

int run(int argc, char** argv) {
  // ngspice and every number we print or parse assume the C numeric locale.
  std::setlocale(LC_ALL, "C");

  CLI::App app{"rtmchar: circuit-level characterization of racetrack-memory and in-memory computing cells"};
  app.set_version_flag("--version", std::string("rtmchar ") + RTMCHAR_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options may follow the subcommand
  Context ctx;
  app.add_option("-j,--jobs", ctx.global.jobs, "Worker processes (default: one per core)")
      ->check(CLI::NonNegativeNumber);
  app.add_option("--cache-dir", ctx.global.cache_dir, "Simulation result cache directory");
  app.add_flag("--no-cache", ctx.global.no_cache, "Do not read or write the simulation result cache");
  app.add_flag("-v,--verbose", ctx.global.verbose, "More output (repeat for more)");
  app.add_flag("-q,--quiet", ctx.global.quiet, "Only errors on stderr");
  add_selfcheck(app, ctx);
  add_tech(app, ctx);
  add_device(app, ctx);
  add_compare(app, ctx);
  add_cell(app, ctx);
  add_lib(app, ctx);
  add_bank(app, ctx);
  add_imc(app, ctx);



  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);  // prints help/version or the error message
    return code == 0 ? kExitOk : kExitBadInput;
  }
  if (!ctx.action) return kExitBadInput;
  return ctx.action();
}

}  // namespace rtmchar::cli
