#pragma once
// Paths of the data that tests read (all inside the repository).
#include <string>

namespace ionglass::test {
inline std::string source_dir() { return IONGLASS_SOURCE_DIR; }
inline std::string data_dir() { return std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4"; }
inline std::string glass(const std::string& model, int index) {
  return data_dir() + "/glass/" + model + "/300K_" + std::to_string(index) + ".dat";
}
inline std::string reference_dir() { return std::string(IONGLASS_TEST_DATA) + "/reference"; }
inline std::string binary_dir() { return IONGLASS_BINARY_DIR; }
inline std::string cli() { return std::string(IONGLASS_BINARY_DIR) + "/bin/ionglass"; }
}  // namespace ionglass::test
