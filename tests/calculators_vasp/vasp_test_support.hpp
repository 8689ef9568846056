#pragma once
// Shared by the VASP tests: the public vasprun.xml files (tests/data/formats/vasp_public), a
// scratch folder per test, and whole-file text helpers.
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

namespace ionglass::test {

inline std::string vasp_public_dir() {
  return std::string(IONGLASS_TEST_DATA) + "/formats/vasp_public";
}
inline std::string md_vasprun() {
  return vasp_public_dir() + "/vasprun_md_si64.xml";
}
inline std::string killed_vasprun() {
  return vasp_public_dir() + "/vasprun_relax_killed.xml";
}

inline std::filesystem::path vasp_scratch(const std::string& name) {
  const auto dir =
      std::filesystem::temp_directory_path() / ("ionglass_vasp_" + name + "_" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string text_of(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline std::string write_text(const std::filesystem::path& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
  return path.string();
}

/// The MD file reduced to its first ionic step: everything up to the first </calculation>, then
/// </modeling> (a complete single-point vasprun.xml made from real output).
inline std::string first_step_only(const std::string& text) {
  const auto end = text.find("</calculation>") + std::string("</calculation>").size();
  return text.substr(0, end) + "\n</modeling>\n";
}

}  // namespace ionglass::test
