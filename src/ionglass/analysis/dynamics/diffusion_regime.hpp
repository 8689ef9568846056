#pragma once
// The regime of an MSD curve, decided from the data and its uncertainty (docs/dynamics-analysis.md,
// "Regimes"). The long-time exponent β of MSD ∝ t^β is fitted over the last decade of usable lags,
// [L/10, L] with L = max_fraction · (T − 1) (T frames; beyond L few time origins remain), by
// ordinary least squares of ln MSD against ln t on log-spaced lags, every part of the decade
// weighted alike (generalised least squares would give the shortest lags nearly all the weight and
// so report the exponent at the start of the window, e.g. the end of a ballistic start, instead of
// the long-time one). Its error is the sandwich A Σ Aᵀ (A the OLS projection) with Σ the
// overlapping-window covariance of the MSD (diffusion_uncertainty.hpp), with the fitted power law
// as the model MSD, carried to ln MSD by Σ_ln,ij = Σ_ij / (m_i m_j). That covariance is exact for a
// Gaussian random walk (β = 1, where the calibration test checks it) and an approximation elsewhere,
// where only the side of 1 that β falls on matters. With z = `confidence_z` (1.96: 95 %) and the tolerance τ:
//   diffusive      the interval β ± zσ overlaps [1 − τ, 1 + τ] and zσ ≤ 2τ (the data can tell);
//   sub-diffusive  β + zσ < 1 − τ (caged or hopping ions that have not yet reached diffusion);
//   ballistic      β − zσ > 1 + τ (the run never left the ballistic or super-diffusive start);
//   undetermined   otherwise (too few lags, a noisy MSD, an interval too wide to tell).
// A group whose MSD stays below 10⁻¹² over the window (atoms held still) is sub-diffusive with β = 0.
// A sub-diffusive run gets the time its MSD would need, at the fitted exponent, to reach
// `diffusive_length_A`² (a hop length: a diffusing ion must cover a few site spacings): an
// estimate of how long a run must be, not a bound.
#include <cstddef>
#include <string>
#include <vector>

namespace ionglass {

enum class DiffusionRegime { diffusive, sub_diffusive, ballistic, undetermined };

/// "diffusive", "sub-diffusive", "ballistic", "undetermined".
const char* regime_name(DiffusionRegime regime);

struct DiffusionRegimeOptions {
  double max_fraction = 0.2;        ///< L = max_fraction · (T − 1): last usable lag
  double beta_tolerance = 0.1;      ///< τ
  double confidence_z = 1.959964;   ///< z of the interval of β (1.96: 95 %)
  double diffusive_length_A = 3.0;  ///< length for the time a sub-diffusive run would need (Å)
  std::size_t max_lags = 100;       ///< lags of the window used (log-spaced subset beyond this)
};

struct DiffusionRegimeResult {
  DiffusionRegime regime = DiffusionRegime::undetermined;
  double beta = 0, beta_stderr = 0;  ///< long-time exponent over the window (NaN when not fitted)
  double window_start_ps = 0, window_end_ps = 0;
  std::size_t lags = 0;             ///< lags in the fit
  double msd_at_window_end = 0;     ///< MSD unit (Å² for tracers)
  double time_to_diffusive_ps = 0;  ///< sub-diffusive only (else NaN): see the top of this file
  std::string reason;               ///< one sentence: why this regime
  bool is_diffusive() const { return regime == DiffusionRegime::diffusive; }
};

/// Classifies `msd` (against lag index, lag 0 first; t = lag · frame_interval_ps) of `walkers`
/// independent walkers (atoms of the group, 1 for a collective series) over a trajectory of
/// `frames` frames in `dimensions` dimensions. Never throws for data: a curve it cannot classify
/// is `undetermined` with the reason.
DiffusionRegimeResult classify_diffusion_regime(const std::vector<double>& msd, double frame_interval_ps,
                                                double walkers, std::size_t frames,
                                                const DiffusionRegimeOptions& options = {}, int dimensions = 3);

}  // namespace ionglass
