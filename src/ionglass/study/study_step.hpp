#pragma once
// One step of a study and its bookkeeping. Each step has its own folder under the study's output
// folder; `step.json` there records the step (id, the equivalent `ionglass` command line, inputs,
// outputs, wall time, whether it resumed) once it completed. A rerun skips completed steps, an
// interrupted MD step resumes from its checkpoint, and `force` redoes every step. Steps run
// in-process: `run` calls the library.
#include <chrono>
#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "ionglass/core/execution_context.hpp"

namespace ionglass::study {

/// What a step's `run` receives: the context writing into the step's folder, whether an MD step
/// resumes from its checkpoint, and the step's log (messages and thermo lines).
struct StepExecution {
  ExecutionContext context;
  bool resume = false;
  std::ostream* log = nullptr;
};

struct Step {
  std::string id;                    ///< e.g. "md/ACE/2000K/production"
  std::string directory;             ///< absolute
  std::vector<std::string> command;  ///< the equivalent `ionglass` command line (recorded only)
  std::vector<std::string> inputs;   ///< files the step reads (recorded)
  std::vector<std::string> outputs;  ///< files the step must leave (checked)
  bool resumable_md = false;         ///< resumes when `checkpoint.bin` is in its folder
  std::function<void(const StepExecution&)> run;
};

/// Runs (or skips) steps in order and counts them.
class StepRunner {
 public:
  StepRunner(ExecutionContext context, bool force);
  /// Runs `step` unless it completed before (then returns false). Errors propagate with the step
  /// id prepended; a failed step leaves no step.json, so a rerun tries it again.
  bool run(const Step& step);
  int executed() const { return executed_; }
  int skipped() const { return skipped_; }
  /// Number of steps the study will hand to run(): each step line then reads "[k/N]" with the
  /// study's elapsed time and an ETA at the mean wall time of the steps run so far.
  void set_total(int steps) { total_ = steps; }
  /// True when `directory`/step.json says "completed".
  static bool completed(const std::string& directory);

 private:
  ExecutionContext context_;
  bool force_;
  int executed_ = 0, skipped_ = 0, total_ = 0;
  double executed_seconds_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
  std::string position() const;  ///< "[k/N] " (empty without a total)
};

}  // namespace ionglass::study
