#include <catch2/catch.hpp>

#include <filesystem>
#include <set>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "tech/model_card.h"
#include "tech/schema.h"
#include "tech/technology.h"
#include "util/resources.h"
#include "util/units.h"

using namespace rtmchar;
using namespace rtmchar::tech;
namespace fs = std::filesystem;

namespace {

/// A scratch directory for user techfiles, removed at the end of the test case.
struct TempDir {
  fs::path dir = fs::temp_directory_path() / ("rtmchar-test-tech-" + std::to_string(::getpid()));
  TempDir() { fs::create_directories(dir); }
  ~TempDir() { fs::remove_all(dir); }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = dir / name;
    std::ofstream(p) << text;
    return p.string();
  }
};

/// Loads and expects exactly one error with this id, at `file`:`line` (line 0 = don't care).
void expect_error(const std::string& tech, std::vector<std::string> sets, const std::string& id,
                  const std::string& file, int line) {
  Diagnostics diag;
  auto t = load(tech, sets, diag);
  INFO(diag.str());
  CHECK_FALSE(t);
  REQUIRE(diag.error_count() >= 1);
  const Diagnostic& d = diag.all().front();
  CHECK(d.id == id);
  if (!file.empty()) CHECK(d.loc.file == file);
  if (line > 0) CHECK(d.loc.line == line);
}

/// The 1-based line of `text` holding `needle` (0 if absent).
int line_of(std::string_view text, std::string_view needle) {
  int line = 1;
  size_t pos = text.find(needle);
  if (pos == std::string_view::npos) return 0;
  for (size_t i = 0; i < pos; ++i) line += text[i] == '\n';
  return line;
}

}  // namespace

TEST_CASE("every built-in techfile loads with its node's nominal values") {
  // Nominal supplies of the PTM cards (shared/models/ptm/README.md), F from the node name.
  struct Expect { const char* name; double f, vdd; const char* variant; };
  const Expect expected[] = {{"45nm", 45e-9, 1.0, "HP"},  {"45nm-lp", 45e-9, 1.1, "LP"},
                             {"32nm", 32e-9, 0.9, "HP"},  {"32nm-lp", 32e-9, 1.0, "LP"},
                             {"22nm", 22e-9, 0.8, "HP"},  {"22nm-lp", 22e-9, 0.95, "LP"}};
  CHECK(builtins().size() == 6);
  for (const Expect& e : expected) {
    Diagnostics diag;
    auto t = load(e.name, {}, diag);
    INFO(e.name << "\n" << diag.str());
    REQUIRE(t);
    CHECK(diag.all().empty());
    CHECK(t->name() == e.name);
    CHECK(t->feature_size() == Approx(e.f));
    CHECK(t->vdd() == Approx(e.vdd));
    CHECK(t->str("tech.variant") == e.variant);
    CHECK(t->si("device.lmin_n") == Approx(e.f));
    // PTM cards carry 213 (LP) or 214 (HP) parameters per device, version included.
    CHECK(t->bsim4("nmos").size() >= 213);
    CHECK(t->bsim4("pmos").size() >= 213);
    CHECK(t->si("bsim4.nmos.vth0") > 0);
    CHECK(t->si("bsim4.pmos.vth0") < 0);
    CHECK(t->count("racetrack.domains") == 64);
    // Derived: R_P = RA / (w*l) = 5.4 Ohm*um^2 / (65 nm)^2 = 1278 Ohm (UMN model, device-physics.md).
    CHECK(t->si("mtj.ra") / (t->si("mtj.width") * t->si("mtj.length")) == Approx(1278.1).epsilon(1e-3));
    // Depinning current of the washboard model: I_c = v_pin/mu * w * t = 66.7 uA.
    double ic = t->si("racetrack.v_pin") / t->si("racetrack.mobility") * t->si("racetrack.width") *
                t->si("racetrack.thickness");
    CHECK(ic == Approx(66.7e-6).epsilon(1e-3));
  }
  CHECK_FALSE(builtins().empty());
  CHECK(builtins().front().name < builtins().back().name);
}

TEST_CASE("every printed value reads back to the same number (1e-12 relative)") {
  for (const BuiltinInfo& b : builtins()) {
    Diagnostics diag;
    auto t = load(b.name, {}, diag);
    REQUIRE(t);
    for (const auto& [key, v] : t->values()) {
      if (v.kind != Kind::Quantity) continue;
      const KeyInfo* info = find_key(key);
      REQUIRE(info);
      auto back = units::parse_quantity(format_value(v), info->unit, units::UnitPolicy::Required);
      INFO(key << " = " << format_value(v));
      REQUIRE(back);
      CHECK(*back == Approx(v.si).epsilon(1e-12));
    }
  }
}

TEST_CASE("origins point at the techfile line that set each value") {
  Diagnostics diag;
  auto t = load("32nm", {}, diag);
  REQUIRE(t);
  const resources::Resource* r = resources::find("techfiles/32nm.toml");
  REQUIRE(r);
  const Value* v = t->find("racetrack.shift_current");
  REQUIRE(v);
  CHECK(v->origin.file == "techfiles/32nm.toml");
  CHECK(v->origin.line == line_of(r->text, "shift_current ="));
  CHECK(t->find("tech.corner")->origin.line == line_of(r->text, "corner ="));
}

