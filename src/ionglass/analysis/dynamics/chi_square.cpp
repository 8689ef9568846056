#include "ionglass/analysis/dynamics/chi_square.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ionglass {

double chi_square_survival(double chi2, int degrees_of_freedom) {
  if (degrees_of_freedom < 1 || !std::isfinite(chi2)) return std::numeric_limits<double>::quiet_NaN();
  if (chi2 <= 0) return 1;
  const double a = 0.5 * degrees_of_freedom, x = 0.5 * chi2;
  const double log_prefactor = a * std::log(x) - x - std::lgamma(a);  // ln(x^a e^−x / Γ(a))
  constexpr double epsilon = 1e-15;
  if (x < a + 1) {
    // P(a, x) = x^a e^−x / Γ(a) · Σ_n x^n / (a (a+1) … (a+n)); Q = 1 − P.
    double term = 1 / a, sum = term;
    for (int n = 1; n < 1000; ++n) {
      term *= x / (a + n);
      sum += term;
      if (std::abs(term) < std::abs(sum) * epsilon) break;
    }
    return std::max(0.0, 1 - std::exp(log_prefactor) * sum);
  }
  // Q(a, x) = x^a e^−x / Γ(a) · 1/(x + 1 − a − 1·(1 − a)/(x + 3 − a − 2·(2 − a)/(x + 5 − a − …))).
  constexpr double tiny = 1e-300;
  double b = x + 1 - a, c = 1 / tiny, d = 1 / b, h = d;
  for (int n = 1; n < 1000; ++n) {
    const double an = -n * (n - a);
    b += 2;
    d = an * d + b;
    if (std::abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < epsilon) break;
  }
  return std::exp(log_prefactor) * h;
}

}  // namespace ionglass
