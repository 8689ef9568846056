#pragma once
// Van Hove correlation functions of one species at chosen times (analysis-definitions.md):
//   self      G_s(r, t) = (1/N) Σ_i δ(r − |r_i(t₀+t) − r_i(t₀)|), normalised so that ∫ 4π r² G_s dr = 1
//             (histogram counts divided by the number of samples and the exact shell volume
//             4π/3 (r_{k+1}³ − r_k³)), in Å⁻³;
//   distinct  G_d(r, t) = (1/N) Σ_{i≠j} δ(r − |r_j(t₀+t) − r_i(t₀)|) / (4π r² ρ), ρ = N / V,
//             dimensionless, → 1 at large r; minimum-image distances, r ≤ half the smallest
//             perpendicular cell width.
// Averages run over time origins t₀ spaced evenly (at most `max_origins` of them).
#include <vector>

#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct VanHoveOptions {
  double bin_width_A = 0.05;
  double self_r_max_A = 0;          ///< 0: just beyond the largest displacement at any chosen time
  double distinct_r_max_A = 0;      ///< 0: half the smallest perpendicular cell width
  std::size_t max_origins_self = 2000;
  std::size_t max_origins_distinct = 50;  ///< further limited to about 2·10⁷ pair distances per time
};

struct VanHoveCurve {
  double time_ps = 0;
  std::size_t lag = 0;
  std::vector<double> r_A;   ///< bin centres
  std::vector<double> values;
  double shell_integral = 0; ///< Σ G_s 4π r² dr (self: 1 when every displacement is inside r_max)
};

/// Self part at each lag (frames) for the atoms `atoms` (indices into the trajectory).
std::vector<VanHoveCurve> self_van_hove(const UnwrappedTrajectory& trajectory, const std::vector<std::size_t>& atoms,
                                        const std::vector<std::size_t>& lags, const VanHoveOptions& options);
/// Distinct part at each lag for the same atoms.
std::vector<VanHoveCurve> distinct_van_hove(const UnwrappedTrajectory& trajectory, const std::vector<std::size_t>& atoms,
                                            const std::vector<std::size_t>& lags, const VanHoveOptions& options);

/// Up to `max_count` evenly spaced time origins for a lag.
std::vector<std::size_t> time_origins(std::size_t frames, std::size_t lag, std::size_t max_count);

}  // namespace ionglass
