#pragma once
// The calculator configuration file (YAML) of `ionglass label` (docs/calculators.md):
//   calculator: NAME, a section named after it, an optional runner: section.
#include <memory>
#include <string>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/calculators/job_backend.hpp"
#include "ionglass/calculators/job_runner.hpp"
#include "ionglass/core/execution_context.hpp"

namespace ionglass::calculators {

struct CalculatorConfig {
  std::string path;               ///< the configuration file
  std::string calculator;         ///< a name of calculator_names(): command | cp2k | potential
  std::string backend = "local";  ///< a name of backend_names(): local | slurm
  RunnerSettings runner;
};

/// Reads and checks the top-level keys and the runner: section (file:line errors).
CalculatorConfig read_calculator_config(const std::string& path);

/// The calculator the file names (its section is read by the calculator's own factory).
std::unique_ptr<Calculator> make_calculator(const CalculatorConfig& config);

/// The backend the file names; max_cores 0 becomes the context's thread count.
std::unique_ptr<JobBackend> make_backend(const CalculatorConfig& config, const ExecutionContext& context);

}  // namespace ionglass::calculators
