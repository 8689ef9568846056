#pragma once
// Output files that appear whole or not at all: data is written to "NAME.tmp.PID" and renamed
// onto NAME by commit(). A writer destroyed without commit() removes its temporary file, so an
// error never leaves a partial output behind.
#include <fstream>
#include <string>

namespace ionglass {

class AtomicFile {
public:
  explicit AtomicFile(std::string path, std::ios::openmode mode = std::ios::out | std::ios::trunc);
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  std::ostream& stream() { return out_; }
  const std::string& path() const { return path_; }
  /// Flushes, closes and renames onto the final path. Throws Error if writing failed.
  void commit();

private:
  std::string path_;
  std::string temporary_;
  std::ofstream out_;
  bool committed_ = false;
};

/// Writes `text` to `path` atomically.
void write_file_atomically(const std::string& path, const std::string& text);

}  // namespace ionglass
