#pragma once
// `ionglass label` as a library call: reference energies and forces for a set of structures,
// appended frame by frame to an extended-XYZ label database (docs/calculators.md).
#include <limits>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "ionglass/calculators/calculator.hpp"
#include "ionglass/calculators/job_backend.hpp"
#include "ionglass/calculators/job_runner.hpp"
#include "ionglass/core/execution_context.hpp"

namespace ionglass::calculators {

struct LabelSettings {
  std::string
      database_path;    ///< the label database (extended XYZ); DB.jobs/, DB.failures.csv, DB.summary.json beside it
  bool resume = false;  ///< continue the job database DB.jobs/ of an interrupted run (else it starts afresh)
  /// eV/Å; frames whose largest |F| exceeds it go to the failures file as `filtered`, not to the database.
  double max_force_eV_per_A = std::numeric_limits<double>::infinity();
  RunnerSettings runner;
  CalculationRequest request;  ///< single point, or molecular dynamics (every sampled frame is labelled)
};

struct LabelSummary {
  long long structures = 0;                        ///< input structures (all frames of all input files)
  long long already_labelled = 0;                  ///< skipped: in the database with the same settings hash
  long long frames_stored = 0;                     ///< frames appended to the database by this run
  long long filtered = 0;                          ///< frames dropped by max_force_eV_per_A
  std::map<std::string, long long> status_counts;  ///< final status → jobs finished by this call
  long long failures = 0;                          ///< rows in the failures file
  /// Frames dropped from the end of the database at the start: the last structure's frames
  /// that a kill cut short while they were being appended (they are labelled again).
  long long incomplete_frames_dropped = 0;
  double wall_time_s = 0;
  double calculation_wall_time_s = 0;  ///< sum over the jobs' wall times
  std::string database_path, failures_path, summary_path, jobs_folder;
};

/// Labels every frame of every input file (any format io/structure_io reads). Structures already
/// in the database with the calculator's settings hash are skipped (also across separate runs).
/// Failures do not stop the batch; they go to DB.failures.csv. Writes DB.summary.json.
LabelSummary label_structures(const std::vector<std::string>& inputs, const Calculator& calculator, JobBackend& backend,
                              const LabelSettings& settings, const ExecutionContext& context);

/// The frames of one result as database frames: the structure (or each MD sample) with the
/// label keys of the contract (energy_eV, forces_eV_per_A, label_* keys, structure_hash,
/// label_frames = the number of frames of this result, ...).
std::vector<System> label_frames(const System& structure, const CalculationResult& result,
                                 const std::string& calculator_name, const std::string& settings_hash,
                                 const std::string& source_file, long long source_frame);

nlohmann::json summary_json(const LabelSummary& summary);

}  // namespace ionglass::calculators
