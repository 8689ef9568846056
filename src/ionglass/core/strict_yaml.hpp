#pragma once
// The one YAML loader for ionglass input files (potentials, protocols, studies). yaml-cpp keeps
// every entry of a mapping but lookups return the first, so a repeated key would be silently
// ignored; this loader refuses it, naming both lines.
#include <yaml-cpp/yaml.h>

#include <string>

namespace ionglass {

/// Parses YAML text. Throws InputError "SOURCE:LINE: ..." on a syntax error or on a key that
/// appears twice in one mapping (at any depth).
YAML::Node load_yaml_strict(const std::string& text, const std::string& source);
/// Reads and parses a file the same way (InputError if it cannot be read).
YAML::Node load_yaml_file_strict(const std::string& path);

}  // namespace ionglass
