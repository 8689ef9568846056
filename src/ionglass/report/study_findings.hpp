#pragma once
// The Findings of a study: for every quantity the study measures per model (density, each
// cutoff pair's coordination number and mean distance, each former's mean Qⁿ connectivity, the
// activation energies), every pair of models is compared, and only differences that survive
// their uncertainties are stated as differences. Structure quantities are per-structure samples
// (the replica glasses of a model: mean ± s/√n, Welch's t test); activation energies carry the
// propagated error of their weighted Arrhenius fit (a z test, or t with the fit's degrees of
// freedom when the errors were Birge-scaled). The whole family of tests is Holm-corrected, so
// "differs" holds at family-wise error rate α. A quantity a model lacks (a refused fit, a single
// structure) is "not comparable", with the reason. No element is named here: the quantities come
// from the study's cutoffs and formers.
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/statistics/mean_comparison.hpp"

namespace ionglass {

/// A model's value of one quantity, or why it has none.
struct ModelEstimate {
  std::string model;
  std::optional<EstimatedMean> estimate;
  std::string unavailable;  ///< reason when `estimate` is empty
};

struct FindingQuantity {
  std::string name;  ///< for the reader: "Fe–O coordination number"
  std::string key;   ///< for machines: "coordination_number.Fe-O"
  std::string unit;  ///< "g/cm³", "Å", "eV" or "" (dimensionless)
  std::vector<ModelEstimate> models;
};

enum class FindingVerdict { differs, not_resolved, not_comparable };
const char* finding_verdict_name(FindingVerdict v);  ///< "differs", "not resolved", "not comparable"

struct ModelDifference {
  std::string quantity, key, unit;
  std::string model_a, model_b;
  std::optional<EstimatedMean> a, b;
  std::optional<MeanComparison> comparison;  ///< b − a; empty when not comparable
  double p_adjusted = 1;                     ///< Holm-adjusted over every comparison made
  FindingVerdict verdict = FindingVerdict::not_comparable;
  std::string reason;  ///< why not comparable
  /// One sentence: "density: BMP exceeds ACE by 0.12 ± 0.02 g/cm³ (Welch t = 6.1, ν = 7.3,
  /// Holm-adjusted p = 3e-04)".
  std::string sentence() const;
};

struct StudyFindings {
  double significance = 0.05;
  std::size_t tests = 0;  ///< size of the Holm family
  std::vector<ModelDifference> differences;
};

/// Compares every pair of models on every quantity. Throws std::invalid_argument for a
/// significance outside (0, 1).
StudyFindings compare_models(const std::vector<FindingQuantity>& quantities, double significance = 0.05);

/// The quantities of a study: from the structure results' per-file values (structure.json:
/// groups.<model>.files) for density, every coordination pair (number and mean distance within
/// the cutoff) and every former's ⟨n⟩ = Σ n Qⁿ; from each model's arrhenius.json for the
/// activation energies of D and of the collective σT. `models` lists the models in study order.
std::vector<FindingQuantity> study_quantities(const nlohmann::json& structure, const nlohmann::json& arrhenius_by_model,
                                              const std::vector<std::string>& models);

nlohmann::json findings_json(const StudyFindings& findings);

}  // namespace ionglass
