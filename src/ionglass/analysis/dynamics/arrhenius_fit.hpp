#pragma once
// Arrhenius fit ln y = ln y₀ − E_a / (k_B T) by linear least squares of ln y against
// x = 1/(k_B T) (x in 1/eV): slope −E_a, intercept ln y₀. Used for D and for σT.
//
// Unweighted: standard errors from the residuals (n − 2 degrees of freedom; NaN with two points).
// Weighted (the points' standard errors given): each ln y_k has the standard error s_k = e_k / y_k
// (first-order propagation of the error e_k of y_k) and the weight 1/s_k²; the covariance of
// (ln y₀, −E_a) is (Xᵀ W X)⁻¹, so two points get errors too. χ² = Σ_k r_k²/s_k² with n − 2 degrees
// of freedom and its p-value test whether the points agree with one Arrhenius law within their
// errors. When they do not (p < 0.01) the errors are multiplied by the Birge ratio √(χ²/(n − 2))
// (the scatter is larger than the points' errors say), and `error_scale` records it; otherwise
// the points' own errors are propagated unscaled, so that the intervals keep their coverage.
#include <cstddef>
#include <vector>

namespace ionglass {

struct ArrheniusFit {
  std::size_t points = 0;
  double activation_eV = 0, activation_stderr_eV = 0;
  double ln_prefactor = 0, ln_prefactor_stderr = 0;
  double covariance = 0;  ///< cov(ln y₀, −E_a)
  double temperature_min_K = 0, temperature_max_K = 0;  ///< of the fitted points
  bool weighted = false;                                ///< by the points' standard errors
  double chi2 = 0;                                      ///< weighted: Σ r²/s² (NaN unweighted)
  int degrees_of_freedom = 0;                           ///< n − 2
  double chi2_p_value = 0;  ///< P(χ² ≥ chi2) (NaN without degrees of freedom or unweighted)
  double error_scale = 1;   ///< Birge ratio applied to the errors (1 when consistent)
  /// false when the weighted χ² has p < 0.01: the points scatter more than their errors allow.
  bool consistent() const;
  double prefactor() const;
  /// Fitted y at `temperature_K` and the standard error of ln y there (`ln_stderr`, may be NaN).
  double predict(double temperature_K, double* ln_stderr = nullptr) const;
};

/// Unweighted. Throws InputError with fewer than two points, non-positive values or temperatures,
/// or a single temperature.
ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values);

/// Weighted by `standard_errors` (same unit as `values`; each positive and finite, else
/// InputError). The same other checks.
ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values,
                           const std::vector<double>& standard_errors);

}  // namespace ionglass
