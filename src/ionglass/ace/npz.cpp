#include "ionglass/ace/npz.hpp"

#include <array>
#include <bit>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"

namespace ionglass::ace {

static_assert(std::endian::native == std::endian::little, "the .npz writer assumes a little-endian machine");

namespace {

std::array<std::uint32_t, 256> make_crc_table() {
  std::array<std::uint32_t, 256> table{};
  for (std::uint32_t n = 0; n < 256; ++n) {
    std::uint32_t c = n;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    table[n] = c;
  }
  return table;
}

void put16(std::string& out, std::uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
void put32(std::string& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((v >> (8 * i)) & 0xff));
}
std::uint16_t get16(const std::string& s, std::size_t at) {
  return static_cast<std::uint16_t>(static_cast<unsigned char>(s[at]) | (static_cast<unsigned char>(s[at + 1]) << 8));
}
std::uint32_t get32(const std::string& s, std::size_t at) {
  std::uint32_t v = 0;
  for (int i = 3; i >= 0; --i) v = (v << 8) | static_cast<unsigned char>(s[at + i]);
  return v;
}

// Value of 'key': in the NPY header dictionary (a Python literal).
std::string header_value(const std::string& header, const std::string& key, const std::string& source) {
  const std::string quoted = "'" + key + "'";
  const auto at = header.find(quoted);
  if (at == std::string::npos) throw InputError(source, 0, "NPY header has no " + quoted);
  auto colon = header.find(':', at + quoted.size());
  if (colon == std::string::npos) throw InputError(source, 0, "malformed NPY header");
  std::size_t begin = colon + 1;
  while (begin < header.size() && header[begin] == ' ') ++begin;
  std::size_t end = begin;
  if (begin < header.size() && header[begin] == '(') {
    end = header.find(')', begin);
    if (end == std::string::npos) throw InputError(source, 0, "malformed NPY shape");
    return header.substr(begin, end - begin + 1);
  }
  while (end < header.size() && header[end] != ',' && header[end] != '}') ++end;
  return header.substr(begin, end - begin);
}

}  // namespace

std::uint32_t crc32(const unsigned char* data, std::size_t size, std::uint32_t crc) {
  static const auto table = make_crc_table();
  crc = ~crc;
  for (std::size_t i = 0; i < size; ++i) crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return ~crc;
}

std::string npy_bytes(const NpyArray& array) {
  std::size_t count = 1;
  std::string shape = "(";
  for (std::size_t i = 0; i < array.shape.size(); ++i) {
    count *= array.shape[i];
    shape += std::to_string(array.shape[i]);
    if (array.shape.size() == 1 || i + 1 < array.shape.size()) shape += ",";
    if (i + 1 < array.shape.size()) shape += " ";
  }
  shape += ")";
  if (count != array.data.size()) throw std::logic_error("NPY array: shape does not match the data size");
  std::string header = "{'descr': '<f8', 'fortran_order': False, 'shape': " + shape + ", }";
  const std::size_t preamble = 10;  // magic (6) + version (2) + header length (2)
  std::size_t total = preamble + header.size() + 1;
  header.append((64 - total % 64) % 64, ' ');
  header.push_back('\n');
  std::string out("\x93NUMPY\x01\x00", 8);
  put16(out, static_cast<std::uint16_t>(header.size()));
  out += header;
  out.append(reinterpret_cast<const char*>(array.data.data()), array.data.size() * sizeof(double));
  return out;
}

NpyArray parse_npy(const std::string& bytes, const std::string& source) {
  if (bytes.size() < 10 || bytes.compare(0, 6, "\x93NUMPY") != 0) throw InputError(source, 0, "not an NPY array (bad magic)");
  const int major = static_cast<unsigned char>(bytes[6]);
  std::size_t header_length = 0, offset = 0;
  if (major == 1) {
    header_length = get16(bytes, 8);
    offset = 10;
  } else if (major == 2 || major == 3) {
    if (bytes.size() < 12) throw InputError(source, 0, "truncated NPY header");
    header_length = get32(bytes, 8);
    offset = 12;
  } else {
    throw InputError(source, 0, "unsupported NPY version " + std::to_string(major));
  }
  if (bytes.size() < offset + header_length) throw InputError(source, 0, "truncated NPY header");
  const std::string header = bytes.substr(offset, header_length);
  const std::string descr = header_value(header, "descr", source);
  if (descr != "'<f8'" && descr != "'float64'")
    throw InputError(source, 0, "NPY array has dtype " + descr + "; only little-endian float64 ('<f8') is supported");
  const bool fortran = header_value(header, "fortran_order", source) == "True";
  const std::string shape_text = header_value(header, "shape", source);
  if (shape_text.size() < 2 || shape_text.front() != '(' || shape_text.back() != ')')
    throw InputError(source, 0, "malformed NPY shape '" + shape_text + "' (a tuple is expected)");
  NpyArray array;
  std::string inner = shape_text.substr(1, shape_text.size() - 2);
  std::stringstream ss(inner);
  std::string item;
  std::size_t count = 1;
  while (std::getline(ss, item, ',')) {
    const auto first = item.find_first_not_of(' ');
    if (first == std::string::npos) continue;
    const std::string digits = item.substr(first, item.find_last_not_of(' ') - first + 1);
    std::size_t extent = 0;
    // Digits only (std::stoull would take "-1" as 2^64 − 1); the element count must fit the file,
    // so a product beyond the bytes present is refused before it can wrap around.
    if (digits.empty() || digits.find_first_not_of("0123456789") != std::string::npos || digits.size() > 18)
      throw InputError(source, 0, "malformed NPY shape " + shape_text);
    extent = std::stoull(digits);
    array.shape.push_back(extent);
    if (extent != 0 && count > bytes.size() / sizeof(double) / extent)
      throw InputError(source, 0, "NPY shape " + shape_text + " holds more values than the file has bytes for");
    count *= extent;
  }
  const std::size_t data_offset = offset + header_length;
  if (bytes.size() - data_offset != count * sizeof(double))
    throw InputError(source, 0, "NPY data size does not match its shape " + shape_text);
  array.data.resize(count);
  if (count > 0) std::memcpy(array.data.data(), bytes.data() + data_offset, count * sizeof(double));  // not with null
  if (fortran && array.shape.size() == 2) {  // to C order
    std::vector<double> c_order(count);
    const std::size_t rows = array.shape[0], cols = array.shape[1];
    for (std::size_t i = 0; i < rows; ++i)
      for (std::size_t j = 0; j < cols; ++j) c_order[i * cols + j] = array.data[j * rows + i];
    array.data = std::move(c_order);
  } else if (fortran && array.shape.size() > 2) {
    throw InputError(source, 0, "Fortran-ordered NPY arrays of rank > 2 are not supported");
  }
  return array;
}

// The fields that a stored (uncompressed) entry's local header and its central-directory record
// share, from "version needed" to "extra field length" (PKWARE APPNOTE 4.3.7 and 4.3.12).
void put_entry_fields(std::string& out, std::uint16_t dos_time, std::uint16_t dos_date, std::uint32_t crc,
                      std::size_t size, std::size_t name_length) {
  put16(out, 20);  // version needed
  put16(out, 0);   // flags
  put16(out, 0);   // stored
  put16(out, dos_time);
  put16(out, dos_date);
  put32(out, crc);
  put32(out, static_cast<std::uint32_t>(size));  // compressed
  put32(out, static_cast<std::uint32_t>(size));  // uncompressed
  put16(out, static_cast<std::uint16_t>(name_length));
  put16(out, 0);  // extra
}

void write_npz(const std::string& path, const std::map<std::string, NpyArray>& arrays) {
  std::string out, central;
  std::uint16_t entries = 0;
  const std::uint16_t dos_time = 0, dos_date = (1980 - 1980) << 9 | 1 << 5 | 1;  // 1980-01-01 00:00
  for (const auto& [name, array] : arrays) {
    const std::string file_name = name + ".npy";
    const std::string data = npy_bytes(array);
    if (data.size() >= 0xFFFFFFFFu || out.size() >= 0xFFFFFFFFu)
      throw ComputationError("array " + name + " is too large for a ZIP file without ZIP64");
    const std::uint32_t crc = crc32(reinterpret_cast<const unsigned char*>(data.data()), data.size());
    const std::uint32_t local_offset = static_cast<std::uint32_t>(out.size());
    put32(out, 0x04034b50);
    put_entry_fields(out, dos_time, dos_date, crc, data.size(), file_name.size());
    out += file_name;
    out += data;

    put32(central, 0x02014b50);
    put16(central, 20);  // made by
    put_entry_fields(central, dos_time, dos_date, crc, data.size(), file_name.size());
    put16(central, 0);  // comment
    put16(central, 0);  // disk
    put16(central, 0);  // internal attributes
    put32(central, 0);  // external attributes
    put32(central, local_offset);
    central += file_name;
    ++entries;
  }
  const std::uint32_t central_offset = static_cast<std::uint32_t>(out.size());
  out += central;
  put32(out, 0x06054b50);
  put16(out, 0);
  put16(out, 0);
  put16(out, entries);
  put16(out, entries);
  put32(out, static_cast<std::uint32_t>(central.size()));
  put32(out, central_offset);
  put16(out, 0);
  write_file_atomically(path, out);
}

std::map<std::string, NpyArray> read_npz(const std::string& path) {
  const std::string bytes = read_file(path);
  // End of central directory: search backwards (a comment of up to 64 KiB may follow it).
  if (bytes.size() < 22) throw InputError(path, 0, "not a ZIP/.npz file (too short)");
  std::size_t eocd = std::string::npos;
  for (std::size_t at = bytes.size() - 22 + 1; at-- > 0 && bytes.size() - at <= 22 + 65535;)
    if (get32(bytes, at) == 0x06054b50) {
      eocd = at;
      break;
    }
  if (eocd == std::string::npos) throw InputError(path, 0, "not a ZIP/.npz file (no end-of-central-directory record)");
  const std::uint16_t entries = get16(bytes, eocd + 10);
  std::size_t at = get32(bytes, eocd + 16);
  std::map<std::string, NpyArray> arrays;
  for (std::uint16_t e = 0; e < entries; ++e) {
    if (at + 46 > bytes.size() || get32(bytes, at) != 0x02014b50) throw InputError(path, 0, "corrupt ZIP central directory");
    const std::uint16_t method = get16(bytes, at + 10);
    const std::uint32_t crc = get32(bytes, at + 16);
    const std::uint32_t compressed = get32(bytes, at + 20);
    const std::uint16_t name_length = get16(bytes, at + 28), extra_length = get16(bytes, at + 30),
                        comment_length = get16(bytes, at + 32);
    // In size_t: a 32-bit offset near 2^32 plus the header length must not wrap around.
    const std::size_t local = get32(bytes, at + 42);
    std::string name = bytes.substr(at + 46, name_length);
    at += 46 + name_length + extra_length + comment_length;
    if (method != 0)
      throw InputError(path, 0, "entry " + name + " is compressed; only uncompressed .npz (numpy.savez) is supported");
    if (local + 30 > bytes.size() || get32(bytes, local) != 0x04034b50) throw InputError(path, 0, "corrupt ZIP local header for " + name);
    const std::size_t data_at = local + 30 + get16(bytes, local + 26) + get16(bytes, local + 28);
    if (data_at + compressed > bytes.size()) throw InputError(path, 0, "truncated ZIP entry " + name);
    const std::string data = bytes.substr(data_at, compressed);
    if (crc32(reinterpret_cast<const unsigned char*>(data.data()), data.size()) != crc)
      throw InputError(path, 0, "CRC mismatch in entry " + name + " (file corrupt)");
    if (name.size() > 4 && name.compare(name.size() - 4, 4, ".npy") == 0) name.resize(name.size() - 4);
    arrays[name] = parse_npy(data, path + ":" + name);
  }
  return arrays;
}

NpyArray to_npy(const Eigen::MatrixXd& matrix) {
  NpyArray array;
  array.shape = {static_cast<std::size_t>(matrix.rows()), static_cast<std::size_t>(matrix.cols())};
  array.data.resize(matrix.size());
  Eigen::Map<Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(array.data.data(), matrix.rows(),
                                                                                     matrix.cols()) = matrix;
  return array;
}

Eigen::MatrixXd to_matrix(const NpyArray& array, const std::string& source) {
  if (array.shape.size() != 2) throw InputError(source, 0, "expected a 2-D array, got rank " + std::to_string(array.shape.size()));
  return Eigen::Map<const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>(
      array.data.data(), static_cast<Eigen::Index>(array.shape[0]), static_cast<Eigen::Index>(array.shape[1]));
}

}  // namespace ionglass::ace
