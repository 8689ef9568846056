// The study's Findings: the statistics they rest on (incomplete beta, Student t, Welch, Holm),
// the calibration of "differs" (false-alarm rate at equal means), and the verdicts drawn from a
// study's structure and Arrhenius results.
#include <gtest/gtest.h>

#include <cmath>
#include <nlohmann/json.hpp>
#include <numbers>
#include <random>

#include "ionglass/analysis/statistics/mean_comparison.hpp"
#include "ionglass/report/study_findings.hpp"

namespace ionglass {
namespace {

using nlohmann::json;

double binomial(int n, int k) {
  return std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0));
}

TEST(MeanComparison, IncompleteBetaMatchesTheBinomialSumForWholeParameters) {
  // I_x(a, b) = Σ_{j=a}^{a+b−1} C(a+b−1, j) x^j (1−x)^{a+b−1−j} for whole a, b.
  for (int a : {1, 2, 5, 12})
    for (int b : {1, 3, 7})
      for (double x : {0.01, 0.2, 0.5, 0.77, 0.99}) {
        const int n = a + b - 1;
        double exact = 0;
        for (int j = a; j <= n; ++j) exact += binomial(n, j) * std::pow(x, j) * std::pow(1 - x, n - j);
        EXPECT_NEAR(regularized_incomplete_beta(x, a, b), exact, 1e-12) << a << " " << b << " " << x;
      }
  EXPECT_EQ(regularized_incomplete_beta(0, 2, 3), 0);
  EXPECT_EQ(regularized_incomplete_beta(1, 2, 3), 1);
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(1.5, 2, 3)));
  EXPECT_TRUE(std::isnan(regularized_incomplete_beta(0.5, -1, 3)));
}

TEST(MeanComparison, StudentTTailsMatchKnownValues) {
  // ν = 1 is the Cauchy distribution: P(|T| ≥ t) = 1 − (2/π) atan t.
  for (double t : {0.3, 1.0, 4.0})
    EXPECT_NEAR(student_t_two_sided_p(t, 1), 1 - 2 / std::numbers::pi * std::atan(t), 1e-12);
  // Table quantiles: t_{0.975} for ν = 10 is 2.228139, for ν = 4 it is 2.776445; normal 1.959964.
  EXPECT_NEAR(student_t_two_sided_p(2.228139, 10), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(-2.776445, 4), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(1.959964, std::numeric_limits<double>::infinity()), 0.05, 1e-6);
  EXPECT_NEAR(student_t_two_sided_p(1.959964, 1e9), 0.05, 1e-6);
  EXPECT_EQ(student_t_two_sided_p(0, 3), 1);
  EXPECT_TRUE(std::isnan(student_t_two_sided_p(1, 0)));
}

TEST(MeanComparison, WelchDegreesOfFreedomAndKnownErrors) {
  const EstimatedMean a = mean_of_samples({1, 2, 3, 4, 5});  // mean 3, s² = 2.5, se² = 0.5
  EXPECT_DOUBLE_EQ(a.mean, 3);
  EXPECT_NEAR(a.standard_error, std::sqrt(0.5), 1e-15);
  EXPECT_EQ(a.degrees_of_freedom, 4);
  const EstimatedMean b{5, std::sqrt(0.5), 9};
  const MeanComparison c = compare_means(a, b);
  EXPECT_DOUBLE_EQ(c.difference, 2);
  EXPECT_NEAR(c.difference_error, 1, 1e-15);
  // (0.5 + 0.5)² / (0.25/4 + 0.25/9)
  EXPECT_NEAR(c.degrees_of_freedom, 1 / (0.25 / 4 + 0.25 / 9), 1e-12);
  EXPECT_NEAR(c.p_value, student_t_two_sided_p(2, c.degrees_of_freedom), 1e-15);
  // Two known errors: a z test.
  const MeanComparison z = compare_means({0, 0.3, std::numeric_limits<double>::infinity()},
                                         {1, 0.4, std::numeric_limits<double>::infinity()});
  EXPECT_TRUE(std::isinf(z.degrees_of_freedom));
  EXPECT_NEAR(z.statistic, 2, 1e-12);
  EXPECT_NEAR(z.p_value, std::erfc(2 / std::sqrt(2.0)), 1e-12);
  EXPECT_THROW(mean_of_samples({1.0}), std::invalid_argument);
  EXPECT_THROW(mean_of_samples({1.0, std::nan("")}), std::invalid_argument);
  EXPECT_EQ(compare_means({1, 0, 4}, {1, 0, 4}).p_value, 1);
  EXPECT_EQ(compare_means({1, 0, 4}, {2, 0, 4}).p_value, 0);
}

