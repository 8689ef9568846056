#include "ionglass/analysis/dynamics/logistic_regression.hpp"

#include <Eigen/Cholesky>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {
void check(const Eigen::MatrixXd& x, const std::vector<int>& labels) {
  if (x.rows() == 0 || x.cols() == 0) throw InputError("logistic regression: no samples or no features");
  if (static_cast<std::size_t>(x.rows()) != labels.size())
    throw InputError("logistic regression: " + std::to_string(x.rows()) + " samples but " +
                     std::to_string(labels.size()) + " labels");
  for (int y : labels)
    if (y != 0 && y != 1) throw InputError("logistic regression: labels must be 0 or 1, got " + std::to_string(y));
  if (!x.allFinite()) throw InputError("logistic regression: a feature is not finite");
}
// log(1 + e^s) without overflow.
double softplus(double s) {
  return s > 0 ? s + std::log1p(std::exp(-s)) : std::log1p(std::exp(s));
}
double sigmoid(double s) {
  return s >= 0 ? 1 / (1 + std::exp(-s)) : std::exp(s) / (1 + std::exp(s));
}
}  // namespace

Eigen::VectorXd LogisticModel::decision(const Eigen::MatrixXd& x) const {
  if (x.cols() != weights.size()) throw InputError("logistic model: feature count does not match the model");
  const Eigen::MatrixXd z = (x.rowwise() - mean.transpose()).array().rowwise() / scale.transpose().array();
  return (z * weights).array() + intercept;
}

double logistic_loss(const Eigen::MatrixXd& z, const std::vector<int>& labels, const Eigen::VectorXd& weights,
                     double intercept, double l2) {
  check(z, labels);
  const Eigen::VectorXd s = (z * weights).array() + intercept;
  double loss = 0.5 * l2 * weights.squaredNorm();
  for (Eigen::Index i = 0; i < s.size(); ++i) loss += softplus(s[i]) - labels[static_cast<std::size_t>(i)] * s[i];
  return loss;
}

Eigen::VectorXd logistic_gradient(const Eigen::MatrixXd& z, const std::vector<int>& labels,
                                  const Eigen::VectorXd& weights, double intercept, double l2) {
  check(z, labels);
  const Eigen::VectorXd s = (z * weights).array() + intercept;
  Eigen::VectorXd residual(s.size());
  for (Eigen::Index i = 0; i < s.size(); ++i) residual[i] = sigmoid(s[i]) - labels[static_cast<std::size_t>(i)];
  Eigen::VectorXd g(weights.size() + 1);
  g.head(weights.size()) = z.transpose() * residual + l2 * weights;
  g[weights.size()] = residual.sum();
  return g;
}

LogisticModel fit_logistic_regression(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                      const LogisticSettings& settings) {
  check(x, labels);
  if (!(settings.l2 >= 0)) throw InputError("logistic regression: the L2 strength must be ≥ 0");
  const Eigen::Index n = x.rows(), m = x.cols();
  LogisticModel model;
  model.mean = x.colwise().mean().transpose();
  model.scale = ((x.rowwise() - model.mean.transpose()).array().square().colwise().sum() / static_cast<double>(n))
                    .sqrt()
                    .transpose();
  for (Eigen::Index j = 0; j < m; ++j)
    if (!(model.scale[j] > 1e-12)) model.scale[j] = 1;
  const Eigen::MatrixXd z = (x.rowwise() - model.mean.transpose()).array().rowwise() / model.scale.transpose().array();
  Eigen::MatrixXd design(n, m + 1);
  design.leftCols(m) = z;
  design.col(m).setOnes();
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(m + 1);  // w then b
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(m + 1, settings.l2);
  penalty[m] = 0;
  double loss = logistic_loss(z, labels, theta.head(m), theta[m], settings.l2);
  for (int it = 0; it < settings.max_iterations; ++it) {
    const Eigen::VectorXd s = design * theta;
    Eigen::VectorXd residual(n), curvature(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double p = sigmoid(s[i]);
      residual[i] = p - labels[static_cast<std::size_t>(i)];
      curvature[i] = std::max(p * (1 - p), 1e-12);
    }
    const Eigen::VectorXd gradient = design.transpose() * residual + penalty.cwiseProduct(theta);
    // Hessian [1 Z]ᵀ diag(p(1−p)) [1 Z], accumulated row by row (small m: cheaper than a threaded GEMM).
    Eigen::MatrixXd hessian = Eigen::MatrixXd::Zero(m + 1, m + 1);
    for (Eigen::Index i = 0; i < n; ++i)
      hessian.selfadjointView<Eigen::Lower>().rankUpdate(design.row(i).transpose(), curvature[i]);
    hessian = hessian.selfadjointView<Eigen::Lower>();
    hessian.diagonal() += penalty;
    hessian.diagonal().array() += 1e-10;  // keeps the unregularised separable case solvable
    const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
    // Damped Newton: halve the step until the loss does not increase.
    double factor = 1;
    Eigen::VectorXd next = theta - step;
    double next_loss = logistic_loss(z, labels, next.head(m), next[m], settings.l2);
    while (next_loss > loss + 1e-12 * std::abs(loss) && factor > 1e-6) {
      factor *= 0.5;
      next = theta - factor * step;
      next_loss = logistic_loss(z, labels, next.head(m), next[m], settings.l2);
    }
    theta = next;
    loss = next_loss;
    model.iterations = it + 1;
    if ((factor * step).cwiseAbs().maxCoeff() < settings.tolerance) break;
  }
  model.weights = theta.head(m);
  model.intercept = theta[m];
  return model;
}

double roc_auc(const std::vector<double>& scores, const std::vector<int>& labels) {
  if (scores.size() != labels.size()) throw InputError("ROC AUC: scores and labels differ in length");
  std::vector<std::size_t> order(scores.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0, positives = 0;
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && scores[order[j + 1]] == scores[order[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j) + 1;  // ranks from 1, ties averaged
    for (std::size_t k = i; k <= j; ++k)
      if (labels[order[k]] == 1) {
        positive_rank_sum += mean_rank;
        positives += 1;
      }
    i = j + 1;
  }
  const double negatives = static_cast<double>(scores.size()) - positives;
  if (positives == 0 || negatives == 0) return std::nan("");
  return (positive_rank_sum - positives * (positives + 1) / 2) / (positives * negatives);
}

}  // namespace ionglass
