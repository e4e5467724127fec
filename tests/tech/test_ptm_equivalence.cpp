// The techfiles' BSIM4 tables are transcriptions of the Predictive Technology Model cards. This
// test proves the transcription: for each built-in node, the model card rtmchar generates and the
// published reference card (../shared/models/ptm, never part of the repository) give the same
// inverter delays and on-currents to 0.1 %. It is skipped when the reference cards are absent.
// The decks run through rtmchar::sim::Engine (embedded ngspice in worker processes).
#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fmt/format.h>
#include <fstream>
#include <string>
#include <unistd.h>
#include <vector>

#include "sim/simulator.h"
#include "tech/model_card.h"
#include "tech/technology.h"
#include "util/units.h"

using namespace rtmchar;
namespace fs = std::filesystem;

namespace {

const fs::path kPtmDir = fs::path(RTMCHAR_SHARED_DIR) / "models" / "ptm";

/// Inverter delays (input 50 % to output 50 %) and saturated on-currents of one card.
struct Measured {
  double tphl = 0, tplh = 0, ion_n = 0, ion_p = 0;
};

/// The circuit shared by both jobs: an inverter (Wn = 2F, Wp = 4F, L = F, 1 fF load, 10 ps input
/// edges) and two on-current devices (W = 10F, |Vgs| = |Vds| = VDD), with `models` as the MOSFET
/// model text, followed by `analysis`.
std::string deck(const tech::Technology& t, const std::string& models, const std::string& analysis) {
  double f = t.feature_size(), vdd = t.vdd();
  auto n = [](double v) { return units::format_number(v); };
  return fmt::format(
      "* rtmchar PTM equivalence: inverter and on-currents\n"
      ".temp {temp}\n{models}"
      "vdd vdd 0 {vdd}\n"
      "vin in 0 pulse(0 {vdd} 20p 10p 10p 100p 240p)\n"
      "mp out in vdd vdd {pmos} W={wp} L={l}\n"
      "mn out in 0 0 {nmos} W={wn} L={l}\n"
      "cl out 0 1f\n"
      "vdn dn 0 {vdd}\n"
      "mn2 dn dn 0 0 {nmos} W={w10} L={l}\n"
      "vsp sp 0 {vdd}\n"
      "mp2 0 0 sp sp {pmos} W={w10} L={l}\n"
      "{analysis}\n.end\n",
      fmt::arg("temp", n(t.temperature())), fmt::arg("models", models), fmt::arg("vdd", n(vdd)),
      fmt::arg("nmos", t.nmos_model()), fmt::arg("pmos", t.pmos_model()), fmt::arg("wn", n(2 * f)),
      fmt::arg("wp", n(4 * f)), fmt::arg("w10", n(10 * f)), fmt::arg("l", n(f)), fmt::arg("analysis", analysis));
}

/// The two jobs measuring one card: the operating point (on-currents; the supplies deliver the
/// current, so -i(v) > 0) and a transient (50 %-to-50 % delays).
std::vector<sim::Job> jobs_for(const std::string& name, const tech::Technology& t) {
  std::string models = tech::model_card(t);
  double half = t.vdd() / 2;
  sim::Job op;
  op.name = name + " op";
  op.analysis = sim::Analysis::Op;
  op.deck = deck(t, models, ".op");
  op.vectors = {"i(vdn)", "i(vsp)"};
  op.measures = {sim::Measure::final_value("i_vdn", "i(vdn)"), sim::Measure::final_value("i_vsp", "i(vsp)")};
  sim::Job tran;
  tran.name = name + " tran";
  tran.analysis = sim::Analysis::Tran;
  tran.tstop = 260e-12;
  tran.deck = deck(t, models, ".tran 1p 260p");
  tran.vectors = {"v(in)", "v(out)"};
  tran.measures = {
      sim::Measure::delay("tphl", {"v(in)", half, sim::Edge::Rise}, {"v(out)", half, sim::Edge::Fall}),
      sim::Measure::delay("tplh", {"v(in)", half, sim::Edge::Fall}, {"v(out)", half, sim::Edge::Rise})};
  return {op, tran};
}

/// Runs the jobs of several cards (pairs from jobs_for) and returns their numbers in order.
std::vector<Measured> simulate(const std::vector<std::vector<sim::Job>>& cards) {
  std::vector<sim::Job> all;
  for (const auto& c : cards) all.insert(all.end(), c.begin(), c.end());
  sim::EngineOptions opts;
  opts.jobs = 2;
  sim::Engine engine(opts);
  std::vector<sim::Result> results = engine.run(all);
  REQUIRE(results.size() == all.size());
  std::vector<Measured> out;
  for (size_t i = 0; i + 1 < results.size(); i += 2) {
    const sim::Result& op = results[i];
    const sim::Result& tran = results[i + 1];
    INFO(op.error << "\n" << tran.error);
    REQUIRE(op.ok());
    REQUIRE(tran.ok());
    out.push_back({tran.measures.at("tphl"), tran.measures.at("tplh"), -op.measures.at("i_vdn"),
                   -op.measures.at("i_vsp")});
  }
  return out;
}

double rel(double a, double b) { return std::fabs(a - b) / std::fabs(b); }

/// Largest relative difference over the four numbers.
double max_rel(const Measured& a, const Measured& b) {
  return std::max({rel(a.tphl, b.tphl), rel(a.tplh, b.tplh), rel(a.ion_n, b.ion_n), rel(a.ion_p, b.ion_p)});
}

/// The reference card of a built-in: "32nm-lp" -> 32nm_LP.pm.
fs::path reference_card(const tech::Technology& t) {
  std::string node = t.name().substr(0, t.name().find('-'));
  return kPtmDir / fmt::format("{}_{}.pm", node, t.str("tech.variant"));
}

/// A technology that extends built-in `name` but points models.file at the reference card, so the
/// reference runs through the user-model-file path end to end.
tech::Technology reference(const std::string& name) {
  Diagnostics diag;
  auto base = tech::load(name, {}, diag);
  REQUIRE(base);
  fs::path user = fs::temp_directory_path() / fmt::format("rtmchar-test-ptm-{}.toml", ::getpid());
  std::ofstream(user) << fmt::format("extends = \"{}\"\n[models]\nfile = \"{}\"\n", name,
                                     reference_card(*base).string());
  auto t = tech::load(user.string(), {}, diag);
  fs::remove(user);
  INFO(diag.str());
  REQUIRE(t);
  REQUIRE(tech::model_card(*t).find(".include") != std::string::npos);
  return *t;
}

}  // namespace

