#include "ionglass/core/atomic_file.hpp"

#include <unistd.h>

#include <cstdio>
#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass {

AtomicFile::AtomicFile(std::string path, std::ios::openmode mode)
    : path_(std::move(path)), temporary_(path_ + ".tmp." + std::to_string(::getpid())) {
  const auto parent = std::filesystem::path(path_).parent_path();
  if (!parent.empty()) {
    std::error_code ec;
    std::filesystem::create_directories(parent, ec);
  }
  out_.open(temporary_, mode);
  if (!out_) throw InputError(path_, 0, "cannot open for writing");
}

AtomicFile::~AtomicFile() {
  if (!committed_) {
    out_.close();
    std::remove(temporary_.c_str());
  }
}

void AtomicFile::commit() {
  out_.flush();
  if (!out_) throw Error(path_ + ": write failed");
  out_.close();
  if (std::rename(temporary_.c_str(), path_.c_str()) != 0) {
    std::remove(temporary_.c_str());
    throw Error(path_ + ": cannot rename the temporary output into place");
  }
  committed_ = true;
}

void write_file_atomically(const std::string& path, const std::string& text) {
  AtomicFile f(path);
  f.stream() << text;
  f.commit();
}

}  // namespace ionglass
