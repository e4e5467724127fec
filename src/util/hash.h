#pragma once
// Content hashing for cache keys (XXH3-128 from Debian's libxxhash: fast, stable across
// platforms and versions, 128 bits so collisions are not a practical concern for a cache).
#include <string>
#include <string_view>

namespace rtmchar {

/// Incremental 128-bit content hash; parts are length-prefixed so ("ab","c") != ("a","bc").
class Hasher {
 public:
  Hasher();
  ~Hasher();
  Hasher(const Hasher&) = delete;
  Hasher& operator=(const Hasher&) = delete;
  Hasher& add(std::string_view part);
  /// 32 lowercase hex digits.
  std::string hex() const;

 private:
  void* state_;
};

/// hex digest of one string.
std::string hash_hex(std::string_view data);

}  // namespace rtmchar
