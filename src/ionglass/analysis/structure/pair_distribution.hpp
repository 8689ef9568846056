#pragma once
// Partial radial distribution functions g_ab(r) and running coordination numbers N_ab(r),
// accumulated frame by frame (memory independent of the number of frames).
//
//   g_ab(r_k) = V · n_ab(k) / (N_a · (N_b − δ_ab) · V_k),   V_k = 4π/3 (r_{k+1}³ − r_k³)
// with n_ab(k) the number of ordered a→b pairs in bin k, each frame with its own V and counts;
// g is the mean of the per-frame g over frames. Running coordination
//   N_ab(r) = 4π ρ'_b ∫₀ʳ g_ab(s) s² ds = Σ_{k: r_{k+1} ≤ r} ρ'_b g_ab(r_k) V_k,  ρ'_b = (N_b − δ_ab)/V,
// i.e. exactly the mean number of b atoms within r of an a atom (for like pairs an atom does not
// count itself; ρ'_b = ρ_b = N_b/V for a ≠ b). This equals LAMMPS `compute rdf`'s coordination.
// (Definitions: docs/structure-analysis.md, shared analysis definitions "Pair structure".)
#include <map>
#include <vector>

#include "ionglass/analysis/structure/element_pair.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass {

struct PairDistributionOptions {
  double r_max_A = 10.0;      ///< histogram range [0, r_max); at most half the smallest cell width
  double bin_width_A = 0.02;  ///< dr
};

class PairDistribution {
public:
  explicit PairDistribution(const PairDistributionOptions& options = {});

  /// Adds one frame. Throws InputError if r_max exceeds half the smallest perpendicular cell
  /// width, the cell is not fully periodic, or the elements differ from earlier frames.
  void compute(const System& frame);

  std::size_t frame_count() const { return frames_; }
  std::size_t bin_count() const { return bins_; }
  const PairDistributionOptions& options() const { return options_; }
  /// Elements present (atomic numbers, sorted by symbol).
  const std::vector<int>& elements() const { return elements_; }
  /// Unordered pairs (a ≤ b in the order of elements()), each listed once.
  std::vector<ElementPair> pairs() const;
  /// Bin centres r_k + dr/2 (Å).
  std::vector<double> r() const;
  /// Frame-averaged g_ab (symmetric in a, b).
  std::vector<double> g(const ElementPair& pair) const;
  /// Running coordination N_ab(r) at the bin upper edges (centre a, neighbours b).
  std::vector<double> running_coordination(const ElementPair& pair) const;
  /// Mean number fraction c_a of an element.
  double concentration(int atomic_number) const;
  /// Mean number density ρ₀ = N/V (Å⁻³) and partial density ρ_b = N_b/V.
  double number_density() const;
  double partial_density(int atomic_number) const;
  /// Mean mass density (g/cm³).
  double mass_density_g_cm3() const { return frames_ ? density_sum_ / frames_ : 0; }

private:
  std::size_t element_index(int atomic_number) const;
  std::size_t pair_index(std::size_t a, std::size_t b) const;

  PairDistributionOptions options_;
  std::size_t bins_ = 0;
  std::size_t frames_ = 0;
  std::vector<int> elements_;
  std::vector<double> g_sum_;            // per unordered pair index × bins
  std::vector<double> partial_density_sum_;  // per element
  std::vector<double> count_sum_;        // per element (for concentrations)
  std::vector<double> atoms_sum_;        // per element: number of atoms summed over frames
  std::vector<double> ordered_pairs_sum_;  // per unordered pair × bins: ordered a→b pairs summed over frames
  double density_sum_ = 0;
};

}  // namespace ionglass
