#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <limits>
#include <set>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

ArrheniusPoint arrhenius_point(const DynamicsResults& results, const std::string& species, const std::string& source) {
  if (results.temperature_K <= 0)
    throw InputError(source + ": no temperature_K (run the dynamics analysis with a temperature)");
  const auto found = results.species.find(elements::by_symbol(species).symbol);
  if (found == results.species.end()) throw InputError(source + ": no results for species '" + species + "'");
  const SpeciesDynamics& s = found->second;
  ArrheniusPoint p;
  p.source = source;
  p.temperature_K = results.temperature_K;
  p.D_cm2_per_s = s.D_cm2_per_s();
  p.D_stderr_cm2_per_s = s.D_stderr_cm2_per_s();
  if (s.diffusion.gls) {
    p.D_gls_cm2_per_s = s.diffusion.gls->D * A2_per_ps_to_cm2_per_s;
    p.D_gls_stderr_cm2_per_s = s.diffusion.gls->D_stderr * s.diffusion.gls->error_scale() * A2_per_ps_to_cm2_per_s;
  }
  p.regime = regime_name(s.diffusion.regime.regime);
  p.regime_reason = s.diffusion.regime.reason;
  p.matrix_state = results.matrix.state;
  if (s.conductivity) {
    const ConductivityResult& c = *s.conductivity;
    p.collective_S_per_cm = c.collective_S_per_cm;
    p.nernst_einstein_S_per_cm = c.nernst_einstein_S_per_cm;
    p.collective_gls_S_per_cm = c.collective_gls_S_per_cm;
    p.collective_gls_stderr_S_per_cm = c.collective_gls_stderr_S_per_cm;
    p.nernst_einstein_gls_stderr_S_per_cm = c.nernst_einstein_gls_stderr_S_per_cm;
    p.collective_regime = regime_name(c.charge_msd.regime.regime);
  }
  return p;
}

std::vector<double> ArrheniusResults::temperatures_K() const {
  std::vector<double> v;
  for (const ArrheniusPoint& p : points) v.push_back(p.temperature_K);
  return v;
}

std::vector<double> ArrheniusResults::D_cm2_per_s() const {
  std::vector<double> v;
  for (const ArrheniusPoint& p : points) v.push_back(p.D_cm2_per_s);
  return v;
}

std::vector<double> ArrheniusResults::sigma_T_collective_S_K_per_cm() const {
  std::vector<double> v;
  for (const ArrheniusPoint& p : points) v.push_back(p.collective_S_per_cm.value_or(0) * p.temperature_K);
  return v;
}

std::vector<double> ArrheniusResults::sigma_T_nernst_einstein_S_K_per_cm() const {
  std::vector<double> v;
  for (const ArrheniusPoint& p : points) v.push_back(p.nernst_einstein_S_per_cm.value_or(0) * p.temperature_K);
  return v;
}

namespace {

// A calibrated estimate and its standard error.
struct Calibrated {
  double value = 0, error = 0;
};

// What one series reads off a point: its plain value, its calibrated estimate (if any), its
// regime and why.
struct SeriesAccess {
  std::function<double(const ArrheniusPoint&)> value;
  std::function<std::optional<Calibrated>(const ArrheniusPoint&)> calibrated;
  std::function<std::string(const ArrheniusPoint&)> regime;
  std::function<std::string(const ArrheniusPoint&)> reason;
};

std::optional<Calibrated> calibrated(const std::optional<double>& value, const std::optional<double>& error,
                                     double factor) {
  if (!value || !error) return std::nullopt;
  return Calibrated{*value * factor, *error * factor};
}

std::string matrix_state_of(const std::vector<ArrheniusPoint>& points, const std::vector<std::size_t>& used) {
  std::set<std::string> states;
  for (std::size_t k : used) states.insert(points[k].matrix_state);
  if (states.count("glass") && states.count("liquid")) return "mixed";
  if (states.size() == 1) return *states.begin();
  return "unknown";  // unknown beside one known state
}

ArrheniusPrediction predict(const ArrheniusSeriesFit& s, const std::string& state, double T) {
  ArrheniusPrediction p;
  p.temperature_K = T;
  const ArrheniusFit& f = *s.fit;
  if (T >= f.temperature_min_K && T <= f.temperature_max_K) {
    p.status = "inside the fitted range";
  } else if (T < s.validity_min_K || T > s.validity_max_K) {
    p.refused = true;
    p.status = "refused";
    if (state == "liquid")
      p.reason = fmt::format(
          "the fitted points are liquid (the matrix flows); below {:g} K it freezes into a glass, "
          "where this law does not hold",
          f.temperature_min_K);
    else if (state == "glass")
      p.reason = fmt::format("the fitted points are glassy; above {:g} K the glass may melt", f.temperature_max_K);
    else
      p.reason =
          "the matrix state of the fitted points is unknown (analyse the network species): predictions only "
          "inside the fitted range";
    return p;
  } else {
    p.status = "extrapolated";
    p.reason = fmt::format("outside the fitted {:g}–{:g} K, inside the validity range of a {}", f.temperature_min_K,
                           f.temperature_max_K, state);
  }
  p.value = f.predict(T, &p.ln_stderr);
  return p;
}

ArrheniusSeriesFit fit_series(const std::vector<ArrheniusPoint>& points, const SeriesAccess& access,
                              const std::vector<double>& targets, const std::string& what) {
  ArrheniusSeriesFit s;
  std::vector<double> T, y, y_calibrated, e;
  bool every_error = true, any_unrecorded = false;
  for (std::size_t k = 0; k < points.size(); ++k) {
    const ArrheniusPoint& p = points[k];
    const std::string regime = access.regime(p);
    const double value = access.value(p);
    const std::string label = fmt::format("{} ({:g} K)", p.source, p.temperature_K);
    if (!regime.empty() && regime != "diffusive") {
      const std::string reason = access.reason(p);
      s.excluded.push_back(label + ": " + regime + (reason.empty() ? "" : " (" + reason + ")"));
      continue;
    }
    if (!(value > 0)) {
      s.excluded.push_back(label + fmt::format(": {} is not positive", what));
      continue;
    }
    any_unrecorded = any_unrecorded || regime.empty();
    s.used.push_back(k);
    T.push_back(p.temperature_K);
    y.push_back(value);
    const std::optional<Calibrated> c = access.calibrated(p);
    every_error = every_error && c && c->error > 0 && c->value > 0;
    y_calibrated.push_back(c ? c->value : 0);
    e.push_back(c ? c->error : 0);
  }
  const std::set<double> temperatures(T.begin(), T.end());
  if (temperatures.size() < 2) {
    s.note = fmt::format("no fit: {} diffusive point(s) at {} temperature(s); two temperatures are needed", T.size(),
                         temperatures.size());
    return s;
  }
  const std::string state = matrix_state_of(points, s.used);
  if (state == "mixed") {
    s.note = "no fit: the points span a regime change (glassy and liquid matrix); fit each state on its own";
    return s;
  }
  s.fit = every_error ? fit_arrhenius(T, y_calibrated, e) : fit_arrhenius(T, y);
  if (!every_error) s.note = "unweighted: not every point has a calibrated (GLS) estimate and error";
  if (!s.fit->consistent())
    s.note = fmt::format(
        "the points scatter more than their errors allow (chi2 = {:.3g} for {} degrees of freedom, "
        "p = {:.2g}): errors scaled by {:.3g}",
        s.fit->chi2, s.fit->degrees_of_freedom, s.fit->chi2_p_value, s.fit->error_scale);
  if (any_unrecorded) s.note += std::string(s.note.empty() ? "" : "; ") + "some points have no recorded regime";
  const double infinity = std::numeric_limits<double>::infinity();
  s.validity_min_K = state == "glass" ? 0 : s.fit->temperature_min_K;
  s.validity_max_K = state == "liquid" ? infinity : s.fit->temperature_max_K;
  for (double target : targets) s.predictions.push_back(predict(s, state, target));
  return s;
}

}  // namespace

