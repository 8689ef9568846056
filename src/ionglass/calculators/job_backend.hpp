#pragma once
// Job backends: where prepared calculations (calculator.hpp) run. A backend starts or submits one
// job in its folder and later says how it ended; the job runner (which keeps the job database on
// disk, retries and collects) sits above it. The one backend so far is `local` (local_backend.hpp:
// child processes on this machine, as many side by side as the cores allow); the interface also
// fits a batch scheduler, whose jobs outlive the process that submitted them.
#include <string>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/core/child_process.hpp"

namespace ionglass::calculators {

/// What a backend knows about one job it was given.
struct BackendJobStatus {
  enum class State {
    queued,    ///< accepted, not started yet
    running,   ///< started, not ended
    finished,  ///< ended; `outcome` says how (exit status, signal, timeout, cancellation)
    lost,      ///< the backend has no record of it (e.g. a local child of an earlier process)
  };
  State state = State::lost;
  /// When finished: started/exited/exit_status/signal/timed_out/terminated as for a local child;
  /// a job the scheduler cancelled has terminated = true, one past its time limit timed_out = true.
  ChildProcessOutcome outcome;
  std::string message;  ///< the backend's own word on the job ("CANCELLED by 0", ...)
};

class JobBackend {
 public:
  virtual ~JobBackend() = default;
  /// "local", ...
  virtual std::string name() const = 0;
  /// Starts or submits `job` to run in `work_directory` (an existing folder holding its inputs)
  /// under the name `job_name`; returns the backend's id for it (process id, scheduler job id).
  /// Throws ComputationError when the submission itself fails.
  virtual std::string submit(const std::string& job_name, const CalculationJob& job,
                             const std::string& work_directory) = 0;
  /// Non-blocking status of a job this backend (or, for a scheduler, an earlier process) submitted.
  virtual BackendJobStatus status(const std::string& backend_id, const std::string& work_directory) = 0;
  /// Cancels a queued or running job (no effect on a finished one).
  virtual void cancel(const std::string& backend_id) = 0;
  /// True when `job` can be given to the backend now (the local pool: enough free cores).
  virtual bool can_accept(const CalculationJob& job) const = 0;
  /// True when jobs outlive this process (a scheduler's: a restarted runner polls them again);
  /// false for local children, which a restarted runner treats as lost and runs again.
  virtual bool jobs_outlive_process() const = 0;
};

}  // namespace ionglass::calculators
