#pragma once
// Non-Gaussian parameter α₂(t) = 3 ⟨Δr⁴⟩ / (5 ⟨Δr²⟩²) − 1 (Rahman, Phys. Rev. 136 (1964) A405):
// zero for Gaussian (free or random-walk) displacements, positive for hopping/heterogeneous motion.
#include <vector>

#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

struct NonGaussianCurve {
  std::vector<double> time_ps;
  std::vector<double> msd_A2;       ///< ⟨Δr²⟩ from the same samples
  std::vector<double> quartic_A4;   ///< ⟨Δr⁴⟩
  std::vector<double> alpha2;
};

/// α₂ at the given lags for the atoms `atoms`, averaged over at most `max_origins` time origins.
NonGaussianCurve non_gaussian_parameter(const UnwrappedTrajectory& trajectory, const std::vector<std::size_t>& atoms,
                                        const std::vector<std::size_t>& lags, std::size_t max_origins = 1000);

}  // namespace ionglass
