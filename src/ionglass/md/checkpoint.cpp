#include "ionglass/md/checkpoint.hpp"

#include <zlib.h>

#include <algorithm>
#include <cstring>
#include <fstream>
#include <sstream>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

constexpr char magic[] = "IONGLASS-MD-CHECKPOINT";
// Version 2 appends a CRC-32 (zlib) of everything before it; version 1 had none.
constexpr std::uint32_t version = 2;

std::uint32_t checksum(const std::string& bytes) {
  uLong crc = crc32(0L, Z_NULL, 0);
  const auto* data = reinterpret_cast<const Bytef*>(bytes.data());
  for (std::size_t done = 0; done < bytes.size();) {  // crc32 takes uInt lengths
    const std::size_t chunk = std::min<std::size_t>(bytes.size() - done, 1u << 30);
    crc = crc32(crc, data + done, static_cast<uInt>(chunk));
    done += chunk;
  }
  return static_cast<std::uint32_t>(crc);
}

class BinaryWriter {
 public:
  explicit BinaryWriter(std::ostream& out) : out_(out) {}
  template <typename T>
  void value(const T& v) {
    out_.write(reinterpret_cast<const char*>(&v), sizeof(T));
  }
  void doubles(const double* data, std::size_t n) {
    out_.write(reinterpret_cast<const char*>(data), sizeof(double) * n);
  }
  void vectors(const std::vector<Vec3>& v) {
    value<std::uint64_t>(v.size());
    for (const auto& x : v) doubles(x.data(), 3);
  }
  void text(const std::string& s) {
    value<std::uint64_t>(s.size());
    out_.write(s.data(), static_cast<std::streamsize>(s.size()));
  }

 private:
  std::ostream& out_;
};

class BinaryReader {
 public:
  /// `size`: the bytes of the stream, so that no array length can claim more than is there.
  BinaryReader(std::istream& in, std::string path, std::uint64_t size) : in_(in), path_(std::move(path)), size_(size) {}
  template <typename T>
  T value() {
    T v{};
    in_.read(reinterpret_cast<char*>(&v), sizeof(T));
    if (!in_) fail();
    return v;
  }
  void doubles(double* data, std::size_t n) {
    in_.read(reinterpret_cast<char*>(data), static_cast<std::streamsize>(sizeof(double) * n));
    if (!in_) fail();
  }
  /// An array length, refused when that many elements of `element_bytes` bytes cannot fit in what
  /// is left of the stream: a damaged length never allocates more than the file holds.
  std::uint64_t length(std::uint64_t element_bytes) {
    const auto n = value<std::uint64_t>();
    const auto position = static_cast<std::uint64_t>(in_.tellg());
    const std::uint64_t left = size_ > position ? size_ - position : 0;
    if (n > left / element_bytes)
      throw InputError(path_, 0,
                       "corrupt checkpoint (an array of " + std::to_string(n) + " elements of " +
                           std::to_string(element_bytes) + " bytes, but " + std::to_string(left) + " bytes are left)");
    return n;
  }
  std::vector<Vec3> vectors() {
    std::vector<Vec3> v(length(3 * sizeof(double)));
    for (auto& x : v) doubles(x.data(), 3);
    return v;
  }
  std::string text() {
    std::string s(length(1), '\0');
    in_.read(s.data(), static_cast<std::streamsize>(s.size()));
    if (!in_) fail();
    return s;
  }
  [[noreturn]] void fail() { throw InputError(path_, 0, "truncated or corrupt checkpoint file"); }

 private:
  std::istream& in_;
  std::string path_;
  std::uint64_t size_;
};

}  // namespace

