#pragma once
// The fuzz targets (fuzz/README.md): per target the file name the reader expects, what an error
// must name, how the fuzzer's bytes become the file, and the reader call. fuzz_main.cpp builds one
// libFuzzer executable per target from this table; tests/robustness/test_fuzz_regressions.cpp
// replays tests/data/fuzz_regressions/<target>/ through the same entries.
#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "fuzz_input.hpp"
#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/fit_checkpoint.hpp"
#include "ionglass/ace/fit_input.hpp"
#include "ionglass/ace/npz.hpp"
#include "ionglass/calculators/calculator_config.hpp"
#include "ionglass/io/cp2k_output.hpp"
#include "ionglass/io/structure_io.hpp"
#include "ionglass/io/vasp_incar.hpp"
#include "ionglass/io/vasp_kpoints.hpp"
#include "ionglass/md/checkpoint.hpp"
#include "ionglass/md/protocol.hpp"
#include "ionglass/potential/classical_potential_file.hpp"
#include "ionglass/study/study_config.hpp"

namespace ionglass::fuzz {

using Bytes = std::vector<std::uint8_t>;

struct Target {
  const char* name;
  const char* file_name;  ///< the name the reader chooses the format by
  NameCheck check;
  Bytes (*prepare)(const std::uint8_t* data, std::size_t size);  ///< fuzzer bytes → file bytes
  void (*read)(const std::string& path);
};

inline Bytes as_is(const std::uint8_t* data, std::size_t size) {
  return Bytes(data, data + size);
}

/// gzip (RFC 1952) of `size` bytes.
inline Bytes gzip(const std::uint8_t* data, std::size_t size) {
  z_stream stream{};
  if (deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) std::abort();
  Bytes out(deflateBound(&stream, static_cast<uLong>(size)) + 32);
  stream.next_in = const_cast<Bytef*>(data);
  stream.avail_in = static_cast<uInt>(size);
  stream.next_out = out.data();
  stream.avail_out = static_cast<uInt>(out.size());
  if (deflate(&stream, Z_FINISH) != Z_STREAM_END) std::abort();
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

/// The first byte chooses: odd, the rest as the file (damaged or foreign gzip streams); even, the
/// rest gzip-compressed here, so that the parser behind the decompressor sees arbitrary text.
inline Bytes raw_or_gzip(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  return (data[0] & 1) ? Bytes(data + 1, data + size) : gzip(data + 1, size - 1);
}

/// An MD checkpoint carries a CRC-32, so mutated bytes are refused before any field is parsed.
/// The first byte chooses: odd, the rest as the file; even, the rest as the fields, framed as a
/// version-2 checkpoint (magic, version, fields, magic) with a correct CRC-32 appended.
inline Bytes raw_or_framed_checkpoint(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  if (data[0] & 1) return Bytes(data + 1, data + size);
  static const char magic[] = "IONGLASS-MD-CHECKPOINT";  // as md/checkpoint.cpp writes it, with its NUL
  const std::uint32_t version = 2;
  Bytes bytes(magic, magic + sizeof(magic));
  const auto* v = reinterpret_cast<const std::uint8_t*>(&version);
  bytes.insert(bytes.end(), v, v + sizeof(version));
  bytes.insert(bytes.end(), data + 1, data + size);
  bytes.insert(bytes.end(), magic, magic + sizeof(magic));
  const auto crc =
      static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), bytes.data(), static_cast<uInt>(bytes.size())));
  const auto* c = reinterpret_cast<const std::uint8_t*>(&crc);
  bytes.insert(bytes.end(), c, c + sizeof(crc));
  return bytes;
}

/// An `.npz` (ZIP) entry carries a CRC-32, so mutated bytes are refused before the NPY parser
/// sees them. The first byte chooses: odd, the rest as the file; even, the rest as the one entry
/// "A.npy" of a stored ZIP archive with correct CRC, sizes and directory (PKWARE APPNOTE 4.3).
inline Bytes raw_or_stored_zip(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return {};
  if (data[0] & 1) return Bytes(data + 1, data + size);
  const Bytes entry(data + 1, data + size);
  const std::string name = "A.npy";
  const auto crc =
      static_cast<std::uint32_t>(crc32(crc32(0L, Z_NULL, 0), entry.data(), static_cast<uInt>(entry.size())));
  Bytes out;
  auto put = [&out](std::uint32_t value, int bytes) {
    for (int k = 0; k < bytes; ++k) out.push_back(static_cast<std::uint8_t>(value >> (8 * k)));
  };
  auto fields = [&] {  // version needed … extra length, shared by both headers
    put(20, 2), put(0, 2), put(0, 2), put(0, 2), put(0, 2), put(crc, 4);
    put(static_cast<std::uint32_t>(entry.size()), 4), put(static_cast<std::uint32_t>(entry.size()), 4);
    put(static_cast<std::uint32_t>(name.size()), 2), put(0, 2);
  };
  put(0x04034b50, 4), fields();
  out.insert(out.end(), name.begin(), name.end());
  out.insert(out.end(), entry.begin(), entry.end());
  const auto directory = static_cast<std::uint32_t>(out.size());
  put(0x02014b50, 4), put(20, 2), fields();
  put(0, 2), put(0, 2), put(0, 2), put(0, 4), put(0, 4);  // comment, disk, attributes, local at 0
  out.insert(out.end(), name.begin(), name.end());
  const auto directory_size = static_cast<std::uint32_t>(out.size()) - directory;
  put(0x06054b50, 4), put(0, 2), put(0, 2), put(1, 2), put(1, 2), put(directory_size, 4), put(directory, 4), put(0, 2);
  return out;
}

