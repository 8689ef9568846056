#include "ionglass/io/line_reader.hpp"

#include <zlib.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass {

LineReader::LineReader(const std::string& path) : path_(path), buffer_(1 << 16) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw InputError(path, 0, "no such file");
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, 0, "is a directory, not a file");
  file_ = gzopen(path.c_str(), "rb");
  if (!file_) throw InputError(path, 0, "cannot open for reading");
  gzbuffer(static_cast<gzFile>(file_), 1 << 17);
  file_size_ = static_cast<long long>(std::filesystem::file_size(path, ec));
  if (ec) file_size_ = 0;
}

double LineReader::fraction_read() const {
  if (file_size_ <= 0) return 0;
  const long long raw = gzoffset(static_cast<gzFile>(file_));
  return raw < 0 ? 0 : std::min(1.0, static_cast<double>(raw) / static_cast<double>(file_size_));
}

LineReader::~LineReader() {
  if (file_) gzclose(static_cast<gzFile>(file_));
}

bool LineReader::next(std::string& line) {
  line.clear();
  auto* gz = static_cast<gzFile>(file_);
  bool any = false;
  while (true) {
    char* got = gzgets(gz, buffer_.data(), static_cast<int>(buffer_.size()));
    if (!got) {
      int err = 0;
      const char* msg = gzerror(gz, &err);
      if (err != Z_OK && err != Z_STREAM_END) fail(std::string("read error: ") + msg);
      break;
    }
    any = true;
    const std::size_t len = std::char_traits<char>::length(got);
    line.append(got, len);
    if (len > 0 && got[len - 1] == '\n') break;
  }
  if (!any) return false;
  offset_ += static_cast<long long>(line.size());
  ++line_number_;
  if (!line.empty() && line.back() == '\n') line.pop_back();
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return true;
}

void LineReader::check_row_count(long long count, const char* what, long long min_bytes_per_row) const {
  if (count < 0) fail(std::string("negative ") + what + " (" + std::to_string(count) + ")");
  if (file_size_ <= 0 || count == 0) return;  // size unknown (a pipe): the row loop reports truncation
  auto* gz = static_cast<gzFile>(file_);
  const long long raw = gzoffset(gz);
  const long long left_on_disk = std::max(0LL, file_size_ - std::max(0LL, raw));
  // Uncompressed bytes still to come: what gzip buffered already plus what the rest can inflate to.
  constexpr long long deflate_max_ratio = 1032;
  const long long buffered = 1 << 18;
  const long long left = gzdirect(gz) ? file_size_ - offset_ : left_on_disk * deflate_max_ratio + buffered;
  if (count > left / std::max(1LL, min_bytes_per_row))
    fail(std::string("the header claims ") + std::to_string(count) + " " + what + " but only " +
         std::to_string(std::max(0LL, left)) + " bytes follow (truncated file or wrong count)");
}

void LineReader::fail(const std::string& problem) const {
  throw InputError(path_, line_number_, problem);
}

void LineReader::seek(long long offset, long line_number) {
  if (gzseek(static_cast<gzFile>(file_), offset, SEEK_SET) < 0) fail("cannot seek");
  offset_ = offset;
  line_number_ = line_number;
}

std::vector<std::string> split_on(std::string_view text, char separator) {
  std::vector<std::string> parts(1);
  for (char c : text) {
    if (c == separator)
      parts.emplace_back();
    else
      parts.back().push_back(c);
  }
  return parts;
}

std::string trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  return std::string(s.substr(first, s.find_last_not_of(" \t") - first + 1));
}

std::vector<std::string_view> split_whitespace(std::string_view line) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  const std::size_t n = line.size();
  while (i < n) {
    while (i < n && (line[i] == ' ' || line[i] == '\t')) ++i;
    if (i >= n) break;
    std::size_t j = i;
    while (j < n && line[j] != ' ' && line[j] != '\t') ++j;
    out.push_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

bool try_parse_double(std::string_view token, double& value) {
  if (token.empty()) return false;
  const char* first = token.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, token.data() + token.size(), value);
  if (ec != std::errc() || ptr != token.data() + token.size()) {
    // Fortran-style exponents (1.0D+01) as VASP sometimes writes them.
    std::string copy(token);
    bool changed = false;
    for (char& c : copy)
      if (c == 'D' || c == 'd') {
        c = 'e';
        changed = true;
      }
    if (!changed) return false;
    return try_parse_double(copy, value);
  }
  return std::isfinite(value);
}

bool try_parse_integer(std::string_view token, long long& value) {
  if (token.empty()) return false;
  const char* first = token.data();
  if (*first == '+') ++first;
  auto [ptr, ec] = std::from_chars(first, token.data() + token.size(), value);
  return ec == std::errc() && ptr == token.data() + token.size();
}

double parse_double(std::string_view token, const LineReader& reader, const char* what) {
  double v;
  if (!try_parse_double(token, v))
    reader.fail(std::string("expected a finite number for ") + what + ", found '" + std::string(token) + "'");
  return v;
}

long long parse_integer(std::string_view token, const LineReader& reader, const char* what) {
  long long v;
  if (!try_parse_integer(token, v))
    reader.fail(std::string("expected an integer for ") + what + ", found '" + std::string(token) + "'");
  return v;
}

}  // namespace ionglass
