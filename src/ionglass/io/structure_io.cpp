#include "ionglass/io/structure_io.hpp"

#include <algorithm>
#include <cctype>
#include <filesystem>

#include "ionglass/core/error.hpp"
#include "ionglass/io/extended_xyz.hpp"
#include "ionglass/io/lammps_data.hpp"
#include "ionglass/io/lammps_dump.hpp"
#include "ionglass/io/lammps_orientation.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/vasp_outcar.hpp"
#include "ionglass/io/vasp_vasprun.hpp"
#include "ionglass/io/vasp_poscar.hpp"
#include "ionglass/io/vasp_xdatcar.hpp"

namespace ionglass {

namespace {
std::string lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}
bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// A single-frame file read as a one-frame trajectory.
class SingleFrameReader : public TrajectoryReader {
public:
  SingleFrameReader(std::string path, System frame) : path_(std::move(path)), frame_(std::move(frame)) {}
  bool next(System& frame) override {
    if (done_) return false;
    frame = std::move(frame_);
    done_ = true;
    return true;
  }
  const std::string& path() const override { return path_; }
  double fraction_read() const override { return done_ ? 1.0 : 0.0; }

private:
  std::string path_;
  System frame_;
  bool done_ = false;
};

// Single-frame formats (LAMMPS data, POSCAR): the frame is kept and written on close().
class SingleFrameWriter : public TrajectoryWriter {
public:
  SingleFrameWriter(std::string path, WriteOptions options, FileFormat format)
      : path_(std::move(path)), options_(std::move(options)), format_(format) {}
  void write(const System& frame) override {
    if (written_)
      throw InputError(path_, 0, "a " + format_name(format_) + " file holds one frame; select one with --frames");
    frame_ = frame;
    written_ = true;
  }
  void close() override {
    if (!written_) throw InputError(path_, 0, "no frame to write");
    if (format_ == FileFormat::LammpsData)
      write_lammps_data(path_, frame_.cell.is_lammps_form() ? frame_ : rotated_to_lammps_form(frame_, path_), options_);
    else
      write_poscar(path_, frame_);
  }

private:
  std::string path_;
  WriteOptions options_;
  FileFormat format_;
  System frame_;
  bool written_ = false;
};
}  // namespace

FileFormat parse_format_name(const std::string& name) {
  const std::string n = lower(name);
  if (n == "lammps-data" || n == "data" || n == "lammps_data" || n == "lmp") return FileFormat::LammpsData;
  if (n == "lammps-dump" || n == "dump" || n == "lammps_dump" || n == "lammpstrj") return FileFormat::LammpsDump;
  if (n == "extxyz" || n == "xyz") return FileFormat::ExtendedXyz;
  if (n == "poscar" || n == "vasp" || n == "contcar") return FileFormat::Poscar;
  if (n == "xdatcar") return FileFormat::Xdatcar;
  if (n == "outcar") return FileFormat::Outcar;
  if (n == "vasprun" || n == "vasprun.xml") return FileFormat::Vasprun;
  throw InputError("unknown file format '" + name +
                   "' (known: lammps-data, lammps-dump, extxyz, poscar, xdatcar, outcar, vasprun)");
}

std::string format_name(FileFormat format) {
  switch (format) {
    case FileFormat::LammpsData: return "lammps-data";
    case FileFormat::LammpsDump: return "lammps-dump";
    case FileFormat::ExtendedXyz: return "extxyz";
    case FileFormat::Poscar: return "poscar";
    case FileFormat::Xdatcar: return "xdatcar";
    case FileFormat::Outcar: return "outcar";
    case FileFormat::Vasprun: return "vasprun";
  }
  return "unknown";
}

FileFormat detect_format(const std::string& path) {
  std::string name = std::filesystem::path(path).filename().string();
  std::string l = lower(name);
  if (ends_with(l, ".gz")) l = l.substr(0, l.size() - 3);
  if (ends_with(l, ".data") || ends_with(l, ".dat") || ends_with(l, ".lmp") || l.rfind("data.", 0) == 0)
    return FileFormat::LammpsData;
  if (ends_with(l, ".dump") || ends_with(l, ".lammpstrj") || l.rfind("dump.", 0) == 0) return FileFormat::LammpsDump;
  if (ends_with(l, ".xyz") || ends_with(l, ".extxyz")) return FileFormat::ExtendedXyz;
  if (l.rfind("xdatcar", 0) == 0) return FileFormat::Xdatcar;
  if (l.rfind("outcar", 0) == 0) return FileFormat::Outcar;
  if (l.rfind("vasprun", 0) == 0 && ends_with(l, ".xml")) return FileFormat::Vasprun;
  if (l.rfind("poscar", 0) == 0 || l.rfind("contcar", 0) == 0 || ends_with(l, ".vasp") || ends_with(l, ".poscar"))
    return FileFormat::Poscar;
  throw InputError(path, 0, "cannot tell the file format from the name; give it with --format");
}

