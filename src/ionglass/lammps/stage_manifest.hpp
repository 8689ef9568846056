#pragma once
// The stage list that `ionglass lammps export` stores next to the LAMMPS deck
// (DIR/ionglass_stages.yaml), so that `ionglass lammps run` can label the LAMMPS thermo output with
// the same stage numbers, times and target temperatures as `ionglass run` writes.
//
// The k-th thermo block of the LAMMPS log (one per `run` or `minimize` command of the deck) belongs
// to the k-th stage. Minimisation steps do not advance the MD step counter (the deck resets the
// LAMMPS step counter after each minimisation, as ionglass does).
#include <string>
#include <vector>

namespace ionglass {

struct LammpsStageRecord {
  std::string name;
  std::string ensemble;             ///< nve, nvt, npt, minimize
  long long steps = 0;              ///< MD steps (minimize: maximum iterations)
  double timestep_ps = 0.001;
  double start_temperature_K = 0;   ///< nvt/npt target at the first step (else 0)
  double end_temperature_K = 0;     ///< nvt/npt target at the last step
  long long first_step = 0;         ///< MD step counter at the start of the stage
  double start_time_ps = 0;         ///< simulated time at the start of the stage

  bool is_minimization() const { return ensemble == "minimize"; }
  /// Thermo blocks the stage prints: 1 for MD; 2 for a minimisation (the minimiser's, then a
  /// `run 0` with the velocities restored).
  int thermo_blocks() const { return is_minimization() ? 2 : 1; }
  bool has_target_temperature() const { return ensemble == "nvt" || ensemble == "npt"; }
  /// Target temperature at step `k` of the stage (1..steps), linear as StageSpec::temperature_at.
  double temperature_at(long long k) const;
};

struct LammpsStageManifest {
  std::string protocol;            ///< protocol file the deck came from
  std::string thermo_file = "thermo.csv";
  std::string log_file = "log.lammps";
  long long total_steps = 0;       ///< MD steps of all stages
  /// The deck starts with `run 0` (one thermo block with the starting state before stage 1).
  bool start_block = false;
  std::vector<LammpsStageRecord> stages;
};

/// Writes the manifest as YAML (atomically).
void write_lammps_stage_manifest(const std::string& path, const LammpsStageManifest& manifest);
/// Reads it back; InputError (file, line) for a missing or malformed manifest.
LammpsStageManifest read_lammps_stage_manifest(const std::string& path);

}  // namespace ionglass
