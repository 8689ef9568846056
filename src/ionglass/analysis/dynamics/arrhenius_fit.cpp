#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "ionglass/analysis/dynamics/chi_square.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

bool ArrheniusFit::consistent() const {
  return !weighted || degrees_of_freedom < 1 || !(chi2_p_value < 0.01);
}

double ArrheniusFit::prefactor() const { return std::exp(ln_prefactor); }

double ArrheniusFit::predict(double temperature_K, double* ln_stderr) const {
  const double x = 1.0 / (units::boltzmann_eV_per_K * temperature_K);
  if (ln_stderr) {
    // var(a + b x) with a = ln y₀, b = −E_a.
    const double variance = ln_prefactor_stderr * ln_prefactor_stderr + x * x * activation_stderr_eV * activation_stderr_eV +
                            2 * x * covariance;
    *ln_stderr = std::sqrt(std::max(variance, 0.0));
  }
  return std::exp(ln_prefactor - activation_eV * x);
}

namespace {

// Least squares of ln y against x = 1/(k_B T) with weights w (all 1: unweighted).
ArrheniusFit fit(const std::vector<double>& temperatures_K, const std::vector<double>& values,
                 const std::vector<double>* standard_errors) {
  if (temperatures_K.size() != values.size() || (standard_errors && standard_errors->size() != values.size()))
    throw InputError("Arrhenius fit: temperatures, values and errors differ in number");
  const std::size_t n = values.size();
  if (n < 2) throw InputError("an Arrhenius fit needs results at two temperatures at least");
  std::vector<double> x(n), y(n), w(n, 1.0);
  for (std::size_t k = 0; k < n; ++k) {
    if (!(temperatures_K[k] > 0)) throw InputError("Arrhenius fit: temperature must be positive");
    if (!(values[k] > 0) || !std::isfinite(values[k]))
      throw InputError("Arrhenius fit: value " + std::to_string(values[k]) + " at " + std::to_string(temperatures_K[k]) +
                       " K is not positive (no diffusion?)");
    if (standard_errors) {
      const double e = (*standard_errors)[k];
      if (!(e > 0) || !std::isfinite(e))
        throw InputError("Arrhenius fit: the standard error " + std::to_string(e) + " at " +
                         std::to_string(temperatures_K[k]) + " K is not positive");
      const double ln_error = e / values[k];
      w[k] = 1 / (ln_error * ln_error);
    }
    x[k] = 1.0 / (units::boltzmann_eV_per_K * temperatures_K[k]);
    y[k] = std::log(values[k]);
  }
  double sw = 0, mx = 0, my = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sw += w[k];
    mx += w[k] * x[k];
    my += w[k] * y[k];
  }
  mx /= sw;
  my /= sw;
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sxx += w[k] * (x[k] - mx) * (x[k] - mx);
    sxy += w[k] * (x[k] - mx) * (y[k] - my);
  }
  const auto [t_min, t_max] = std::minmax_element(temperatures_K.begin(), temperatures_K.end());
  if (!(sxx > 0) || *t_min == *t_max) throw InputError("an Arrhenius fit needs at least two different temperatures");
  const double slope = sxy / sxx;
  const double intercept = my - slope * mx;
  ArrheniusFit f;
  f.points = n;
  f.activation_eV = -slope;
  f.ln_prefactor = intercept;
  f.temperature_min_K = *t_min;
  f.temperature_max_K = *t_max;
  f.weighted = standard_errors != nullptr;
  f.degrees_of_freedom = static_cast<int>(n) - 2;
  double rss = 0;  // Σ w r²: χ² when weighted
  for (std::size_t k = 0; k < n; ++k) {
    const double r = y[k] - intercept - slope * x[k];
    rss += w[k] * r * r;
  }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  // Variance scale s²: weighted, 1 (the points' own errors), or the Birge ratio² when the points
  // are inconsistent with their errors; unweighted, the residual variance.
  double s2 = nan;
  if (f.weighted) {
    f.chi2 = rss;
    f.chi2_p_value = chi_square_survival(rss, f.degrees_of_freedom);
    const double reduced = f.degrees_of_freedom > 0 ? rss / f.degrees_of_freedom : 0;
    f.error_scale = f.consistent() ? 1 : std::sqrt(std::max(1.0, reduced));
    s2 = f.error_scale * f.error_scale;
  } else {
    f.chi2 = f.chi2_p_value = nan;
    if (n > 2) s2 = rss / static_cast<double>(n - 2);
  }
  // cov of (intercept, slope) for weighted least squares: s² [1/Σw + mx²/sxx, −mx/sxx; ·, 1/sxx].
  f.activation_stderr_eV = std::sqrt(s2 / sxx);
  f.ln_prefactor_stderr = std::sqrt(s2 * (1.0 / sw + mx * mx / sxx));
  f.covariance = -mx * s2 / sxx;
  return f;
}

}  // namespace

ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values) {
  return fit(temperatures_K, values, nullptr);
}

ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values,
                           const std::vector<double>& standard_errors) {
  return fit(temperatures_K, values, &standard_errors);
}

}  // namespace ionglass
