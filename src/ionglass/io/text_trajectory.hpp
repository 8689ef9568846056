#pragma once
// What the readers and writers of the plain-text trajectory formats (extended XYZ, LAMMPS dump,
// XDATCAR, OUTCAR) share: a line reader with the current line and the frames read so far, and an
// atomically written output file with the frames written so far.
#include <string>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/io/line_reader.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

class TextTrajectoryReader : public TrajectoryReader {
 public:
  explicit TextTrajectoryReader(const std::string& path) : reader_(path) {}
  const std::string& path() const override { return reader_.path(); }
  double fraction_read() const override { return reader_.fraction_read(); }

 protected:
  /// Reads up to the next line that is not blank (spaces and tabs only) into `line_`. Returns
  /// false at the end of the file, the regular end between frames; a file that ends before any
  /// frame was read fails with `empty_file_problem`.
  bool next_nonblank_line(const std::string& empty_file_problem);

  LineReader reader_;
  std::string line_;
  long long frames_read_ = 0;
};

class TextTrajectoryWriter : public TrajectoryWriter {
 public:
  explicit TextTrajectoryWriter(const std::string& path) : file_(path) {}
  /// The file appears under its name only now (core/atomic_file.hpp).
  void close() override { file_.commit(); }

 protected:
  AtomicFile file_;
  long long frames_ = 0;  ///< frames written so far
};

}  // namespace ionglass
