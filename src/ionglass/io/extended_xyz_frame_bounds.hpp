#pragma once
// Where the frames of an extended XYZ text begin, without parsing them: for files that only grow
// by appended frames (the label database), to find a last frame cut short by a kill.
#include <cstddef>
#include <string_view>
#include <vector>

namespace ionglass {

struct ExtendedXyzFrameBounds {
  std::vector<std::size_t> starts;  ///< byte offset of each complete frame (its atom-count line)
  std::size_t complete_length = 0;  ///< bytes up to the end of the last complete frame
  /// The text ends inside a frame: fewer lines than its count says, or a last line without its
  /// newline. Everything from complete_length on is that cut frame.
  bool cut_short = false;
  /// A count line that is not a non-negative integer: the text is malformed there (not cut
  /// short); the extended XYZ reader reports where. Scanning stopped at it.
  bool malformed = false;
};

/// Scans `text` frame by frame: a count line N, a comment line and N atom lines, each ended by
/// '\n'. Blank lines after the last frame count as complete.
ExtendedXyzFrameBounds extended_xyz_frame_bounds(std::string_view text);

}  // namespace ionglass
