// Logistic regression, ROC AUC and the bootstrap helper against known answers.
#include <gtest/gtest.h>

#include <cmath>
#include <random>

#include "ionglass/analysis/dynamics/bootstrap_interval.hpp"
#include "ionglass/analysis/dynamics/logistic_regression.hpp"
#include "ionglass/core/error.hpp"

using namespace ionglass;

namespace {
double logit(double p) {
  return std::log(p / (1 - p));
}
}  // namespace

// One binary feature, no regularisation: the maximum-likelihood fit is closed form,
// b + w·z(0) = logit(p₀) and b + w·z(1) = logit(p₁), the observed fractions in each group.
TEST(LogisticRegression, BinaryFeatureClosedForm) {
  Eigen::MatrixXd x(100, 1);
  std::vector<int> y(100);
  // group x=0: 40 samples, 10 positive; group x=1: 60 samples, 45 positive.
  for (int i = 0; i < 100; ++i) {
    x(i, 0) = i < 40 ? 0 : 1;
    y[static_cast<std::size_t>(i)] = i < 40 ? (i < 10) : (i - 40 < 45);
  }
  LogisticSettings settings;
  settings.l2 = 0;
  const auto model = fit_logistic_regression(x, y, settings);
  Eigen::MatrixXd probe(2, 1);
  probe << 0, 1;
  const Eigen::VectorXd s = model.decision(probe);
  EXPECT_NEAR(s[0], logit(10.0 / 40), 1e-8);
  EXPECT_NEAR(s[1], logit(45.0 / 60), 1e-8);
}

TEST(LogisticRegression, GradientMatchesFiniteDifferences) {
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0, 1);
  Eigen::MatrixXd z(30, 3);
  std::vector<int> y(30);
  for (int i = 0; i < 30; ++i) {
    for (int j = 0; j < 3; ++j) z(i, j) = g(rng);
    y[static_cast<std::size_t>(i)] = g(rng) > 0;
  }
  Eigen::VectorXd w(3);
  w << 0.3, -0.7, 1.1;
  const double b = 0.2, l2 = 0.5, h = 1e-6;
  const Eigen::VectorXd grad = logistic_gradient(z, y, w, b, l2);
  for (int j = 0; j < 3; ++j) {
    Eigen::VectorXd wp = w, wm = w;
    wp[j] += h;
    wm[j] -= h;
    EXPECT_NEAR(grad[j], (logistic_loss(z, y, wp, b, l2) - logistic_loss(z, y, wm, b, l2)) / (2 * h), 1e-5);
  }
  EXPECT_NEAR(grad[3], (logistic_loss(z, y, w, b + h, l2) - logistic_loss(z, y, w, b - h, l2)) / (2 * h), 1e-5);
}

// At the regularised optimum the gradient vanishes, also for separable data.
TEST(LogisticRegression, SeparableDataConvergesWithL2) {
  Eigen::MatrixXd x(20, 2);
  std::vector<int> y(20);
  for (int i = 0; i < 20; ++i) {
    x(i, 0) = i;
    x(i, 1) = (i * 7) % 5;
    y[static_cast<std::size_t>(i)] = i >= 10;
  }
  const auto model = fit_logistic_regression(x, y);
  const Eigen::MatrixXd z = (x.rowwise() - model.mean.transpose()).array().rowwise() / model.scale.transpose().array();
  EXPECT_LT(logistic_gradient(z, y, model.weights, model.intercept, 1.0).norm(), 1e-8);
  EXPECT_GT(model.weights[0], 1.0);
  std::vector<double> scores(20);
  const Eigen::VectorXd s = model.decision(x);
  for (int i = 0; i < 20; ++i) scores[static_cast<std::size_t>(i)] = s[i];
  EXPECT_DOUBLE_EQ(roc_auc(scores, y), 1.0);
}

TEST(LogisticRegression, BadInputIsInputError) {
  Eigen::MatrixXd x(3, 1);
  x << 1, 2, 3;
  EXPECT_THROW(fit_logistic_regression(x, {0, 1}), InputError);
  EXPECT_THROW(fit_logistic_regression(x, {0, 1, 2}), InputError);
  x(1, 0) = std::nan("");
  EXPECT_THROW(fit_logistic_regression(x, {0, 1, 1}), InputError);
  EXPECT_THROW(fit_logistic_regression(Eigen::MatrixXd(0, 1), {}), InputError);
}

TEST(RocAuc, TiesAndKnownValue) {
  // Positives {0.8, 0.4}, negatives {0.4, 0.1}: pairs 0.8>0.4, 0.8>0.1, 0.4=0.4 (½), 0.4>0.1 → 3.5/4.
  EXPECT_DOUBLE_EQ(roc_auc({0.8, 0.4, 0.4, 0.1}, {1, 1, 0, 0}), 0.875);
  EXPECT_TRUE(std::isnan(roc_auc({0.1, 0.2}, {1, 1})));
}

// The bootstrap interval of a mean covers the standard-error interval: for n normal values the
// 95 % interval half-width is close to 1.96 σ/√n.
TEST(Bootstrap, MeanIntervalMatchesStandardError) {
  std::mt19937_64 rng(11);
  std::normal_distribution<double> g(5, 2);
  std::vector<double> v(400);
  for (auto& x : v) x = g(rng);
  const auto ci = bootstrap_interval(v.size(), [&](const std::vector<std::size_t>& draw) {
    double s = 0;
    for (auto i : draw) s += v[i];
    return s / static_cast<double>(draw.size());
  });
  const double half = 1.96 * 2 / std::sqrt(400.0);
  EXPECT_NEAR(0.5 * (ci.high - ci.low), half, 0.2 * half);
  EXPECT_LT(ci.low, ci.estimate);
  EXPECT_GT(ci.high, ci.estimate);
  EXPECT_THROW(bootstrap_interval(0, [](const std::vector<std::size_t>&) { return 0.0; }), InputError);
}