TEST_CASE("command-line overrides apply last and remember their flag") {
  std::vector<std::string> sets = {"racetrack.shift_current=200u", "tech.vdd=0.85 V", "racetrack.domains=128",
                                   "bsim4.nmos.vth0=0.5", "models.nmos=\"nfet\""};
  Diagnostics diag;
  auto t = load("32nm", sets, diag);
  INFO(diag.str());
  REQUIRE(t);
  CHECK(t->si("racetrack.shift_current") == Approx(200e-6));
  CHECK(t->find("racetrack.shift_current")->origin.flag == "--set racetrack.shift_current=200u");
  CHECK(t->vdd() == Approx(0.85));
  CHECK(t->count("racetrack.domains") == 128);
  CHECK(t->si("bsim4.nmos.vth0") == 0.5);
  CHECK(t->nmos_model() == "nfet");
  CHECK(model_card(*t).find(".model nfet nmos level=54") != std::string::npos);
  // Untouched values keep their techfile origin.
  CHECK(t->find("racetrack.shift_pulse")->origin.file == "techfiles/32nm.toml");
}

TEST_CASE("a user techfile extends a built-in and overrides some values") {
  TempDir tmp;
  std::string path = tmp.write("mine.toml",
                               "extends = \"32nm-lp\"\n"
                               "[tech]\n"
                               "name = \"mine\"\n"
                               "vdd = \"950 mV\"\n"
                               "[racetrack]\n"
                               "domains = 32\n");
  Diagnostics diag;
  auto t = load(path, {"racetrack.domains=16"}, diag);
  INFO(diag.str());
  REQUIRE(t);
  CHECK(t->name() == "mine");
  CHECK(t->vdd() == Approx(0.95));
  CHECK(t->find("tech.vdd")->origin.file == path);
  CHECK(t->find("tech.vdd")->origin.line == 4);
  CHECK(t->str("tech.variant") == "LP");  // from the built-in
  CHECK(t->find("tech.variant")->origin.file == "techfiles/32nm-lp.toml");
  CHECK(t->count("racetrack.domains") == 16);  // --set beats the user file
  // A second level: a file extending the user file by relative path.
  std::string path2 = tmp.write("mine2.toml", "extends = \"mine.toml\"\n[mtj]\ntmr0 = 1.5\n");
  Diagnostics diag2;
  auto t2 = load(path2, {}, diag2);
  INFO(diag2.str());
  REQUIRE(t2);
  CHECK(t2->name() == "mine");
  CHECK(t2->si("mtj.tmr0") == 1.5);
  CHECK(t2->count("racetrack.domains") == 32);
}

TEST_CASE("bad techfiles give the right diagnostic id, file and line") {
  TempDir tmp;
  auto file = [&](const std::string& name, const std::string& body) {
    return tmp.write(name, "extends = \"32nm\"\n" + body);
  };
  std::string f;
  f = file("unknown_key.toml", "[racetrack]\nshift_curent = \"145 uA\"\n");
  expect_error(f, {}, "tech.unknown-key", f, 3);
  f = file("empty.toml", "[mtj]\nra = \"\"\n");
  expect_error(f, {}, "tech.missing-value", f, 3);
  f = file("wrong_unit.toml", "[tech]\nvdd = \"0.9 A\"\n");
  expect_error(f, {}, "tech.bad-unit", f, 3);
  f = file("no_unit.toml", "[tech]\n\nvdd = 0.9\n");
  expect_error(f, {}, "tech.bad-unit", f, 4);
  f = file("unknown_unit.toml", "[racetrack]\nwidth = \"50 nmm\"\n");
  expect_error(f, {}, "tech.bad-unit", f, 3);
  f = file("negative.toml", "[racetrack]\nwidth = \"-50 nm\"\n");
  expect_error(f, {}, "tech.out-of-range", f, 3);
  f = file("zero_domains.toml", "[racetrack]\ndomains = 0\n");
  expect_error(f, {}, "tech.out-of-range", f, 3);
  f = file("not_int.toml", "[racetrack]\ndomains = 6.5\n");
  expect_error(f, {}, "tech.bad-value", f, 3);
  f = file("variant.toml", "[tech]\nvariant = \"XP\"\n");
  expect_error(f, {}, "tech.bad-value", f, 3);
  f = file("bsim_text.toml", "[bsim4.nmos]\nvth0 = \"0.4 V\"\n");
  expect_error(f, {}, "tech.bad-value", f, 3);
  f = file("syntax.toml", "[tech]\nvdd = \n");
  expect_error(f, {}, "tech.syntax", f, 3);
  f = tmp.write("node.toml", "\nextends = \"28nm\"\n");
  expect_error(f, {}, "tech.unknown-node", f, 2);
  f = file("inconsistent.toml", "[racetrack]\nread_r_p = \"20 kOhm\"\n");
  expect_error(f, {}, "tech.inconsistent", "techfiles/32nm.toml", 0);
  f = tmp.write("partial.toml", "[tech]\nname = \"partial\"\n");
  expect_error(f, {}, "tech.missing-key", f, 0);
  f = tmp.write("cycle.toml", "extends = \"cycle.toml\"\n");
  expect_error(f, {}, "tech.extends-depth", f, 1);
  f = file("nofile.toml", "[models]\nfile = \"does-not-exist.lib\"\n");
  expect_error(f, {}, "tech.model-file-missing", f, 3);
  expect_error("28nm", {}, "tech.unknown-node", "", 0);
  expect_error(tmp.dir.string() + "/absent.toml", {}, "tech.unreadable", "", 0);
}

