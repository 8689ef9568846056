#pragma once
// Small helpers shared by the io tests: temporary files and checks of InputError messages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <initializer_list>
#include <sstream>
#include <string>

#include "ionglass/core/error.hpp"
#include "test_paths.hpp"

namespace ionglass::test {

inline std::string formats_dir() { return std::string(IONGLASS_TEST_DATA) + "/formats"; }

/// A fresh path in a per-test-program temporary directory.
inline std::string temp_file(const std::string& name) {
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("ionglass_test_io_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) +
                                     "_" + ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return (dir / name).string();
}

inline void write_text_file(const std::string& path, const std::string& text) { std::ofstream(path) << text; }

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Runs `action` and expects an InputError whose message contains every fragment.
inline void expect_input_error(const std::function<void()>& action, std::initializer_list<std::string> fragments) {
  try {
    action();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    const std::string message = e.what();
    for (const auto& f : fragments)
      EXPECT_NE(message.find(f), std::string::npos) << "message '" << message << "' lacks '" << f << "'";
  }
}

}  // namespace ionglass::test
