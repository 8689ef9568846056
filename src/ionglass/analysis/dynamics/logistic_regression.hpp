#pragma once
// L2-regularised logistic regression fitted by Newton's method (iteratively reweighted least
// squares), on standardised features z = (x − mean)/std (a feature without spread gets std 1).
//
//   p_i = σ(b + w·z_i),  σ(s) = 1/(1 + e^(−s))
//   L(w, b) = Σ_i [log(1 + e^(s_i)) − y_i s_i] + (λ/2)|w|²     (intercept not penalised)
//   ∇_w L = Zᵀ(p − y) + λw,  ∂L/∂b = Σ(p − y),  Hessian = [1 Z]ᵀ diag(p(1−p)) [1 Z] + λ diag(0, 1…1)
//
// With λ > 0 the optimum exists even for separable data. The decision function s = b + w·z is the
// "softness" of Schoenholz et al., Nat. Phys. 12, 469 (2016) (there from a support-vector machine).
// Hastie, Tibshirani & Friedman, "The Elements of Statistical Learning", §4.4.
#include <Eigen/Core>
#include <vector>

namespace ionglass {

struct LogisticSettings {
  double l2 = 1.0;  ///< λ, on standardised features, in units of the summed loss
  int max_iterations = 100;
  double tolerance = 1e-10;  ///< stop when the Newton step's largest component is below this
};

struct LogisticModel {
  Eigen::VectorXd mean, scale;  ///< standardisation per feature
  Eigen::VectorXd weights;      ///< per standardised feature
  double intercept = 0;
  int iterations = 0;
  /// b + w·(x − mean)/scale for each row of x.
  Eigen::VectorXd decision(const Eigen::MatrixXd& x) const;
};

/// Rows are samples, columns features; labels are 0 or 1. Throws InputError on bad shapes/labels.
LogisticModel fit_logistic_regression(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                      const LogisticSettings& settings = {});

/// The regularised loss L(w, b) on already standardised features z (for tests and diagnostics).
double logistic_loss(const Eigen::MatrixXd& z, const std::vector<int>& labels, const Eigen::VectorXd& weights,
                     double intercept, double l2);
/// Its gradient: components 0…m−1 for w, component m for b.
Eigen::VectorXd logistic_gradient(const Eigen::MatrixXd& z, const std::vector<int>& labels,
                                  const Eigen::VectorXd& weights, double intercept, double l2);

/// Area under the ROC curve: the probability that a random positive scores above a random negative
/// (ties count one half; Mann–Whitney U / (n₊ n₋)). NaN when one class is empty.
double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels);

}  // namespace ionglass
