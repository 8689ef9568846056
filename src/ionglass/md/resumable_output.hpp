#pragma once
// An output file that grows during a run (thermo CSV, trajectory) and can be cut back to the size
// recorded in a checkpoint when the run resumes, so that nothing is duplicated or lost.
#include <cstdint>
#include <fstream>
#include <string>

namespace ionglass {

class ResumableOutput {
public:
  /// Creates (or empties) the file.
  void create(const std::string& path);
  /// Opens an existing file for appending after truncating it to `bytes`. Throws InputError when
  /// the file is missing or shorter than `bytes` (it was not written by the checkpointed run).
  void resume(const std::string& path, std::uint64_t bytes);
  bool is_open() const { return out_.is_open(); }
  void write(const std::string& text);
  /// Flushes and returns the file size in bytes.
  std::uint64_t flush();
  const std::string& path() const { return path_; }

private:
  std::string path_;
  std::ofstream out_;
  std::uint64_t bytes_ = 0;
};

}  // namespace ionglass
