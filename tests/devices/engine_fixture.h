#pragma once
// One single-worker Engine per test case (no cache: every number is simulated afresh).
#include "sim/simulator.h"

namespace rtmchar::devices::testing {

inline sim::EngineOptions single_worker() {
  sim::EngineOptions o;
  o.jobs = 1;
  return o;
}

/// Relative error |a - b| / |b|.
inline double rel_err(double a, double b) { return std::abs(a - b) / std::abs(b); }

}  // namespace rtmchar::devices::testing
