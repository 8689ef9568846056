#include "ionglass/calculators/local_backend.hpp"

#include <fmt/format.h>
#include <signal.h>

#include <algorithm>
#include <stdexcept>

#include "ionglass/core/error.hpp"

namespace ionglass::calculators {

LocalBackend::LocalBackend(int max_cores, double timeout_seconds)
    : max_cores_(max_cores), timeout_seconds_(timeout_seconds) {
  if (max_cores < 1) throw InputError(fmt::format("local backend: max_cores must be at least 1, not {}", max_cores));
  if (!(timeout_seconds >= 0)) throw InputError("local backend: timeout_s must be ≥ 0");
}

LocalBackend::~LocalBackend() {
  for (auto& [id, job] : jobs_)
    if (job.process && job.process->running()) job.process->terminate(0.5);
}

std::string LocalBackend::submit(const std::string& /*job_name*/, const CalculationJob& job,
                                 const std::string& work_directory) {
  const ChildProcessOptions options =
      child_process_options(job, work_directory, std::max(1, job.cores), timeout_seconds_);
  RunningJob running;
  running.cores = std::max(1, job.cores);
  running.process = std::make_unique<ChildProcess>(options);
  if (!running.process->outcome().started || running.process->pid() <= 0) {
    running.outcome = running.process->outcome();
    running.process.reset();
    const std::string id = fmt::format("not-started-{}", next_failed_id_++);
    jobs_.emplace(id, std::move(running));
    return id;
  }
  const std::string id = std::to_string(running.process->pid());
  cores_in_use_ += running.cores;
  jobs_[id] = std::move(running);
  return id;
}

BackendJobStatus LocalBackend::status(const std::string& backend_id, const std::string& /*work_directory*/) {
  BackendJobStatus status;
  auto it = jobs_.find(backend_id);
  if (it == jobs_.end()) {
    status.state = BackendJobStatus::State::lost;
    status.message = "no such job in this process (a child of an earlier run?)";
    return status;
  }
  RunningJob& job = it->second;
  if (!job.process) {
    status.state = BackendJobStatus::State::finished;
    status.outcome = job.outcome;
    jobs_.erase(it);
    return status;
  }
  if (job.process->running()) {
    status.state = BackendJobStatus::State::running;
    return status;
  }
  status.state = BackendJobStatus::State::finished;
  status.outcome = job.process->outcome();
  if (job.cancelled) status.message = "cancelled";
  cores_in_use_ -= job.cores;
  jobs_.erase(it);
  return status;
}

void LocalBackend::cancel(const std::string& backend_id) {
  auto it = jobs_.find(backend_id);
  if (it == jobs_.end() || !it->second.process) return;
  it->second.cancelled = true;
  it->second.process->terminate(1.0);
}

bool LocalBackend::can_accept(const CalculationJob& job) const {
  return cores_in_use_ == 0 || cores_in_use_ + std::max(1, job.cores) <= max_cores_;
}

bool kill_leftover_process_group(const std::string& backend_id) {
  long long pid = 0;
  try {
    std::size_t used = 0;
    pid = std::stoll(backend_id, &used);
    if (used != backend_id.size()) return false;
  } catch (const std::exception&) {
    return false;
  }
  if (pid <= 1) return false;
  // The child was made leader of its own process group (core/child_process), so −pid names the group.
  if (::kill(static_cast<pid_t>(-pid), 0) != 0) return false;
  ::kill(static_cast<pid_t>(-pid), SIGKILL);
  return true;
}

}  // namespace ionglass::calculators
