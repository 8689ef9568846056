#pragma once
// A process pool on this machine: runs the jobs' commands as child processes (each in its own
// process group) side by side while the core budget allows (each job takes CalculationJob::cores).
#include <map>
#include <memory>
#include <string>

#include "ionglass/calculators/job_backend.hpp"
#include "ionglass/core/child_process.hpp"

namespace ionglass::calculators {

class LocalBackend : public JobBackend {
 public:
  /// max_cores ≥ 1: the pool size; timeout_seconds > 0: wall-clock limit per job (0 = none).
  explicit LocalBackend(int max_cores, double timeout_seconds = 0);
  ~LocalBackend() override;

  std::string name() const override { return "local"; }
  /// Starts the job's command in work_directory; the id is the child's process id. A program that
  /// cannot be started gives an id whose status is `finished` with outcome.started = false.
  std::string submit(const std::string& job_name, const CalculationJob& job,
                     const std::string& work_directory) override;
  BackendJobStatus status(const std::string& backend_id, const std::string& work_directory) override;
  void cancel(const std::string& backend_id) override;
  /// True while the cores in use plus the job's cores fit the budget (a job asking for more cores
  /// than the whole budget runs alone).
  bool can_accept(const CalculationJob& job) const override;
  bool jobs_outlive_process() const override { return false; }

  int max_cores() const { return max_cores_; }
  int cores_in_use() const { return cores_in_use_; }

 private:
  struct RunningJob {
    std::unique_ptr<ChildProcess> process;
    ChildProcessOutcome outcome;  ///< for jobs that could not start
    int cores = 1;
    bool cancelled = false;
  };
  int max_cores_;
  double timeout_seconds_;
  int cores_in_use_ = 0;
  long long next_failed_id_ = 0;
  std::map<std::string, RunningJob> jobs_;
};

/// Kills the process group of a local job left over by an earlier (killed) run, when its process
/// id is still alive. Returns true when there was one.
bool kill_leftover_process_group(const std::string& backend_id);

}  // namespace ionglass::calculators
