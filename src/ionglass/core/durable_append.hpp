#pragma once
// Appending a record to a file that only ever grows (a label database): one write of the whole
// record at the end of the file, then fsync. A process killed during the write can leave the
// record cut short at the end of the file (Linux stops a write to a regular file between pages
// when a fatal signal arrives); readers of such a file check its last record (see
// io/extended_xyz_frame_bounds.hpp) and drop it when incomplete.
#include <string>
#include <string_view>

namespace ionglass {

/// Appends `text` to `path` (created if missing) in one write() loop and fsyncs it. Throws Error
/// naming the file when it cannot be opened or written.
void append_to_file_durably(const std::string& path, std::string_view text);

/// Cuts `path` to its first `length` bytes (to drop a record cut short by a kill) and fsyncs it.
void truncate_file(const std::string& path, unsigned long long length);

}  // namespace ionglass
