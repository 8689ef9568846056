#pragma once
// Reads LAMMPS log files (log.lammps): the thermo blocks that every `run` and `minimize` command
// prints (a header line starting with "Step", rows of numbers, "Loop time of ..."), ERROR lines and
// whether the run completed ("Total wall time"). The reader is incremental: poll() reads only what
// was appended since the last call, so a running LAMMPS can be followed; an incomplete last line
// waits for the next poll.
//
// lammps_thermo_csv() turns the blocks into the thermo CSV of `ionglass run` (same columns, same
// stage numbers, times and target temperatures, using the stage manifest of the export).
#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "ionglass/lammps/stage_manifest.hpp"

namespace ionglass {

struct LammpsThermoBlock {
  std::vector<std::string> columns;         ///< as printed: Step, Time, Temp, PotEng, ...
  std::vector<std::vector<double>> rows;
  bool finished = false;                    ///< its "Loop time of" line was seen
  /// Index of a column by any of its LAMMPS names (case-insensitive), or −1.
  int column(std::initializer_list<const char*> names) const;
};

class LammpsLogReader {
public:
  explicit LammpsLogReader(std::string path);
  /// Reads what was appended since the last call. Returns true when new complete lines were read.
  /// A file that does not exist (yet) reads as empty; a file that shrank is read again from the start.
  bool poll();

  const std::string& path() const { return path_; }
  const std::vector<LammpsThermoBlock>& blocks() const { return blocks_; }
  /// Step of the last thermo row, −1 before the first.
  long long last_step() const { return last_step_; }
  /// "Total wall time" was printed (LAMMPS finished the input).
  bool completed() const { return completed_; }
  /// Lines starting with "ERROR" (LAMMPS' error messages).
  const std::vector<std::string>& errors() const { return errors_; }
  /// The last `n` lines read.
  std::vector<std::string> tail(std::size_t n) const;
  /// Lines read so far.
  long long lines_read() const { return lines_; }

private:
  void process_line(const std::string& line);

  std::string path_;
  std::uint64_t offset_ = 0;
  std::string partial_;
  std::vector<LammpsThermoBlock> blocks_;
  bool in_block_ = false;
  long long last_step_ = -1;
  bool completed_ = false;
  std::vector<std::string> errors_;
  std::deque<std::string> recent_;
  long long lines_ = 0;
};

/// Reads a whole log; InputError when the file does not exist.
LammpsLogReader read_lammps_log(const std::string& path);

/// Header of the thermo CSV (the columns of `ionglass run`), with a final max_extrapolation_grade
/// column when `with_gamma`.
std::string lammps_thermo_csv_header(bool with_gamma);

/// The thermo CSV text for the blocks. With a manifest, block k belongs to stage k: the first row
/// of the first block is the step-0 row (stage 0), MD blocks give their rows after the first (which
/// repeats the previous stage's last state), a minimisation (two blocks: the minimiser's, then a
/// `run 0` after the velocities are restored) gives the last row of its second block, and time and
/// target temperature follow the stage's timestep and ramp. Without one (`manifest` null), every
/// row is kept (consecutive repeats of a step dropped), stage = block number, time from LAMMPS.
/// InputError (naming `source`) when a block lacks a needed column or there are more blocks than
/// stages.
std::string lammps_thermo_csv(const std::vector<LammpsThermoBlock>& blocks, const LammpsStageManifest* manifest,
                              const std::string& source, std::size_t* rows_written = nullptr);

}  // namespace ionglass
