#include "sim/wire.h"

#include <cstring>

namespace rtmchar::sim::wire {

void Writer::str(std::string_view s) {
  u64(s.size());
  buf_.append(s);
}

void Writer::strs(const std::vector<std::string>& v) {
  u64(v.size());
  for (const auto& s : v) str(s);
}

void Writer::doubles(const std::vector<double>& v) {
  u64(v.size());
  raw(v.data(), v.size() * sizeof(double));
}

bool Reader::take(void* out, std::size_t n) {
  if (!ok_ || data_.size() - pos_ < n) {
    ok_ = false;
    return false;
  }
  if (n == 0) return true;  // an empty vector's data() may be null: no memcpy
  std::memcpy(out, data_.data() + pos_, n);
  pos_ += n;
  return true;
}

std::uint8_t Reader::u8() {
  std::uint8_t v = 0;
  take(&v, 1);
  return v;
}

std::uint64_t Reader::u64() {
  std::uint64_t v = 0;
  take(&v, sizeof v);
  return v;
}

double Reader::f64() {
  double v = 0;
  take(&v, sizeof v);
  return v;
}

std::string Reader::str() {
  std::uint64_t n = u64();
  if (!ok_ || data_.size() - pos_ < n) {
    ok_ = false;
    return {};
  }
  std::string s(data_.substr(pos_, n));
  pos_ += n;
  return s;
}

std::vector<std::string> Reader::strs() {
  std::uint64_t n = u64();
  std::vector<std::string> v;
  for (std::uint64_t i = 0; ok_ && i < n; ++i) v.push_back(str());
  return v;
}

std::vector<double> Reader::doubles() {
  std::uint64_t n = u64();
  if (!ok_ || (data_.size() - pos_) / sizeof(double) < n) {
    ok_ = false;
    return {};
  }
  std::vector<double> v(n);
  take(v.data(), n * sizeof(double));
  return v;
}

std::string frame(Msg type, const std::string& payload) {
  Writer w;
  w.u64(static_cast<std::uint64_t>(type));
  w.u64(payload.size());
  std::string out = w.take();
  out += payload;
  return out;
}

std::optional<Message> unframe(std::string& buf) {
  constexpr std::size_t kHeader = 2 * sizeof(std::uint64_t);
  if (buf.size() < kHeader) return std::nullopt;
  Reader r(std::string_view(buf).substr(0, kHeader));
  auto type = static_cast<Msg>(r.u64());
  std::uint64_t len = r.u64();
  if (buf.size() - kHeader < len) return std::nullopt;
  Message m{type, buf.substr(kHeader, len)};
  buf.erase(0, kHeader + len);
  return m;
}

std::string encode_job(const Job& job) {
  Writer w;
  w.str(job.name);
  w.str(job.deck);
  w.strs(job.vectors);
  w.u8(static_cast<std::uint8_t>(job.analysis));
  w.f64(job.tstop);
  w.f64(job.timeout_s);
  return w.take();
}

std::optional<Job> decode_job(std::string_view payload) {
  Reader r(payload);
  Job j;
  j.name = r.str();
  j.deck = r.str();
  j.vectors = r.strs();
  auto a = r.u8();
  j.tstop = r.f64();
  j.timeout_s = r.f64();
  if (!r.ok() || !r.at_end() || a > static_cast<std::uint8_t>(Analysis::Dc)) return std::nullopt;
  j.analysis = static_cast<Analysis>(a);
  return j;
}

std::string encode_result(const Result& res, bool exiting) {
  Writer w;
  w.u8(static_cast<std::uint8_t>(res.status));
  w.u8(exiting ? 1 : 0);
  w.str(res.error);
  w.strs(res.log);
  w.f64(res.sim_seconds);
  w.doubles(res.waves.scale);
  w.u64(res.waves.vectors.size());
  for (const auto& [name, v] : res.waves.vectors) {
    w.str(name);
    w.doubles(v);
  }
  return w.take();
}

std::optional<Result> decode_result(std::string_view payload, bool* exiting) {
  Reader r(payload);
  Result res;
  auto st = r.u8();
  bool ex = r.u8() != 0;
  res.error = r.str();
  res.log = r.strs();
  res.sim_seconds = r.f64();
  res.waves.scale = r.doubles();
  std::uint64_t n = r.u64();
  for (std::uint64_t i = 0; r.ok() && i < n; ++i) {
    std::string name = r.str();
    res.waves.vectors[name] = r.doubles();
  }
  if (!r.ok() || !r.at_end() || st > static_cast<std::uint8_t>(Status::Crashed)) return std::nullopt;
  res.status = static_cast<Status>(st);
  if (exiting) *exiting = ex;
  return res;
}

std::string encode_hello(std::string_view version, std::string_view error) {
  Writer w;
  w.str(version);
  w.str(error);
  return w.take();
}

bool decode_hello(std::string_view payload, std::string& version, std::string& error) {
  Reader r(payload);
  version = r.str();
  error = r.str();
  return r.ok() && r.at_end();
}

}  // namespace rtmchar::sim::wire
