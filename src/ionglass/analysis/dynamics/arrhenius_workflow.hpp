#pragma once
// The Arrhenius workflow (docs/dynamics-analysis.md, "Arrhenius fits"): D(T) and σT(T) of one
// species at several temperatures, fitted to ln y = ln y₀ − E_a/(k_B T) (arrhenius_fit.hpp).
//
// Only what the regimes support is fitted:
// - a point enters the D fit only when its tracer MSD is diffusive (diffusion_regime.hpp), and the
//   collective σT fit only when its charge MSD is; points without a recorded regime (older
//   dynamics.json files) enter with a note;
// - when every point has a calibrated (GLS) estimate and standard error, those are fitted,
//   weighted (for σ_NE T: the plain value with the GLS error of the tracer D it comes from);
//   otherwise the plain values, unweighted;
// - when the fitted points are in different matrix states (glass and liquid) the fit spans a
//   regime change and is refused;
// - extrapolation stays inside a validity range: the fitted range, extended to lower temperatures
//   for a glass (the frozen network stays frozen when colder) and to higher ones for a liquid.
//   A target outside it (below a liquid's points: across the glass transition; above a glass's:
//   it may melt; either side when the matrix state is unknown) is refused with the reason.
// Points come from DynamicsResults in memory (arrhenius_point) or from dynamics.json files
// (report/dynamics_json_reader.hpp).
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
  /// Calibrated estimate and error (GLS); the error times GlsDiffusionFit::error_scale() when the
  /// GLS χ² shows curvature in the window.
  std::optional<double> D_gls_cm2_per_s, D_gls_stderr_cm2_per_s;
  std::string regime;  ///< of the tracer MSD; empty: not recorded
  std::string regime_reason;
  std::string matrix_state = "unknown";  ///< "glass", "liquid", "unknown"
  std::optional<double> collective_S_per_cm, nernst_einstein_S_per_cm;
  std::optional<double> collective_gls_S_per_cm, collective_gls_stderr_S_per_cm;
  std::optional<double> nernst_einstein_gls_stderr_S_per_cm;
  std::string collective_regime;  ///< of the charge MSD; empty: not recorded
};

/// The point of `species` in one dynamics result. Throws InputError without a temperature or
/// without that species.
ArrheniusPoint arrhenius_point(const DynamicsResults& results, const std::string& species, const std::string& source);

struct ArrheniusSettings {
  std::string species;                ///< the species the points describe (labels only)
  std::vector<double> extrapolate_K;  ///< temperatures to extrapolate the fits to
};

/// One extrapolated (or interpolated) value of a fit.
struct ArrheniusPrediction {
  double temperature_K = 0;
  bool refused = false;  ///< outside the validity range: no value
  double value = 0;      ///< unit of the fitted quantity
  double ln_stderr = 0;  ///< standard error of ln value
  std::string status;    ///< "inside the fitted range", "extrapolated", "refused"
  std::string reason;    ///< why refused or extrapolated
};

/// A fit with the points it used and what it predicts.
struct ArrheniusSeriesFit {
  std::optional<ArrheniusFit> fit;                ///< absent when refused or with fewer than two points
  std::string note;                               ///< why absent, or what to know (unweighted, inconsistent χ²)
  std::vector<std::size_t> used;                  ///< indices into ArrheniusResults::points
  std::vector<std::string> excluded;              ///< "SOURCE (T K): reason" of each point left out
  double validity_min_K = 0, validity_max_K = 0;  ///< where predictions are given (max may be +inf)
  std::vector<ArrheniusPrediction> predictions;   ///< at ArrheniusSettings::extrapolate_K
};

struct ArrheniusResults {
  std::string species;
  std::vector<std::string> sources;    ///< as given
  std::vector<ArrheniusPoint> points;  ///< sorted by temperature
  std::vector<double> extrapolate_K;
  std::string matrix_state;  ///< of the fitted points: "glass", "liquid", "mixed", "unknown"
  ArrheniusSeriesFit diffusion;
  bool has_conductivity = false;  ///< every point has conductivities: σT columns and fits
  std::optional<ArrheniusSeriesFit> sigma_T_nernst_einstein;
  std::optional<ArrheniusSeriesFit> sigma_T_collective;

  std::vector<double> temperatures_K() const;
  std::vector<double> D_cm2_per_s() const;
  std::vector<double> sigma_T_collective_S_K_per_cm() const;       ///< σ·T per point (has_conductivity)
  std::vector<double> sigma_T_nernst_einstein_S_K_per_cm() const;  ///< σ_NE·T per point
};

/// Sorts the points by temperature and fits what the regimes support (top of this file). Throws
/// InputError with fewer than two points or a single temperature; a fit that cannot be made from
/// the diffusive points is absent with its note instead.
ArrheniusResults analyze_arrhenius(std::vector<ArrheniusPoint> points, const ArrheniusSettings& settings);

}  // namespace ionglass