ArrheniusResults analyze_arrhenius(std::vector<ArrheniusPoint> points, const ArrheniusSettings& settings) {
  ArrheniusResults r;
  r.species = settings.species;
  r.extrapolate_K = settings.extrapolate_K;
  for (const ArrheniusPoint& p : points) r.sources.push_back(p.source);
  std::sort(points.begin(), points.end(),
            [](const ArrheniusPoint& a, const ArrheniusPoint& b) { return a.temperature_K < b.temperature_K; });
  if (points.size() < 2) throw InputError("an Arrhenius fit needs results at two temperatures at least");
  if (points.front().temperature_K == points.back().temperature_K)
    throw InputError("an Arrhenius fit needs at least two different temperatures");
  for (const ArrheniusPoint& p : points)
    if (!(p.temperature_K > 0)) throw InputError(p.source + ": Arrhenius fit: temperature must be positive");
  r.points = std::move(points);
  std::vector<std::size_t> all(r.points.size());
  for (std::size_t k = 0; k < all.size(); ++k) all[k] = k;
  r.matrix_state = matrix_state_of(r.points, all);
  const auto tracer_regime = [](const ArrheniusPoint& p) { return p.regime; };
  const auto tracer_reason = [](const ArrheniusPoint& p) { return p.regime_reason; };
  r.diffusion =
      fit_series(r.points,
                 {[](const ArrheniusPoint& p) { return p.D_cm2_per_s; },
                  [](const ArrheniusPoint& p) { return calibrated(p.D_gls_cm2_per_s, p.D_gls_stderr_cm2_per_s, 1); },
                  tracer_regime, tracer_reason},
                 r.extrapolate_K, "D");
  r.has_conductivity = std::all_of(r.points.begin(), r.points.end(), [](const ArrheniusPoint& p) {
    return p.collective_S_per_cm.has_value() && p.nernst_einstein_S_per_cm.has_value();
  });
  if (!r.has_conductivity) return r;
  // σT and its error: σ and the error of σ times T.
  r.sigma_T_nernst_einstein = fit_series(
      r.points,
      {[](const ArrheniusPoint& p) { return *p.nernst_einstein_S_per_cm * p.temperature_K; },
       [](const ArrheniusPoint& p) {
         return calibrated(p.nernst_einstein_S_per_cm, p.nernst_einstein_gls_stderr_S_per_cm, p.temperature_K);
       },
       tracer_regime, tracer_reason},
      r.extrapolate_K, "sigma_NE T");
  r.sigma_T_collective =
      fit_series(r.points,
                 {[](const ArrheniusPoint& p) { return *p.collective_S_per_cm * p.temperature_K; },
                  [](const ArrheniusPoint& p) {
                    return calibrated(p.collective_gls_S_per_cm, p.collective_gls_stderr_S_per_cm, p.temperature_K);
                  },
                  [](const ArrheniusPoint& p) { return p.collective_regime; },
                  [](const ArrheniusPoint&) { return std::string(); }},
                 r.extrapolate_K, "collective sigma T");
  return r;
}

}  // namespace ionglass
