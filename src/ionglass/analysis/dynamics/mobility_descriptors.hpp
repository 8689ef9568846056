#pragma once
// Mobility of each ion against its local structure (analysis-definitions.md, "Mobility and
// structure"). Each ion of the mobile species is ranked by its displacement |r(t₁) − r(t₀)| over
// the window [t₀ = 0, t₁]; descriptors come from the first frame (the start of the window):
//   O_neighbours                 O within the mobile–O cutoff (Na–O coordination number)
//   bridging/non_bridging/free_O_neighbours   those O split by their number of network-former
//                                neighbours within the former–O cutoff (≥2, 1, 0)
//   Fe_neighbours, P_neighbours  within the mobile–Fe / mobile–P cutoffs
//   nearest_<species>_distance_A distance to the nearest ion of the same species
//   void_distance_A              free-volume proxy: min_j (r_ij − R_j) over all atoms, R_j the
//                                covalent radius (Cordero 2008): the radius of the empty sphere
//                                around the ion's centre
// The fastest and slowest fractions (default 20 %) are compared, and Spearman rank correlations
// between each descriptor and the displacement are reported.
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct MobilityOptions {
  double fraction = 0.2;          ///< fastest / slowest fraction
  double window_ps = 0;           ///< 0: the whole trajectory
  std::string former = "P";       ///< network former for the O speciation
  /// Cutoffs (Å) by element pair "A-B" (order-free). Defaults: Na-O 3.3, P-O 2.0, Fe-O 2.7,
  /// and 4.0 for the mobile species with Fe and with P (mobile–O: 3.3 unless given).
  std::map<std::string, double> cutoffs;
  double nearest_search_A = 8.0;  ///< search radius for the nearest same-species ion
};

struct MobilityResult {
  std::string species;
  double window_ps = 0;
  std::vector<std::string> descriptor_names;
  std::vector<long long> ids;
  std::vector<double> displacement_A;
  std::vector<std::vector<double>> descriptors;  ///< [descriptor][ion]
  std::vector<int> group;                        ///< +1 fastest fraction, −1 slowest, 0 otherwise
  std::vector<double> mean_fast, mean_slow, spearman;  ///< per descriptor
  std::map<std::string, double> cutoffs_used;
};

MobilityResult mobility_against_structure(const UnwrappedTrajectory& trajectory, const std::string& species,
                                          const MobilityOptions& options);

/// Cutoff for an element pair from "A-B" entries (either order), or `fallback`.
double pair_cutoff(const std::map<std::string, double>& cutoffs, const std::string& a, const std::string& b, double fallback);

/// Spearman rank correlation (ties get their mean rank); NaN with fewer than 3 values or no spread.
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ionglass
