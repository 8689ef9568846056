#pragma once
// The steps of a study and their execution. Each step runs one ionglass subcommand in a child
// process with its own directory under the study output folder; `step.json` in that directory
// records the command, its inputs and outputs and whether it completed. Rerunning a study skips
// completed steps, resumes an interrupted MD run from its checkpoint, and `--force` redoes
// everything.
#include <functional>
#include <string>
#include <vector>

#include "ionglass/study/study_config.hpp"

namespace ionglass::study {

struct Step {
  std::string id;                       ///< e.g. "md/ACE/2000K/production"
  std::string directory;                ///< absolute
  std::vector<std::string> arguments;   ///< ionglass subcommand and its arguments
  std::vector<std::string> inputs;      ///< files the step reads (recorded)
  std::vector<std::string> outputs;     ///< files the step must leave (checked)
  bool resumable_md = false;            ///< `ionglass run`: add --resume when a checkpoint exists
  /// Called just before the step runs (e.g. to write a protocol file derived from earlier steps).
  std::function<void(const Step&)> prepare;
};

/// Executes steps in order. `ionglass` is the program to call (normally /proc/self/exe).
class StepRunner {
public:
  StepRunner(std::string program, bool force);
  /// Runs (or skips) one step. Throws Error with the tail of the step's log on failure.
  void run(const Step& step);
  int executed() const { return executed_; }
  int skipped() const { return skipped_; }
  static bool completed(const std::string& directory);

private:
  std::string program_;
  bool force_;
  int executed_ = 0, skipped_ = 0;
};

/// Path of the running executable.
std::string current_executable();

}  // namespace ionglass::study
