#pragma once
// Internal: the binary encoding used between the Engine and its worker processes and for cache
// entries. Host byte order (both ends are the same binary on the same machine; cache entries
// carry a format version and a checksum, so a foreign or damaged entry is rejected, not misread).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "sim/simulator.h"

namespace rtmchar::sim::wire {

/// Appends fixed-size numbers and length-prefixed strings/arrays to a byte string.
class Writer {
 public:
  void u8(std::uint8_t v) { buf_.push_back(static_cast<char>(v)); }
  void u64(std::uint64_t v) { raw(&v, sizeof v); }
  void f64(double v) { raw(&v, sizeof v); }
  void str(std::string_view s);
  void strs(const std::vector<std::string>& v);
  void doubles(const std::vector<double>& v);
  const std::string& bytes() const { return buf_; }
  std::string take() { return std::move(buf_); }

 private:
  void raw(const void* p, std::size_t n) {
    if (n > 0) buf_.append(static_cast<const char*>(p), n);
  }
  std::string buf_;
};

/// Reads what Writer wrote; any short or malformed read sets !ok() and yields zero values.
class Reader {
 public:
  explicit Reader(std::string_view data) : data_(data) {}
  std::uint8_t u8();
  std::uint64_t u64();
  double f64();
  std::string str();
  std::vector<std::string> strs();
  std::vector<double> doubles();
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == data_.size(); }

 private:
  bool take(void* out, std::size_t n);
  std::string_view data_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

/// Message types on a worker's socket. Every message is: u64 type, u64 payload length, payload.
enum class Msg : std::uint64_t { Hello = 1, Job = 2, Result = 3 };

/// A framed message.
std::string frame(Msg type, const std::string& payload);
/// If `buf` starts with a complete message, removes it and returns it.
struct Message {
  Msg type;
  std::string payload;
};
std::optional<Message> unframe(std::string& buf);

/// Job fields a worker needs (measures stay in the parent).
std::string encode_job(const Job& job);
std::optional<Job> decode_job(std::string_view payload);

/// A worker's result; `exiting` tells the parent the worker ends itself after this message.
std::string encode_result(const Result& r, bool exiting);
std::optional<Result> decode_result(std::string_view payload, bool* exiting);

/// Hello: the simulator version, or an empty version and the reason it could not start.
std::string encode_hello(std::string_view version, std::string_view error);
bool decode_hello(std::string_view payload, std::string& version, std::string& error);

}  // namespace rtmchar::sim::wire
