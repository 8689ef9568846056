#include "ionglass/analysis/dynamics/arrhenius_workflow.hpp"

#include <algorithm>

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
  if (s.conductivity) {
    p.collective_S_per_cm = s.conductivity->collective_S_per_cm;
    p.nernst_einstein_S_per_cm = s.conductivity->nernst_einstein_S_per_cm;
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

ArrheniusResults analyze_arrhenius(std::vector<ArrheniusPoint> points, const ArrheniusSettings& settings) {
  ArrheniusResults r;
  r.species = settings.species;
  r.extrapolate_K = settings.extrapolate_K;
  for (const ArrheniusPoint& p : points) r.sources.push_back(p.source);
  std::sort(points.begin(), points.end(),
            [](const ArrheniusPoint& a, const ArrheniusPoint& b) { return a.temperature_K < b.temperature_K; });
  r.points = std::move(points);
  const std::vector<double> T = r.temperatures_K();
  r.diffusion = fit_arrhenius(T, r.D_cm2_per_s());
  r.has_conductivity = std::all_of(r.points.begin(), r.points.end(), [](const ArrheniusPoint& p) {
    return p.collective_S_per_cm.has_value() && p.nernst_einstein_S_per_cm.has_value();
  });
  if (!r.has_conductivity) return r;
  r.sigma_T_nernst_einstein = fit_arrhenius(T, r.sigma_T_nernst_einstein_S_K_per_cm());
  const std::vector<double> sigma_T = r.sigma_T_collective_S_K_per_cm();
  if (std::all_of(sigma_T.begin(), sigma_T.end(), [](double v) { return v > 0; }))
    r.sigma_T_collective = fit_arrhenius(T, sigma_T);
  return r;
}

}  // namespace ionglass
