#pragma once
// File helpers. Every output rtmchar writes goes through write_file_atomic so that a killed or
// failed run never leaves a partial or corrupt file behind.
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace rtmchar {

/// Writes `content` to a temporary file in the same directory, flushes it to disk and renames it
/// over `path` (atomic on POSIX). Creates missing parent directories. On failure returns false,
/// removes the temporary file and stores the reason in `error`.
bool write_file_atomic(const std::filesystem::path& path, std::string_view content, std::string& error);

/// Reads a whole file; nullopt (and `error`) if it cannot be read.
std::optional<std::string> read_file(const std::filesystem::path& path, std::string& error);

/// The user's cache directory for rtmchar: $XDG_CACHE_HOME/rtmchar, else $HOME/.cache/rtmchar,
/// else a directory under the system temp dir.
std::filesystem::path default_cache_dir();

}  // namespace rtmchar
