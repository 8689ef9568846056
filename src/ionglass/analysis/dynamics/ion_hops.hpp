#pragma once
// Ion hops between sites, residence times and the percolation of the network of visited sites.
//
// An ion resides at a site whose centre is the mean of its first `persistence` frames there. A hop
// happens at the first frame where the ion is farther than `threshold_A` from the site centre and
// stays farther for `persistence_ps` (short excursions that come back are vibrations, not hops);
// the new site's centre is the mean over those frames. Residence times are the times between
// hops (the first and the last residence of each ion are cut by the trajectory and left out of the
// distribution).
//
// Sites: residences of any ion whose centres lie within `site_radius_A` of each other (minimum
// image) are the same site. The network has the residences as nodes, linked by hops (unwrapped
// displacement) and by sharing a site (minimum-image displacement). Walking it from one node,
// each node gets an unwrapped position; reaching a node again at a position shifted by a lattice
// vector n ≠ 0 means that the cluster connects to its own periodic image: it percolates along the
// axes where n ≠ 0 (unwrapped connectivity, not the extent of the wrapped coordinates).
#include <array>
#include <vector>

#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct HopOptions {
  double threshold_A = 1.5;
  double persistence_ps = 1.0;
  double site_radius_A = 1.0;
  double residence_bin_ps = 0;  ///< 0: automatic (about 30 bins)
};

struct Hop {
  long long ion_id = 0;
  double time_ps = 0;
  std::size_t from_site = 0, to_site = 0;
  double length_A = 0;
};

struct HopResult {
  std::vector<Hop> hops;
  std::vector<double> residence_times_ps;  ///< completed residences
  std::vector<double> residence_histogram_bins_ps, residence_histogram_probability;  ///< bin centres, fraction per bin
  std::size_t ions = 0;
  double total_time_ps = 0;
  double hop_rate_per_ion_per_ps = 0;
  double mean_residence_ps = 0;
  std::size_t sites = 0;
  std::size_t largest_cluster_sites = 0;  ///< sites in the largest connected cluster
  std::array<bool, 3> percolates{};       ///< a cluster connects to its own image along a, b, c
  std::size_t persistence_frames = 0;
};

HopResult analyse_hops(const UnwrappedTrajectory& trajectory, const std::vector<std::size_t>& atoms, const HopOptions& options);

}  // namespace ionglass
