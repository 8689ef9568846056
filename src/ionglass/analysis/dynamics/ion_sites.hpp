#pragma once
// Mobile-ion sites found from where the ions reside, the assignment of each ion to a site at each
// frame, and the hop network between sites (docs/mobility.md, "Sites and hops").
//
// 1. Residence samples: each ion's trajectory is cut into consecutive windows of
//    `averaging_window_ps`; a window whose RMS spread about its mean position is below
//    `max_window_spread_A` is a residence sample at that mean (wrapped into the cell). Windows
//    during which the ion moves (a hop) are spread out and dropped.
// 2. Clustering (periodic, triclinic via minimum image): leader clustering with radius
//    `site_radius_A` (a sample joins the first site centre closer than that, else starts a site),
//    then `refinement_passes` passes of nearest-centre reassignment with centre recomputation (a
//    k-means step); sites closer than `site_radius_A` are merged, sites with fewer than
//    `min_samples` samples are dropped.
// 3. Assignment with hysteresis: an ion belongs to the nearest site whose centre lies within
//    `core_radius_A`; outside every core it keeps its previous site (vibrations and failed
//    excursions are not hops). A hop is a change of site; before its first core entry an ion has
//    no site.
// 4. Hop network: N_ij hops i→j; T_i the time spent assigned to site i (ps); rate k_ij = N_ij/T_i
//    (1/ps), escape rate k_i = Σ_j N_ij / T_i; residence times are the completed stays (between
//    two hops). Confidence intervals: percentile bootstrap over ions (bootstrap_interval.hpp).
// Replicas (independent trajectories of the same or different glasses) each get their own sites;
// the pooled rate and residence statistics resample the ions of all replicas together.
#include <vector>

#include "ionglass/analysis/dynamics/bootstrap_interval.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct SiteSettings {
  std::string species;               ///< the mobile species (element symbol); required
  double averaging_window_ps = 0.1;  ///< window for the residence samples
  double max_window_spread_A = 0.6;  ///< RMS spread below which a window is a residence sample
  double site_radius_A = 1.0;        ///< clustering radius
  double core_radius_A = 0.8;        ///< hysteresis: radius of a site's core
  std::size_t min_samples = 2;       ///< smallest site kept (residence samples)
  int refinement_passes = 3;
  BootstrapSettings bootstrap;
};

struct SiteHop {
  std::size_t ion = 0;  ///< index into the replica's ions
  std::size_t frame = 0;
  std::size_t from_site = 0, to_site = 0;
};

struct ReplicaSites {
  std::vector<Vec3> site_centres_A;       ///< wrapped into the cell of the first frame
  std::vector<std::size_t> site_samples;  ///< residence samples per site
  std::vector<long long> ion_ids;
  std::vector<std::vector<long>> site_of_ion;  ///< [ion][frame]: site index, −1 before the first core entry
  std::vector<SiteHop> hops;
  std::vector<std::vector<std::size_t>> hop_counts;   ///< [from][to]
  std::vector<double> site_time_ps;                   ///< T_i
  std::vector<std::vector<double>> rate_per_ps;       ///< k_ij = N_ij / T_i
  std::vector<BootstrapInterval> escape_rate_per_ps;  ///< k_i per site, CI over ions
  std::vector<BootstrapInterval> site_residence_ps;   ///< mean completed residence per site, CI over residences
  std::vector<double> residence_times_ps;             ///< completed stays
  double total_time_ps = 0;
};

struct SiteHopResult {
  std::vector<ReplicaSites> replicas;
  BootstrapInterval hop_rate_per_ion_per_ps;  ///< total hops / total assigned ion time, pooled
  BootstrapInterval mean_residence_ps;        ///< pooled completed stays
  std::size_t hops = 0, ions = 0;
};

SiteHopResult analyse_site_hops(const std::vector<const UnwrappedTrajectory*>& replicas, const SiteSettings& settings);

}  // namespace ionglass
