#include "ionglass/io/text_trajectory.hpp"

namespace ionglass {

bool TextTrajectoryReader::next_nonblank_line(const std::string& empty_file_problem) {
  do {
    if (!reader_.next(line_)) {
      if (frames_read_ == 0) reader_.fail(empty_file_problem);
      return false;
    }
  } while (split_whitespace(line_).empty());
  return true;
}

}  // namespace ionglass