TEST_CASE("generated BSIM4 cards match the PTM reference cards to 0.1 %", "[ngspice]") {
  if (!fs::exists(kPtmDir)) {
    WARN("PTM reference cards not found in " << kPtmDir.string() << ": equivalence test skipped");
    SUCCEED();
    return;
  }
  const std::vector<tech::BuiltinInfo> builtins = tech::builtins();
  std::vector<std::vector<sim::Job>> cards;
  for (const tech::BuiltinInfo& b : builtins) {
    Diagnostics diag;
    auto t = tech::load(b.name, {}, diag);
    REQUIRE(t);
    cards.push_back(jobs_for(b.name + " generated", *t));
    cards.push_back(jobs_for(b.name + " reference", reference(b.name)));
  }
  std::vector<Measured> m = simulate(cards);
  REQUIRE(m.size() == 2 * builtins.size());
  for (size_t i = 0; i < builtins.size(); ++i) {
    const Measured& ours = m[2 * i];
    const Measured& ref = m[2 * i + 1];
    const std::string& name = builtins[i].name;
    INFO(name);
    // Physical sanity: delays of a few ps to tens of ps, on-currents of tens to hundreds of uA.
    CHECK(ref.tphl > 1e-12);
    CHECK(ref.tphl < 100e-12);
    CHECK(ref.ion_n > 10e-6);
    CHECK(ref.ion_p > 5e-6);
    CHECK(max_rel(ours, ref) <= 1e-3);
    WARN(fmt::format("{}: tphl {:.4g} ps tplh {:.4g} ps Ion,n {:.4g} uA Ion,p {:.4g} uA; max rel diff {:.2g}", name,
                     ours.tphl * 1e12, ours.tplh * 1e12, ours.ion_n * 1e6, ours.ion_p * 1e6, max_rel(ours, ref)));
  }
}

TEST_CASE("the PTM comparison detects a wrong parameter", "[ngspice]") {
  if (!fs::exists(kPtmDir)) {
    WARN("PTM reference cards not found in " << kPtmDir.string() << ": comparator test skipped");
    SUCCEED();
    return;
  }
  // A 20 mV threshold shift in the NMOS card must show up well beyond the 0.1 % tolerance.
  Diagnostics diag;
  auto t = tech::load("32nm", {"bsim4.nmos.vth0=0.51396"}, diag);
  REQUIRE(t);
  std::vector<Measured> m = simulate({jobs_for("32nm vth0+20mV", *t), jobs_for("32nm reference", reference("32nm"))});
  REQUIRE(m.size() == 2);
  CHECK(rel(m[0].ion_n, m[1].ion_n) > 1e-2);
  CHECK(rel(m[0].tphl, m[1].tphl) > 1e-3);
  CHECK(rel(m[0].ion_p, m[1].ion_p) < 1e-6);  // PMOS untouched
}
