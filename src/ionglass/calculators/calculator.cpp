#include "ionglass/calculators/calculator.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdint>
#include <filesystem>

#include "ionglass/core/error.hpp"

namespace ionglass::calculators {
namespace fs = std::filesystem;

namespace {

// FNV-1a, 64 bit (Fowler, Noll, Vo) over the parts, NUL-separated: stable across platforms and
// runs, unlike std::hash.
std::string fnv1a_hex(const std::vector<std::string>& parts) {
  std::uint64_t hash = 14695981039346656037ull;
  for (std::size_t p = 0; p < parts.size(); ++p) {
    if (p > 0) {
      hash ^= 0u;
      hash *= 1099511628211ull;
    }
    for (const unsigned char c : parts[p]) {
      hash ^= c;
      hash *= 1099511628211ull;
    }
  }
  return fmt::format("{:016x}", hash);
}

}  // namespace

std::string Calculator::settings_hash() const {
  return fnv1a_hex({name(), settings_text()});
}

std::string label_settings_hash(const Calculator& calculator, const CalculationRequest& request) {
  if (request.kind == CalculationRequest::Kind::single_point) return calculator.settings_hash();
  const auto& md = request.molecular_dynamics;
  return fnv1a_hex({calculator.name(), calculator.settings_text(),
                    fmt::format("molecular_dynamics {} K {} steps {} fs every {} seed {}", md.temperature_K, md.steps,
                                md.timestep_fs, md.sample_every, md.seed)});
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
