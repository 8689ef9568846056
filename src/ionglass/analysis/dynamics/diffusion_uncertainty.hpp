#pragma once
// Diffusion coefficient with a calibrated uncertainty from the all-origin (overlapping-window)
// MSD, after McCluskey, Coles, Morgan et al., "Accurate estimation of diffusion coefficients and
// their uncertainties from computer simulation", J. Chem. Theory Comput. (2024), arXiv 2305.18244
// (the kinisi method), with a Gaussian generalised-least-squares (GLS) posterior instead of MCMC.
//
// Model covariance of the MSD estimates at lags Δ_i ≤ Δ_j (in frames, T frames, W independent
// walkers, d dimensions, m_i the *model* MSD slope·t_i + max(c, 0), not the noisy data):
//   Σ_ij = (2/d) · (m_i/Δ_i)(m_j/Δ_j) · (Δ_i²Δ_j − Δ_i³/3) / (W · √((T − Δ_i)(T − Δ_j))).
// This is the overlapping-window covariance of a Gaussian random walk: for one axis,
// cov(Δx²(s,Δ_i), Δx²(s',Δ_j)) = 2 (2D·overlap)², and the overlap of the two windows integrated over
// the origin shift gives Δ_i²Δ_j − Δ_i³/3; at i = j it is the Brownian ergodicity-breaking
// parameter 4Δ/(3T) (He, Burov, Metzler, Barkai, PRL 101 (2008) 058101). The leading term,
// (2/d) m_i² Δ_j/Δ_i / (W T) = σ²_i N_i/N_j with σ²_i = V[Δr²_i]/N_i and N_i = W T/Δ_i non-overlapping
// observations, is the kinisi covariance (McCluskey et al., Eqs. 9–13); the −Δ_i/3 term accounts
// for the extra information in overlapping windows; the symmetric √((T − Δ_i)(T − Δ_j)) (number of
// origins) keeps Σ positive definite (without it the 68 % interval covered 80 % in
// the calibration test).
// GLS of MSD(t) = 2d·D·t + c over the window: with X = [t 1], W = Σ⁻¹ (Cholesky),
//   β̂ = (Xᵀ W X)⁻¹ Xᵀ W y,  cov β̂ = (Xᵀ W X)⁻¹.
// The model MSD is first taken from ordinary least squares, then from the GLS fit itself, and the
// fit repeated (three passes). Intervals are Gaussian: D ± 1σ (68.27 %) and D ± 1.96σ (95 %).
#include <cstddef>
#include <string>
#include <vector>

namespace ionglass {

/// Birge ratio of a GLS fit of `points` lags with residual `chi2` (see GlsDiffusionFit::error_scale).
double gls_error_scale(double chi2, std::size_t points);

struct GlsDiffusionFit {
  double slope = 0;         ///< of the MSD against time (MSD unit / ps)
  double intercept = 0;     ///< MSD unit
  double slope_stderr = 0;  ///< MSD unit / ps
  double D = 0;             ///< slope / (2d)  (MSD unit / ps)
  double D_stderr = 0;
  double D_68_low = 0, D_68_high = 0;  ///< 68.27 % interval
  double D_95_low = 0, D_95_high = 0;  ///< 95 % interval
  double chi2 = 0;                     ///< of the residuals under the model covariance
  std::size_t points = 0;              ///< lags in the window
  /// The Birge ratio √(χ²/(points − 2)) when χ² says the MSD is not a straight line within its
  /// model covariance (p < 0.01: the window holds curvature, e.g. a crossover), else 1. Callers
  /// that weight by D_stderr (the Arrhenius fit) multiply it by this.
  double error_scale() const { return gls_error_scale(chi2, points); }
};

/// GLS fit of `msd` (against lag index; t = lag·frame_interval_ps) over lags [first, last]
/// (inclusive, first ≥ 1). `walkers`: independent walkers averaged into the MSD (atoms of the
/// group; 1 for a collective series); `frames`: trajectory length T; `dimensions`: d.
/// Throws InputError for a bad window, walkers < 1 or an MSD whose fitted slope is not positive.
GlsDiffusionFit gls_diffusion_fit(const std::vector<double>& msd, double frame_interval_ps, std::size_t first,
                                  std::size_t last, double walkers, std::size_t frames, int dimensions = 3);

}  // namespace ionglass
