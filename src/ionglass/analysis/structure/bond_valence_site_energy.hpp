#pragma once
// Bond-valence site-energy (BVSE) landscape of a mobile ion on a periodic grid, with the softBV
// energy model (Chen & Adams, IUCrJ 4, 614 (2017); Chen, Wong & Adams, Acta Cryst. B 75, 18
// (2019)); equations and choices in docs/why-na-moves.md.
//   E(r) = Σ_anions D0 [(exp(α (Rmin − R)) − 1)² − 1]
//        + Σ_cations k_e (q_m q_i / √(n_m n_i)) erfc(R / (f (r_m + r_i))) / R
// The mobile-ion species itself is removed from the framework (as softBV/BVlain do).
#include <array>
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/structure/bond_valence_parameters.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass {

struct BvseSettings {
  std::string mobile_ion;                       ///< element symbol of the mobile ion
  std::map<std::string, int> oxidation_states;  ///< element symbol → formal charge (e); all present elements
  double grid_spacing_A = 0.2;                  ///< largest grid spacing along each lattice vector
  double cutoff_A = 10.0;                       ///< cutoff of attraction and repulsion (softBV/BVlain)
  double screening_factor = 0.74;               ///< f in ρ = f (r_m + r_i) (softBV/BVlain)
};

/// Site energy of the mobile ion at the grid points r = origin + (i/na, j/nb, k/nc)·H.
struct BondValenceLandscape {
  Cell cell;
  std::array<int, 3> grid{0, 0, 0};
  std::vector<double> energy_eV;  ///< index (i·nb + j)·nc + k
  double minimum_eV = 0;
  double maximum_eV = 0;
  double at(int i, int j, int k) const { return energy_eV[(std::size_t(i) * grid[1] + j) * grid[2] + k]; }
  Vec3 point(int i, int j, int k) const;
  /// Site energy at any position, by periodic trilinear interpolation between grid points (eV).
  double site_energy_at(const Vec3& position) const;
};

/// Parses "Na=1,Fe=2,P=5,O=-2". Throws InputError on a bad entry or unknown element.
std::map<std::string, int> parse_oxidation_states(const std::string& text);

/// The BVSE landscape of `settings.mobile_ion` in `system` (OpenMP-threaded). Throws InputError
/// for a non-periodic cell, a bad spacing/cutoff, an element without oxidation state, or a
/// mobile-ion–anion pair that the parameter set lacks.
BondValenceLandscape compute_bvse_landscape(const System& system, const BvseSettings& settings,
                                            const BondValenceParameters& parameters);

}  // namespace ionglass
