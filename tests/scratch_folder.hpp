#pragma once
// A fresh, empty folder for one test's files: <temp>/ionglass_<name>, removed and made again.
#include <filesystem>
#include <string>

namespace ionglass::test {
inline std::filesystem::path scratch_folder(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() / ("ionglass_" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}
}  // namespace ionglass::test
