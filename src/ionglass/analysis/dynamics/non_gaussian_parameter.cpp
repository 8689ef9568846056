#include "ionglass/analysis/dynamics/non_gaussian_parameter.hpp"

#include <cmath>

#include "ionglass/analysis/dynamics/van_hove.hpp"

namespace ionglass {

NonGaussianCurve non_gaussian_parameter(const UnwrappedTrajectory& t, const std::vector<std::size_t>& atoms,
                                        const std::vector<std::size_t>& lags, std::size_t max_origins) {
  NonGaussianCurve curve;
  const std::size_t count = lags.size();
  curve.time_ps.resize(count);
  curve.msd_A2.resize(count);
  curve.quartic_A4.resize(count);
  curve.alpha2.resize(count);
#pragma omp parallel for schedule(dynamic)
  for (long long l = 0; l < static_cast<long long>(count); ++l) {
    const std::size_t lag = lags[static_cast<std::size_t>(l)];
    double sum2 = 0, sum4 = 0, samples = 0;
    for (std::size_t t0 : time_origins(t.frame_count(), lag, max_origins))
      for (std::size_t i : atoms) {
        const double *a = t.position(t0, i), *b = t.position(t0 + lag, i);
        const double d2 = (b[0] - a[0]) * (b[0] - a[0]) + (b[1] - a[1]) * (b[1] - a[1]) + (b[2] - a[2]) * (b[2] - a[2]);
        sum2 += d2;
        sum4 += d2 * d2;
        samples += 1;
      }
    const std::size_t k = static_cast<std::size_t>(l);
    curve.time_ps[k] = static_cast<double>(lag) * t.frame_interval_ps();
    curve.msd_A2[k] = samples > 0 ? sum2 / samples : 0;
    curve.quartic_A4[k] = samples > 0 ? sum4 / samples : 0;
    curve.alpha2[k] = curve.msd_A2[k] > 0 ? 3 * curve.quartic_A4[k] / (5 * curve.msd_A2[k] * curve.msd_A2[k]) - 1 : 0;
  }
  return curve;
}

}  // namespace ionglass
