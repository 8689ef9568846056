#include "ionglass/analysis/dynamics/diffusion_uncertainty.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>

#include "ionglass/analysis/dynamics/chi_square.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

double gls_error_scale(double chi2, std::size_t points) {
  if (points < 3) return 1;
  const int dof = static_cast<int>(points) - 2;
  if (!(chi_square_survival(chi2, dof) < 0.01)) return 1;
  return std::sqrt(chi2 / dof);
}

GlsDiffusionFit gls_diffusion_fit(const std::vector<double>& msd, double dt, std::size_t first, std::size_t last,
                                  double walkers, std::size_t frames, int dimensions) {
  if (first < 1 || last <= first + 1 || last >= msd.size())
    throw InputError("GLS fit window outside the data (needs 1 <= first, 3 lags)");
  if (walkers < 1) throw InputError("GLS fit needs at least one walker");
  if (frames < 2 || last >= frames) throw InputError("GLS fit window longer than the trajectory");
  if (dimensions < 1 || dimensions > 3) throw InputError("GLS fit dimensions must be 1, 2 or 3");
  if (!(dt > 0)) throw InputError("GLS fit needs a positive frame interval");
  const auto n = static_cast<Eigen::Index>(last - first + 1);
  Eigen::MatrixXd X(n, 2);
  Eigen::VectorXd y(n), lags(n);  // lags Δ in frames
  for (Eigen::Index k = 0; k < n; ++k) {
    const double lag = static_cast<double>(first) + static_cast<double>(k);
    X(k, 0) = lag * dt;
    X(k, 1) = 1;
    y(k) = msd[first + static_cast<std::size_t>(k)];
    lags(k) = lag;  // lag in frames
  }
  // Pass 0: ordinary least squares gives the first model MSD.
  Eigen::Vector2d beta = (X.transpose() * X).ldlt().solve(X.transpose() * y);
  Eigen::Matrix2d beta_covariance = Eigen::Matrix2d::Zero();
  double chi2 = 0;
  for (int pass = 0; pass < 3; ++pass) {
    // Model MSD for the covariance: the current line with its intercept clamped at ≥ 0 (a negative
    // intercept from a noisy single series would make the early-lag model vanish).
    if (!(beta(0) > 0)) throw InputError("GLS fit: MSD does not grow over the window (no diffusion to fit)");
    const Eigen::VectorXd model = X.col(0) * beta(0) + Eigen::VectorXd::Constant(n, std::max(0.0, beta(1)));
    // Σ = S K S: K_ij = Δ_i²Δ_j − Δ_i³/3 (i ≤ j, positive definite), S_i = √(2/(d W (T − Δ_i))) m_i/Δ_i.
    Eigen::VectorXd scale(n);
    for (Eigen::Index i = 0; i < n; ++i)
      scale(i) = std::sqrt(2.0 / (dimensions * walkers * (static_cast<double>(frames) - lags(i)))) * model(i) / lags(i);
    Eigen::MatrixXd sigma(n, n);
    for (Eigen::Index i = 0; i < n; ++i)
      for (Eigen::Index j = i; j < n; ++j)
        sigma(i, j) = sigma(j, i) =
            scale(i) * scale(j) * (lags(i) * lags(i) * lags(j) - lags(i) * lags(i) * lags(i) / 3);
    const Eigen::LLT<Eigen::MatrixXd> cholesky(sigma);
    if (cholesky.info() != Eigen::Success) throw InputError("GLS fit: MSD covariance not positive definite");
    const Eigen::MatrixXd weighted_X = cholesky.solve(X);
    const Eigen::Matrix2d normal = X.transpose() * weighted_X;
    beta_covariance = normal.inverse();
    beta = beta_covariance * (weighted_X.transpose() * y);
    const Eigen::VectorXd residual = y - X * beta;
    chi2 = residual.dot(cholesky.solve(residual));
  }
  GlsDiffusionFit fit;
  fit.slope = beta(0);
  fit.intercept = beta(1);
  fit.slope_stderr = std::sqrt(beta_covariance(0, 0));
  fit.D = fit.slope / (2 * dimensions);
  fit.D_stderr = fit.slope_stderr / (2 * dimensions);
  fit.D_68_low = fit.D - fit.D_stderr;
  fit.D_68_high = fit.D + fit.D_stderr;
  fit.D_95_low = fit.D - 1.959964 * fit.D_stderr;
  fit.D_95_high = fit.D + 1.959964 * fit.D_stderr;
  fit.chi2 = chi2;
  fit.points = static_cast<std::size_t>(n);
  return fit;
}

}  // namespace ionglass
