#pragma once
// The Slurm job backend: each job becomes a batch script in its own folder, submitted with
// `sbatch --parsable`; its state is told by `squeue`, then by the exit-status file the script
// writes at its end, then by `sacct` (or `scontrol show job` where accounting is off).
// Jobs outlive the process that submitted them: a restarted runner polls them again.
//
// The job script (ionglass_job.sh in the job folder):
//   #!/bin/bash
//   #SBATCH lines: partition, time, nodes, ntasks or cpus-per-task (= CalculationJob::cores),
//                  account, qos, then the extra lines of the settings
//   cd to the folder; module load ...; the setup lines; export the job's environment;
//   the command, its output to CalculationJob::output_file;
//   its exit status and start/end times written atomically to `ionglass_exit_status`
//   (so the status survives where accounting is off or has forgotten the job).
// Configuration section (docs/calculators/runners.md):
//   slurm:
//     partition: normal          # empty: the cluster's default partition
//     time_limit_min: 60         # minutes (--time), 0: the partition's default
//     nodes: 1                   # --nodes, 0: not given
//     cores_as: ntasks           # ntasks (MPI ranks) | cpus_per_task (threads)
//     account: proj123
//     qos: normal
//     modules: [vasp/6.4.2]      # module load ... before the command
//     sbatch_options: ["--mem=60G", "--constraint=cpu"]   # extra #SBATCH lines
//     setup: ["source ~/vasp_env.sh"]                     # shell lines before the command
//     max_jobs_in_flight: 0      # jobs queued or running at once, 0: no limit
//     poll_interval_s: 10        # s between squeue queries
//     scheduler_timeout_s: 600   # s a failing squeue is tolerated before the backend gives up
//     exit_file_wait_s: 30       # s to wait for the exit-status file of a job Slurm says ended
//     sbatch: sbatch             # the programs (names on PATH or paths)
//     squeue: squeue
//     sacct: sacct
//     scontrol: scontrol
//     scancel: scancel
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "ionglass/calculators/job_backend.hpp"

namespace ionglass::calculators {

struct SlurmSettings {
  std::string partition;    ///< --partition; empty: the cluster's default
  int time_limit_min = 60;  ///< minutes, --time; 0: the partition's default
  int nodes = 1;            ///< --nodes; 0: not given
  /// How CalculationJob::cores is asked for: as MPI tasks (--ntasks, OMP_NUM_THREADS=1 unless the
  /// job sets it) or as threads of one task (--cpus-per-task, OMP_NUM_THREADS=cores).
  enum class CoresAs { ntasks, cpus_per_task } cores_as = CoresAs::ntasks;
  std::string account;                      ///< --account; empty: none
  std::string qos;                          ///< --qos; empty: none
  std::vector<std::string> modules;         ///< `module load` each, in order
  std::vector<std::string> sbatch_options;  ///< extra `#SBATCH` lines ("--mem=60G")
  std::vector<std::string> setup;           ///< shell lines run before the command
  int max_jobs_in_flight = 0;               ///< queued or running at once; 0: no limit
  double poll_interval_s = 10;              ///< s between squeue queries (cached in between)
  double scheduler_timeout_s = 600;         ///< s squeue may fail in a row before status() throws
  double exit_file_wait_s = 30;  ///< s a job Slurm calls ended may lack its exit-status file (shared file systems lag)
  std::string sbatch = "sbatch", squeue = "squeue", sacct = "sacct", scontrol = "scontrol", scancel = "scancel";
};

/// The names of the files the backend writes in a job folder.
inline constexpr const char* slurm_job_script_name = "ionglass_job.sh";
inline constexpr const char* slurm_exit_status_name = "ionglass_exit_status";

class SlurmBackend : public JobBackend {
 public:
  /// InputError for settings that cannot make a job script (negative numbers, a line break in a
  /// #SBATCH option, a poll interval ≤ 0).
  explicit SlurmBackend(SlurmSettings settings);

  std::string name() const override { return "slurm"; }
  /// Writes the job script into work_directory and submits it; the id is Slurm's job id.
  /// ComputationError with sbatch's message when sbatch fails.
  std::string submit(const std::string& job_name, const CalculationJob& job,
                     const std::string& work_directory) override;
  /// squeue (cached for poll_interval_s) → the exit-status file → sacct → scontrol. A job none of
  /// them knows is lost. While squeue fails the job is reported queued (unknown); ComputationError
  /// when it has failed for longer than scheduler_timeout_s.
  BackendJobStatus status(const std::string& backend_id, const std::string& work_directory) override;
  /// scancel; no effect on a job that has ended.
  void cancel(const std::string& backend_id) override;
  /// True while fewer than max_jobs_in_flight jobs are queued or running (0: always).
  bool can_accept(const CalculationJob& job) const override;
  bool jobs_outlive_process() const override { return true; }

  /// The batch script for `job` in work_directory (what submit writes), for tests and the docs.
  std::string job_script(const CalculationJob& job, const std::string& work_directory) const;
  const SlurmSettings& settings() const { return settings_; }
  int jobs_in_flight() const { return static_cast<int>(in_flight_.size()); }

 private:
  void refresh_queue();
  SlurmSettings settings_;
  std::string user_;
  std::map<std::string, std::string> queue_states_;  ///< job id → squeue's state, from the last query
  double queue_time_ = -1;                           ///< when the last query was made (s, steady clock)
  double queue_failing_since_ = -1;                  ///< when squeue began to fail (−1: it did not)
  std::string queue_error_;
  std::set<std::string> in_flight_;  ///< submitted or polled, not seen ended
  /// Job id → (when first seen ended without its exit-status file, when the scheduler was last asked) (s).
  std::map<std::string, std::pair<double, double>> ended_without_exit_file_;
};

/// The `slurm:` section of a calculator configuration file (strict keys, file:line errors).
std::unique_ptr<JobBackend> make_slurm_backend(const std::string& config_path);
/// The settings of that section (for tests and tools that build the backend themselves).
SlurmSettings read_slurm_settings(const std::string& config_path);

}  // namespace ionglass::calculators