TEST(MeanComparison, HolmAdjustmentStepsDown) {
  const std::vector<double> adjusted = holm_adjusted({0.01, 0.04, 0.03, 0.005});
  // Sorted 0.005·4 = 0.02, 0.01·3 = 0.03, 0.03·2 = 0.06, 0.04·1 → kept at 0.06 (monotone).
  ASSERT_EQ(adjusted.size(), 4u);
  EXPECT_NEAR(adjusted[0], 0.03, 1e-15);
  EXPECT_NEAR(adjusted[1], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[2], 0.06, 1e-15);
  EXPECT_NEAR(adjusted[3], 0.02, 1e-15);
  EXPECT_EQ(holm_adjusted({0.6, 0.9})[1], 1);
  EXPECT_TRUE(holm_adjusted({}).empty());
}

// Calibration: glasses of two models with the same true mean (five replicas each, different
// spreads) must be called different in about α of the trials, and a real difference of six
// combined standard errors must be found in most of them.
TEST(MeanComparison, WelchFalseAlarmRateIsTheSignificanceLevel) {
  std::mt19937_64 rng(20261204);
  std::normal_distribution<double> normal(0, 1);
  const int trials = 4000;
  const double shift = 6 * std::sqrt(0.01 * 0.01 / 5 + 0.03 * 0.03 / 5);  // six combined standard errors
  int false_alarms = 0, detections = 0;
  for (int k = 0; k < trials; ++k) {
    std::vector<double> a(5), b(5), c(5);
    for (double& x : a) x = 2.0 + 0.01 * normal(rng);
    for (double& x : b) x = 2.0 + 0.03 * normal(rng);
    for (double& x : c) x = 2.0 + shift + 0.03 * normal(rng);
    if (compare_means(mean_of_samples(a), mean_of_samples(b)).p_value < 0.05) ++false_alarms;
    if (compare_means(mean_of_samples(a), mean_of_samples(c)).p_value < 0.05) ++detections;
  }
  const double rate = static_cast<double>(false_alarms) / trials;
  EXPECT_GT(rate, 0.035);
  EXPECT_LT(rate, 0.065);
  EXPECT_GT(static_cast<double>(detections) / trials, 0.8);
}

// A study's structure.json (per-file values) and Arrhenius fits for three models.
json structure_of_three_models() {
  json s;
  auto file = [](double density, double cn, double distance, double q2, double q3) {
    return json{{"density_g_cm3", density},
                {"coordination", {{"Fe-O", {{"mean", cn}, {"mean_bond_length_A", distance}}}}},
                {"qn", {{"P", {{"0", 0.0}, {"1", 0.1}, {"2", q2}, {"3", q3}, {"4", 0.0}}}}}};
  };
  for (int k = 0; k < 5; ++k) {
    const double e = 0.01 * (k - 2);  // replica scatter, mean zero
    s["groups"]["A"]["files"]["a" + std::to_string(k)] = file(3.00 + e, 5.0 + e, 2.00 + e, 0.5 + e, 0.4 - e);
    s["groups"]["B"]["files"]["b" + std::to_string(k)] = file(3.50 + e, 5.0 - e, 2.00 + e, 0.5 - e, 0.4 + e);
  }
  s["groups"]["C"]["files"]["c0"] = file(3.2, 5.5, 2.1, 0.3, 0.6);
  return s;
}

json arrhenius_of_three_models() {
  json a;
  a["A"]["diffusion"] = {{"fitted", true},
                         {"activation_energy_eV", 0.60},
                         {"activation_energy_stderr_eV", 0.05},
                         {"error_scale", 1.0},
                         {"degrees_of_freedom", 1}};
  a["B"]["diffusion"] = {{"fitted", true},
                         {"activation_energy_eV", 0.70},
                         {"activation_energy_stderr_eV", 0.08},
                         {"error_scale", 1.0},
                         {"degrees_of_freedom", 1}};
  a["C"]["diffusion"] = {{"fitted", false}, {"note", "fewer than two diffusive temperatures"}};
  return a;
}

const ModelDifference& find(const StudyFindings& f, const std::string& key, const std::string& a,
                            const std::string& b) {
  for (const ModelDifference& d : f.differences)
    if (d.key == key && d.model_a == a && d.model_b == b) return d;
  throw std::runtime_error("no comparison " + key + " " + a + " " + b);
}