TEST_CASE("bad overrides name the flag") {
  Diagnostics diag;
  CHECK_FALSE(load("32nm", {"racetrack.shift_curent=1u"}, diag));
  REQUIRE(diag.error_count() == 1);
  CHECK(diag.all()[0].id == "tech.unknown-key");
  CHECK(diag.all()[0].loc.flag == "--set racetrack.shift_curent=1u");
  expect_error("32nm", {"tech.vdd=0.9 A"}, "tech.bad-unit", "", 0);
  expect_error("32nm", {"tech.vdd"}, "tech.bad-override", "", 0);
  expect_error("32nm", {"racetrack.width=-5n"}, "tech.out-of-range", "", 0);
  expect_error("32nm", {"tech.vdd="}, "tech.missing-value", "", 0);
  expect_error("32nm", {"racetrack.ports=2.5"}, "tech.bad-value", "", 0);
}

TEST_CASE("CLI numbers may omit the unit but techfile numbers may not") {
  Diagnostics diag;
  auto t = load("32nm", {"racetrack.shift_current=145u", "mtj.ra=5.4p", "racetrack.shift_pulse=1.5 ns"}, diag);
  REQUIRE(t);
  CHECK(t->si("racetrack.shift_current") == Approx(145e-6));
  CHECK(t->si("mtj.ra") == Approx(5.4e-12));  // Ohm*m^2: 5.4 Ohm*um^2
  CHECK(t->si("racetrack.shift_pulse") == Approx(1.5e-9));
  expect_error("32nm", {"racetrack.shift_current=145 uV"}, "tech.bad-unit", "", 0);
}

TEST_CASE("model card carries every BSIM4 parameter exactly") {
  Diagnostics diag;
  auto t = load("32nm", {}, diag);
  REQUIRE(t);
  std::string card = model_card(*t);
  CHECK(card.find(".model nmos nmos level=54\n") != std::string::npos);
  CHECK(card.find(".model pmos pmos level=54\n") != std::string::npos);
  CHECK(card.find("+ version=4.0\n") != std::string::npos);
  // Every "+ name=value" line reads back to the techfile's double, in the right model.
  std::string type;
  size_t params = 0;
  size_t pos = 0;
  while (pos < card.size()) {
    size_t end = card.find('\n', pos);
    std::string line = card.substr(pos, end - pos);
    pos = end + 1;
    if (line.starts_with(".model")) type = line.substr(line.find(' ', 7) + 1, 4);
    if (!line.starts_with("+ ") || line.starts_with("+ version")) continue;
    auto eq = line.find('=');
    std::string key = "bsim4." + type + "." + line.substr(2, eq - 2);
    auto value = units::parse_spice_number(line.substr(eq + 1));
    INFO(line);
    REQUIRE(value);
    CHECK(*value == t->si(key));
    ++params;
  }
  CHECK(params == t->bsim4("nmos").size() + t->bsim4("pmos").size() - 2);
}

TEST_CASE("a user model file replaces the built-in parameters") {
  TempDir tmp;
  std::string lib = tmp.write("foundry.lib", ".model nch nmos level=54\n.model pch pmos level=54\n");
  std::string f = tmp.write("user.toml",
                            "extends = \"45nm\"\n[models]\nfile = \"foundry.lib\"\nnmos = \"nch\"\npmos = \"pch\"\n");
  Diagnostics diag;
  auto t = load(f, {}, diag);
  INFO(diag.str());
  REQUIRE(t);
  REQUIRE(t->model_file());
  CHECK(fs::equivalent(*t->model_file(), lib));
  std::string card = model_card(*t);
  CHECK(card.find(".include \"" + *t->model_file() + "\"") != std::string::npos);
  CHECK(card.find(".model") == std::string::npos);
  CHECK(t->nmos_model() == "nch");
}

TEST_CASE("schema units are all understood and keys are unique") {
  std::set<std::string_view> seen;
  for (const KeyInfo& k : schema()) {
    INFO(k.key);
    if (k.kind != Kind::String) CHECK(units::is_known_unit(k.unit));
    CHECK(seen.insert(k.key).second);
    CHECK_FALSE(k.description.empty());
  }
  CHECK(find_key("bsim4.nmos.vth0") != nullptr);
  CHECK(find_key("bsim4.nmos.Vth0") == nullptr);
  CHECK(find_key("bsim4.xmos.vth0") == nullptr);
  CHECK(find_key("racetrack") == nullptr);
}
