#include "util/resources.h"

namespace rtmchar::resources {

const Resource* find(std::string_view path) {
  for (const Resource& r : all()) {
    if (path == r.path) return &r;
  }
  return nullptr;
}

}  // namespace rtmchar::resources
