#pragma once
// Helpers of the fit tests: the shipped pacemaker input (tests/data/ace_fit) and variants of it.
#include <fstream>
#include <sstream>
#include <string>

#include "ionglass/ace/fit_input.hpp"

namespace ionglass::test {

inline std::string fit_data_dir() {
  return std::string(IONGLASS_TEST_DATA) + "/ace_fit";
}

inline std::string read_text(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The shipped input's text with `from` replaced by `to` (the first occurrence; must exist).
inline std::string shipped_input_with(const std::string& from, const std::string& to) {
  std::string text = read_text(fit_data_dir() + "/pacemaker_input.yaml");
  const auto at = text.find(from);
  if (at == std::string::npos) throw std::logic_error("test: '" + from + "' not in the shipped input");
  return text.replace(at, from.size(), to);
}

inline ace::FitInput parse_input(const std::string& text) {
  return ace::parse_fit_input(text, "input.yaml", fit_data_dir());
}

}  // namespace ionglass::test