void write_checkpoint(const std::string& path, const Checkpoint& c) {
  std::ostringstream payload(std::ios::out | std::ios::binary);
  BinaryWriter w(payload);
  payload.write(magic, sizeof(magic));
  w.value(version);
  w.value(c.protocol_hash);
  w.value(c.stage_index);
  w.value(c.stage_step);
  w.value(c.step);
  w.value(c.time_ps);
  w.doubles(c.lattice.data(), 9);
  w.doubles(c.origin.data(), 3);
  w.vectors(c.positions);
  w.vectors(c.velocities);
  w.value<std::uint64_t>(c.images.size());
  for (const auto& im : c.images) payload.write(reinterpret_cast<const char*>(im.data()), sizeof(int) * 3);
  w.text(c.random_state);
  w.value<std::uint64_t>(c.thermostat_state.size());
  w.doubles(c.thermostat_state.data(), c.thermostat_state.size());
  w.value(c.exchanged_energy_eV);
  w.value(c.thermo_bytes);
  w.value(c.trajectory_bytes);
  payload.write(magic, sizeof(magic));  // end marker of the payload
  const std::string bytes = payload.str();
  const std::uint32_t crc = checksum(bytes);
  AtomicFile file(path, std::ios::out | std::ios::trunc | std::ios::binary);
  file.stream().write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  file.stream().write(reinterpret_cast<const char*>(&crc), sizeof(crc));
  file.commit();
}

Checkpoint read_checkpoint(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) throw InputError(path, 0, "cannot open the checkpoint file (nothing to resume from)");
  std::ostringstream whole;
  whole << file.rdbuf();
  std::string bytes = whole.str();
  // Everything is checked before anything is restored: magic, version, then the checksum.
  const std::size_t header = sizeof(magic) + sizeof(std::uint32_t);
  if (bytes.size() < header || std::memcmp(bytes.data(), magic, sizeof(magic)) != 0)
    throw InputError(path, 0, "not an ionglass MD checkpoint");
  std::uint32_t file_version = 0;
  std::memcpy(&file_version, bytes.data() + sizeof(magic), sizeof(file_version));
  if (file_version == 1)
    throw InputError(path, 0,
                     "checkpoint format version 1 (written by an older ionglass, without a checksum) cannot be "
                     "resumed; start the run again without --resume");
  if (file_version != version)
    throw InputError(path, 0,
                     "checkpoint of an unsupported format version " + std::to_string(file_version) +
                         " (this ionglass "
                         "reads version " +
                         std::to_string(version) + ")");
  if (bytes.size() < header + sizeof(std::uint32_t)) throw InputError(path, 0, "truncated or corrupt checkpoint file");
  std::uint32_t stored_crc = 0;
  std::memcpy(&stored_crc, bytes.data() + bytes.size() - sizeof(stored_crc), sizeof(stored_crc));
  bytes.resize(bytes.size() - sizeof(stored_crc));
  if (checksum(bytes) != stored_crc)
    throw InputError(path, 0, "damaged checkpoint: the CRC-32 checksum does not match (the file was changed or cut)");
  std::istringstream in(bytes, std::ios::in | std::ios::binary);
  in.seekg(static_cast<std::streamoff>(header));
  BinaryReader r(in, path, bytes.size());
  char head[sizeof(magic)];
  Checkpoint c;
  c.protocol_hash = r.value<std::uint64_t>();
  c.stage_index = r.value<std::uint64_t>();
  c.stage_step = r.value<std::int64_t>();
  c.step = r.value<std::int64_t>();
  c.time_ps = r.value<double>();
  r.doubles(c.lattice.data(), 9);
  r.doubles(c.origin.data(), 3);
  c.positions = r.vectors();
  c.velocities = r.vectors();
  c.images.resize(r.length(3 * sizeof(int)));
  for (auto& im : c.images) {
    in.read(reinterpret_cast<char*>(im.data()), sizeof(int) * 3);
    if (!in) r.fail();
  }
  c.random_state = r.text();
  c.thermostat_state.resize(r.length(sizeof(double)));
  r.doubles(c.thermostat_state.data(), c.thermostat_state.size());
  c.exchanged_energy_eV = r.value<double>();
  c.thermo_bytes = r.value<std::uint64_t>();
  c.trajectory_bytes = r.value<std::uint64_t>();
  in.read(head, sizeof(magic));
  if (!in || std::memcmp(head, magic, sizeof(magic)) != 0) r.fail();
  if (c.velocities.size() != c.positions.size() || c.images.size() != c.positions.size()) r.fail();
  return c;
}

std::uint64_t text_hash(const std::string& text) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char ch : text) {
    h ^= ch;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace ionglass
