#pragma once
// The dynamics workflow (docs/dynamics-analysis.md): from one trajectory, for every analysed
// species the MSD and tracer diffusion coefficient D = slope/6 (block and GLS errors), the
// non-Gaussian parameter α₂(t) and the self and distinct van Hove functions; with formal charges
// and a temperature the Nernst–Einstein and collective conductivities and the Haven ratio
// H_R = σ_NE/σ; for the mobile species its hops, residence times and site percolation, and its
// mobility against local structure. `ionglass dynamics` and the study call this; the results are
// written by report/dynamics_report.hpp.
//
// No element is assumed: the analysed species are those given (or all present), the mobile
// species is the one given, else the first of `mobile_preference` present, else the first charged
// species, else the first species (alphabetical).
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/ion_hops.hpp"
#include "ionglass/analysis/dynamics/ionic_conductivity.hpp"
#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"
#include "ionglass/analysis/dynamics/non_gaussian_parameter.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"
#include "ionglass/analysis/dynamics/van_hove.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

/// Everything `ionglass dynamics` options set. Element symbols may be written in any case
/// ("na", "NA"); analyze_dynamics uses their canonical spelling.
struct DynamicsSettings {
  /// Trajectory files (LAMMPS dump, extxyz, XDATCAR), concatenated in order.
  std::vector<std::string> trajectory_files;
  ReadOptions read;
  /// Time base: `frame_interval_ps` > 0 is used directly, else MD step × `timestep_ps`.
  double timestep_ps = 0;
  double frame_interval_ps = 0;
  /// Species analysed; empty: every element present. Charged species are always analysed.
  std::vector<std::string> species;
  /// Formal charge (e) per element of the conducting ions; empty: no conductivity.
  std::map<std::string, double> charges_e;
  /// Temperature (K) for the conductivity; 0: the trajectory's info temperature (if any).
  double temperature_K = 0;
  /// Species for hops and mobility; empty: chosen as described at the top of this file.
  std::string mobile;
  /// Species preferred as the mobile one when `mobile` is empty (first present wins).
  std::vector<std::string> mobile_preference;
  bool remove_drift = true;
  DiffusionFitOptions fit;
  /// Times (ps) of the van Hove functions, rounded to whole frames.
  std::vector<double> van_hove_times_ps = {1, 10, 100};
  /// true: a van Hove time outside the trajectory is an InputError; false: it is skipped (when
  /// every time is skipped, half the trajectory is used).
  bool van_hove_times_required = false;
  double van_hove_bin_A = 0.05;
  HopOptions hops;
  /// Mobility against local structure (mobility_descriptors.hpp).
  double mobility_fraction = 0.2;  ///< fastest / slowest fraction compared
  double mobility_window_ps = 0;   ///< 0: the whole trajectory
  std::string network_former;      ///< former for bridging / non-bridging O; empty: the descriptor default
  std::map<std::string, double> descriptor_cutoffs_A;  ///< "A-B" → Å (either order)
  /// Species of the matrix (the network) whose own MSD says whether the run is a glass or a
  /// liquid; empty: every analysed species that is neither the mobile one nor charged.
  std::vector<std::string> matrix_species;

  /// Throws InputError for negative times, a negative temperature, an unknown element or a
  /// cutoff key that does not read A-B.
  void validate() const;
};

/// Results of one analysed species.
struct SpeciesDynamics {
  std::string symbol;
  std::size_t atoms = 0;
  DiffusionResult diffusion;  ///< MSD, β, fit window, D and its block / GLS errors (Å², ps)
  NonGaussianCurve alpha2;
  std::vector<VanHoveCurve> self_van_hove;
  std::vector<VanHoveCurve> distinct_van_hove;  ///< empty with fewer than two atoms
  std::optional<double> charge_e;               ///< when the species is charged
  /// This species alone as the conductor (with a temperature and a charge).
  std::optional<ConductivityResult> conductivity;

  double D_cm2_per_s() const { return diffusion.D_A2_per_ps() * A2_per_ps_to_cm2_per_s; }
  double D_stderr_cm2_per_s() const { return diffusion.D_stderr_A2_per_ps() * A2_per_ps_to_cm2_per_s; }
  /// Mean local exponent β over the fit window (NaN when undefined there).
  double beta_mean_in_window() const;
  /// Index into alpha2 of the largest α₂; nullopt when α₂ is empty.
  std::optional<std::size_t> alpha2_peak() const;
};

/// Whether the matrix flows: "liquid" when a matrix species is diffusive, "glass" when every matrix
/// species is sub-diffusive, "unknown" otherwise (none analysed, or a ballistic or undetermined
/// one). D, σ and E_a of the mobile ions describe the glass only in a "glass" run.
struct MatrixState {
  std::string state = "unknown";
  std::vector<std::string> species;  ///< the matrix species looked at
  std::string reason;                ///< their regimes, one clause each
};

struct DynamicsResults {
  DynamicsSettings settings;  ///< as given, element symbols canonical
  std::size_t frames = 0;
  double frame_interval_ps = 0;
  double duration_ps() const { return static_cast<double>(frames - 1) * frame_interval_ps; }
  double temperature_K = 0;  ///< 0: unknown
  double volume_A3 = 0;      ///< mean over frames
  bool unwrapped_from_image_flags = false;
  bool drift_removed = true;
  double max_centre_of_mass_drift_A = 0;
  std::string mobile_species;
  std::map<std::string, SpeciesDynamics> species;  ///< by symbol
  MatrixState matrix;                              ///< glass or liquid, from the matrix species' MSD

  /// Conductivity of all charged species together (charges and a temperature given).
  std::optional<ConductivityResult> conductivity;
  FitWindow conductivity_window;  ///< lags of the charge-MSD fit (the carrier's window)
  /// Charges were given but no temperature was known: conductivity not computed.
  bool conductivity_needs_temperature = false;

  HopResult hops;                          ///< of the mobile species
  std::optional<MobilityResult> mobility;  ///< with at least two mobile ions
  std::vector<double> van_hove_times_ps;   ///< the lags used × frame interval
  /// Time of lag m (ps).
  double time_ps(std::size_t lag) const { return static_cast<double>(lag) * frame_interval_ps; }
};

/// What read_unwrapped_trajectory must keep for these settings (species, drift, time base).
UnwrapOptions dynamics_unwrap_options(const DynamicsSettings& settings);

/// Reads `settings.trajectory_files` and analyses them (threads from the context via
/// ThreadScope, progress bars when context.show_progress). Writes nothing.
DynamicsResults analyze_dynamics(const DynamicsSettings& settings, const ExecutionContext& context);

/// Analyses a trajectory already in memory (built with dynamics_unwrap_options(settings), e.g. by
/// TrajectoryUnwrapper); `settings.trajectory_files` only labels the results.
DynamicsResults analyze_dynamics(const UnwrappedTrajectory& trajectory, const DynamicsSettings& settings,
                                 const ExecutionContext& context);

}  // namespace ionglass
