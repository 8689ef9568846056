#pragma once
// The on-disk job database of one labelling run: a folder with one small JSON state file per job
// (JOB_ID.json), each rewritten atomically (temporary file + rename), so a kill at any moment
// leaves every job either in its old or in its new state, never half written.
#include <string>
#include <vector>

namespace ionglass::calculators {

enum class JobState {
  pending,    ///< to be submitted (again)
  submitted,  ///< handed to the backend (backend_name, backend_id say where)
  finished,   ///< final result known; the result's consumer may not have stored it yet
  stored,     ///< the consumer stored the result: nothing left to do
};

std::string job_state_name(JobState state);
JobState parse_job_state(const std::string& name);

struct JobRecord {
  std::string id;              ///< unique within the run; also the work folder's name
  std::string structure_hash;  ///< hash of the input structure
  std::string source_file;     ///< input structure reference: file and frame
  long long source_frame = 0;
  std::string work_directory;  ///< JOB folder; attempts run in JOB/attempt_N
  int attempt = 0;             ///< number of the current (or last) attempt, 1-based; 0 = none yet
  int failed_attempts = 0;     ///< attempts that ended crashed/lost/cancelled/timed out
  std::string backend_name;
  std::string backend_id;
  JobState state = JobState::pending;
  std::string final_status;  ///< status_name of the final result (when finished/stored)
  std::string message;

  std::string attempt_directory() const;  ///< work_directory/attempt_N
};

class JobDatabase {
 public:
  /// Opens (creates) the folder; reads every job file there.
  explicit JobDatabase(std::string folder);

  const std::string& folder() const { return folder_; }
  std::vector<JobRecord>& jobs() { return jobs_; }
  const std::vector<JobRecord>& jobs() const { return jobs_; }
  /// The job with this id, or nullptr.
  JobRecord* find(const std::string& id);
  /// Adds a new job (its work folder is folder/id) and saves it.
  JobRecord& add(JobRecord record);
  /// Writes the job's state file atomically.
  void save(const JobRecord& record) const;

 private:
  std::string folder_;
  std::vector<JobRecord> jobs_;
};

}  // namespace ionglass::calculators
