#include "ionglass/study/study_step.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::study {

namespace fs = std::filesystem;

StepRunner::StepRunner(ExecutionContext context, bool force) : context_(std::move(context)), force_(force) {}

bool StepRunner::completed(const std::string& directory) {
  std::ifstream in(directory + "/step.json");
  if (!in) return false;
  try {
    const auto j = nlohmann::json::parse(in);
    return j.value("status", "") == "completed";
  } catch (const nlohmann::json::exception&) {
    return false;
  }
}

std::string StepRunner::position() const {
  if (total_ <= 0) return "";
  return "[" + std::to_string(executed_ + skipped_ + 1) + "/" + std::to_string(total_) + "] ";
}

bool StepRunner::run(const Step& step) {
  if (!force_ && completed(step.directory)) {
    std::cerr << "study: " << position() << step.id << ": already completed, skipped\n";
    ++skipped_;
    return false;
  }
  std::error_code ec;
  if (force_ && fs::exists(step.directory, ec)) fs::remove_all(step.directory, ec);
  fs::create_directories(step.directory);
  const bool resumed = step.resumable_md && fs::exists(step.directory + "/checkpoint.bin", ec);
  std::vector<std::string> command = step.command;
  if (resumed) command.push_back("--resume");
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  std::cerr << "study: " << position() << step.id << (resumed ? ": resuming from its checkpoint" : ": running");
  if (total_ > 0 && executed_ > 0) {
    const int left = total_ - executed_ - skipped_;
    std::cerr << " (elapsed " << static_cast<long long>(elapsed) << " s, ETA ~"
              << static_cast<long long>(executed_seconds_ / executed_ * left) << " s at the mean step time)";
  }
  std::cerr << "\n";
  std::ofstream log(step.directory + "/log.txt", std::ios::app);
  log << "$ ionglass";
  for (const auto& a : command) log << " " << a;
  log << std::endl;

  StepExecution execution;
  execution.context = context_;
  execution.context.output_directory = step.directory;
  // MD and analysis inside the step show their own progress (rate, ETA) when the study does.
  execution.context.show_progress = context_.show_progress;
  execution.resume = resumed;
  execution.log = &log;
  const auto start = std::chrono::steady_clock::now();
  try {
    step.run(execution);
  } catch (const InputError& e) {
    log << "error: " << e.what() << std::endl;
    throw InputError(e.file(), e.line(), "study step " + step.id + ": " + e.problem());
  } catch (const ComputationError& e) {
    log << "error: " << e.what() << std::endl;
    throw ComputationError("study step " + step.id + " failed: " + e.what());
  } catch (const std::exception& e) {
    log << "error: " << e.what() << std::endl;
    throw Error("study step " + step.id + " failed: " + e.what());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& o : step.outputs)
    if (!fs::exists(o, ec)) throw Error("study step " + step.id + " finished but did not write " + o);
  const nlohmann::json record{{"id", step.id},         {"status", "completed"},   {"command", command},
                              {"inputs", step.inputs}, {"outputs", step.outputs}, {"wall_s", seconds},
                              {"resumed", resumed}};
  write_file_atomically(step.directory + "/step.json", record.dump(2) + "\n");
  ++executed_;
  executed_seconds_ += seconds;
  return true;
}

}  // namespace ionglass::study
