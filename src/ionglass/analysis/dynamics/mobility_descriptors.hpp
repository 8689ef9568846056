#pragma once
// Mobility of each ion against its local structure (analysis-definitions.md, "Mobility and
// structure"). Each ion of the mobile species is ranked by its displacement |r(t₁) − r(t₀)| over
// the window [t₀ = 0, t₁]; descriptors come from the first frame (the start of the window):
//   <A>_neighbours               anions A within the mobile–anion cutoff (e.g. Na–O coordination)
//   bridging/non_bridging/free_<A>_neighbours   those anions split by their number of network-
//                                former neighbours within the former–anion cutoff (≥2, 1, 0)
//   <X>_neighbours               each other neighbour species X within the mobile–X cutoff
//   nearest_<species>_distance_A distance to the nearest ion of the same species
//   void_distance_A              free-volume proxy: min_j (r_ij − R_j) over all atoms, R_j the
//                                covalent radius (Cordero 2008): the radius of the empty sphere
//                                around the ion's centre
// The fastest and slowest fractions (default 20 %) are compared, and Spearman rank correlations
// between each descriptor and the displacement are reported.
//
// Which element plays which role comes from MobilityOptions; empty fields are derived from the
// elements present in the first frame (mobility_species):
//   anion     the anion element (is_anion: O, F, S, Cl, N, Se, Br, Te, I) with the most atoms
//   former    the cation other than the mobile species with the smallest covalent radius (network
//             formers P, Si, B, Ge, Al are small and bond covalently; modifiers are larger)
//   neighbour species   every cation present other than the mobile species, alphabetically
// For NaFePO4 with mobile Na this gives O, P and {Fe, P}.
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct MobilityOptions {
  double fraction = 0.2;                      ///< fastest / slowest fraction
  double window_ps = 0;                       ///< 0: the whole trajectory
  std::string former;                         ///< network former for the anion speciation; empty: derived
  std::string anion;                          ///< anion element symbol; empty: derived
  std::vector<std::string> neighbor_species;  ///< species counted around each ion; empty: derived
  /// Cutoffs (Å) by element pair "A-B" (order-free). Defaults: mobile–anion 3.3, former–anion
  /// 2.0, and 4.0 for the mobile species with each other neighbour species.
  std::map<std::string, double> cutoffs;
  double nearest_search_A = 8.0;  ///< search radius for the nearest same-species ion
};

struct MobilityResult {
  std::string species;
  double window_ps = 0;
  std::vector<std::string> descriptor_names;
  std::vector<long long> ids;
  std::vector<double> displacement_A;
  std::vector<std::vector<double>> descriptors;        ///< [descriptor][ion]
  std::vector<int> group;                              ///< +1 fastest fraction, −1 slowest, 0 otherwise
  std::vector<double> mean_fast, mean_slow, spearman;  ///< per descriptor
  std::map<std::string, double> cutoffs_used;
};

/// The elements in each role for `mobile` in `frame` (empty anion/former: none present).
struct MobilitySpecies {
  std::string anion;
  std::string former;
  std::vector<std::string> neighbors;
};
MobilitySpecies mobility_species(const System& frame, const std::string& mobile, const MobilityOptions& options);

MobilityResult mobility_against_structure(const UnwrappedTrajectory& trajectory, const std::string& species,
                                          const MobilityOptions& options);

/// Cutoff for an element pair from "A-B" entries (either order), or `fallback`.
double pair_cutoff(const std::map<std::string, double>& cutoffs, const std::string& a, const std::string& b,
                   double fallback);

/// Spearman rank correlation (ties get their mean rank); NaN with fewer than 3 values or no spread.
double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y);

}  // namespace ionglass
