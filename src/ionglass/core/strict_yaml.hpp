#pragma once
// The one YAML loader for ionglass input files (potentials, protocols, studies). yaml-cpp keeps
// every entry of a mapping but lookups return the first, so a repeated key would be silently
// ignored; this loader refuses it, naming both lines.
#include <yaml-cpp/yaml.h>

#include <set>
#include <string>
#include <type_traits>
#include <vector>

#include "ionglass/core/error.hpp"

namespace ionglass {

/// Parses YAML text. Throws InputError "SOURCE:LINE: ..." on a syntax error or on a key that
/// appears twice in one mapping (at any depth).
YAML::Node load_yaml_strict(const std::string& text, const std::string& source);
/// Reads and parses a file the same way (InputError if it cannot be read).
YAML::Node load_yaml_file_strict(const std::string& path);

/// Typed access to the nodes of one YAML document: every error is an InputError
/// "SOURCE:LINE: problem" with the line of the node in question (0 when yaml-cpp has none).
struct YamlReader {
  std::string source;  ///< file name (or other label) for the messages

  /// Throws InputError at the node's line.
  [[noreturn]] void fail(const YAML::Node& node, const std::string& problem) const;
  /// map[key]; "WHERE must be a mapping" / "WHERE: missing key 'KEY'" when absent or null.
  YAML::Node required(const YAML::Node& map, const std::string& key, const std::string& where) const;
  /// One scalar as T (int, long long, double, std::string, ...): "WHAT: cannot read 'X' as a number".
  template <class T>
  T scalar(const YAML::Node& node, const std::string& what) const {
    if (!node.IsScalar()) fail(node, what + " must be a single value");
    try {
      return node.as<T>();
    } catch (const YAML::Exception&) {
      fail(node, what + ": cannot read '" + node.Scalar() + "' as a " +
                     (std::is_integral_v<T>         ? "integer"
                      : std::is_floating_point_v<T> ? "number"
                                                    : "string"));
    }
  }
  /// A list of scalars as T.
  template <class T>
  std::vector<T> list(const YAML::Node& node, const std::string& what) const {
    if (!node.IsSequence()) fail(node, what + " must be a list");
    std::vector<T> out;
    out.reserve(node.size());
    for (const auto& item : node) out.push_back(scalar<T>(item, what + " entry"));
    return out;
  }
  /// Required key as T.
  template <class T>
  T get(const YAML::Node& map, const std::string& key, const std::string& where) const {
    return scalar<T>(required(map, key, where), where + ": '" + key + "'");
  }
  /// Optional key as T (`fallback` when absent or null).
  template <class T>
  T get_or(const YAML::Node& map, const std::string& key, const std::string& where, T fallback) const {
    const YAML::Node v = map[key];
    if (!v.IsDefined() || v.IsNull()) return fallback;
    return scalar<T>(v, where + ": '" + key + "'");
  }
  /// "WHAT must be a mapping of keys to values" unless `node` is a mapping.
  void require_map(const YAML::Node& node, const std::string& what) const;
  /// A mapping whose keys are all in `allowed`: "unknown key 'K' in WHAT (allowed: A, B, ...)".
  void check_keys(const YAML::Node& node, const std::string& what, const std::set<std::string>& allowed) const;
  /// A finite number: "WHAT must be a number, not 'X'" / "WHAT must be finite".
  double number(const YAML::Node& node, const std::string& what) const;
  /// A number > 0: "WHAT must be positive (got X)".
  double positive(const YAML::Node& node, const std::string& what) const;
  /// A number ≥ 0: "WHAT must not be negative (got X)".
  double non_negative(const YAML::Node& node, const std::string& what) const;
  /// A whole number: "WHAT must be a whole number, not 'X'".
  long long integer(const YAML::Node& node, const std::string& what) const;
  /// A whole number ≥ 0: "WHAT must not be negative".
  long long count(const YAML::Node& node, const std::string& what) const;
  /// One scalar as text: "WHAT must be a text value".
  std::string text(const YAML::Node& node, const std::string& what) const;
  /// true or false: "WHAT must be true or false".
  bool flag(const YAML::Node& node, const std::string& what) const;
  /// Runs `action`; an InputError it throws without a file (a check deeper down that knows no
  /// position) is thrown again at the node's line.
  template <typename F>
  auto wrap(const YAML::Node& node, F&& action) const {
    try {
      return action();
    } catch (const InputError& e) {
      if (!e.file().empty()) throw;
      fail(node, e.problem());
    }
  }
  /// Required key as a list of T.
  template <class T>
  std::vector<T> get_list(const YAML::Node& map, const std::string& key, const std::string& where) const {
    return list<T>(required(map, key, where), where + ": '" + key + "'");
  }
};

}  // namespace ionglass
