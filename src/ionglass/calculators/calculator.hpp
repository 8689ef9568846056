#pragma once
// The reference-calculator interface: structures in; energy, forces, stress, status and
// provenance out (calculation_result.hpp).
//
// A calculation is split so that any job runner (a local process pool, a batch scheduler) can run it in a
// folder of its own, and a restarted run can collect what finished while it was away:
//   prepare(structure, request, folder) → writes the input files, returns the job to run there;
//   (the runner runs job.command in the folder, locally or on a cluster);
//   collect(structure, request, folder, outcome) → reads the outputs into a CalculationResult.
// A calculator that needs no external program (an ionglass potential) returns an empty command;
// collect then does the work in-process. prepare may throw InputError for a structure or setting
// the calculator cannot treat; collect never throws for a failed calculation (it returns a
// status and a message).
#include <map>
#include <string>
#include <vector>

#include "ionglass/calculators/calculation_result.hpp"
#include "ionglass/core/child_process.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::calculators {

/// Ab initio (or other) molecular dynamics through the calculator, for codes that support it:
/// NVT at a fixed temperature, sampling every `sample_every`-th step.
struct MolecularDynamicsRequest {
  double temperature_K = 0;
  long long steps = 0;
  double timestep_fs = 1.0;  ///< fs, as DFT codes take it (1 fs = 0.001 ps)
  long long sample_every = 1;
  unsigned long long seed = 1;
};

/// What to compute for one structure.
struct CalculationRequest {
  enum class Kind { single_point, molecular_dynamics } kind = Kind::single_point;
  MolecularDynamicsRequest molecular_dynamics;
};

/// What a job runner must run for one prepared calculation.
struct CalculationJob {
  /// Program and arguments, run in the calculation's folder; empty: in-process (see above).
  std::vector<std::string> command;
  /// Extra environment variables (OMP_NUM_THREADS, ...).
  std::map<std::string, std::string> environment;
  /// File in the folder that receives the program's standard output and error.
  std::string output_file = "calculation.log";
  /// Cores the command uses (a local pool runs jobs side by side only while cores remain).
  int cores = 1;
};

class Calculator {
 public:
  virtual ~Calculator() = default;
  /// "command", "potential", ... (calculator_registry.cpp lists them).
  virtual std::string name() const = 0;
  /// Canonical text of every setting that changes the numbers; the settings hash is over it.
  virtual std::string settings_text() const = 0;
  /// True when the calculator can run CalculationRequest::Kind::molecular_dynamics.
  virtual bool supports_molecular_dynamics() const { return false; }
  /// Writes the inputs for `structure` into `work_directory` (an existing folder) and returns what
  /// to run there. InputError for what the calculator cannot treat.
  virtual CalculationJob prepare(const System& structure, const CalculationRequest& request,
                                 const std::string& work_directory) const = 0;
  /// Reads the outputs in `work_directory` after the job's command ended with `outcome`.
  virtual CalculationResult collect(const System& structure, const CalculationRequest& request,
                                    const std::string& work_directory, const ChildProcessOutcome& outcome) const = 0;

  /// 16 hexadecimal digits: a 64-bit FNV-1a hash of name() and settings_text(). Labels made with
  /// the same hash are interchangeable; `ionglass label --resume` skips them.
  std::string settings_hash() const;
};

/// The hash labels made for `request` carry: settings_hash() for single points; for molecular
/// dynamics a hash that also covers the temperature, steps, time step, sampling and seed, so that
/// AIMD samples and single points of the same structure are told apart.
std::string label_settings_hash(const Calculator& calculator, const CalculationRequest& request);

/// Runs one calculation here and now: prepare, run the command in `work_directory` (created when
/// missing) with the context's thread count in OMP_NUM_THREADS, collect. An InputError from
/// prepare becomes the status input_error; a program that cannot start, missing_executable.
CalculationResult calculate(const Calculator& calculator, const System& structure, const CalculationRequest& request,
                            const std::string& work_directory, const ExecutionContext& context,
                            double timeout_seconds = 0);

/// The outcome of a command that did not fail, for in-process calculators and tests.
ChildProcessOutcome in_process_outcome();

/// The child-process options that run `job` in work_directory: its command, output file and
/// environment, OMP_NUM_THREADS = threads unless the job sets it, and the wall-clock limit (s, 0 = none).
ChildProcessOptions child_process_options(const CalculationJob& job, const std::string& work_directory, int threads,
                                          double timeout_seconds);

}  // namespace ionglass::calculators
