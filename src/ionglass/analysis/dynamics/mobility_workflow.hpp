#pragma once
// The ion-mobility workflow (docs/mobility.md): each trajectory is one replica of the same
// system; the mobile-ion sites, hops and rates (ion_sites.hpp) and the learned mobility
// ("softness", learned_mobility.hpp) are pooled over the replicas. `ionglass mobility` calls
// this; report/mobility_report.hpp writes the results.
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/ion_sites.hpp"
#include "ionglass/analysis/dynamics/learned_mobility.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"
#include "ionglass/core/execution_context.hpp"
#include "ionglass/io/structure_io.hpp"

namespace ionglass {

struct IonMobilitySettings {
  std::vector<std::string> trajectory_files;  ///< one replica each
  ReadOptions read;
  double timestep_ps = 0, frame_interval_ps = 0;  ///< time base as in UnwrapOptions
  bool remove_drift = true;
  /// Descriptors and classifier. `learned.species` is the mobile species (required); it and
  /// `learned.formers`/`learned.anions` may be written in any case.
  LearnedMobilitySettings learned;
  /// Site analysis; its species and bootstrap are taken from `learned`.
  SiteSettings sites;

  /// Throws InputError for negative times, no mobile species, an unknown element or no files.
  void validate() const;
};

struct IonMobilityResults {
  IonMobilitySettings settings;  ///< as used: symbols canonical, sites.species/bootstrap from learned
  std::vector<UnwrappedTrajectory> replicas;
  SiteHopResult sites;
  LearnedMobilityResult learned;
};

/// Reads every replica and runs the site and learned-mobility analyses (threads from the context).
IonMobilityResults analyze_ion_mobility(const IonMobilitySettings& settings, const ExecutionContext& context);

}  // namespace ionglass
