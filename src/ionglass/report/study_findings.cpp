#include "ionglass/report/study_findings.hpp"

#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "ionglass/report/json_number.hpp"

namespace ionglass {

using nlohmann::json;

namespace {

// A value with its error to the error's two significant digits: "0.86 ± 0.13".
std::string with_error(double value, double error, const std::string& unit) {
  int decimals = 3;
  if (error > 0 && std::isfinite(error)) decimals = std::max(0, 1 - static_cast<int>(std::floor(std::log10(error))));
  decimals = std::min(decimals, 8);
  return fmt::format("{:.{}f} ± {:.{}f}{}", value, decimals, error, decimals, unit.empty() ? "" : " " + unit);
}

std::string p_text(double p) {
  return p >= 0.001 ? fmt::format("{:.3f}", p) : fmt::format("{:.0e}", p);
}

// "Fe-O" as a reader writes it, "Fe–O".
std::string pair_label(const std::string& pair) {
  const auto dash = pair.find('-');
  return dash == std::string::npos ? pair : pair.substr(0, dash) + "–" + pair.substr(dash + 1);
}

const json& member(const json& j, const std::string& key) {
  static const json null;
  return j.is_object() && j.contains(key) ? j.at(key) : null;
}

// One model's estimate from per-file values (null values are missing files, not zeros).
ModelEstimate from_samples(const std::string& model, const std::vector<double>& samples) {
  ModelEstimate e{model, std::nullopt, ""};
  if (samples.size() < 2) {
    e.unavailable = samples.empty() ? "not measured" : "one structure only: no spread across replicas to judge by";
    return e;
  }
  e.estimate = mean_of_samples(samples);
  return e;
}

// The activation energy of one Arrhenius fit (arrhenius.json's "diffusion" or "sigma_T_collective").
ModelEstimate activation_energy(const std::string& model, const json& fit) {
  ModelEstimate e{model, std::nullopt, ""};
  if (!fit.is_object()) {
    e.unavailable = "no Arrhenius fit was run";
    return e;
  }
  if (!fit.value("fitted", false)) {
    const std::string note = fit.value("note", "");
    e.unavailable = note.empty() ? "not fitted" : note;
    return e;
  }
  const json& value = member(fit, "activation_energy_eV");
  const json& error = member(fit, "activation_energy_stderr_eV");
  if (!value.is_number() || !error.is_number()) {
    e.unavailable = "the fit has no standard error";
    return e;
  }
  EstimatedMean m{value.get<double>(), error.get<double>(), std::numeric_limits<double>::infinity()};
  // Errors scaled by the Birge ratio were estimated from the scatter: t with the fit's freedom.
  if (fit.value("error_scale", 1.0) > 1 && fit.value("degrees_of_freedom", 0) > 0)
    m.degrees_of_freedom = fit.value("degrees_of_freedom", 0);
  e.estimate = m;
  return e;
}

}  // namespace

const char* finding_verdict_name(FindingVerdict v) {
  switch (v) {
    case FindingVerdict::differs:
      return "differs";
    case FindingVerdict::not_resolved:
      return "not resolved";
    case FindingVerdict::not_comparable:
      return "not comparable";
  }
  return "";
}

std::string ModelDifference::sentence() const {
  if (verdict == FindingVerdict::not_comparable)
    return fmt::format("{}: {} and {} cannot be compared ({}).", quantity, model_a, model_b, reason);
  const MeanComparison& c = *comparison;
  const std::string test = std::isinf(c.degrees_of_freedom)
                               ? fmt::format("z = {:.1f}", c.statistic)
                               : fmt::format("Welch t = {:.1f}, ν = {:.1f}", c.statistic, c.degrees_of_freedom);
  const std::string values = fmt::format("{} {}, {} {}", model_a, with_error(a->mean, a->standard_error, unit), model_b,
                                         with_error(b->mean, b->standard_error, unit));
  if (verdict == FindingVerdict::differs)
    return fmt::format("{}: {} exceeds {} by {} ({}; {}, Holm-adjusted p = {}).", quantity,
                       c.difference > 0 ? model_b : model_a, c.difference > 0 ? model_a : model_b,
                       with_error(std::abs(c.difference), c.difference_error, unit), values, test, p_text(p_adjusted));
  return fmt::format(
      "{}: {} and {} are not resolved: the difference {} is not significant at this sample "
      "size ({}; {}, Holm-adjusted p = {}).",
      quantity, model_a, model_b, with_error(c.difference, c.difference_error, unit), values, test, p_text(p_adjusted));
}

StudyFindings compare_models(const std::vector<FindingQuantity>& quantities, double significance) {
  if (!(significance > 0 && significance < 1)) throw std::invalid_argument("the significance level must lie in (0, 1)");
  StudyFindings out;
  out.significance = significance;
  std::vector<double> p_values;
  std::vector<std::size_t> tested;
  for (const FindingQuantity& q : quantities)
    for (std::size_t i = 0; i < q.models.size(); ++i)
      for (std::size_t j = i + 1; j < q.models.size(); ++j) {
        const ModelEstimate &a = q.models[i], &b = q.models[j];
        ModelDifference d;
        d.quantity = q.name;
        d.key = q.key;
        d.unit = q.unit;
        d.model_a = a.model;
        d.model_b = b.model;
        d.a = a.estimate;
        d.b = b.estimate;
        if (!a.estimate || !b.estimate) {
          d.verdict = FindingVerdict::not_comparable;
          d.reason = !a.estimate ? a.model + ": " + a.unavailable : b.model + ": " + b.unavailable;
          if (!a.estimate && !b.estimate) d.reason += "; " + b.model + ": " + b.unavailable;
        } else {
          d.comparison = compare_means(*a.estimate, *b.estimate);
          tested.push_back(out.differences.size());
          p_values.push_back(d.comparison->p_value);
        }
        out.differences.push_back(std::move(d));
      }
  const std::vector<double> adjusted = holm_adjusted(p_values);
  for (std::size_t k = 0; k < tested.size(); ++k) {
    ModelDifference& d = out.differences[tested[k]];
    d.p_adjusted = adjusted[k];
    d.verdict = adjusted[k] < significance ? FindingVerdict::differs : FindingVerdict::not_resolved;
  }
  out.tests = tested.size();
  return out;
}

std::vector<FindingQuantity> study_quantities(const json& structure, const json& arrhenius_by_model,
                                              const std::vector<std::string>& models) {
  std::vector<FindingQuantity> out;
  const json& groups = member(structure, "groups");
  // The pairs and formers every group reports (from the first group that has files).
  std::vector<std::string> pairs, formers;
  for (const std::string& m : models) {
    const json& files = member(member(groups, m), "files");
    if (!files.is_object() || files.empty()) continue;
    const json& first = files.begin().value();
    for (const auto& [pair, c] : member(first, "coordination").items()) pairs.push_back(pair);
    for (const auto& [former, q] : member(first, "qn").items()) formers.push_back(former);
    break;
  }
  // Per-file samples of one quantity for each model; `value` returns null where a file lacks it.
  auto per_file = [&](const std::string& name, const std::string& key, const std::string& unit, auto value) {
    FindingQuantity q{name, key, unit, {}};
    for (const std::string& m : models) {
      std::vector<double> samples;
      const json& files = member(member(groups, m), "files");
      if (files.is_object())
        for (const auto& [path, f] : files.items()) {
          const json v = value(f);
          if (v.is_number() && std::isfinite(v.get<double>())) samples.push_back(v.get<double>());
        }
      q.models.push_back(from_samples(m, samples));
    }
    out.push_back(std::move(q));
  };
  per_file("density", "density_g_cm3", "g/cm³", [](const json& f) { return member(f, "density_g_cm3"); });
  for (const std::string& pair : pairs) {
    per_file(pair_label(pair) + " coordination number", "coordination_number." + pair, "",
             [&](const json& f) { return member(member(member(f, "coordination"), pair), "mean"); });
    per_file(pair_label(pair) + " mean distance within the cutoff", "mean_distance_A." + pair, "Å",
             [&](const json& f) { return member(member(member(f, "coordination"), pair), "mean_bond_length_A"); });
  }
  for (const std::string& former : formers)
    per_file("mean Qⁿ connectivity ⟨n⟩ of " + former, "qn_mean_n." + former, "", [&](const json& f) -> json {
      const json& qn = member(member(f, "qn"), former);
      if (!qn.is_object()) return json();
      double weighted = 0, total = 0;
      for (const auto& [n, fraction] : qn.items()) {
        if (!fraction.is_number()) continue;
        weighted += std::stod(n) * fraction.get<double>();
        total += fraction.get<double>();
      }
      return total > 0 ? json(weighted / total) : json();
    });
  for (const auto& [fit, name, key] :
       {std::tuple<const char*, const char*, const char*>{"diffusion", "activation energy of D",
                                                          "activation_energy_eV.diffusion"},
        {"sigma_T_collective", "activation energy of the collective σT", "activation_energy_eV.sigma_T_collective"}}) {
    FindingQuantity q{name, key, "eV", {}};
    for (const std::string& m : models)
      q.models.push_back(activation_energy(m, member(member(arrhenius_by_model, m), fit)));
    out.push_back(std::move(q));
  }
  return out;
}

json findings_json(const StudyFindings& findings) {
  json list = json::array();
  for (const ModelDifference& d : findings.differences) {
    json j{{"quantity", d.quantity},  {"key", d.key},         {"unit", d.unit},
           {"model_a", d.model_a},    {"model_b", d.model_b}, {"verdict", finding_verdict_name(d.verdict)},
           {"sentence", d.sentence()}};
    auto estimate = [](const std::optional<EstimatedMean>& e) -> json {
      if (!e) return json();
      return {{"mean", e->mean},
              {"standard_error", e->standard_error},
              {"degrees_of_freedom", json_number(e->degrees_of_freedom)}};
    };
    j["a"] = estimate(d.a);
    j["b"] = estimate(d.b);
    if (d.comparison) {
      j["difference_b_minus_a"] = d.comparison->difference;
      j["difference_error"] = d.comparison->difference_error;
      j["statistic"] = json_number(d.comparison->statistic);
      j["degrees_of_freedom"] = json_number(d.comparison->degrees_of_freedom);
      j["p_value"] = d.comparison->p_value;
      j["p_value_holm"] = d.p_adjusted;
    } else {
      j["reason"] = d.reason;
    }
    list.push_back(j);
  }
  return {{"significance", findings.significance},
          {"tests", findings.tests},
          {"method",
           "per-structure values: Welch's t test of the means (s/√n); activation energies: z test on the propagated "
           "fit errors (t with the fit's degrees of freedom when Birge-scaled); Holm correction over all tests"},
          {"comparisons", list}};
}

}  // namespace ionglass
