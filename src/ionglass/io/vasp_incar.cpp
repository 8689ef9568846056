#include "ionglass/io/vasp_incar.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"
#include "ionglass/io/line_reader.hpp"

namespace ionglass {

namespace {

std::string upper(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(), [](unsigned char c) { return std::toupper(c); });
  return text;
}

}  // namespace

std::string normalize_incar_value(const std::string& value) {
  std::string collapsed;
  for (auto word : split_whitespace(value)) collapsed += (collapsed.empty() ? "" : " ") + std::string(word);
  if (collapsed.size() >= 2 && collapsed.front() == '"' && collapsed.back() == '"')
    collapsed = trim(collapsed.substr(1, collapsed.size() - 2));
  const std::string u = upper(collapsed);
  if (u == "T" || u == ".T." || u == "TRUE" || u == ".TRUE.") return ".TRUE.";
  if (u == "F" || u == ".F." || u == "FALSE" || u == ".FALSE.") return ".FALSE.";
  return collapsed;
}

IncarTags parse_incar(const std::string& text, const std::string& source) {
  IncarTags tags;
  std::map<std::string, long> first_line;
  std::istringstream in(text);
  std::string line;
  long number = 0;
  while (std::getline(in, line)) {
    ++number;
    const auto comment = line.find_first_of("#!");
    if (comment != std::string::npos) line.erase(comment);
    for (const auto& statement : split_on(line, ';')) {
      if (trim(statement).empty()) continue;
      const auto eq = statement.find('=');
      if (eq == std::string::npos)
        throw InputError(source, number, fmt::format("expected 'TAG = value', found '{}'", trim(statement)));
      const std::string tag = upper(trim(statement.substr(0, eq)));
      const std::string value = normalize_incar_value(statement.substr(eq + 1));
      if (tag.empty() || tag.find_first_of(" \t") != std::string::npos)
        throw InputError(source, number, fmt::format("'{}' is not a tag name", trim(statement.substr(0, eq))));
      if (value.empty()) throw InputError(source, number, "tag " + tag + " has no value");
      const auto [it, inserted] = first_line.emplace(tag, number);
      if (!inserted)
        throw InputError(source, number, fmt::format("tag {} given twice (first at line {})", tag, it->second));
      tags.emplace_back(tag, value);
    }
  }
  return tags;
}

IncarTags read_incar(const std::string& path) {
  return parse_incar(read_file(path, "INCAR"), path);
}

std::string format_incar(const IncarTags& tags) {
  std::string out;
  for (const auto& [tag, value] : tags) out += fmt::format("{} = {}\n", tag, value);
  return out;
}

void write_incar(const std::string& path, const IncarTags& tags) {
  write_file_atomically(path, format_incar(tags));
}

}  // namespace ionglass
