#include "ionglass/io/extended_xyz_frame_bounds.hpp"

#include <charconv>

namespace ionglass {

namespace {

bool is_blank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace

ExtendedXyzFrameBounds extended_xyz_frame_bounds(std::string_view text) {
  ExtendedXyzFrameBounds bounds;
  std::size_t position = 0;
  while (position < text.size() && !is_blank(text.substr(position))) {
    const std::size_t count_end = text.find('\n', position);
    if (count_end == std::string_view::npos) {
      bounds.cut_short = true;
      return bounds;
    }
    std::string_view count_line = text.substr(position, count_end - position);
    const auto first = count_line.find_first_not_of(" \t");
    const auto last = count_line.find_last_not_of(" \t\r");
    unsigned long long atoms = 0;
    if (first == std::string_view::npos) {
      bounds.malformed = true;
      return bounds;
    }
    count_line = count_line.substr(first, last - first + 1);
    const auto [end, error] = std::from_chars(count_line.data(), count_line.data() + count_line.size(), atoms);
    if (error != std::errc() || end != count_line.data() + count_line.size()) {
      bounds.malformed = true;
      return bounds;
    }
    std::size_t line_end = count_end;
    for (unsigned long long line = 0; line < atoms + 1; ++line) {  // the comment line and the atom lines
      line_end = text.find('\n', line_end + 1);
      if (line_end == std::string_view::npos) {
        bounds.cut_short = true;
        return bounds;
      }
    }
    bounds.starts.push_back(position);
    position = line_end + 1;
    bounds.complete_length = position;
  }
  return bounds;
}

}  // namespace ionglass
