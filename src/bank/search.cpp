#include "bank/search.h"

#include <algorithm>
#include <fmt/format.h>

namespace rtmchar::bank {
namespace {

std::vector<int> pow2_range(int lo, int hi) {
  std::vector<int> v;
  for (int x = lo; x <= hi; x *= 2) v.push_back(x);
  return v;
}

constexpr int kMaxLines = 4096;

}  // namespace

std::optional<Objective> parse_objective(std::string_view text) {
  for (Objective o : {Objective::ReadLatency, Objective::WriteLatency, Objective::ReadEnergy, Objective::Area,
                      Objective::Edp}) {
    if (objective_name(o) == text) return o;
  }
  return std::nullopt;
}

std::string_view objective_name(Objective o) {
  switch (o) {
    case Objective::ReadLatency: return "read-latency";
    case Objective::WriteLatency: return "write-latency";
    case Objective::ReadEnergy: return "read-energy";
    case Objective::Area: return "area";
    case Objective::Edp: return "edp";
  }
  return "";
}

double score(const BankResult& r, Objective o) {
  switch (o) {
    case Objective::ReadLatency: return r.read.latency;
    case Objective::WriteLatency: return r.write.latency;
    case Objective::ReadEnergy: return r.read.energy;
    case Objective::Area: return r.area;
    case Objective::Edp: return r.read.energy * r.read.latency;
  }
  return r.area;
}

SearchSpace default_space() {
  SearchSpace s;
  s.values["domains"] = pow2_range(16, 256);
  s.values["ports"] = pow2_range(1, 16);
  s.values["cluster"] = pow2_range(1, 512);
  s.values["mats"] = pow2_range(1, 64);
  s.values["banks"] = pow2_range(1, 16);
  s.values["mux"] = pow2_range(1, 32);
  s.values["rows"] = {};  // derived; empty = any
  s.values["cols"] = {};
  return s;
}

bool restrict_space(SearchSpace& space, const std::string& key, std::vector<int> values, const std::string& flag,
                    Diagnostics& diag) {
  if (std::find(std::begin(kOrgKeys), std::end(kOrgKeys), key) == std::end(kOrgKeys)) {
    diag.error("bank.bad-force", SourceLoc::cli(flag),
               fmt::format("unknown organization key '{}' (known: domains ports cluster rows cols mats banks mux)", key));
    return false;
  }
  for (int v : values) {
    if (v < 1) {
      diag.error("bank.bad-force", SourceLoc::cli(flag), fmt::format("{} must be at least 1 (got {})", key, v));
      return false;
    }
  }
  space.values[key] = std::move(values);
  return true;
}

std::vector<Organization> enumerate(std::int64_t capacity_bits, int word_bits, const SearchSpace& space) {
  std::vector<Organization> out;
  auto allowed = [&](const char* key, int v) {
    const auto& list = space.values.at(key);
    return list.empty() || std::find(list.begin(), list.end(), v) != list.end();
  };
  for (int banks : space.values.at("banks"))
    for (int mats : space.values.at("mats"))
      for (int mux : space.values.at("mux"))
        for (int domains : space.values.at("domains"))
          for (int ports : space.values.at("ports"))
            for (int cluster : space.values.at("cluster")) {
              if (static_cast<std::int64_t>(word_bits) * mux % mats != 0) continue;
              const std::int64_t cols = static_cast<std::int64_t>(word_bits) * mux / mats;
              if (cols < 1 || cols % mux != 0 || cols > kMaxLines || !allowed("cols", static_cast<int>(cols))) continue;
              const std::int64_t per_row = static_cast<std::int64_t>(banks) * mats * cols * domains;
              if (capacity_bits % per_row != 0) continue;
              const std::int64_t rows = capacity_bits / per_row;
              if (rows < 1 || rows * ports > kMaxLines || !allowed("rows", static_cast<int>(rows))) continue;
              if (ports > domains || domains % ports != 0 || cols % cluster != 0) continue;
              const Organization o{capacity_bits, word_bits, domains, ports, cluster, static_cast<int>(rows),
                                   static_cast<int>(cols), mats, banks, mux, space.lanes};
              if (lanes_fit(o)) out.push_back(o);
            }
  return out;
}

std::vector<std::size_t> pareto_front(const std::vector<BankResult>& results) {
  std::vector<std::size_t> idx(results.size());
  for (std::size_t i = 0; i < idx.size(); ++i) idx[i] = i;
  std::sort(idx.begin(), idx.end(), [&](std::size_t a, std::size_t b) { return results[a].area < results[b].area; });
  std::vector<std::size_t> front;
  for (std::size_t i : idx) {
    const BankResult& r = results[i];
    bool dominated = false;
    for (std::size_t j : front) {  // every kept point has area <= r's
      const BankResult& q = results[j];
      if (q.read.latency <= r.read.latency && q.read.energy <= r.read.energy) {
        dominated = true;
        break;
      }
    }
    if (!dominated) front.push_back(i);
  }
  return front;
}

std::size_t best(const std::vector<BankResult>& results, Objective o) {
  std::size_t b = 0;
  for (std::size_t i = 1; i < results.size(); ++i) {
    if (score(results[i], o) < score(results[b], o)) b = i;
  }
  return b;
}

}  // namespace rtmchar::bank
