#pragma once
// Random packing of atoms in a cubic cell from a composition, for melt-quench starting points.
//
// The composition is a list of units with whole-number amounts: formula units ("NaFePO4": 1) or
// oxide units ("Na2O": 1, "Fe2O2": 2, "P2O5": 1). One "composition block" holds every unit in its
// amount; the packing holds k blocks, k = round(target atoms / atoms per block) (at least 1), so
// element counts are exactly k·Σ amount·(atoms of the element in the unit). The cube's volume
// follows from a density (g/cm³) or a volume per atom (Å³). Atoms are inserted one by one at
// uniformly random positions (random sequential addition, cell-list accelerated) and a trial is
// rejected when it comes closer than the minimum distance of its element pair to any atom
// already placed. Types are numbered by element in alphabetical order of the symbols (Fe, Na, O,
// P), as the bundled glasses and ACE files order them.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "ionglass/core/chemical_formula.hpp"  // parse_formula for the composition units
#include "ionglass/core/system.hpp"

namespace ionglass {

struct RandomPackingOptions {
  std::vector<std::pair<std::string, long long>> composition;  ///< unit formula → amount
  long long target_atoms = 0;        ///< 0: one composition block
  double density_g_cm3 = 0;          ///< one of density or volume per atom must be positive
  double volume_per_atom_A3 = 0;
  double default_min_distance_A = 1.5;
  /// Per element pair ("Na","O" in either order) minimum distances (Å), overriding the default.
  std::map<std::pair<std::string, std::string>, double> pair_min_distance_A;
  std::uint64_t seed = 1;
  long long max_attempts_per_atom = 200000;
};

/// Element → atom count of the packing that `options` describes (without placing atoms).
std::map<std::string, long long> packing_counts(const RandomPackingOptions& options);

/// Places the atoms. Throws InputError for impossible options and ComputationError when an atom
/// cannot be placed (the message suggests a lower density or smaller minimum distances).
System random_packing(const RandomPackingOptions& options);

}  // namespace ionglass
