#pragma once
// What every libFuzzer target of ionglass shares (fuzz/README.md): the input bytes become a file
// with the name the reader expects (readers take paths and choose the format, and gzip, by the
// name), the reader runs, and the outcome is judged by the product's promise for bad input:
// either the reader accepts the file, or it throws one ionglass::InputError whose message names
// the file. Any other exception escapes to libFuzzer, which reports it as a finding, as it does
// crashes, sanitizer reports, hangs (-timeout) and memory blow-ups (-rss_limit_mb).
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <utility>

#include "ionglass/core/error.hpp"

namespace ionglass::fuzz {

/// A scratch folder of this process, made once (removed by the CI script with the build folder).
inline const std::filesystem::path& scratch_folder() {
  static const std::filesystem::path folder = [] {
    const char* base = std::getenv("TMPDIR");
    std::string pattern = std::string(base && *base ? base : "/tmp") + "/ionglass_fuzz_XXXXXX";
    if (!mkdtemp(pattern.data())) {
      std::perror("ionglass fuzz: mkdtemp");
      std::abort();
    }
    return std::filesystem::path(pattern);
  }();
  return folder;
}

/// Writes `size` bytes to scratch_folder()/name and returns the path.
inline std::string write_input(const std::uint8_t* data, std::size_t size, const std::string& name) {
  const std::string path = (scratch_folder() / name).string();
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data), static_cast<std::streamsize>(size));
  out.close();
  if (!out) {
    std::cerr << "ionglass fuzz: cannot write " << path << "\n";
    std::abort();
  }
  return path;
}

/// What an InputError message must name.
enum class NameCheck {
  InputFile,  ///< the input file itself
  AnyFile,    ///< the input or a file it refers to (protocols, studies, fit inputs name other files)
};

/// Runs read(path) and judges the outcome: acceptance, or an InputError with a message that
/// names the input file (NameCheck::InputFile) or is not empty (NameCheck::AnyFile). Returns what
/// breaks the promise (empty when kept); any other exception escapes.
template <class Read>
std::string judge(const std::string& path, NameCheck check, Read&& read) {
  try {
    read(path);
  } catch (const InputError& error) {
    const std::string message = error.what();
    const std::string name = std::filesystem::path(path).filename().string();
    if (message.empty() || (check == NameCheck::InputFile && message.find(name) == std::string::npos))
      return "an InputError that does not name the file " + path + ": " + message;
  }
  return {};
}

}  // namespace ionglass::fuzz
