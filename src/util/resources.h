#pragma once
// The project's data files (techfiles/, netlists/, cells/) embedded at build time, so that the
// binary needs no install step and no path to the source tree.
#include <span>
#include <string_view>

namespace rtmchar::resources {

struct Resource {
  const char* path;  ///< repository-relative path, e.g. "techfiles/32nm.toml"
  const char* text;  ///< the file's full contents
};

/// Every embedded file, sorted by path.
std::span<const Resource> all();

/// The embedded file with exactly this repository-relative path, or nullptr.
const Resource* find(std::string_view path);

}  // namespace rtmchar::resources
