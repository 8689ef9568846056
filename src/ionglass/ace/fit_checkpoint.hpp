#pragma once
// The checkpoint of `ionglass fit` (DIR/fit_checkpoint.json, written atomically every ladder
// step and every `checkpoint_interval` iterations): where the fit stands and the current
// potential, so that `--resume` continues after a kill exactly as the uninterrupted run does
// (the driver restarts the optimiser at every checkpoint in both cases).
#include <string>
#include <vector>

#include "ionglass/ace/fit_log.hpp"

namespace ionglass::ace {

struct FitCheckpoint {
  int ladder_step = 1;                         ///< 1-based step being fitted
  int step_iterations = 0;                     ///< iterations done in this step
  bool step_finished = false;                  ///< the step is complete (the next one starts from `potential_yaml`)
  double wall_time_s = 0;                      ///< fit time so far
  std::string potential_yaml;                  ///< the current B-basis (b_basis_writer.hpp), numbers exact
  std::vector<FitLogRow> log;                  ///< every row so far
  std::vector<std::string> step_stop_reasons;  ///< why each finished ladder step ended
  std::string input_fingerprint;               ///< identifies the input; a resume with another input is refused
};

/// Writes `checkpoint` to `path` atomically.
void write_fit_checkpoint(const std::string& path, const FitCheckpoint& checkpoint);
/// Reads a checkpoint; InputError(path) when it is unreadable or not a fit checkpoint.
FitCheckpoint read_fit_checkpoint(const std::string& path);

}  // namespace ionglass::ace
