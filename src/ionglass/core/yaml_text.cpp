#include "ionglass/core/yaml_text.hpp"

namespace ionglass {

std::string yaml_double_quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace ionglass
