#pragma once
// CSV tables with units in the column headers ("r_A", "g_Fe-O"), written atomically.
#include <string>
#include <vector>

namespace ionglass {

class CsvTable {
public:
  explicit CsvTable(std::vector<std::string> header) : header_(std::move(header)) {}
  /// Adds a column of numbers (all columns should have equal length).
  void add_column(const std::string& name, std::vector<double> values);
  void add_row(const std::vector<double>& row);
  /// Rows of mixed text; each row must have one cell per header entry.
  void add_text_row(const std::vector<std::string>& row);
  std::string to_string(int precision = 10) const;
  void save(const std::string& path, int precision = 10) const;
  const std::vector<std::string>& header() const { return header_; }

private:
  std::vector<std::string> header_;
  std::vector<std::vector<double>> columns_;
  std::vector<std::vector<std::string>> rows_;
};

}  // namespace ionglass
