#pragma once
// The structures of several trajectory files as one ace::StructureStream (frames numbered
// consecutively from 0 over all files), for the `ionglass ace` commands. The first pass records
// where each structure came from; later passes show a progress bar per structure.
#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "ionglass/ace/active_set.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass::cli {

class StructureFileStream {
 public:
  StructureFileStream(std::vector<std::string> files, ReadOptions options, std::string label)
      : files_(std::move(files)), options_(std::move(options)), label_(std::move(label)) {}
  /// Calls `visit(structure, index)` for every frame of every file, in order.
  void operator()(const std::function<void(const System&, std::size_t)>& visit);
  ace::StructureStream stream() {
    return [this](const std::function<void(const System&, std::size_t)>& visit) { (*this)(visit); };
  }
  /// File, frame and atom count of each structure (after the first pass).
  const std::vector<ace::StructureOrigin>& origins() const { return origins_; }
  void set_label(std::string label) { label_ = std::move(label); }

 private:
  std::vector<std::string> files_;
  ReadOptions options_;
  std::string label_;
  std::vector<ace::StructureOrigin> origins_;
};

}  // namespace ionglass::cli
