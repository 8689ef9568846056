#include "ionglass/core/strict_yaml.hpp"

#include <cmath>
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

void YamlReader::require_map(const YAML::Node& node, const std::string& what) const {
  if (!node.IsMap()) fail(node, what + " must be a mapping of keys to values");
}

void YamlReader::check_keys(const YAML::Node& node, const std::string& what,
                            const std::set<std::string>& allowed) const {
  require_map(node, what);
  for (const auto& entry : node) {
    const std::string key = entry.first.IsScalar() ? entry.first.Scalar() : std::string();
    if (!allowed.count(key)) {
      std::string list;
      for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
      fail(entry.first, "unknown key '" + key + "' in " + what + " (allowed: " + list + ")");
    }
  }
}

double YamlReader::number(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) fail(node, what + " must be a number");
  double value = 0;
  try {
    value = node.as<double>();
  } catch (const YAML::Exception&) {
    fail(node, what + " must be a number, not '" + node.Scalar() + "'");
  }
  if (!std::isfinite(value)) fail(node, what + " must be finite");
  return value;
}

double YamlReader::positive(const YAML::Node& node, const std::string& what) const {
  const double value = number(node, what);
  if (!(value > 0)) fail(node, what + " must be positive (got " + node.Scalar() + ")");
  return value;
}

double YamlReader::non_negative(const YAML::Node& node, const std::string& what) const {
  const double value = number(node, what);
  if (value < 0) fail(node, what + " must not be negative (got " + node.Scalar() + ")");
  return value;
}

long long YamlReader::integer(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) fail(node, what + " must be a whole number");
  try {
    return node.as<long long>();
  } catch (const YAML::Exception&) {
    fail(node, what + " must be a whole number, not '" + node.Scalar() + "'");
  }
}

long long YamlReader::count(const YAML::Node& node, const std::string& what) const {
  const long long value = integer(node, what);
  if (value < 0) fail(node, what + " must not be negative");
  return value;
}

std::string YamlReader::text(const YAML::Node& node, const std::string& what) const {
  if (!node.IsScalar()) fail(node, what + " must be a text value");
  return node.Scalar();
}

bool YamlReader::flag(const YAML::Node& node, const std::string& what) const {
  try {
    return node.as<bool>();
  } catch (const YAML::Exception&) {
    fail(node, what + " must be true or false");
  }
}

}  // namespace ionglass
