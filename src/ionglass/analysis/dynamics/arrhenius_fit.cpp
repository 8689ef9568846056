#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"

#include <cmath>
#include <limits>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

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

ArrheniusFit fit_arrhenius(const std::vector<double>& temperatures_K, const std::vector<double>& values) {
  if (temperatures_K.size() != values.size()) throw InputError("Arrhenius fit: temperatures and values differ in number");
  const std::size_t n = values.size();
  if (n < 2) throw InputError("an Arrhenius fit needs results at two temperatures at least");
  std::vector<double> x(n), y(n);
  for (std::size_t k = 0; k < n; ++k) {
    if (!(temperatures_K[k] > 0)) throw InputError("Arrhenius fit: temperature must be positive");
    if (!(values[k] > 0) || !std::isfinite(values[k]))
      throw InputError("Arrhenius fit: value " + std::to_string(values[k]) + " at " + std::to_string(temperatures_K[k]) +
                       " K is not positive (no diffusion?)");
    x[k] = 1.0 / (units::boltzmann_eV_per_K * temperatures_K[k]);
    y[k] = std::log(values[k]);
  }
  double mx = 0, my = 0;
  for (std::size_t k = 0; k < n; ++k) {
    mx += x[k];
    my += y[k];
  }
  mx /= static_cast<double>(n);
  my /= static_cast<double>(n);
  double sxx = 0, sxy = 0;
  for (std::size_t k = 0; k < n; ++k) {
    sxx += (x[k] - mx) * (x[k] - mx);
    sxy += (x[k] - mx) * (y[k] - my);
  }
  if (!(sxx > 0)) throw InputError("an Arrhenius fit needs at least two different temperatures");
  const double slope = sxy / sxx;
  const double intercept = my - slope * mx;
  ArrheniusFit fit;
  fit.points = n;
  fit.activation_eV = -slope;
  fit.ln_prefactor = intercept;
  if (n > 2) {
    double rss = 0;
    for (std::size_t k = 0; k < n; ++k) {
      const double r = y[k] - intercept - slope * x[k];
      rss += r * r;
    }
    const double s2 = rss / static_cast<double>(n - 2);
    fit.activation_stderr_eV = std::sqrt(s2 / sxx);
    fit.ln_prefactor_stderr = std::sqrt(s2 * (1.0 / static_cast<double>(n) + mx * mx / sxx));
    fit.covariance = -mx * s2 / sxx;
  } else {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    fit.activation_stderr_eV = fit.ln_prefactor_stderr = fit.covariance = nan;
  }
  return fit;
}

}  // namespace ionglass
