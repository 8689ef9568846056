#include "ionglass/potential/tabulated_pair.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

TabulatedPair::TabulatedPair(std::vector<double> r, std::vector<double> energy, std::string source)
    : r_(std::move(r)), e_(std::move(energy)), source_(std::move(source)) {
  const std::size_t n = r_.size();
  if (n < 3 || e_.size() != n) throw InputError(source_, 0, "a pair table needs at least 3 (r, energy) points");
  for (std::size_t k = 0; k < n; ++k) {
    if (!std::isfinite(r_[k]) || !std::isfinite(e_[k])) throw InputError(source_, 0, "pair table value is not finite");
    if (k > 0 && !(r_[k] > r_[k - 1])) throw InputError(source_, 0, "pair table distances must increase strictly");
  }
  if (!(r_[0] > 0)) throw InputError(source_, 0, "pair table distances must be positive");
  // Natural cubic spline: tridiagonal system for the second derivatives (Numerical Recipes §3.3).
  second_.assign(n, 0.0);
  std::vector<double> u(n, 0.0);
  for (std::size_t i = 1; i + 1 < n; ++i) {
    const double sig = (r_[i] - r_[i - 1]) / (r_[i + 1] - r_[i - 1]);
    const double p = sig * second_[i - 1] + 2.0;
    second_[i] = (sig - 1.0) / p;
    const double slope = (e_[i + 1] - e_[i]) / (r_[i + 1] - r_[i]) - (e_[i] - e_[i - 1]) / (r_[i] - r_[i - 1]);
    u[i] = (6.0 * slope / (r_[i + 1] - r_[i - 1]) - sig * u[i - 1]) / p;
  }
  second_[n - 1] = 0.0;
  for (std::size_t k = n - 1; k-- > 0;) second_[k] = second_[k] * second_[k + 1] + u[k];
}

std::string TabulatedPair::describe() const {
  return fmt::format("tabulated {} points r=[{}, {}] Å{}", distances().size(), distances().front(), distances().back(),
                     source().empty() ? "" : " from " + source());
}

void TabulatedPair::evaluate(double r, double& energy, double& derivative) const {
  if (r > r_.back()) {
    energy = derivative = 0;
    return;
  }
  std::size_t hi = static_cast<std::size_t>(std::upper_bound(r_.begin(), r_.end(), r) - r_.begin());
  hi = std::clamp<std::size_t>(hi, 1, r_.size() - 1);
  const std::size_t lo = hi - 1;
  const double h = r_[hi] - r_[lo];
  const double a = (r_[hi] - r) / h, b = (r - r_[lo]) / h;
  energy = a * e_[lo] + b * e_[hi] + ((a * a * a - a) * second_[lo] + (b * b * b - b) * second_[hi]) * h * h / 6.0;
  derivative = (e_[hi] - e_[lo]) / h - (3.0 * a * a - 1.0) / 6.0 * h * second_[lo] + (3.0 * b * b - 1.0) / 6.0 * h * second_[hi];
}

}  // namespace ionglass
