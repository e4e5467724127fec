#include "cli/common.h"

#include <fmt/format.h>
#include <iostream>
#include <unistd.h>

#include "util/fs.h"
#include "util/units.h"

namespace rtmchar::cli {

void print_diagnostics(const Diagnostics& diag, const GlobalOptions& global) {
  for (const Diagnostic& d : diag.all()) {
    if (global.quiet && d.severity != Severity::Error) continue;
    std::cerr << "rtmchar: " << d.str() << '\n';
  }
}

sim::EngineOptions engine_options(const GlobalOptions& global) {
  sim::EngineOptions o;
  o.jobs = global.jobs;
  if (!global.no_cache) {
    o.cache_dir = global.cache_dir.empty() ? default_cache_dir() : std::filesystem::path(global.cache_dir);
  }
  o.progress = !global.quiet;
  return o;
}

std::optional<double> parse_flag_quantity(const std::string& text, const char* si_unit, const std::string& flag,
                                          Diagnostics& diag) {
  std::string why;
  auto v = units::parse_quantity(text, si_unit, units::UnitPolicy::Optional, &why);
  if (!v) diag.error("cli.bad-value", SourceLoc::cli(flag), why);
  return v;
}

std::optional<std::vector<double>> parse_list(const std::string& text, const char* si_unit, const std::string& flag,
                                              Diagnostics& diag) {
  std::vector<double> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t comma = text.find(',', pos);
    std::string item = text.substr(pos, comma == std::string::npos ? std::string::npos : comma - pos);
    auto v = parse_flag_quantity(item, si_unit, flag, diag);
    if (!v) return std::nullopt;
    if (!(*v > 0)) {
      diag.error("cli.bad-list", SourceLoc::cli(flag), fmt::format("'{}' must be positive", item));
      return std::nullopt;
    }
    if (!out.empty() && *v <= out.back()) {
      diag.error("cli.bad-list", SourceLoc::cli(flag), fmt::format("values must be strictly increasing at '{}'", item));
      return std::nullopt;
    }
    out.push_back(*v);
    if (comma == std::string::npos) break;
    pos = comma + 1;
  }
  if (out.size() < 2) {
    diag.error("cli.bad-list", SourceLoc::cli(flag), "a table axis needs at least 2 values");
    return std::nullopt;
  }
  return out;
}

}  // namespace rtmchar::cli
