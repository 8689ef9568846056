#pragma once
// The Arrhenius workflow (docs/dynamics-analysis.md): D(T) and σT(T) of one species at several
// temperatures, fitted to ln y = ln y₀ − E_a/(k_B T) (arrhenius_fit.hpp). The σT fits run only
// when every point has conductivities; the collective one only when every collective σ is
// positive. Points come from DynamicsResults in memory (arrhenius_point) or from dynamics.json
// files (report/dynamics_json_reader.hpp).
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/arrhenius_fit.hpp"
#include "ionglass/analysis/dynamics/dynamics_workflow.hpp"

namespace ionglass {

/// One temperature: D of the fitted species and, when computed, its conductivities.
struct ArrheniusPoint {
  std::string source;  ///< file or label the point came from
  double temperature_K = 0;
  double D_cm2_per_s = 0, D_stderr_cm2_per_s = 0;
  std::optional<double> collective_S_per_cm, nernst_einstein_S_per_cm;
};

/// The point of `species` in one dynamics result. Throws InputError without a temperature or
/// without that species.
ArrheniusPoint arrhenius_point(const DynamicsResults& results, const std::string& species, const std::string& source);

struct ArrheniusSettings {
  std::string species;                ///< the species the points describe (labels only)
  std::vector<double> extrapolate_K;  ///< temperatures to extrapolate the fits to
};

struct ArrheniusResults {
  std::string species;
  std::vector<std::string> sources;    ///< as given
  std::vector<ArrheniusPoint> points;  ///< sorted by temperature
  std::vector<double> extrapolate_K;
  ArrheniusFit diffusion;
  bool has_conductivity = false;  ///< every point has conductivities: σT columns and fits
  std::optional<ArrheniusFit> sigma_T_nernst_einstein;
  std::optional<ArrheniusFit> sigma_T_collective;  ///< absent when a collective σ is not positive

  std::vector<double> temperatures_K() const;
  std::vector<double> D_cm2_per_s() const;
  std::vector<double> sigma_T_collective_S_K_per_cm() const;       ///< σ·T per point (has_conductivity)
  std::vector<double> sigma_T_nernst_einstein_S_K_per_cm() const;  ///< σ_NE·T per point
};

/// Sorts the points by temperature and fits. Throws InputError (from fit_arrhenius) with fewer
/// than two points, a non-positive D or a single temperature.
ArrheniusResults analyze_arrhenius(std::vector<ArrheniusPoint> points, const ArrheniusSettings& settings);

}  // namespace ionglass
