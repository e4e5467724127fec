#pragma once
// Internal: the on-disk result cache. One file per successful simulation, named by a hash of
// everything that determines its waveforms; see docs/engine.md ("Cache layout").
#include <filesystem>
#include <optional>
#include <string>

#include "sim/simulator.h"

namespace rtmchar::sim {

class ResultCache {
 public:
  /// Bump when the entry format or the meaning of a cached result changes.
  static constexpr int kFormatVersion = 1;

  ResultCache(std::filesystem::path dir, std::string simulator_version)
      : dir_(std::move(dir)), version_(std::move(simulator_version)) {}

  /// Hash of deck text + vectors + analysis + tstop + simulator version + format version.
  std::string key(const Job& job) const;
  /// The cached waveforms and log of `job` (status Ok, from_cache set), or nullopt on a miss or a
  /// damaged entry (bad magic, version, length or checksum), which is then ignored.
  std::optional<Result> load(const Job& job) const;
  /// Stores a successful result atomically; false (with `error`) if it cannot be written.
  bool store(const Job& job, const Result& r, std::string& error) const;
  /// Where the entry of `job` lives: <dir>/<first 2 hex digits>/<32 hex digits>.bin
  std::filesystem::path path(const Job& job) const;

 private:
  std::filesystem::path dir_;
  std::string version_;
};

}  // namespace rtmchar::sim
