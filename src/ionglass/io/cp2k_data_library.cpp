#include "ionglass/io/cp2k_data_library.hpp"

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <vector>

#include "ionglass/io/line_reader.hpp"

namespace ionglass {
namespace {

// Header lines "Element NAME [ALIAS ...]" of a CP2K data file whose first word is `element`;
// each call of `visit` gets the names on one such line.
template <class Visit>
void for_each_entry(const std::string& path, const std::string& element, Visit&& visit) {
  LineReader reader(path);
  std::string line;
  while (reader.next(line)) {
    std::istringstream words(line);
    std::string first;
    if (!(words >> first) || first != element) continue;
    std::vector<std::string> names;
    for (std::string name; words >> name;) names.push_back(name);
    if (!names.empty() && visit(names)) return;
  }
}

}  // namespace

std::string cp2k_data_directory(const std::string& directory) {
  if (!directory.empty()) return directory;
  if (const char* from_environment = std::getenv("CP2K_DATA_DIR"); from_environment && *from_environment)
    return from_environment;
  return "/usr/share/cp2k";
}

std::string resolve_cp2k_data_file(const std::string& name, const std::string& directory) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::path(name).is_absolute() || fs::exists(name, ec)) return name;
  return (fs::path(cp2k_data_directory(directory)) / name).string();
}

std::optional<int> cp2k_basis_set_valence(const std::string& path, const std::string& element,
                                          const std::string& set_name) {
  std::optional<int> valence;
  for_each_entry(path, element, [&](const std::vector<std::string>& names) {
    bool named = false;
    for (const auto& name : names) named = named || name == set_name;
    if (!named) return false;
    for (const auto& name : names) {
      const auto q = name.rfind("-q");
      if (q == std::string::npos || q + 2 >= name.size()) continue;
      const std::string digits = name.substr(q + 2);
      if (digits.find_first_not_of("0123456789") == std::string::npos) valence = std::stoi(digits);
    }
    return true;
  });
  return valence;
}

bool cp2k_data_file_has_entry(const std::string& path, const std::string& element, const std::string& name) {
  bool found = false;
  for_each_entry(path, element, [&](const std::vector<std::string>& names) {
    for (const auto& n : names) found = found || n == name;
    return found;
  });
  return found;
}

}  // namespace ionglass
