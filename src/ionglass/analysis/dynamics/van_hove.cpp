#include "ionglass/analysis/dynamics/van_hove.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

std::vector<std::size_t> time_origins(std::size_t frames, std::size_t lag, std::size_t max_count) {
  std::vector<std::size_t> origins;
  if (lag >= frames || max_count == 0) return origins;
  const std::size_t available = frames - lag;
  const std::size_t count = std::min(available, max_count);
  for (std::size_t k = 0; k < count; ++k) origins.push_back(k * available / count);
  return origins;
}

namespace {

double shell_volume(double r0, double r1) { return 4.0 / 3.0 * units::pi * (r1 * r1 * r1 - r0 * r0 * r0); }

VanHoveCurve make_curve(double bin, std::size_t bins, std::size_t lag, double dt) {
  VanHoveCurve c;
  c.lag = lag;
  c.time_ps = static_cast<double>(lag) * dt;
  c.r_A.resize(bins);
  for (std::size_t k = 0; k < bins; ++k) c.r_A[k] = (static_cast<double>(k) + 0.5) * bin;
  c.values.assign(bins, 0.0);
  return c;
}

void check_lags(const UnwrappedTrajectory& t, const std::vector<std::size_t>& lags) {
  for (std::size_t lag : lags)
    if (lag == 0 || lag >= t.frame_count())
      throw InputError("van Hove time outside the trajectory (lag " + std::to_string(lag) + " frames, trajectory " +
                       std::to_string(t.frame_count()) + " frames)");
}

}  // namespace

std::vector<VanHoveCurve> self_van_hove(const UnwrappedTrajectory& t, const std::vector<std::size_t>& atoms,
                                        const std::vector<std::size_t>& lags, const VanHoveOptions& options) {
  check_lags(t, lags);
  if (!(options.bin_width_A > 0)) throw InputError("the van Hove bin width must be positive");
  double r_max = options.self_r_max_A;
  if (r_max <= 0) {  // just beyond the largest displacement sampled
    double largest = 0;
    for (std::size_t lag : lags)
      for (std::size_t t0 : time_origins(t.frame_count(), lag, options.max_origins_self))
        for (std::size_t i : atoms) {
          const double *a = t.position(t0, i), *b = t.position(t0 + lag, i);
          const double d2 = (b[0] - a[0]) * (b[0] - a[0]) + (b[1] - a[1]) * (b[1] - a[1]) + (b[2] - a[2]) * (b[2] - a[2]);
          largest = std::max(largest, d2);
        }
    r_max = (std::floor(std::sqrt(largest) / options.bin_width_A) + 2) * options.bin_width_A;
  }
  const std::size_t bins = static_cast<std::size_t>(std::ceil(r_max / options.bin_width_A));
  const double bin = options.bin_width_A;
  std::vector<VanHoveCurve> curves;
  for (std::size_t lag : lags) {
    VanHoveCurve c = make_curve(bin, bins, lag, t.frame_interval_ps());
    std::vector<double> counts(bins, 0.0);
    double samples = 0;
    for (std::size_t t0 : time_origins(t.frame_count(), lag, options.max_origins_self))
      for (std::size_t i : atoms) {
        const double *a = t.position(t0, i), *b = t.position(t0 + lag, i);
        const double d = std::sqrt((b[0] - a[0]) * (b[0] - a[0]) + (b[1] - a[1]) * (b[1] - a[1]) + (b[2] - a[2]) * (b[2] - a[2]));
        const std::size_t k = static_cast<std::size_t>(d / bin);
        if (k < bins) counts[k] += 1;
        samples += 1;
      }
    for (std::size_t k = 0; k < bins; ++k) {
      const double volume = shell_volume(k * bin, (k + 1) * bin);
      c.values[k] = counts[k] / (samples * volume);
      c.shell_integral += c.values[k] * volume;
    }
    curves.push_back(std::move(c));
  }
  return curves;
}

std::vector<VanHoveCurve> distinct_van_hove(const UnwrappedTrajectory& t, const std::vector<std::size_t>& atoms,
                                            const std::vector<std::size_t>& lags, const VanHoveOptions& options) {
  check_lags(t, lags);
  if (!(options.bin_width_A > 0)) throw InputError("the van Hove bin width must be positive");
  if (atoms.size() < 2) throw InputError("the distinct van Hove function needs at least two atoms of the species");
  const double half_width = 0.5 * t.cell(0).perpendicular_widths().minCoeff();
  double r_max = options.distinct_r_max_A > 0 ? std::min(options.distinct_r_max_A, half_width) : half_width;
  const double bin = options.bin_width_A;
  const std::size_t bins = static_cast<std::size_t>(std::floor(r_max / bin));
  r_max = static_cast<double>(bins) * bin;
  const double r_max2 = r_max * r_max;
  const std::size_t n = atoms.size();
  std::vector<VanHoveCurve> curves;
  for (std::size_t lag : lags) {
    VanHoveCurve c = make_curve(bin, bins, lag, t.frame_interval_ps());
    // Cost N² per origin: fewer origins for large species (at most ~2·10⁷ pair distances per time).
    const double pairs = static_cast<double>(n) * static_cast<double>(n);
    const std::size_t origin_cap = std::max<std::size_t>(1, static_cast<std::size_t>(2e7 / pairs));
    const auto origins = time_origins(t.frame_count(), lag, std::min(options.max_origins_distinct, origin_cap));
    std::vector<double> counts(bins, 0.0);
    double density_sum = 0;
    for (std::size_t t0 : origins) {
      const Cell& cell = t.cell(t0 + lag);
      density_sum += static_cast<double>(n) / cell.volume();
      const Mat3& h = cell.matrix();
      const Mat3 to_fractional = cell.inverse().transpose();
      const bool orthogonal = h(0, 1) == 0 && h(0, 2) == 0 && h(1, 0) == 0 && h(1, 2) == 0 && h(2, 0) == 0 && h(2, 1) == 0;
      std::vector<Vec3> start(n), end(n);
      for (std::size_t k = 0; k < n; ++k) {
        start[k] = to_fractional * Eigen::Map<const Vec3>(t.position(t0, atoms[k]));
        end[k] = to_fractional * Eigen::Map<const Vec3>(t.position(t0 + lag, atoms[k]));
      }
#pragma omp parallel
      {
        std::vector<double> local(bins, 0.0);
#pragma omp for schedule(static)
        for (long long ii = 0; ii < static_cast<long long>(n); ++ii) {
          const std::size_t i = static_cast<std::size_t>(ii);
          for (std::size_t j = 0; j < n; ++j) {
            if (j == i) continue;
            Vec3 s = end[j] - start[i];
            for (int a = 0; a < 3; ++a) s[a] -= std::nearbyint(s[a]);
            Vec3 d = h.transpose() * s;
            double d2 = d.squaredNorm();
            if (!orthogonal && d2 >= r_max2) d2 = cell.minimum_image(d).squaredNorm();
            if (d2 < r_max2) {
              const std::size_t k = static_cast<std::size_t>(std::sqrt(d2) / bin);
              if (k < bins) local[k] += 1;
            }
          }
        }
#pragma omp critical
        for (std::size_t k = 0; k < bins; ++k) counts[k] += local[k];
      }
    }
    const double origins_count = static_cast<double>(origins.size());
    const double density = density_sum / origins_count;
    for (std::size_t k = 0; k < bins; ++k)
      c.values[k] = counts[k] / (static_cast<double>(n) * origins_count * density * shell_volume(k * bin, (k + 1) * bin));
    curves.push_back(std::move(c));
  }
  return curves;
}

}  // namespace ionglass
