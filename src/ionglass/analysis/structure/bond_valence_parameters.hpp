#pragma once
// softBV bond-valence parameters (Chen & Adams, IUCrJ 4, 614 (2017)) and principal quantum
// numbers, read at run time from the bundled CSV files data/bond_valence/ (see its README).
#include <map>
#include <optional>
#include <string>
#include <tuple>

namespace ionglass {

/// Morse-type bond-valence parameters of one (cation, charge, anion, charge) pair.
struct BondValencePair {
  double R0_A = 0;         ///< bond-valence parameter R0
  double alpha_per_A = 0;  ///< softness α = 1/b
  double D0_eV = 0;        ///< Morse well depth
  double Rmin_A = 0;       ///< distance of the Morse minimum
};

class BondValenceParameters {
 public:
  /// Reads DIRECTORY/softbv_parameters.csv and DIRECTORY/principal_quantum_numbers.csv.
  /// Throws InputError ("FILE:LINE: problem") on a missing file, bad header, bad field or
  /// unknown element.
  static BondValenceParameters read(const std::string& directory);
  /// Parameters of a pair, by atomic numbers and formal charges (e); nullopt if not tabulated.
  std::optional<BondValencePair> find(int cation_atomic_number, int cation_charge, int anion_atomic_number,
                                      int anion_charge) const;
  /// Principal quantum number n of an element; throws InputError when not tabulated.
  int principal_quantum_number(int atomic_number) const;
  std::size_t size() const { return pairs_.size(); }

 private:
  std::map<std::tuple<int, int, int, int>, BondValencePair> pairs_;
  std::map<int, int> principal_quantum_numbers_;
  std::string quantum_number_file_;
};

}  // namespace ionglass
