#pragma once
// Arrhenius fit ln y = ln y₀ − E_a / (k_B T) by linear least squares of ln y against
// x = 1/(k_B T) (x in 1/eV): slope −E_a, intercept ln y₀. Standard errors from the residuals
// (n − 2 degrees of freedom; undefined, NaN, with two points). Used for D and for σT.
#include <vector>

namespace ionglass {

struct ArrheniusFit {
  std::size_t points = 0;
  double activation_eV = 0, activation_stderr_eV = 0;
  double ln_prefactor = 0, ln_prefactor_stderr = 0;
  double covariance = 0;  ///< cov(ln y₀, −E_a)
  double prefactor() const;
  /// Fitted y at `temperature_K` and the standard error of ln y there (`ln_stderr`, may be NaN).
  double predict(double temperature_K, double* ln_stderr = nullptr) const;
};

/// Throws InputError with fewer than two points, non-positive values or temperatures, or a single temperature.
ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values);

}  // namespace ionglass
