#pragma once
// Splitting free text (command lines, log lines, label lists) into whitespace-separated words.
#include <string>
#include <string_view>
#include <vector>

namespace ionglass {

/// The words of `text`: maximal runs of characters that are not whitespace (space, tab, newline,
/// carriage return, vertical tab, form feed), in order; empty when `text` is blank.
std::vector<std::string> split_words(std::string_view text);

}  // namespace ionglass
