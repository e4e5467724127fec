#include "sim/cache.h"

#include "sim/wire.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/units.h"

namespace rtmchar::sim {
namespace {

constexpr std::string_view kMagic = "RTMCSIM\n";

}  // namespace

std::string ResultCache::key(const Job& job) const {
  Hasher h;
  h.add("rtmchar-sim-cache").add(std::to_string(kFormatVersion)).add(version_);
  h.add(std::to_string(static_cast<int>(job.analysis))).add(units::format_number(job.tstop));
  h.add(std::to_string(job.vectors.size()));
  for (const auto& v : job.vectors) h.add(v);
  h.add(job.deck);
  return h.hex();
}

std::filesystem::path ResultCache::path(const Job& job) const {
  std::string k = key(job);
  return dir_ / k.substr(0, 2) / (k + ".bin");
}

// Entry: magic, u64 format version, u64 payload length, checksum (32 hex chars, XXH3-128 of the
// payload), payload = encode_result() of the result.
std::optional<Result> ResultCache::load(const Job& job) const {
  std::string error;
  auto p = path(job);
  std::error_code ec;
  if (!std::filesystem::exists(p, ec)) return std::nullopt;
  auto text = read_file(p, error);
  if (!text || text->size() < kMagic.size() || text->compare(0, kMagic.size(), kMagic) != 0) return std::nullopt;
  wire::Reader r(std::string_view(*text).substr(kMagic.size()));
  auto version = r.u64();
  auto len = r.u64();
  std::string sum = r.str();
  std::size_t header = kMagic.size() + 3 * sizeof(std::uint64_t) + sum.size();
  if (!r.ok() || version != kFormatVersion || text->size() - header != len) return std::nullopt;
  std::string_view payload = std::string_view(*text).substr(header);
  if (hash_hex(payload) != sum) return std::nullopt;
  auto res = wire::decode_result(payload, nullptr);
  if (!res || res->status != Status::Ok) return std::nullopt;
  res->from_cache = true;
  res->sim_seconds = 0;
  return res;
}

bool ResultCache::store(const Job& job, const Result& r, std::string& error) const {
  Result plain;
  plain.status = Status::Ok;
  plain.log = r.log;
  plain.waves = r.waves;
  std::string payload = wire::encode_result(plain, false);
  wire::Writer w;
  w.u64(kFormatVersion);
  w.u64(payload.size());
  w.str(hash_hex(payload));
  std::string entry(kMagic);
  entry += w.bytes();
  entry += payload;
  return write_file_atomic(path(job), entry, error);
}

}  // namespace rtmchar::sim
