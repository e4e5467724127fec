#include "imc/cam.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "devices/from_technology.h"
#include "imc/spice_lines.h"
#include "sim/measure.h"
#include "tech/model_card.h"
#include "util/units.h"

namespace rtmchar::imc {

using units::format_number;

CamParams cam_from_technology(const tech::Technology& t, int w) {
  CamParams p;
  p.w = w;
  p.mtj = devices::racetrack_from_technology(t).port_mtj;
  // Domain-wall MTJ: written by domain-wall motion in the free-layer track, so current through
  // the read junction does not switch it (STT disabled, as for the SOT read path in devices/).
  p.mtj.ic_p2ap = 1e9;
  p.mtj.ic_ap2p = 1e9;
  p.vdd = t.vdd();
  p.v_search = t.vdd();
  const double wn = t.si("device.wmin_n"), wp = t.si("device.wmin_p");
  p.wn_ml = 4 * wn;
  p.wp_pre = 2 * wp;
  p.wn_sa = wn;
  p.wp_sa = 2 * wp;
  p.l = t.si("device.lmin_n");
  p.f = t.feature_size();
  p.cell_width = 4 * t.si("layout.contacted_gate_pitch") * p.f;
  p.cell_height = t.si("layout.cell_height") * p.f;
  p.c_wire = t.si("wire.local.c");
  p.r_wire = t.si("wire.local.r");
  return p;
}

namespace {

double search_on(const CamParams& p) { return p.t_pre + p.edge; }
double search_off(const CamParams& p) { return p.t_pre + p.t_eval; }

/// Names of the driven search lines of a key (the other line of each bit stays at 0 V; a masked
/// bit, key value kMasked, drives neither).
std::vector<std::string> driven_lines(const std::vector<int>& key) {
  std::vector<std::string> v;
  for (std::size_t k = 0; k < key.size(); ++k)
    if (key[k] != kMasked) v.push_back(fmt::format("{}{}", key[k] ? "sl" : "slb", k));
  return v;
}

bool valid_key(const std::vector<int>& key) {
  const bool values = std::all_of(key.begin(), key.end(), [](int b) { return b == 0 || b == 1 || b == kMasked; });
  return values && std::any_of(key.begin(), key.end(), [](int b) { return b != kMasked; });
}

}  // namespace

std::string cam_search_deck(const CamParams& p, const tech::Technology& t, const std::vector<int>& stored,
                            const std::vector<int>& key) {
  devices::MtjParams mp = p.mtj, map = p.mtj;
  mp.initial_ap = false;
  map.initial_ap = true;
  std::string d = fmt::format("* cam_word w={}\n", p.w) + tech::model_card(t) + "\n" +
                  devices::mtj_subckt("mtj_p", mp) + devices::mtj_subckt("mtj_ap", map);
  d += fmt::format("Vdd vdd 0 {}\n", format_number(p.vdd));
  d += fmt::format("Vpre pre 0 {}\n", pwl_pulse(p.vdd, p.t_pre, search_off(p), p.edge));
  d += mos_line("Mpre", "ml0", "pre", "vdd", "vdd", t.pmos_model(), p.wp_pre, p.l, p.f);
  const double seg = p.cell_width;
  for (int k = 0; k < p.w; ++k) {
    const auto i = static_cast<std::size_t>(k);
    const bool s = key[i] == 1, sb = key[i] == 0, stored1 = stored[i] != 0;
    const std::string drive = pwl_pulse(p.v_search, search_on(p), search_off(p) - p.edge, p.edge);
    d += fmt::format("Vsl{k} sl{k} 0 {}\nVslb{k} slb{k} 0 {}\n", s ? drive : "dc 0", sb ? drive : "dc 0",
                     fmt::arg("k", k));
    d += mos_line(fmt::format("Ms{}", k), fmt::format("ml{}", k), fmt::format("sl{}", k), fmt::format("a{}", k), "0",
             t.nmos_model(), p.wn_ml, p.l, p.f);
    d += mos_line(fmt::format("Msb{}", k), fmt::format("ml{}", k), fmt::format("slb{}", k), fmt::format("b{}", k), "0",
             t.nmos_model(), p.wn_ml, p.l, p.f);
    d += fmt::format("X1_{k} a{k} 0 sa{k} {}\nX2_{k} b{k} 0 sb{k} {}\n", stored1 ? "mtj_ap" : "mtj_p",
                     stored1 ? "mtj_p" : "mtj_ap", fmt::arg("k", k));
    d += fmt::format("Cml{} ml{} 0 {}\n", k, k, format_number(p.c_wire * seg));
    if (k > 0) d += fmt::format("Rml{} ml{} ml{} {}\n", k, k - 1, k, format_number(p.r_wire * seg));
  }
  d += mos_line("Mpsa", "miss", "ml0", "vdd", "vdd", t.pmos_model(), p.wp_sa, p.l, p.f);
  d += mos_line("Mnsa", "miss", "ml0", "0", "0", t.nmos_model(), p.wn_sa, p.l, p.f);
  d += fmt::format("Cmiss miss 0 {}\n", format_number(p.c_sa_load));
  d += fmt::format(".tran {} {} 0 {}\n.end\n", format_number(p.edge / 20), format_number(p.cycle()),
                   format_number(p.edge / 2));
  return d;
}

std::optional<double> SearchResult::v_ml_at(double strobe) const { return sim::value_at(t, v_ml, strobe); }

std::optional<std::vector<SearchResult>> cam_search(sim::Engine& engine, const CamParams& p, const tech::Technology& t,
                                                    const std::vector<std::pair<std::vector<int>, std::vector<int>>>& runs,
                                                    Diagnostics& diag) {
  if (p.w < 1) {
    diag.error("imc.bad-param", {}, fmt::format("cam_word: w = {} must be >= 1", p.w));
    return std::nullopt;
  }
  std::vector<sim::Job> jobs;
  for (const auto& [stored, key] : runs) {
    if (stored.size() != static_cast<std::size_t>(p.w) || key.size() != stored.size() || !valid_key(key)) {
      diag.error("imc.bad-param", {},
                 fmt::format("cam_word: stored word and key must have w = {} bits, the key at least one unmasked", p.w));
      return std::nullopt;
    }
    sim::Job j;
    j.name = fmt::format("cam_word w={} search {}", p.w, jobs.size());
    j.deck = cam_search_deck(p, t, stored, key);
    j.tstop = p.cycle();
    j.vectors = {"v(ml0)", "v(miss)", "v(vdd)", "i(vdd)", "v(pre)", "i(vpre)"};
    for (const auto& n : driven_lines(key)) {
      j.vectors.push_back(fmt::format("v({})", n));
      j.vectors.push_back(fmt::format("i(v{})", n));
    }
    jobs.push_back(std::move(j));
  }
  const std::vector<sim::Result> res = engine.run(jobs);
  std::vector<SearchResult> out;
  for (std::size_t r = 0; r < res.size(); ++r) {
    const sim::Result& x = res[r];
    const sim::Waveforms& w = x.waves;
    const auto* ml = w.find("v(ml0)");
    const auto* miss = w.find("v(miss)");
    const std::string trig = "v(" + driven_lines(runs[r].second).front() + ")";
    const auto* trig_v = w.find(trig);
    if (!x.ok() || !ml || !miss || !trig_v) {
      diag.error("imc.sim-failed", {}, fmt::format("{}: {}", jobs[r].name, x.ok() ? "missing vectors" : x.error));
      return std::nullopt;
    }
    std::vector<double> pw(w.scale.size(), 0.0);
    std::vector<std::pair<std::string, std::string>> src = {{"vdd", "vdd"}, {"pre", "vpre"}};
    for (const auto& n : driven_lines(runs[r].second)) src.emplace_back(n, "v" + n);
    for (const auto& [node, name] : src) {
      const auto* v = w.find("v(" + node + ")");
      const auto* i = w.find("i(" + name + ")");
      if (!v || !i) {
        diag.error("imc.sim-failed", {}, fmt::format("{}: vectors of source {} missing", jobs[r].name, name));
        return std::nullopt;
      }
      for (std::size_t k = 0; k < pw.size(); ++k) pw[k] -= (*v)[k] * (*i)[k];
    }
    const auto energy = sim::integral(w.scale, pw, 0, p.cycle());
    const auto t_on = sim::cross(w.scale, *trig_v, p.v_search / 2, sim::Edge::Rise);
    if (!energy || !t_on) {
      diag.error("imc.sim-failed", {}, fmt::format("{}: no search-line edge in the waveform", jobs[r].name));
      return std::nullopt;
    }
    SearchResult s;
    s.energy = *energy;
    const double end = search_off(p) - p.edge;  // search lines start to fall here
    const auto t_half = sim::cross(w.scale, *ml, p.vdd / 2, sim::Edge::Fall, *t_on);
    if (t_half && *t_half <= end) s.t_ml_half = *t_half - *t_on;
    const auto t_miss = sim::cross(w.scale, *miss, p.vdd / 2, sim::Edge::Rise, *t_on);
    if (t_miss && *t_miss <= end) s.t_miss = *t_miss - *t_on;
    for (std::size_t k = 0; k < w.scale.size(); ++k) {
      if (w.scale[k] < *t_on || w.scale[k] > end) continue;
      if (!s.t.empty() && w.scale[k] - *t_on <= s.t.back()) continue;  // keep t strictly increasing
      s.t.push_back(w.scale[k] - *t_on);
      s.v_ml.push_back((*ml)[k]);
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<int> mismatch_key(const std::vector<int>& stored, const std::vector<int>& compared, int misses) {
  std::vector<int> key(stored.size(), kMasked);
  if (compared.empty()) key = stored;
  for (int c : compared) key[static_cast<std::size_t>(c)] = stored[static_cast<std::size_t>(c)];
  std::vector<int> cols = compared;
  if (cols.empty())
    for (int k = 0; k < static_cast<int>(stored.size()); ++k) cols.push_back(k);
  for (int k = 0; k < misses && k < static_cast<int>(cols.size()); ++k)
    key[static_cast<std::size_t>(cols[cols.size() - 1 - static_cast<std::size_t>(k)])] ^= 1;
  return key;
}

std::optional<SenseWindow> cam_sense_window(sim::Engine& engine, const CamParams& p, const tech::Technology& t,
                                            const std::vector<int>& stored, Diagnostics& diag,
                                            const std::vector<int>& compared) {
  const int n_cmp = compared.empty() ? static_cast<int>(stored.size()) : static_cast<int>(compared.size());
  const auto key = [&](int misses) { return mismatch_key(stored, compared, misses); };
  auto r = cam_search(engine, p, t, {{stored, key(0)}, {stored, key(1)}, {stored, key(n_cmp)}}, diag);
  if (!r) return std::nullopt;
  const SearchResult &m = (*r)[0], &o = (*r)[1], &a = (*r)[2];
  if (!m.t_ml_half || !o.t_ml_half || !a.t_ml_half || !(*o.t_ml_half < *m.t_ml_half)) {
    diag.error("imc.no-window", {},
               fmt::format("cam_word w={}: no sense window (the all-match match line must fall within t_eval = {} s "
                           "and later than with one miss)",
                           p.w, format_number(p.t_eval)));
    return std::nullopt;
  }
  SenseWindow s;
  s.t_match = *m.t_ml_half;
  s.t_miss1 = *o.t_ml_half;
  s.t_all_miss = *a.t_ml_half;
  s.strobe = 0.5 * (s.t_match + s.t_miss1);
  const auto vm = m.v_ml_at(s.strobe), vo = o.v_ml_at(s.strobe);
  if (!vm || !vo) {
    diag.error("imc.sim-failed", {}, fmt::format("cam_word w={}: strobe outside the simulated window", p.w));
    return std::nullopt;
  }
  s.margin = *vm - *vo;
  s.latency = s.strobe;
  s.energy_match = m.energy;
  s.energy_miss1 = o.energy;
  s.energy_all_miss = a.energy;
  return s;
}

std::optional<std::vector<MissPoint>> cam_miss_profile(sim::Engine& engine, const CamParams& p,
                                                       const tech::Technology& t, const std::vector<int>& stored,
                                                       const SenseWindow& win, const std::vector<int>& misses,
                                                       Diagnostics& diag) {
  std::vector<std::pair<std::vector<int>, std::vector<int>>> runs{{stored, stored}};  // the all-match reference
  for (int n : misses) {
    if (n < 0 || n > p.w) {
      diag.error("imc.bad-param", {}, fmt::format("cam_word w={}: {} mismatching bits", p.w, n));
      return std::nullopt;
    }
    runs.emplace_back(stored, mismatch_key(stored, {}, n));
  }
  auto r = cam_search(engine, p, t, runs, diag);
  if (!r) return std::nullopt;
  std::vector<MissPoint> out;
  const auto v_match = (*r)[0].v_ml_at(win.strobe);
  for (std::size_t k = 0; k < misses.size(); ++k) {
    const SearchResult& s = (*r)[k + 1];
    const auto v = s.v_ml_at(win.strobe);
    if (!s.t_ml_half || !v || !v_match) {
      diag.error("imc.no-window", {}, fmt::format("cam_word w={}: match line with {} misses did not fall", p.w, misses[k]));
      return std::nullopt;
    }
    out.push_back({misses[k], *s.t_ml_half, *v_match - *v, s.energy});
  }
  return out;
}

}  // namespace rtmchar::imc
