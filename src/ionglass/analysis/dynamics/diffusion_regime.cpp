#include "ionglass/analysis/dynamics/diffusion_regime.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/analysis/dynamics/log_spaced_lags.hpp"

namespace ionglass {

const char* regime_name(DiffusionRegime regime) {
  switch (regime) {
    case DiffusionRegime::diffusive:
      return "diffusive";
    case DiffusionRegime::sub_diffusive:
      return "sub-diffusive";
    case DiffusionRegime::ballistic:
      return "ballistic";
    case DiffusionRegime::undetermined:
      break;
  }
  return "undetermined";
}

namespace {

// An MSD below this (MSD unit) at every lag of the window is a frozen group, not a curve to fit.
constexpr double frozen_msd = 1e-12;

}  // namespace

DiffusionRegimeResult classify_diffusion_regime(const std::vector<double>& msd, double dt, double walkers,
                                                std::size_t frames, const DiffusionRegimeOptions& options,
                                                int dimensions) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  DiffusionRegimeResult r;
  r.beta = r.beta_stderr = r.time_to_diffusive_ps = nan;
  const std::size_t usable = std::min(msd.size(), frames);
  if (usable < 2 || !(dt > 0) || !(walkers >= 1)) {
    r.reason = "too few frames to classify the MSD";
    return r;
  }
  const auto last = static_cast<std::size_t>(options.max_fraction * static_cast<double>(usable - 1));
  const std::size_t first = std::max<std::size_t>(1, last / 10);
  r.window_start_ps = static_cast<double>(first) * dt;
  r.window_end_ps = static_cast<double>(last) * dt;
  if (last < first + 2) {
    r.reason = fmt::format("too few lags to classify: {} of the trajectory is {} frame(s)", options.max_fraction, last);
    return r;
  }
  double largest = 0;
  for (std::size_t m = first; m <= last; ++m) largest = std::max(largest, std::abs(msd[m]));
  if (!(largest > frozen_msd)) {
    r.regime = DiffusionRegime::sub_diffusive;
    r.beta = r.beta_stderr = 0;
    r.msd_at_window_end = msd[last];
    r.reason = fmt::format("the MSD stays below {:g} over {:.4g}–{:.4g} ps: nothing moves (frozen)", frozen_msd,
                           r.window_start_ps, r.window_end_ps);
    return r;
  }
  const std::vector<std::size_t> lags = log_spaced_lags(first, last, std::max<std::size_t>(options.max_lags, 3));
  const auto n = static_cast<Eigen::Index>(lags.size());
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd y(n), scale(n);
  for (Eigen::Index k = 0; k < n; ++k) {
    const std::size_t m = lags[static_cast<std::size_t>(k)];
    if (!(msd[m] > 0) || !std::isfinite(msd[m])) {
      r.reason = fmt::format("the MSD is not positive at {} ps: nothing moves", static_cast<double>(m) * dt);
      return r;
    }
    X(k, 0) = std::log(static_cast<double>(m) * dt);
    X(k, 1) = 1;
    y(k) = std::log(msd[m]);
    // Σ_ln = S K S with S_i = √(2/(d W (T − Δ_i))) / Δ_i and K_ij = Δ_i²Δ_j − Δ_i³/3 (Δ_i ≤ Δ_j): the
    // MSD covariance of diffusion_uncertainty.hpp divided by m_i m_j, in which the model MSD cancels.
    const double lag = static_cast<double>(m);
    scale(k) = std::sqrt(2.0 / (dimensions * walkers * (static_cast<double>(frames) - lag))) / lag;
  }
  Eigen::MatrixXd sigma(n, n);
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = i; j < n; ++j) {
      const double a = static_cast<double>(lags[static_cast<std::size_t>(i)]);
      const double b = static_cast<double>(lags[static_cast<std::size_t>(j)]);
      sigma(i, j) = sigma(j, i) = scale(i) * scale(j) * (a * a * b - a * a * a / 3);
    }
  // Ordinary least squares in ln MSD against ln t, with the sandwich covariance A Σ Aᵀ,
  // A = (XᵀX)⁻¹Xᵀ. Not GLS: under the random-walk covariance the shortest lags carry almost all
  // the weight, so for a curve that is not one power law (a ballistic start turning into a cage
  // within the window) GLS reports the exponent at the start of the window. OLS on log-spaced
  // lags weighs every part of the decade alike, and the sandwich keeps its error honest.
  const Eigen::MatrixXd normal_inverse = (X.transpose() * X).inverse();
  const Eigen::MatrixXd projection = normal_inverse * X.transpose();
  const Eigen::Vector2d fit = projection * y;
  const Eigen::Matrix2d covariance = projection * sigma * projection.transpose();
  if (!(covariance(0, 0) > 0) || !std::isfinite(covariance(0, 0))) {
    r.reason = "the covariance of the MSD gives no error for the exponent";
    return r;
  }
  r.lags = lags.size();
  r.beta = fit(0);
  r.beta_stderr = std::sqrt(covariance(0, 0));
  r.msd_at_window_end = msd[last];
  const double half_width = options.confidence_z * r.beta_stderr;
  const double tolerance = options.beta_tolerance;
  const double low = r.beta - half_width, high = r.beta + half_width;
  const std::string interval = fmt::format("beta = {:.3f} ± {:.3f} ({:.3g} sigma) over {:.4g}–{:.4g} ps", r.beta,
                                           half_width, options.confidence_z, r.window_start_ps, r.window_end_ps);
  if (high < 1 - tolerance) {
    r.regime = DiffusionRegime::sub_diffusive;
    const double target = options.diffusive_length_A * options.diffusive_length_A;
    if (r.beta > 0 && r.msd_at_window_end < target) {
      r.time_to_diffusive_ps = r.window_end_ps * std::pow(target / r.msd_at_window_end, 1 / r.beta);
      r.reason = fmt::format("{}: below 1 - {}; at this exponent the MSD would reach {} A^2 after about {:.3g} ps",
                             interval, tolerance, target, r.time_to_diffusive_ps);
    } else if (r.beta > 0) {
      r.reason = fmt::format("{}: below 1 - {}; the MSD has passed {} A^2 but still grows slower than t", interval,
                             tolerance, target);
    } else {
      r.reason = fmt::format("{}: below 1 - {}; the MSD does not grow (caged: no time estimate)", interval, tolerance);
    }
  } else if (low > 1 + tolerance) {
    r.regime = DiffusionRegime::ballistic;
    r.reason = fmt::format("{}: above 1 + {}; the run has not left the ballistic start", interval, tolerance);
  } else if (high >= 1 - tolerance && low <= 1 + tolerance && half_width <= 2 * tolerance) {
    r.regime = DiffusionRegime::diffusive;
    r.reason = fmt::format("{}: consistent with 1 within {}", interval, tolerance);
  } else {
    r.reason = fmt::format("{}: the interval is too wide to tell (wider than ±{})", interval, 2 * tolerance);
  }
  return r;
}

}  // namespace ionglass
