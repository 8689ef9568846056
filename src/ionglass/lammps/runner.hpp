#pragma once
// Runs a LAMMPS deck written by `ionglass lammps export` (lammps_deck_writer.hpp): starts
// `mpirun -np N lmp -in in.lammps -log log.lammps` in the deck's directory (N = 1: lmp alone),
// follows log.lammps as it grows (progress, thermo lines on the console) and converts its thermo
// output into the thermo CSV of `ionglass run` (lammps_log_reader.hpp). The LAMMPS screen output
// (and mpirun's messages) go to DIR/lammps.screen.
#include <iosfwd>
#include <string>
#include <vector>

#include "ionglass/core/child_process.hpp"  // find_executable

namespace ionglass {

struct LammpsRunOptions {
  std::string directory = ".";     ///< holds in.lammps, structure.data, ionglass_stages.yaml
  int ranks = 1;                   ///< MPI ranks (1: run lmp without mpirun)
  std::string lmp = "lmp";         ///< LAMMPS executable (name on PATH or path)
  std::string mpirun = "mpirun";   ///< MPI launcher
  std::vector<std::string> lmp_arguments;     ///< extra lmp arguments, e.g. {"-k", "on", "g", "1", "-sf", "kk"}
  std::vector<std::string> mpirun_arguments;  ///< extra launcher arguments
  bool progress = true;
  std::ostream* console = nullptr;            ///< thermo lines (nullptr: none)
  double poll_seconds = 0.2;
};

struct LammpsRunSummary {
  std::vector<std::string> command;  ///< the command line that ran
  long long last_step = -1;
  std::size_t thermo_rows = 0;
  std::string thermo_csv;            ///< path of the CSV written
  std::string log_file;
  double wall_seconds = 0;
};

/// The argument vector that run_lammps_deck starts (resolved executables; runs in the directory).
std::vector<std::string> lammps_command_line(const LammpsRunOptions& options, const std::string& lmp_path,
                                             const std::string& mpirun_path);

/// Runs the deck. InputError when the directory lacks in.lammps, the executables are missing or the
/// options are impossible; ComputationError when LAMMPS fails (exit status, ERROR lines, the tail
/// of the log). The thermo CSV is written (atomically) for whatever ran, also on failure.
LammpsRunSummary run_lammps_deck(const LammpsRunOptions& options);

/// Converts DIR/log.lammps into the thermo CSV named in DIR/ionglass_stages.yaml (without that
/// manifest: DIR/thermo.csv with LAMMPS times). Returns the number of rows.
std::size_t convert_lammps_log(const std::string& directory, std::string* csv_path = nullptr);

}  // namespace ionglass
