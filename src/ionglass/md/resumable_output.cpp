#include "ionglass/md/resumable_output.hpp"

#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass {

void ResumableOutput::create(const std::string& path) {
  path_ = path;
  out_.open(path, std::ios::out | std::ios::trunc | std::ios::binary);
  if (!out_) throw InputError(path, 0, "cannot create the output file");
  bytes_ = 0;
}

void ResumableOutput::resume(const std::string& path, std::uint64_t bytes) {
  path_ = path;
  std::error_code ec;
  const auto size = std::filesystem::file_size(path, ec);
  if (ec) throw InputError(path, 0, "cannot resume: the output file is missing");
  if (size < bytes)
    throw InputError(path, 0, "cannot resume: the output file is shorter than the checkpoint records (" +
                                  std::to_string(size) + " < " + std::to_string(bytes) + " bytes)");
  std::filesystem::resize_file(path, bytes, ec);
  if (ec) throw InputError(path, 0, "cannot truncate the output file: " + ec.message());
  out_.open(path, std::ios::out | std::ios::app | std::ios::binary);
  if (!out_) throw InputError(path, 0, "cannot open the output file for appending");
  bytes_ = bytes;
}

void ResumableOutput::write(const std::string& text) {
  out_.write(text.data(), static_cast<std::streamsize>(text.size()));
  bytes_ += text.size();
}

std::uint64_t ResumableOutput::flush() {
  out_.flush();
  if (!out_) throw Error("writing " + path_ + " failed (disk full?)");
  return bytes_;
}

}  // namespace ionglass
