#include "ionglass/structure_file_stream.hpp"

#include "ionglass/core/progress.hpp"

namespace ionglass::cli {

void StructureFileStream::operator()(const std::function<void(const System&, std::size_t)>& visit) {
  const bool first = origins_.empty();
  Progress progress(label_, first ? static_cast<long long>(files_.size()) : static_cast<long long>(origins_.size()));
  std::size_t index = 0;
  for (const auto& file : files_) {
    auto reader = open_trajectory(file, options_);
    System frame;
    for (std::size_t k = 0; reader->next(frame); ++k) {
      if (first) origins_.push_back({file, k, frame.size()});
      visit(frame, index++);
      if (!first) progress.advance();
    }
    if (first) progress.advance();
  }
  progress.finish();
}

}  // namespace ionglass::cli
