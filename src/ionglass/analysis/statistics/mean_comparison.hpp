#pragma once
// Is the difference between two estimated means larger than their uncertainties allow? Welch's
// unequal-variance t test (B. L. Welch, Biometrika 34, 28 (1947)) with the Welch–Satterthwaite
// degrees of freedom, which falls back to the normal (z) test when both errors are known (a
// propagated standard error rather than a sample spread), and Holm's step-down correction for a
// family of such tests (S. Holm, Scand. J. Statist. 6, 65 (1979)). Used by the study's Findings
// (report/study_findings.hpp).
#include <limits>
#include <vector>

namespace ionglass {

/// I_x(a, b), the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0 (continued
/// fraction, Numerical Recipes §6.4); NaN outside that domain.
double regularized_incomplete_beta(double x, double a, double b);

/// P(|T| ≥ |t|) for Student's t with `degrees_of_freedom` (> 0, may be fractional or infinite:
/// then the normal distribution). NaN for a non-finite t or degrees of freedom ≤ 0.
double student_t_two_sided_p(double t, double degrees_of_freedom);

/// An estimated mean: its value, its standard error and the degrees of freedom of that error
/// (n − 1 for the mean of n samples; infinity for a propagated error taken as known).
struct EstimatedMean {
  double mean = 0;
  double standard_error = 0;
  double degrees_of_freedom = std::numeric_limits<double>::infinity();
};

/// The mean of `samples` with standard error s/√n and n − 1 degrees of freedom; throws
/// std::invalid_argument with fewer than two samples (no spread to judge by) or a non-finite one.
EstimatedMean mean_of_samples(const std::vector<double>& samples);

struct MeanComparison {
  double difference = 0;        ///< b − a
  double difference_error = 0;  ///< √(σ_a² + σ_b²)
  double statistic = 0;         ///< difference / difference_error (±∞ for a difference with no error)
  double degrees_of_freedom = 0;
  double p_value = 1;  ///< two-sided
};

/// Welch's test of b − a = 0. Both errors zero: p = 1 for equal means, 0 otherwise.
MeanComparison compare_means(const EstimatedMean& a, const EstimatedMean& b);

/// Holm-adjusted p-values of a family of tests (same order as `p_values`; each ≤ 1 and never
/// below the unadjusted value). Rejecting where the adjusted value is < α keeps the family-wise
/// error rate at α.
std::vector<double> holm_adjusted(const std::vector<double>& p_values);

}  // namespace ionglass
