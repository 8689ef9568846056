#pragma once
// Runs the jobs of a JobDatabase through a Calculator and a JobBackend: a fresh attempt folder per
// attempt (JOB/attempt_N), polling, collection, bounded retries, a result callback per finished
// job as it completes, and resumption from the database after a kill (docs/calculators.md).
#include <functional>
#include <map>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/calculators/job_backend.hpp"
#include "ionglass/calculators/job_database.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::calculators {

struct RunnerSettings {
  int cores_per_job = 1;          ///< cores one calculation uses (CalculationJob::cores when the calculator leaves 1)
  int max_cores = 0;              ///< local pool size; 0 = the ExecutionContext's thread count
  int retries = 2;                ///< extra attempts after a crash / loss / cancellation / timeout
  double timeout_s = 0;           ///< s, wall-clock limit per job, 0 = none
  double poll_interval_s = 0.05;  ///< s between status polls
};

/// True for the statuses that are worth another attempt (crashed, timed_out, cancelled); the
/// others (ok, not_converged, input_error, bad_output, missing_executable) are final.
bool is_retryable(CalculationStatus status);

class JobRunner {
 public:
  /// Called once per job when its final result is known, with the job's record.
  using ResultCallback = std::function<void(const JobRecord&, const CalculationResult&)>;
  /// The structure of a job (the runner does not keep structures in the database).
  using StructureLookup = std::function<const System&(const JobRecord&)>;

  JobRunner(const Calculator& calculator, JobBackend& backend, JobDatabase& database, RunnerSettings settings,
            CalculationRequest request = {});

  /// Runs every job not yet stored; returns when all are. After each callback the job is marked
  /// stored. Jobs already finished (a result not stored before a kill) are collected again from
  /// their attempt folder; submitted jobs of a backend whose jobs outlive the process are polled
  /// again, other submitted jobs are lost: their leftover process group is killed and they run again.
  void run(const StructureLookup& structure_of, const ResultCallback& on_result, const ExecutionContext& context);

 private:
  CalculationResult collect(const JobRecord& job, const System& structure, const ChildProcessOutcome& outcome,
                            double wall_seconds) const;
  void start_attempt(JobRecord& job, const System& structure, std::map<std::string, double>& started_at,
                     const ResultCallback& on_result);
  void finish(JobRecord& job, const CalculationResult& result, const ResultCallback& on_result);

  const Calculator& calculator_;
  JobBackend& backend_;
  JobDatabase& database_;
  RunnerSettings settings_;
  CalculationRequest request_;
};

}  // namespace ionglass::calculators
