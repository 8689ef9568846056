#include "ionglass/report/csv_table.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

void CsvTable::add_column(const std::string& name, std::vector<double> values) {
  if (!rows_.empty()) throw Error("CsvTable: cannot mix add_column with row-wise filling");
  if (columns_.size() >= header_.size()) header_.push_back(name);
  columns_.push_back(std::move(values));
}

void CsvTable::add_row(const std::vector<double>& row) {
  std::vector<std::string> text;
  text.reserve(row.size());
  for (double v : row) text.push_back(fmt::format("{:.10g}", v));
  add_text_row(text);
}

void CsvTable::add_text_row(const std::vector<std::string>& row) {
  if (row.size() != header_.size()) throw Error("CsvTable: row length differs from the header");
  rows_.push_back(row);
}

std::string CsvTable::to_string(int precision) const {
  fmt::memory_buffer out;
  for (std::size_t c = 0; c < header_.size(); ++c) fmt::format_to(std::back_inserter(out), "{}{}", c ? "," : "", header_[c]);
  out.push_back('\n');
  if (!columns_.empty()) {
    std::size_t n = 0;
    for (const auto& c : columns_) n = std::max(n, c.size());
    for (std::size_t r = 0; r < n; ++r) {
      for (std::size_t c = 0; c < columns_.size(); ++c) {
        if (c) out.push_back(',');
        if (r < columns_[c].size()) fmt::format_to(std::back_inserter(out), "{:.{}g}", columns_[c][r], precision);
      }
      out.push_back('\n');
    }
  }
  for (const auto& row : rows_) {
    for (std::size_t c = 0; c < row.size(); ++c) fmt::format_to(std::back_inserter(out), "{}{}", c ? "," : "", row[c]);
    out.push_back('\n');
  }
  return fmt::to_string(out);
}

void CsvTable::save(const std::string& path, int precision) const { write_file_atomically(path, to_string(precision)); }

}  // namespace ionglass
