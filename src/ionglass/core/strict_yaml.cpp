#include "ionglass/core/strict_yaml.hpp"

#include <fstream>
#include <sstream>
#include <unordered_map>
#include <vector>

#include "ionglass/core/error.hpp"

namespace ionglass {
namespace {

long line_of(const YAML::Mark& mark) {
  return mark.is_null() ? 0 : mark.line + 1;
}

void check_unique_keys(const YAML::Node& root, const std::string& source) {
  std::vector<YAML::Node> pending{root};  // explicit stack: deep documents do not overflow
  while (!pending.empty()) {
    const YAML::Node node = pending.back();
    pending.pop_back();
    if (node.IsMap()) {
      std::unordered_map<std::string, long> first_line;
      for (const auto& entry : node) {
        if (entry.first.IsScalar()) {
          const long line = line_of(entry.first.Mark());
          const auto [it, fresh] = first_line.emplace(entry.first.Scalar(), line);
          if (!fresh)
            throw InputError(
                source, line,
                "duplicate key '" + entry.first.Scalar() + "' (first at line " + std::to_string(it->second) + ")");
        }
        pending.push_back(entry.second);
      }
    } else if (node.IsSequence()) {
      for (const auto& item : node) pending.push_back(item);
    }
  }
}

}  // namespace

YAML::Node load_yaml_strict(const std::string& text, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError(source, line_of(e.mark), "YAML syntax error (invalid YAML): " + e.msg);
  }
  check_unique_keys(root, source);
  return root;
}

YAML::Node load_yaml_file_strict(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "cannot open for reading");
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path, 0, "read error");
  return load_yaml_strict(text.str(), path);
}

void YamlReader::fail(const YAML::Node& node, const std::string& problem) const {
  long line = 0;
  if (node.IsDefined() && !node.Mark().is_null()) line = node.Mark().line + 1;
  throw InputError(source, line, problem);
}

YAML::Node YamlReader::required(const YAML::Node& map, const std::string& key, const std::string& where) const {
  if (!map.IsMap()) fail(map, where + " must be a mapping");
  YAML::Node v = map[key];
  if (!v.IsDefined() || v.IsNull()) fail(map, where + ": missing key '" + key + "'");
  return v;
}

}  // namespace ionglass
