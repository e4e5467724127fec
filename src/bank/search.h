#pragma once
// Design-space exploration: enumerate every valid organization of a capacity and word width,
// evaluate each, pick the best for an objective and extract the Pareto front (area, latency,
// energy). Pure functions; docs/bank.md.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "bank/bank.h"

namespace rtmchar::bank {

enum class Objective { ReadLatency, WriteLatency, ReadEnergy, Area, Edp };

/// Parses "read-latency|write-latency|read-energy|area|edp"; nullopt otherwise.
std::optional<Objective> parse_objective(std::string_view text);
std::string_view objective_name(Objective o);

/// Score to minimize: read or write latency, read energy, area, or read energy x read latency.
double score(const BankResult& r, Objective o);

/// The organization fields that can be forced or swept, by name.
inline constexpr const char* kOrgKeys[] = {"domains", "ports", "cluster", "rows", "cols", "mats", "banks", "mux"};

/// Candidate values of each field (every field searched over its list). Fields with a forced
/// value get a one-element list.
struct SearchSpace {
  std::map<std::string, std::vector<int>> values;
  int lanes = 0;  ///< compute lanes per subarray of every organization; those they do not fit are skipped
};

/// Default space: domains {16..256}, ports {1..16}, cluster {1..512}, mats {1..64}, banks {1..16},
/// mux {1..32} (powers of two); rows and cols follow from the others (they are derived, so
/// forcing them filters).
SearchSpace default_space();

/// Sets field `key` ("ports") to a single value or a list; unknown key -> bank.bad-force at `flag`.
bool restrict_space(SearchSpace& space, const std::string& key, std::vector<int> values, const std::string& flag,
                    Diagnostics& diag);

/// Every valid organization in the space for `capacity_bits` and `word_bits`, in a fixed order.
/// cols = mux word / mats; rows = capacity / (banks mats cols domains); rows and cols limited to
/// 4096 (a longer wordline or bitline is never competitive, NVSim limits likewise).
std::vector<Organization> enumerate(std::int64_t capacity_bits, int word_bits, const SearchSpace& space);

/// Indices of the results not dominated in (area, read latency, read energy) (all minimized).
std::vector<std::size_t> pareto_front(const std::vector<BankResult>& results);

/// Index of the best result for the objective (ties: first). results must be non-empty.
std::size_t best(const std::vector<BankResult>& results, Objective o);

}  // namespace rtmchar::bank
