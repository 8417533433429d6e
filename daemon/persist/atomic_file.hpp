#pragma once
// Durable file replacement: after a crash or power cut at any moment the
// file holds either the old content or the new, never a mix or nothing.
// Reading goes through files/regular_file.hpp, which refuses what is not a
// regular file and caps the size.

#include <string>
#include <string_view>

namespace pgmd {

// Writes <path>.tmp, fsyncs it, renames it over <path> and fsyncs the parent
// directory so the rename itself survives a power cut. Throws
// std::system_error naming the failing step and path. A failure before the
// rename leaves <path> untouched and removes the temporary file if this call
// created it; one left by a crash is simply truncated by the next call.
void replaceFileAtomically(const std::string& path, std::string_view content);

// Like `mkdir -p`: creates missing directories with `mode` (less the umask).
// Throws std::system_error naming the path if one cannot be created.
void makeDirectories(const std::string& path, unsigned mode);

} // namespace pgmd
