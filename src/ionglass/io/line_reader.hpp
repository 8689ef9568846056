#pragma once
// Reads a text file line by line, gzip-compressed or not (zlib detects it), counting lines so
// that every error can name the file and line.
#include <string>
#include <string_view>
#include <vector>

#include "ionglass/core/error.hpp"

namespace ionglass {

class LineReader {
 public:
  /// Opens `path`. Throws InputError if it does not exist, is a directory or cannot be read.
  explicit LineReader(const std::string& path);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  /// Reads the next line (without the newline, trailing '\r' removed). False at end of file.
  bool next(std::string& line);
  long line_number() const { return line_number_; }
  const std::string& path() const { return path_; }
  /// Throws InputError naming this file and the current line.
  [[noreturn]] void fail(const std::string& problem) const;
  /// Byte offset of the start of the next line in the uncompressed stream (for checkpoints).
  long long offset() const { return offset_; }
  /// Fraction of the file (as stored on disk, compressed or not) consumed so far, in [0, 1];
  /// for progress bars.
  double fraction_read() const;
  /// Checks a count read from a header (atoms, rows) before anything is allocated for it: throws
  /// InputError at the current line if `count` is negative ("negative WHAT") or larger than the
  /// rest of the file could hold at `min_bytes_per_row` bytes a row (for gzip files, at the
  /// largest deflate ratio, 1032:1).
  void check_row_count(long long count, const char* what, long long min_bytes_per_row = 2) const;
  /// Continue reading at an offset previously returned by offset() (line numbers restart there).
  void seek(long long offset, long line_number);

 private:
  std::string path_;
  void* file_ = nullptr;  // gzFile
  long line_number_ = 0;
  long long offset_ = 0;
  long long file_size_ = 0;
  std::vector<char> buffer_;
};

/// Runs `make` (a Cell constructor, ...) and re-throws an InputError that names no file as one at
/// the reader's current line, so that checks made below the io layer still point into the file.
template <class Make>
auto at_reader_line(const LineReader& reader, Make&& make) -> decltype(make()) {
  try {
    return make();
  } catch (const InputError& e) {
    if (!e.file().empty()) throw;
    reader.fail(e.problem());
  }
}

/// Splits at every `separator`, keeping empty fields ("a::b" → a, "", b).
std::vector<std::string> split_on(std::string_view text, char separator);
/// `text` without leading and trailing spaces and tabs.
std::string trim(std::string_view text);
/// Splits on spaces and tabs.
std::vector<std::string_view> split_whitespace(std::string_view line);
/// Parses a finite double; throws through `reader.fail` naming `what` on text, NaN or inf.
double parse_double(std::string_view token, const LineReader& reader, const char* what);
long long parse_integer(std::string_view token, const LineReader& reader, const char* what);
/// Same without a reader: returns false instead of throwing.
bool try_parse_double(std::string_view token, double& value);
bool try_parse_integer(std::string_view token, long long& value);

}  // namespace ionglass
