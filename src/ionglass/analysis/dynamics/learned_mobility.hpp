#pragma once
// Learned mobility ("softness" for ions; docs/mobility.md): local-structure descriptors of each
// mobile ion at sampled times t, the label "hops within the next Δt", an L2 logistic regression
// from descriptors to label, its cross-validated ROC AUC against a shuffled-label baseline, the
// standardised weights with bootstrap intervals, and the softness S = b + w·z of every sample
// (Schoenholz et al., Nat. Phys. 12, 469 (2016)).
//
// Descriptors of ion i at frame t (all species from the system, none named here):
//   n_<X>                      atoms of species X within the shell cutoff (settings.shell_cutoffs
//                              "A-X", else shell_cutoff_A)
//   bridging_anions, non_bridging_anions   anions (settings.anions) in the shell bonded to ≥2 / 1
//                              network formers (settings.formers) within former_anion_cutoff_A
//   nearest_<mobile>_k_A       distance to the k-th nearest other mobile ion (k = 1…nearest_mobile)
//   void_A                     free-volume proxy min_j (r_ij − R_j), R_j the covalent radius
//                              (Cordero 2008): radius of the empty sphere around the ion
//   G2_<X>_eta<η>              Σ_{j∈X} exp(−η r_ij²) f_c(r_ij)   (Behler & Parrinello, PRL 98,
//                              146401 (2007)), per neighbour species
//   G4_zeta<ζ>_lambda<λ>       2^{1−ζ} Σ_{j<k} (1 + λ cos θ_jik)^ζ e^{−η(r_ij²+r_ik²+r_jk²)} f_c f_c f_c
//                              (Behler, J. Chem. Phys. 134, 074106 (2011)), all neighbours, λ = ±1,
//                              f_c(r) = ½[cos(π r/R_c) + 1] for r < R_c
// Label: 1 when max_{t<t'≤t+Δt} |r_i(t') − r_i(t)| > hop_threshold_A (unwrapped), else 0.
// Samples: frames every sample_interval_ps whose horizon fits in the trajectory.
// Cross-validation: k folds by ion (all samples of one ion, in one replica, share a fold), so that
// the correlated frames of one ion never sit in both training and test set. The reported AUC is
// the mean over folds of each test fold's AUC, with a bootstrap interval over ions; the baseline repeats the same
// cross-validation with labels permuted across samples. λ (on standardised features) is a
// documented default, not tuned.
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/bootstrap_interval.hpp"
#include "ionglass/analysis/dynamics/logistic_regression.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct LearnedMobilitySettings {
  std::string species;               ///< mobile species; required
  std::vector<std::string> formers;  ///< network-former species (for bridging anions)
  std::vector<std::string> anions;   ///< anion species (for bridging anions); empty: no bridging descriptors
  double shell_cutoff_A = 3.3;
  std::map<std::string, double> shell_cutoffs;  ///< "Mobile-X" → Å, overrides shell_cutoff_A
  double former_anion_cutoff_A = 2.3;
  std::size_t nearest_mobile = 3;
  std::vector<double> radial_widths_per_A2 = {0.25, 1.0};  ///< η of G2 (1/Å²)
  std::vector<double> angular_zetas = {1, 4};              ///< ζ of G4 (λ = ±1 each)
  double angular_width_per_A2 = 0.05;                      ///< η of G4 (1/Å²)
  double symmetry_cutoff_A = 6.0;                          ///< R_c of G2 and G4
  double hop_threshold_A = 1.5;
  double horizon_ps = 1.0;        ///< Δt
  double sample_interval_ps = 0;  ///< 0: the horizon
  std::size_t folds = 5;
  std::size_t weight_resamples = 100;  ///< bootstrap refits for the weight intervals
  LogisticSettings logistic;
  BootstrapSettings bootstrap;
  unsigned seed = 2016;  ///< folds and label permutation
};

struct MobilitySample {
  std::size_t replica = 0, ion = 0, frame = 0;  ///< ion: index into the replica's stored atoms
  long long ion_id = 0;
  double time_ps = 0;
  int label = 0;
  double softness = 0;  ///< decision function of the model fitted to all samples
};

struct LearnedMobilityResult {
  std::vector<std::string> descriptor_names;
  Eigen::MatrixXd descriptors;  ///< samples × descriptors
  std::vector<MobilitySample> samples;
  double hop_fraction = 0;
  BootstrapInterval auc, shuffled_auc;            ///< cross-validated ROC AUC
  LogisticModel model;                            ///< fitted to all samples
  std::vector<BootstrapInterval> weights;         ///< per standardised descriptor
  std::vector<BootstrapInterval> hop_minus_stay;  ///< mean descriptor of hopping − staying samples
  std::size_t ions = 0;
};

/// Descriptor names and values for the given settings at one frame of one trajectory (all mobile
/// ions; rows in the order of atoms_of(mobile)). The trajectory must store every atom.
std::vector<std::string> mobility_descriptor_names(const UnwrappedTrajectory& trajectory,
                                                   const LearnedMobilitySettings& settings);
Eigen::MatrixXd mobility_descriptors_at(const UnwrappedTrajectory& trajectory, std::size_t frame,
                                        const LearnedMobilitySettings& settings);

/// Frame `frame` of replica `replica` as a System (the first frame's atoms and types, this frame's
/// positions wrapped into its cell) with the per-atom property "softness" (kind R): the sample's
/// softness for the mobile ions sampled at that frame, 0 for every other atom. Writers of extxyz
/// and LAMMPS dumps write it as an extra column. Throws InputError when the frame was not sampled.
System softness_frame(const UnwrappedTrajectory& trajectory, const LearnedMobilityResult& result, std::size_t replica,
                      std::size_t frame);

LearnedMobilityResult learn_mobility(const std::vector<const UnwrappedTrajectory*>& replicas,
                                     const LearnedMobilitySettings& settings);

}  // namespace ionglass
