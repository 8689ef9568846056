#pragma once
// MD protocol files (YAML): a starting structure, a potential, a list of stages and the outputs.
// Every key, unit and default is documented in docs/md.md. Unknown keys and impossible values
// raise InputError naming the file and line.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/ace/extrapolation_monitor.hpp"
#include "ionglass/md/fire_minimizer.hpp"
#include "ionglass/md/random_packer.hpp"
#include "ionglass/md/stochastic_cell_rescaling.hpp"
#include "ionglass/md/thermostat.hpp"

namespace ionglass {

enum class Ensemble { Nve, Nvt, Npt, Minimize };
std::string ensemble_name(Ensemble ensemble);

struct StageSpec {
  std::string name;
  Ensemble ensemble = Ensemble::Nve;
  long long steps = 0;  ///< MD steps (minimize: the maximum number of FIRE steps)
  double timestep_ps = 0.001;
  ThermostatKind thermostat = ThermostatKind::Bussi;
  double damping_ps = 0.1;         ///< thermostat relaxation time
  double start_temperature_K = 0;  ///< target at the first step (nvt, npt)
  double end_temperature_K = 0;    ///< target at the last step (equal to start without a ramp)
  BarostatCoupling coupling = BarostatCoupling::Isotropic;
  double pressure_bar = 0;
  double pressure_damping_ps = 1.0;
  double compressibility_per_bar = 1e-5;
  FireOptions fire;  ///< minimize
  long line = 0;     ///< line of the stage in the protocol file

  /// Target temperature at step `k` of the stage (1..steps): linear ramp from start to end.
  double temperature_at(long long k) const;
};

/// Steps of a stage that lasts `duration_ps` with `timestep_ps`, rounded to the nearest whole
/// step. Throws InputError (without a position) when that is less than one step or more than 10^12.
long long steps_for_duration(double duration_ps, double timestep_ps);
/// A FIRE minimisation stage of at most `max_steps` steps, the other FIRE settings at their defaults.
StageSpec minimize_stage(std::string name, long long max_steps);
/// An NVT stage at the constant `temperature_K` for `duration_ps` (steps_for_duration), as the
/// protocol reader builds it from `ensemble: nvt` with temperature_K and duration_ps.
StageSpec nvt_stage(std::string name, ThermostatKind thermostat, double damping_ps, double temperature_K,
                    double timestep_ps, double duration_ps);
/// The warning for an unusually large timestep (above 0.005 ps) of `stage` given at `source`:`line`,
/// or an empty text.
std::string timestep_warning(const StageSpec& stage, const std::string& source, long line);

struct StructureSpec {
  std::string file;                ///< absolute or relative to the protocol file
  std::vector<std::string> types;  ///< elements of LAMMPS types
  std::string format;
  std::optional<RandomPackingOptions> random;
  std::map<std::string, double> charges;  ///< element → charge (e), applied to every atom
};

struct PotentialSpec {
  std::string file;  ///< resolved path; empty for the built-in Lennard-Jones model
  bool lennard_jones = false;
  double epsilon_eV = 0, sigma_A = 0, cutoff_A = 0;
};

struct OutputSpec {
  long long thermo_every = 100;
  std::string thermo_file = "thermo.csv";
  bool console = true;
  long long trajectory_every = 0;  ///< 0: no trajectory
  std::string trajectory_file = "trajectory.dump";
  bool trajectory_velocities = false;
  std::string final_structure = "final.data";
  long long checkpoint_every = 0;  ///< 0: checkpoints only at the end of each stage
  std::string checkpoint_file = "checkpoint.bin";
};

struct SafetySpec {
  double min_distance_A = 0.5;
  /// Largest distance an atom may move in one step (Å, checked every step); 0 disables. At 5000 K
  /// an O atom moves about 0.03 Å in a 1 fs step.
  double max_displacement_A = 1.0;
  double max_temperature_K = 1e5;
  long long check_every = 100;
};

struct Protocol {
  std::string path;
  std::string text;         ///< the file as read (its hash guards resumes)
  std::string description;  ///< free text (key `description`)
  StructureSpec structure;
  PotentialSpec potential;
  std::uint64_t seed = 1;
  std::optional<double> initial_temperature_K;
  std::vector<StageSpec> stages;
  OutputSpec outputs;
  SafetySpec safety;
  /// ACE extrapolation monitoring (section `extrapolation:`; docs/md.md). `potential` and
  /// `active_set` are resolved paths; `file` is relative to the output directory.
  std::optional<ace::ExtrapolationSettings> extrapolation;
  std::vector<std::string> warnings;  ///< e.g. a timestep above 0.005 ps

  long long total_steps() const;
};

/// Reads and checks a protocol file (once; the value is then changed in memory and written with
/// protocol_writer.hpp's format_protocol where a record is wanted).
Protocol read_protocol(const std::string& path);
/// Parses protocol text; `path` names it in errors and anchors relative paths.
Protocol parse_protocol(const std::string& text, const std::string& path);

}  // namespace ionglass