/// Reads every frame (at most 100000, more than an input of -max_len bytes can hold).
inline void read_frames_with(const std::string& path, const ReadOptions& options) {
  auto reader = open_trajectory(path, options);
  System frame;
  for (int i = 0; i < 100000 && reader->next(frame); ++i) {
  }
}
inline void read_all_frames(const std::string& path) {
  read_frames_with(path, {});
}
/// Formats without element names (dump, VASP 4 POSCAR) get four for types 1–4.
inline void read_all_frames_four_types(const std::string& path) {
  ReadOptions options;
  options.type_elements = {"Na", "O", "P", "Fe"};
  read_frames_with(path, options);
}

inline const std::vector<Target>& targets() {
  static const std::vector<Target> all = {
      {"lammps_data", "input.data", NameCheck::InputFile, as_is, [](const std::string& p) { read_structure(p); }},
      {"lammps_dump", "input.dump", NameCheck::InputFile, as_is, read_all_frames_four_types},
      {"lammps_dump_gzip", "input.dump.gz", NameCheck::InputFile, raw_or_gzip, read_all_frames_four_types},
      {"extxyz", "input.extxyz", NameCheck::InputFile, as_is, read_all_frames},
      {"poscar", "POSCAR", NameCheck::InputFile, as_is, read_all_frames_four_types},
      {"xdatcar", "XDATCAR", NameCheck::InputFile, as_is, read_all_frames},
      {"outcar", "OUTCAR", NameCheck::InputFile, as_is, read_all_frames},
      {"vasprun", "vasprun.xml", NameCheck::InputFile, as_is, read_all_frames},
      {"vasp_incar", "INCAR", NameCheck::InputFile, as_is, [](const std::string& p) { read_incar(p); }},
      {"vasp_kpoints", "KPOINTS", NameCheck::InputFile, as_is, [](const std::string& p) { read_kpoints(p); }},
      {"cp2k_output", "output.out", NameCheck::InputFile, as_is, [](const std::string& p) { read_cp2k_output(p); }},
      {"yace", "input.yace", NameCheck::InputFile, as_is, [](const std::string& p) { ace::load_ace_potential(p); }},
      {"b_basis", "input.yaml", NameCheck::InputFile, as_is, [](const std::string& p) { ace::read_b_basis(p); }},
      {"classical_potential", "potential.yaml", NameCheck::InputFile, as_is,
       [](const std::string& p) { load_classical_potential(p); }},
      // Protocols, studies, fit inputs and calculator configurations name other files (structures,
      // potentials, data): an error may rightly name one of those instead.
      {"protocol", "protocol.yaml", NameCheck::AnyFile, as_is, [](const std::string& p) { read_protocol(p); }},
      {"study", "study.yaml", NameCheck::AnyFile, as_is, [](const std::string& p) { study::read_study(p); }},
      {"fit_input", "input.yaml", NameCheck::AnyFile, as_is, [](const std::string& p) { ace::read_fit_input(p); }},
      {"calculator_config", "calculator.yaml", NameCheck::AnyFile, as_is,
       [](const std::string& p) { calculators::read_calculator_config(p); }},
      {"md_checkpoint", "checkpoint.bin", NameCheck::InputFile, raw_or_framed_checkpoint,
       [](const std::string& p) { read_checkpoint(p); }},
      {"fit_checkpoint", "fit_checkpoint.json", NameCheck::InputFile, as_is,
       [](const std::string& p) { ace::read_fit_checkpoint(p); }},
      // The active-set inverse (.asi): an .npz of float64 matrices, one per element.
      {"active_set_npz", "input.asi", NameCheck::InputFile, raw_or_stored_zip,
       [](const std::string& p) {
         for (const auto& [name, array] : ace::read_npz(p)) ace::to_matrix(array, p + ":" + name);
       }},
  };
  return all;
}

/// The entry named `name`; aborts for an unknown name (a build error of fuzz/CMakeLists.txt).
inline const Target& target(const std::string& name) {
  for (const Target& t : targets())
    if (name == t.name) return t;
  std::abort();
}

/// Prepares the file, runs the reader and judges it (fuzz_input.hpp); empty when the promise held.
inline std::string run_target(const Target& t, const std::uint8_t* data, std::size_t size) {
  const Bytes bytes = t.prepare(data, size);
  return judge(write_input(bytes.data(), bytes.size(), t.file_name), t.check, t.read);
}

}  // namespace ionglass::fuzz