TEST(StudyFindings, StatesOnlyTheDifferencesTheUncertaintiesSupport) {
  const auto quantities = study_quantities(structure_of_three_models(), arrhenius_of_three_models(), {"A", "B", "C"});
  // density, Fe–O number and distance, ⟨n⟩ of P, E_a of D and of σT.
  ASSERT_EQ(quantities.size(), 6u);
  const StudyFindings f = compare_models(quantities);
  EXPECT_EQ(f.differences.size(), 18u);  // 6 quantities × 3 pairs

  const ModelDifference& density = find(f, "density_g_cm3", "A", "B");
  EXPECT_EQ(density.verdict, FindingVerdict::differs);
  EXPECT_NEAR(density.comparison->difference, 0.5, 1e-12);
  EXPECT_NE(density.sentence().find("B exceeds A by 0.5"), std::string::npos) << density.sentence();

  // Same mean coordination (the replica scatter runs the other way): not resolved.
  EXPECT_EQ(find(f, "coordination_number.Fe-O", "A", "B").verdict, FindingVerdict::not_resolved);
  // ⟨n⟩ = 0.1 + 2 q2 + 3 q3, mean 2.3 for both.
  const ModelDifference& qn = find(f, "qn_mean_n.P", "A", "B");
  EXPECT_NEAR(qn.a->mean, 0.1 + 2 * 0.5 + 3 * 0.4, 1e-12);
  EXPECT_EQ(qn.verdict, FindingVerdict::not_resolved);

  // E_a 0.60 ± 0.05 against 0.70 ± 0.08: 1.06 σ, not resolved (z test).
  const ModelDifference& ea = find(f, "activation_energy_eV.diffusion", "A", "B");
  EXPECT_EQ(ea.verdict, FindingVerdict::not_resolved);
  EXPECT_TRUE(std::isinf(ea.comparison->degrees_of_freedom));
  EXPECT_NEAR(ea.comparison->difference_error, std::hypot(0.05, 0.08), 1e-12);

  // Model C: one structure, and a refused fit: never compared, and the reason is given.
  const ModelDifference& one = find(f, "density_g_cm3", "A", "C");
  EXPECT_EQ(one.verdict, FindingVerdict::not_comparable);
  EXPECT_NE(one.reason.find("one structure"), std::string::npos);
  const ModelDifference& refused = find(f, "activation_energy_eV.diffusion", "B", "C");
  EXPECT_EQ(refused.verdict, FindingVerdict::not_comparable);
  EXPECT_NE(refused.reason.find("fewer than two diffusive"), std::string::npos);
  // σT was never fitted for anyone.
  EXPECT_EQ(find(f, "activation_energy_eV.sigma_T_collective", "A", "B").verdict, FindingVerdict::not_comparable);

  // The Holm family is the comparable tests: density, Fe–O CN, distance, ⟨n⟩ and E_a of A vs B.
  EXPECT_EQ(f.tests, 5u);
  for (const ModelDifference& d : f.differences)
    if (d.comparison) {
      EXPECT_GE(d.p_adjusted, d.comparison->p_value);
      // Nothing stated as a difference lies within its own uncertainty.
      if (d.verdict == FindingVerdict::differs) {
        EXPECT_GT(std::abs(d.comparison->difference), 2 * d.comparison->difference_error);
      }
    }

  const json j = findings_json(f);
  EXPECT_EQ(j["tests"], 5);
  EXPECT_EQ(j["comparisons"].size(), 18u);
  EXPECT_EQ(j["comparisons"][0]["verdict"], "differs");
  EXPECT_THROW(compare_models(quantities, 0), std::invalid_argument);
}

TEST(StudyFindings, BirgeScaledActivationEnergiesUseTheFitsDegreesOfFreedom) {
  json arrhenius = arrhenius_of_three_models();
  arrhenius["A"]["diffusion"]["error_scale"] = 2.5;
  arrhenius["A"]["diffusion"]["degrees_of_freedom"] = 3;
  const auto quantities = study_quantities(json::object(), arrhenius, {"A", "B"});
  const StudyFindings f = compare_models(quantities);
  const ModelDifference& ea = find(f, "activation_energy_eV.diffusion", "A", "B");
  ASSERT_TRUE(ea.comparison);
  EXPECT_FALSE(std::isinf(ea.comparison->degrees_of_freedom));
  // Only A's error is estimated (ν = 3): ν_Welch = (v_a + v_b)² / (v_a²/3).
  const double va = 0.05 * 0.05, vb = 0.08 * 0.08;
  EXPECT_NEAR(ea.comparison->degrees_of_freedom, (va + vb) * (va + vb) / (va * va / 3), 1e-9);
  // No structures: density is "not measured".
  EXPECT_NE(find(f, "density_g_cm3", "A", "B").reason, "");
}

}  // namespace
}  // namespace ionglass
