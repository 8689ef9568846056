#include "ionglass/calculators/calculator.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

std::string Calculator::settings_hash() const {
  // FNV-1a, 64 bit (Fowler, Noll, Vo): stable across platforms and runs, unlike std::hash.
  std::uint64_t hash = 14695981039346656037ull;
  auto feed = [&hash](const std::string& text) {
    for (const unsigned char c : text) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  };
  feed(name());
  feed(std::string(1, '\0'));
  feed(settings_text());
  return fmt::format("{:016x}", hash);
}

ChildProcessOutcome in_process_outcome() {
  ChildProcessOutcome outcome;
  outcome.started = true;
  outcome.exited = true;
  outcome.exit_status = 0;
  return outcome;
}

ChildProcessOptions child_process_options(const CalculationJob& job, const std::string& work_directory, int threads,
                                          double timeout_seconds) {
  ChildProcessOptions options;
  options.command = job.command;
  options.working_directory = work_directory;
  options.output_file = job.output_file;
  options.environment = job.environment;
  if (!options.environment.count("OMP_NUM_THREADS")) options.environment["OMP_NUM_THREADS"] = std::to_string(threads);
  options.timeout_seconds = timeout_seconds;
  return options;
}

CalculationResult calculate(const Calculator& calculator, const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ExecutionContext& context,
                            double timeout_seconds) {
  const auto start = std::chrono::steady_clock::now();
  std::error_code ec;
  fs::create_directories(work_directory, ec);
  if (ec)
    return failed_result(CalculationStatus::input_error,
                         fmt::format("cannot create '{}': {}", work_directory, ec.message()));
  CalculationJob job;
  try {
    job = calculator.prepare(structure, request, work_directory);
  } catch (const InputError& e) {
    return failed_result(CalculationStatus::input_error, e.what());
  }
  ChildProcessOutcome outcome = in_process_outcome();
  if (!job.command.empty()) {
    outcome =
        run_child_process(child_process_options(job, work_directory, context.resolved_threads(), timeout_seconds));
    if (!outcome.started)
      return failed_result(CalculationStatus::missing_executable, calculator.name() + ": " + outcome.describe());
  }
  CalculationResult result = calculator.collect(structure, request, work_directory, outcome);
  if (outcome.timed_out) result = failed_result(CalculationStatus::timed_out, outcome.describe());
  result.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.provenance.emplace("calculator", calculator.name());
  result.provenance.emplace("settings_hash", calculator.settings_hash());
  result.provenance.emplace("work_directory", work_directory);
  return result;
}

}  // namespace ionglass::calculators
