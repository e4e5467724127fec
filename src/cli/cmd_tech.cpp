// rtmchar tech: list the built-in technologies, show every value in effect with its origin,
// print the key schema, or print the MOSFET model card a technology produces.
#include <CLI/CLI.hpp>
#include <fmt/format.h>
#include <iostream>
#include <memory>

#include "cli/app.h"
#include "tech/model_card.h"
#include "tech/technology.h"
#include "util/units.h"

namespace rtmchar::cli {
namespace {

struct TechOptions {
  std::string tech{tech::kDefaultTech};
  std::vector<std::string> sets;
};

void print_diagnostics(const Diagnostics& diag) {
  for (const Diagnostic& d : diag.all()) std::cerr << d.str() << '\n';
}

/// "techfiles/32nm.toml:12" or "--set key=value" or "(default)".
std::string origin_text(const SourceLoc& loc) {
  if (!loc.flag.empty()) return loc.flag;
  return loc.line > 0 ? fmt::format("{}:{}", loc.file, loc.line) : loc.file;
}

/// Loads opts.tech with opts.sets; prints diagnostics (warnings too) to stderr.
std::optional<tech::Technology> load(const TechOptions& opts) {
  Diagnostics diag;
  auto t = tech::load(opts.tech, opts.sets, diag);
  print_diagnostics(diag);
  return t;
}

int run_list() {
  std::string out = fmt::format("{:<10} {:>6} {:<8} {}\n", "name", "F", "variant", "vdd");
  for (const tech::BuiltinInfo& b : tech::builtins()) {
    Diagnostics diag;
    auto t = tech::load(b.name, {}, diag);
    if (!t) {  // a broken built-in is a build defect, but still reported as the user would see it
      print_diagnostics(diag);
      return kExitJobFailed;
    }
    out += fmt::format("{:<10} {:>6} {:<8} {}\n", b.name, units::format_eng(t->feature_size(), "m", 3),
                       t->str("tech.variant"), units::format_eng(t->vdd(), "V", 4));
  }
  std::cout << out;
  return kExitOk;
}

int run_show(const TechOptions& opts) {
  auto t = load(opts);
  if (!t) return kExitBadInput;
  std::string out = fmt::format("# technology {} ({} values)\n", t->name(), t->values().size());
  for (const auto& [key, v] : t->values()) {
    out += fmt::format("{:<38} = {:<26} # {}\n", key, tech::format_value(v), origin_text(v.origin));
  }
  std::cout << out;
  return kExitOk;
}

int run_card(const TechOptions& opts) {
  auto t = load(opts);
  if (!t) return kExitBadInput;
  std::cout << tech::model_card(*t);
  return kExitOk;
}

int run_keys() {
  std::string out = "| key | unit | default | range | description |\n|---|---|---|---|---|\n";
  for (const tech::KeyInfo& k : tech::schema()) {
    std::string unit = k.kind == tech::Kind::String ? "text" : k.kind == tech::Kind::Integer ? "count" : std::string(k.unit);
    std::string fallback = k.optional ? "(none)" : k.fallback.empty() ? "required" : fmt::format("\"{}\"", k.fallback);
    std::string range = tech::range_text(k);
    for (char& c : range) c = c == '|' ? ',' : c;  // "HP|LP" would split the Markdown cell
    out += fmt::format("| `{}` | {} | {} | {} | {} |\n", k.key, unit, fallback, range, k.description);
  }
  std::cout << out;
  return kExitOk;
}

void add_tech_options(CLI::App* sub, TechOptions& opts, bool positional) {
  if (positional) {
    sub->add_option("tech", opts.tech, "Built-in technology name or techfile path (default 32nm)");
  }
  sub->add_option("--set", opts.sets, "Override a techfile value: key=value (numbers may omit the unit)")
      ->type_name("KEY=VALUE");
}

}  // namespace

void add_tech(CLI::App& app, Context& ctx) {
  auto opts = std::make_shared<TechOptions>();
  CLI::App* tech = app.add_subcommand("tech", "Technology files: list, show values and origins, keys, model card");
  tech->require_subcommand(1);
  tech->add_subcommand("list", "List the built-in technologies")->callback([&ctx] { ctx.action = run_list; });
  CLI::App* show = tech->add_subcommand("show", "Print every value in effect with its unit and origin");
  add_tech_options(show, *opts, true);
  show->callback([&ctx, opts] { ctx.action = [opts] { return run_show(*opts); }; });
  CLI::App* card = tech->add_subcommand("card", "Print the MOSFET model card the technology produces");
  add_tech_options(card, *opts, true);
  card->callback([&ctx, opts] { ctx.action = [opts] { return run_card(*opts); }; });
  tech->add_subcommand("keys", "Print every techfile key (Markdown table)")->callback([&ctx] { ctx.action = run_keys; });
}

}  // namespace rtmchar::cli
