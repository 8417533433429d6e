#pragma once
// Durable file replacement: after a crash or power cut at any moment the
// file holds either the old content or the new, never a mix or nothing.
// Reading goes through files/regular_file.hpp, which refuses what is not a
// regular file and caps the size.

#include <string>
#include <string_view>

namespace pgm {

// Writes <path>.tmp, fsyncs it, renames it over <path> and fsyncs the parent
// directory so the rename itself survives a power cut. Throws
// std::system_error naming the failing step and path. A failure before the
// rename leaves <path> untouched and removes the temporary file if this call
// created it; one left by a crash is simply truncated by the next call.
void replaceFileAtomically(const std::string& path, std::string_view content);

// The steps of replaceFileAtomically, for a writer that must order its
// renames itself. `Durability::Cached` skips the fsync: the file then
// survives the death of the process that wrote it, not a power cut.
enum class Durability { Synced, Cached };
// Creates or truncates `path` and writes `content`; removes it on failure.
void writeNewFile(const std::string& path, std::string_view content, Durability);
// rename(2); on failure removes `from` and throws.
void renameOver(const std::string& from, const std::string& to);
void syncParentDirectory(const std::string& path);

// Puts the directory `staged` in place of the directory `path` in one step,
// so that `path` is at every moment the old tree or the new one, syncs the
// parent, then removes the old tree. Files in `staged` must already be
// durable (written with replaceFileAtomically). Throws std::system_error.
void replaceDirectoryAtomically(const std::string& staged, const std::string& path);

// Like `mkdir -p`: creates missing directories with `mode` (less the umask).
// Throws std::system_error naming the path if one cannot be created.
void makeDirectories(const std::string& path, unsigned mode);

} // namespace pgm
