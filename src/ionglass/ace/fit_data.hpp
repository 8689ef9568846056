#pragma once
// The training data of `ionglass fit` (docs/fitting.md "Data").
//
// Structures come from extended XYZ (io/extended_xyz) with configurable energy and force keys
// (defaults `dft_energy` / `dft_forces`). A pacemaker pandas pickle (`.pckl.gzip`, `.pkl`, …) is
// refused with a message pointing to scripts/pacemaker_pickle_to_extxyz.py. Each structure's
// energy has the reference energies Σ_i E_ref(element_i) subtracted (pacemaker's
// `energy_corrected`), so the model has no constant term; the reference energies are given or
// `auto`: least squares of E_s = Σ_e n_se·E_e over the training structures.
// Weights follow pacemaker: uniform (w_E = 1/S per structure, w_F = 1/(S·N_s) per atom) or
// energy based (EnergyBasedWeightingPolicy), then normalised so Σ_s w_E = 1 and Σ_si w_F = 1.
#include <map>
#include <string>
#include <vector>

#include "ionglass/ace/fit_input.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass::ace {

/// One labelled structure.
struct FitStructure {
  System system;
  double energy_eV = 0;               ///< label minus Σ reference energies (eV)
  std::vector<Vec3> forces_eV_A;      ///< eV/Å, one per atom
  double energy_weight = 0;           ///< w_E (normalised over the set)
  std::vector<double> force_weights;  ///< w_F per atom (normalised over the set)
  std::string source;                 ///< file name
  int line = 0;                       ///< 1-based line of the frame's atom-count line
};

struct FitDataset {
  std::vector<FitStructure> train;
  std::vector<FitStructure> test;                     ///< empty when neither test_filename nor test_size is given
  std::map<std::string, double> reference_energy_eV;  ///< the reference energies used (given or fitted)
  std::vector<std::string> elements;                  ///< elements present, alphabetical
  /// Shortest interatomic distance per unordered pair "A B" (alphabetical), Å, over train + test
  /// (for `repulsion: auto`).
  std::map<std::string, double> shortest_distance_A;
};

/// Reads the data of `input` (data: filename, test_filename | test_size, reference_energy, keys)
/// and weights it (fit: weighting). `basis_elements` (may be empty: no check) are the elements
/// of the basis: a structure with another element is an InputError naming file and line, as are
/// a missing or NaN energy or force, a wrong force count, an empty data or test set, and pickles.
FitDataset read_fit_dataset(const FitInput& input, const std::vector<std::string>& basis_elements);

/// Reads the labelled structures of one extended-XYZ file (no weights, no reference energies
/// subtracted: energy_eV is the raw label).
std::vector<FitStructure> read_fit_structures(const std::string& path, const std::string& energy_key,
                                              const std::string& forces_key);

/// Least-squares reference energies E_e minimising Σ_s (E_s − Σ_e n_se E_e)²; elements without
/// full rank (e.g. always in the same ratio) get the minimum-norm solution.
std::map<std::string, double> fit_reference_energies(const std::vector<FitStructure>& structures);

/// Subtracts Σ_i E_ref(element_i) from every energy; InputError for an element without one.
void subtract_reference_energies(std::vector<FitStructure>& structures,
                                 const std::map<std::string, double>& reference_eV, const std::string& source);

/// Sets energy_weight and force_weights per `weighting` (pacemaker's policies), normalised.
/// The energy-based policy may drop structures (above DEup or DFup).
void assign_weights(std::vector<FitStructure>& structures, const FitWeightingSettings& weighting);

}  // namespace ionglass::ace
