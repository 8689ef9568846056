#pragma once
// Reading and writing structures and trajectories in every supported format, chosen by file
// extension or explicitly. Trajectories are streamed frame by frame.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/core/system.hpp"

namespace ionglass {

enum class FileFormat { LammpsData, LammpsDump, ExtendedXyz, Poscar, Xdatcar, Outcar, Vasprun };

/// Format from a name ("lammps-data", "data", "dump", "lammps-dump", "extxyz", "xyz", "poscar",
/// "vasp", "xdatcar", "outcar", "vasprun"). Throws InputError for unknown names.
FileFormat parse_format_name(const std::string& name);
std::string format_name(FileFormat format);
/// Format from the file name: *.data, *.dat, *.lmp → data; *.dump, *.lammpstrj (also .gz) → dump;
/// *.xyz, *.extxyz → extxyz; POSCAR*, CONTCAR*, *.vasp, *.poscar → POSCAR; XDATCAR* → XDATCAR;
/// OUTCAR* → OUTCAR; vasprun*.xml (also .gz) → vasprun.xml (read only). Throws InputError when it cannot tell (asks for --format).
FileFormat detect_format(const std::string& path);

struct ReadOptions {
  /// Elements of LAMMPS types in type order (--types Fe,Na,O,P). Empty: infer from masses.
  std::vector<std::string> type_elements;
  /// Format override (--format); empty: from the extension.
  std::string format;
  /// For LAMMPS data files: the atom style when the file does not say (atomic, charge, full).
  std::string atom_style;
};

/// Frame selection START:STOP:STEP (Python slice semantics on frame indices, STOP exclusive,
/// empty parts mean defaults; negative values are not allowed because files are streamed).
struct FrameSelection {
  long long start = 0;
  long long stop = -1;  ///< −1: to the end
  long long step = 1;
  bool selects(long long index) const {
    return index >= start && (stop < 0 || index < stop) && (index - start) % step == 0;
  }
  bool past_end(long long index) const { return stop >= 0 && index >= stop; }
};
FrameSelection parse_frame_selection(const std::string& text);

/// Streams frames of a structure or trajectory file (single-frame formats yield one frame).
class TrajectoryReader {
public:
  virtual ~TrajectoryReader() = default;
  /// Reads the next frame into `frame`. Returns false at the end of the file.
  virtual bool next(System& frame) = 0;
  virtual const std::string& path() const = 0;
  /// Fraction of the file read so far, in [0, 1] (for progress output).
  virtual double fraction_read() const = 0;
};

std::unique_ptr<TrajectoryReader> open_trajectory(const std::string& path, const ReadOptions& options = {});
/// The first frame of a file.
System read_structure(const std::string& path, const ReadOptions& options = {});
/// All (selected) frames; loads them into memory.
std::vector<System> read_frames(const std::string& path, const ReadOptions& options = {},
                                const FrameSelection& selection = {});

struct WriteOptions {
  std::string format;  ///< empty: from the extension
  /// LAMMPS data: atom style (atomic, charge, full); empty: charge if the system has charges.
  std::string atom_style;
  int precision = 10;  ///< significant digits after the point for reals (where the format allows)
};

/// Writes frames one by one; the file appears atomically when close() is called (and not at all
/// if the writer is destroyed before, e.g. after an error).
class TrajectoryWriter {
public:
  virtual ~TrajectoryWriter() = default;
  virtual void write(const System& frame) = 0;
  virtual void close() = 0;
};

std::unique_ptr<TrajectoryWriter> create_trajectory_writer(const std::string& path, const WriteOptions& options = {});
/// Writes one structure atomically.
void write_structure(const std::string& path, const System& system, const WriteOptions& options = {});

}  // namespace ionglass
