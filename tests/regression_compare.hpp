#pragma once
// Comparison of a workflow's outputs against the fixtures stored before the library-first
// refactor (tests/data/regression/, see its README). Numbers must agree to a relative 1e-12;
// strings that are file paths are ignored (they name the folder the fixture was made in), and so
// are keys listed in `ignored_keys` (wall-clock times).
#include <gtest/gtest.h>
#include <zlib.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "test_paths.hpp"

namespace ionglass::test {

inline std::string regression_dir() {
  return std::string(IONGLASS_TEST_DATA) + "/regression";
}

inline nlohmann::json read_json_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) ADD_FAILURE() << "cannot open " << path;
  return nlohmann::json::parse(in);
}

inline bool numbers_agree(double a, double b, double relative) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::abs(a - b) <= relative * std::max({std::abs(a), std::abs(b), 1e-300});
}

inline bool looks_like_path(const std::string& s) {
  return s.find('/') != std::string::npos;
}

// Every differing leaf of `actual` against `expected`, as "POINTER: what differs" lines.
inline void json_differences(const nlohmann::json& expected, const nlohmann::json& actual, const std::string& where,
                             const std::set<std::string>& ignored_keys, double relative,
                             std::vector<std::string>& differences) {
  if (expected.is_number() && actual.is_number()) {
    const double a = expected.get<double>(), b = actual.get<double>();
    if (!numbers_agree(a, b, relative))
      differences.push_back(where + ": expected " + nlohmann::json(a).dump() + ", got " + nlohmann::json(b).dump());
    return;
  }
  if (expected.is_string() && actual.is_string() && looks_like_path(expected.get<std::string>())) return;
  if (expected.type() != actual.type()) {
    differences.push_back(where + ": expected " + expected.dump().substr(0, 200) + ", got " +
                          actual.dump().substr(0, 200));
    return;
  }
  if (expected.is_object()) {
    for (auto it = expected.begin(); it != expected.end(); ++it) {
      if (ignored_keys.count(it.key())) continue;
      if (!actual.contains(it.key()))
        differences.push_back(where + "/" + it.key() + ": missing");
      else
        json_differences(it.value(), actual[it.key()], where + "/" + it.key(), ignored_keys, relative, differences);
    }
    for (auto it = actual.begin(); it != actual.end(); ++it)
      if (!expected.contains(it.key()) && !ignored_keys.count(it.key()))
        differences.push_back(where + "/" + it.key() + ": unexpected key");
    return;
  }
  if (expected.is_array()) {
    if (expected.size() != actual.size()) {
      differences.push_back(where + ": expected " + std::to_string(expected.size()) + " elements, got " +
                            std::to_string(actual.size()));
      return;
    }
    for (std::size_t i = 0; i < expected.size(); ++i)
      json_differences(expected[i], actual[i], where + "/" + std::to_string(i), ignored_keys, relative, differences);
    return;
  }
  if (expected != actual) differences.push_back(where + ": expected " + expected.dump() + ", got " + actual.dump());
}

inline const std::set<std::string>& wall_clock_keys() {
  static const std::set<std::string> keys{"wall_s", "elapsed_s", "seconds"};
  return keys;
}

// Records one failure per differing leaf, naming its JSON pointer.
inline void expect_json_equal(const nlohmann::json& expected, const nlohmann::json& actual,
                              const std::string& where = "",
                              const std::set<std::string>& ignored_keys = wall_clock_keys(), double relative = 1e-12) {
  std::vector<std::string> differences;
  json_differences(expected, actual, where, ignored_keys, relative, differences);
  for (const std::string& difference : differences) ADD_FAILURE() << difference;
}

// True when nothing differs (as expect_json_equal, wall-clock keys ignored); records nothing.
inline bool json_numbers_equal(const nlohmann::json& expected, const nlohmann::json& actual, double relative = 1e-12) {
  std::vector<std::string> differences;
  json_differences(expected, actual, "", wall_clock_keys(), relative, differences);
  return differences.empty();
}

// Reads a text file, gunzipping when the name ends in .gz.
inline std::string read_text_file(const std::string& path) {
  if (path.size() > 3 && path.substr(path.size() - 3) == ".gz") {
    gzFile f = gzopen(path.c_str(), "rb");
    if (!f) {
      ADD_FAILURE() << "cannot open " << path;
      return {};
    }
    std::string text;
    char buffer[65536];
    int n;
    while ((n = gzread(f, buffer, sizeof buffer)) > 0) text.append(buffer, static_cast<std::size_t>(n));
    gzclose(f);
    return text;
  }
  std::ifstream in(path);
  if (!in) ADD_FAILURE() << "cannot open " << path;
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

// Compares two CSV texts cell by cell: numbers to `relative`, other cells exactly.
inline void expect_csv_equal(const std::string& expected_path, const std::string& actual_path,
                             double relative = 1e-12) {
  std::istringstream e(read_text_file(expected_path)), a(read_text_file(actual_path));
  std::string el, al;
  int line = 0, failures = 0;
  while (true) {
    const bool ge = static_cast<bool>(std::getline(e, el)), ga = static_cast<bool>(std::getline(a, al));
    ++line;
    if (!ge || !ga) {
      EXPECT_EQ(ge, ga) << actual_path << ": different number of lines (at line " << line << ")";
      return;
    }
    if (el == al) continue;
    std::istringstream ec(el), ac(al);
    std::string x, y;
    while (std::getline(ec, x, ',')) {
      if (!std::getline(ac, y, ',')) {
        ADD_FAILURE() << actual_path << ":" << line << ": fewer cells";
        break;
      }
      char* end_x = nullptr;
      char* end_y = nullptr;
      const double vx = std::strtod(x.c_str(), &end_x), vy = std::strtod(y.c_str(), &end_y);
      const bool numeric = !x.empty() && !y.empty() && *end_x == '\0' && *end_y == '\0';
      if (numeric ? !numbers_agree(vx, vy, relative) : x != y) {
        ADD_FAILURE() << actual_path << ":" << line << ": expected '" << x << "', got '" << y << "'";
        if (++failures > 10) return;
      }
    }
  }
}

// The names of the files directly in `directory` (sorted), one per line as in *.files.txt.
inline std::vector<std::string> read_lines(const std::string& path) {
  std::istringstream in(read_text_file(path));
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);)
    if (!l.empty()) lines.push_back(l);
  return lines;
}

}  // namespace ionglass::test
