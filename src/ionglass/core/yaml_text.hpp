#pragma once
// Helpers for writing YAML text by hand (no yaml-cpp: this header is light on purpose).

#include <string>

namespace ionglass {

/// `text` as a double-quoted YAML scalar: wrapped in `"`, with `"` and `\` escaped by a backslash.
std::string yaml_double_quoted(const std::string& text);

}  // namespace ionglass
