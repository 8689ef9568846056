#include "ionglass/calculators/job_database.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <filesystem>
#include <nlohmann/json.hpp>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/read_file.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {
constexpr const char* state_names[] = {"pending", "submitted", "finished", "stored"};
}

std::string job_state_name(JobState state) {
  return state_names[static_cast<int>(state)];
}

JobState parse_job_state(const std::string& name) {
  for (int i = 0; i < 4; ++i)
    if (name == state_names[i]) return static_cast<JobState>(i);
  throw InputError("unknown job state '" + name + "' (allowed: pending, submitted, finished, stored)");
}

std::string JobRecord::attempt_directory() const {
  return (fs::path(work_directory) / fmt::format("attempt_{}", attempt)).string();
}

JobDatabase::JobDatabase(std::string folder) : folder_(std::move(folder)) {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec) throw InputError(folder_, 0, "cannot create the job database folder: " + ec.message());
  for (const auto& entry : fs::directory_iterator(folder_)) {
    const fs::path path = entry.path();
    if (path.extension() != ".json" || !entry.is_regular_file()) continue;
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(read_file(path.string()));
      JobRecord r;
      r.id = j.at("id").get<std::string>();
      r.structure_hash = j.at("structure_hash").get<std::string>();
      r.source_file = j.at("source_file").get<std::string>();
      r.source_frame = j.at("source_frame").get<long long>();
      r.work_directory = j.at("work_directory").get<std::string>();
      r.attempt = j.at("attempt").get<int>();
      r.failed_attempts = j.at("failed_attempts").get<int>();
      r.backend_name = j.at("backend_name").get<std::string>();
      r.backend_id = j.at("backend_id").get<std::string>();
      r.state = parse_job_state(j.at("state").get<std::string>());
      r.final_status = j.at("final_status").get<std::string>();
      r.message = j.at("message").get<std::string>();
      jobs_.push_back(std::move(r));
    } catch (const nlohmann::json::exception& e) {
      throw InputError(path.string(), 0, std::string("unreadable job state file: ") + e.what());
    }
  }
  std::sort(jobs_.begin(), jobs_.end(), [](const JobRecord& a, const JobRecord& b) { return a.id < b.id; });
}

JobRecord* JobDatabase::find(const std::string& id) {
  for (auto& job : jobs_)
    if (job.id == id) return &job;
  return nullptr;
}

JobRecord& JobDatabase::add(JobRecord record) {
  if (find(record.id)) throw InputError(folder_, 0, "duplicate job id '" + record.id + "'");
  if (record.work_directory.empty()) record.work_directory = (fs::path(folder_) / record.id).string();
  save(record);
  jobs_.push_back(std::move(record));
  return jobs_.back();
}

void JobDatabase::save(const JobRecord& r) const {
  const nlohmann::json j = {{"id", r.id},
                            {"structure_hash", r.structure_hash},
                            {"source_file", r.source_file},
                            {"source_frame", r.source_frame},
                            {"work_directory", r.work_directory},
                            {"attempt", r.attempt},
                            {"failed_attempts", r.failed_attempts},
                            {"backend_name", r.backend_name},
                            {"backend_id", r.backend_id},
                            {"state", job_state_name(r.state)},
                            {"final_status", r.final_status},
                            {"message", r.message}};
  write_file_atomically((fs::path(folder_) / (r.id + ".json")).string(), j.dump(1) + "\n");
}

}  // namespace ionglass::calculators
