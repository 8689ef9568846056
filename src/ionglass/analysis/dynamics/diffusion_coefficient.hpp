#pragma once
// Diffusion coefficient from the MSD: D = slope / 6 of MSD(t) over the diffusive regime
// (Einstein relation). The regime is chosen automatically from the local exponent
// β(t) = d ln MSD / d ln t: the longest run of lags where |β − 1| ≤ tolerance, after the first
// ballistic picoseconds and before a maximum fraction of the trajectory (long lags have few origins).
// The standard error comes from independent blocks of time origins (the trajectory cut into
// `blocks` parts, each fitted over the same window); when the window is longer than a block, from
// the residuals of the least-squares fit.
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "ionglass/analysis/dynamics/diffusion_regime.hpp"
#include "ionglass/analysis/dynamics/diffusion_uncertainty.hpp"
#include "ionglass/analysis/dynamics/mean_squared_displacement.hpp"

namespace ionglass {

struct DiffusionFitOptions {
  double ballistic_ps = 1.0;  ///< lags before this are never fitted (ps)
  /// Lags after this fraction of the trajectory are never fitted (long lags have few origins);
  /// with `blocks` = 5, 0.2 keeps the window inside one block so the block error applies.
  double max_fraction = 0.2;
  double beta_tolerance = 0.1;  ///< |β − 1| allowed inside the window
  double window_start_ps = -1;  ///< fixed window (both ≥ 0): skips the automatic choice
  double window_end_ps = -1;
  int blocks = 5;  ///< blocks of time origins for the standard error
  /// Length a diffusing ion must cover: a sub-diffusive run is told how long it would take to get
  /// there (diffusion_regime.hpp). Å.
  double diffusive_length_A = 3.0;
};

/// Local exponent β at each lag (NaN at lag 0 and where the MSD is not positive): least-squares
/// slope of ln MSD against ln t over lags within a factor √2 of the lag.
std::vector<double> local_exponent(const std::vector<double>& msd);

/// Lags [first, last] (inclusive) of the fit.
struct FitWindow {
  std::size_t first = 0, last = 0;
  bool diffusive = false;  ///< false: no lag run satisfied the β criterion; the whole allowed range is used
  std::string note;        ///< how the window was chosen
};

FitWindow choose_fit_window(const std::vector<double>& beta, double frame_interval_ps,
                            const DiffusionFitOptions& options);

struct LineFit {
  double slope = 0, intercept = 0, slope_stderr = 0;
};
/// Least squares y = intercept + slope·t over lags [first, last] (t = lag·dt).
LineFit fit_line(const std::vector<double>& y, double frame_interval_ps, std::size_t first, std::size_t last);

/// Result for one group of atoms (or one collective series).
struct DiffusionResult {
  MsdCurves msd;             ///< Å² against lag
  std::vector<double> beta;  ///< local exponent against lag
  FitWindow window;
  double slope_A2_per_ps = 0;  ///< of the total MSD over the window
  double slope_stderr_A2_per_ps = 0;
  std::array<double, 3> axis_slope_A2_per_ps{};  ///< of ⟨Δx²⟩, ⟨Δy²⟩, ⟨Δz²⟩
  std::string error_method;                      ///< "blocks of time origins (N)" or "fit residuals"
  /// GLS fit with the model MSD covariance over the same window (diffusion_uncertainty.hpp),
  /// with the atoms of the group as independent walkers; empty (and gls_note says why) when the
  /// window has fewer than 3 lags from lag 1 or the MSD does not grow.
  std::optional<GlsDiffusionFit> gls;
  std::string gls_note;
  /// Ballistic, sub-diffusive, diffusive or undetermined, from the long-time exponent and its
  /// uncertainty (diffusion_regime.hpp); a D is a diffusion coefficient only when diffusive.
  DiffusionRegimeResult regime;
  double D_A2_per_ps() const { return slope_A2_per_ps / 6; }
  double D_stderr_A2_per_ps() const { return slope_stderr_A2_per_ps / 6; }
};

/// MSD, β, window, slope and its standard error for atoms of frame-major data (see msd_fft).
/// With `fixed_window` the window is not chosen from β but taken as given.
DiffusionResult analyse_diffusion(const double* data, std::size_t frames, std::size_t frame_stride,
                                  const std::vector<std::size_t>& atoms, double frame_interval_ps,
                                  const DiffusionFitOptions& options, const FitWindow* fixed_window = nullptr);

/// 1 Å²/ps in cm²/s.
inline constexpr double A2_per_ps_to_cm2_per_s = 1e-4;

}  // namespace ionglass
