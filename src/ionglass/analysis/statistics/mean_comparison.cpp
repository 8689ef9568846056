#include "ionglass/analysis/statistics/mean_comparison.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <stdexcept>

namespace ionglass {

namespace {

constexpr double nan_value = std::numeric_limits<double>::quiet_NaN();

// The continued fraction of I_x(a, b) (converges fast for x < (a + 1)/(a + b + 2)), evaluated by
// the modified Lentz method: 1/(1 + d₁/(1 + d₂/(1 + …))) with
// d_{2m+1} = −(a + m)(a + b + m) x / ((a + 2m)(a + 2m + 1)), d_{2m} = m (b − m) x / ((a + 2m − 1)(a + 2m)).
double beta_continued_fraction(double x, double a, double b) {
  constexpr double tiny = 1e-300, epsilon = 1e-15;
  double c = 1, d = 1 - (a + b) * x / (a + 1);
  if (std::abs(d) < tiny) d = tiny;
  d = 1 / d;
  double h = d;
  for (int m = 1; m < 10000; ++m) {
    const double even = m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
    d = 1 + even * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + even / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    const double odd = -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
    d = 1 + odd * d;
    if (std::abs(d) < tiny) d = tiny;
    c = 1 + odd / c;
    if (std::abs(c) < tiny) c = tiny;
    d = 1 / d;
    const double delta = d * c;
    h *= delta;
    if (std::abs(delta - 1) < epsilon) break;
  }
  return h;
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0) || !std::isfinite(a) || !std::isfinite(b)) return nan_value;
  if (x == 0 || x == 1) return x;
  // x^a (1 − x)^b / B(a, b), in logarithms.
  const double log_front = a * std::log(x) + b * std::log1p(-x) + std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b);
  if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
  return 1 - std::exp(log_front) * beta_continued_fraction(1 - x, b, a) / b;  // I_x(a,b) = 1 − I_{1−x}(b,a)
}

double student_t_two_sided_p(double t, double degrees_of_freedom) {
  if (std::isnan(t) || std::isnan(degrees_of_freedom) || !(degrees_of_freedom > 0)) return nan_value;
  if (std::isinf(t)) return 0;
  if (std::isinf(degrees_of_freedom) || degrees_of_freedom > 1e8) return std::erfc(std::abs(t) / std::sqrt(2.0));
  // P(|T| ≥ t) = I_{ν/(ν+t²)}(ν/2, 1/2).
  return regularized_incomplete_beta(degrees_of_freedom / (degrees_of_freedom + t * t), 0.5 * degrees_of_freedom, 0.5);
}

EstimatedMean mean_of_samples(const std::vector<double>& samples) {
  if (samples.size() < 2) throw std::invalid_argument("a mean's standard error needs at least two samples");
  for (double s : samples)
    if (!std::isfinite(s)) throw std::invalid_argument("a sample is not finite");
  const double n = static_cast<double>(samples.size());
  const double mean = std::accumulate(samples.begin(), samples.end(), 0.0) / n;
  double squares = 0;
  for (double s : samples) squares += (s - mean) * (s - mean);
  return {mean, std::sqrt(squares / (n - 1) / n), n - 1};
}

MeanComparison compare_means(const EstimatedMean& a, const EstimatedMean& b) {
  MeanComparison c;
  c.difference = b.mean - a.mean;
  const double va = a.standard_error * a.standard_error, vb = b.standard_error * b.standard_error;
  c.difference_error = std::sqrt(va + vb);
  // Welch–Satterthwaite: ν = (v_a + v_b)² / (v_a²/ν_a + v_b²/ν_b); a known error (ν = ∞) adds nothing below.
  const double below = (std::isinf(a.degrees_of_freedom) ? 0 : va * va / a.degrees_of_freedom) +
                       (std::isinf(b.degrees_of_freedom) ? 0 : vb * vb / b.degrees_of_freedom);
  c.degrees_of_freedom = below > 0 ? (va + vb) * (va + vb) / below : std::numeric_limits<double>::infinity();
  if (c.difference_error == 0) {
    c.statistic = c.difference == 0 ? 0 : std::copysign(std::numeric_limits<double>::infinity(), c.difference);
    c.p_value = c.difference == 0 ? 1 : 0;
    return c;
  }
  c.statistic = c.difference / c.difference_error;
  c.p_value = student_t_two_sided_p(c.statistic, c.degrees_of_freedom);
  return c;
}

std::vector<double> holm_adjusted(const std::vector<double>& p_values) {
  const std::size_t m = p_values.size();
  std::vector<std::size_t> order(m);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return p_values[i] < p_values[j]; });
  std::vector<double> adjusted(m);
  double running = 0;  // step-down: adjusted values never decrease along the sorted order
  for (std::size_t k = 0; k < m; ++k) {
    running = std::max(running, std::min(1.0, static_cast<double>(m - k) * p_values[order[k]]));
    adjusted[order[k]] = running;
  }
  return adjusted;
}

}  // namespace ionglass