FrameSelection parse_frame_selection(const std::string& text) {
  FrameSelection s;
  if (text.empty() || text == ":") return s;
  const std::vector<std::string> parts = split_on(text, ':');
  if (parts.size() > 3) throw InputError("frame selection '" + text + "' must be START:STOP:STEP");
  auto value = [&](const std::string& p, long long fallback) {
    if (p.empty()) return fallback;
    long long v;
    if (!try_parse_integer(p, v) || v < 0)
      throw InputError("frame selection '" + text + "': '" + p + "' is not a non-negative integer");
    return v;
  };
  if (parts.size() == 1) {  // a single index
    s.start = value(parts[0], 0);
    s.stop = s.start + 1;
    return s;
  }
  s.start = value(parts[0], 0);
  s.stop = value(parts[1], -1);
  if (parts.size() == 3) s.step = value(parts[2], 1);
  if (s.step < 1) throw InputError("frame selection '" + text + "': STEP must be at least 1");
  return s;
}

std::unique_ptr<TrajectoryReader> open_trajectory(const std::string& path, const ReadOptions& options) {
  const FileFormat format = options.format.empty() ? detect_format(path) : parse_format_name(options.format);
  switch (format) {
    case FileFormat::LammpsData: return std::make_unique<SingleFrameReader>(path, read_lammps_data(path, options));
    case FileFormat::LammpsDump: return open_lammps_dump(path, options);
    case FileFormat::ExtendedXyz: return open_extended_xyz(path, options);
    case FileFormat::Poscar: return std::make_unique<SingleFrameReader>(path, read_poscar(path, options));
    case FileFormat::Xdatcar: return open_xdatcar(path, options);
    case FileFormat::Outcar: return open_outcar(path, options);
    case FileFormat::Vasprun: return open_vasprun(path);
  }
  throw InputError(path, 0, "unknown file format");
}

System read_structure(const std::string& path, const ReadOptions& options) {
  auto reader = open_trajectory(path, options);
  System frame;
  if (!reader->next(frame)) throw InputError(path, 0, "the file holds no frame");
  return frame;
}

std::vector<System> read_frames(const std::string& path, const ReadOptions& options, const FrameSelection& selection) {
  auto reader = open_trajectory(path, options);
  std::vector<System> frames;
  System frame;
  for (long long index = 0; !selection.past_end(index) && reader->next(frame); ++index)
    if (selection.selects(index)) frames.push_back(frame);
  return frames;
}

std::unique_ptr<TrajectoryWriter> create_trajectory_writer(const std::string& path, const WriteOptions& options) {
  const FileFormat format = options.format.empty() ? detect_format(path) : parse_format_name(options.format);
  if (ends_with(lower(path), ".gz"))
    throw InputError(path, 0, "writing compressed files is not supported; write plain text and compress it with gzip");
  switch (format) {
    case FileFormat::LammpsData:
    case FileFormat::Poscar: return std::make_unique<SingleFrameWriter>(path, options, format);
    case FileFormat::LammpsDump: return create_lammps_dump_writer(path, options);
    case FileFormat::ExtendedXyz: return create_extended_xyz_writer(path, options);
    case FileFormat::Xdatcar: return create_xdatcar_writer(path, options);
    case FileFormat::Outcar: break;
    case FileFormat::Vasprun:
      throw InputError(path, 0, "ionglass reads vasprun.xml files but does not write them; write extxyz to keep "
                                "energies, forces and stress");
  }
  throw InputError(path, 0, "ionglass reads OUTCAR files but does not write them (OUTCAR is VASP's log); "
                            "write extxyz to keep energies, forces and stress");
}

void write_structure(const std::string& path, const System& system, const WriteOptions& options) {
  auto writer = create_trajectory_writer(path, options);
  writer->write(system);
  writer->close();
}

}  // namespace ionglass
