#include "ionglass/calculators/job_runner.hpp"

#include <fmt/format.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "ionglass/calculators/local_backend.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {
double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}
}  // namespace

bool is_retryable(CalculationStatus status) {
  return status == CalculationStatus::crashed || status == CalculationStatus::timed_out ||
         status == CalculationStatus::cancelled;
}

JobRunner::JobRunner(const Calculator& calculator, JobBackend& backend, JobDatabase& database, RunnerSettings settings,
                     CalculationRequest request)
    : calculator_(calculator), backend_(backend), database_(database), settings_(settings), request_(request) {
  if (settings_.cores_per_job < 1) throw InputError("runner: cores_per_job must be at least 1");
  if (settings_.retries < 0) throw InputError("runner: retries must be ≥ 0");
  if (!(settings_.timeout_s >= 0)) throw InputError("runner: timeout_s must be ≥ 0");
  if (!(settings_.poll_interval_s > 0)) throw InputError("runner: the poll interval must be > 0 s");
}

CalculationResult JobRunner::collect(const JobRecord& job, const System& structure, const ChildProcessOutcome& outcome,
                                     double wall_seconds) const {
  CalculationResult result;
  if (!outcome.started) {
    result = failed_result(CalculationStatus::missing_executable, calculator_.name() + ": " + outcome.describe());
  } else if (outcome.timed_out) {
    result = failed_result(CalculationStatus::timed_out, outcome.describe());
  } else if (outcome.terminated) {
    result = failed_result(CalculationStatus::cancelled, outcome.describe());
  } else {
    try {
      result = calculator_.collect(structure, request_, job.attempt_directory(), outcome);
    } catch (const InputError& e) {
      result = failed_result(CalculationStatus::bad_output, e.what());
    }
  }
  result.wall_seconds = wall_seconds > 0 ? wall_seconds : outcome.wall_seconds;
  result.provenance.emplace("calculator", calculator_.name());
  result.provenance.emplace("settings_hash", calculator_.settings_hash());
  result.provenance.emplace("work_directory", job.attempt_directory());
  result.provenance.emplace("attempt", std::to_string(job.attempt));
  return result;
}

void JobRunner::finish(JobRecord& job, const CalculationResult& result, const ResultCallback& on_result) {
  job.state = JobState::finished;
  job.final_status = status_name(result.status);
  job.message = result.message;
  database_.save(job);
  on_result(job, result);
  job.state = JobState::stored;
  database_.save(job);
}

void JobRunner::start_attempt(JobRecord& job, const System& structure, std::map<std::string, double>& started_at,
                              const ResultCallback& on_result) {
  ++job.attempt;
  job.backend_name = backend_.name();
  job.backend_id.clear();
  job.state = JobState::pending;
  database_.save(job);  // the attempt number is on disk before its folder exists: never reused
  const std::string directory = job.attempt_directory();
  std::error_code ec;
  fs::remove_all(directory, ec);
  fs::create_directories(directory, ec);
  const double start = now_seconds();
  if (ec) {
    finish(
        job,
        failed_result(CalculationStatus::input_error, fmt::format("cannot create '{}': {}", directory, ec.message())),
        on_result);
    return;
  }
  CalculationJob calculation;
  try {
    calculation = calculator_.prepare(structure, request_, directory);
  } catch (const InputError& e) {
    finish(job, failed_result(CalculationStatus::input_error, e.what()), on_result);
    return;
  }
  if (calculation.command.empty()) {  // in-process calculator: run here, now
    finish(job, collect(job, structure, in_process_outcome(), now_seconds() - start), on_result);
    return;
  }
  calculation.cores = std::max(calculation.cores, settings_.cores_per_job);
  job.backend_id = backend_.submit(job.id, calculation, directory);
  job.state = JobState::submitted;
  database_.save(job);
  started_at[job.id] = start;
}

void JobRunner::run(const StructureLookup& structure_of, const ResultCallback& on_result,
                    const ExecutionContext& context) {
  auto& jobs = database_.jobs();
  long long stored = 0;
  for (const auto& job : jobs) stored += job.state == JobState::stored;
  Progress progress("label", static_cast<long long>(jobs.size()), context.show_progress);
  progress.update(stored);
  std::map<std::string, double> started_at;  // job id → when its attempt was submitted (s)

  // Resume what an earlier run left.
  for (auto& job : jobs) {
    if (job.state == JobState::finished) {
      // Final but maybe not stored: the result is collected again from its folder.
      const CalculationStatus status = parse_status(job.final_status);
      CalculationResult result = status == CalculationStatus::ok
                                     ? collect(job, structure_of(job), in_process_outcome(), 0)
                                     : failed_result(status, job.message);
      finish(job, result, on_result);
      progress.update(++stored);
    } else if (job.state == JobState::submitted) {
      if (backend_.jobs_outlive_process() && job.backend_name == backend_.name()) {
        started_at[job.id] = now_seconds();  // polled again below
      } else {
        if (job.backend_name == "local") kill_leftover_process_group(job.backend_id);
        // Lost by the death of the runner itself, not by the job: does not count as a failed attempt.
        job.state = JobState::pending;
        database_.save(job);
      }
    }
  }

  for (;;) {
    bool changed = false;
    bool all_stored = true;
    for (auto& job : jobs) {
      if (job.state != JobState::submitted) continue;
      const BackendJobStatus status = backend_.status(job.backend_id, job.attempt_directory());
      if (status.state == BackendJobStatus::State::queued || status.state == BackendJobStatus::State::running) continue;
      changed = true;
      const double wall = now_seconds() - started_at[job.id];
      started_at.erase(job.id);
      CalculationResult result =
          status.state == BackendJobStatus::State::lost
              ? failed_result(CalculationStatus::crashed,
                              fmt::format("lost by the {} backend: {}", backend_.name(), status.message))
              : collect(job, structure_of(job), status.outcome, wall);
      if (status.state == BackendJobStatus::State::lost) result.wall_seconds = wall;
      if (is_retryable(result.status) && job.failed_attempts < settings_.retries) {
        ++job.failed_attempts;
        job.state = JobState::pending;
        job.message = fmt::format("attempt {}: {}: {}", job.attempt, status_name(result.status), result.message);
        database_.save(job);
        continue;
      }
      finish(job, result, on_result);
      progress.update(++stored);
    }
    for (auto& job : jobs) {
      if (job.state != JobState::pending) continue;
      CalculationJob probe;
      probe.cores = settings_.cores_per_job;
      if (!backend_.can_accept(probe)) break;
      changed = true;
      start_attempt(job, structure_of(job), started_at, on_result);
      if (job.state == JobState::stored) progress.update(++stored);
    }
    for (const auto& job : jobs) all_stored = all_stored && job.state == JobState::stored;
    if (all_stored) break;
    if (!changed) std::this_thread::sleep_for(std::chrono::duration<double>(settings_.poll_interval_s));
  }
  progress.finish();
}

}  // namespace ionglass::calculators
