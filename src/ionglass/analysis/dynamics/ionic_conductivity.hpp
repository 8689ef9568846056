#pragma once
// Ionic conductivity from the trajectory (analysis-definitions.md, Dynamics):
//   Nernst–Einstein  σ_NE = Σ_s N_s q_s² D_s / (V k_B T)  (tracer D of every charged species s);
//   collective       σ = lim ⟨|Σ_i q_i Δr_i(t)|²⟩ / (6 t V k_B T), from the slope of the charge-
//                    displacement MSD (same FFT algorithm, one series) over the fit window of the
//                    first charged species;
//   Haven ratio      H_R = D_tracer / D_σ = σ_NE / σ.
// With q in e, D in Å²/ps, V in Å³ and k_B T in eV, σ comes out in e/(V·Å·ps) = 16.02176634 S/cm.
#include <map>
#include <optional>
#include <string>

#include "ionglass/analysis/dynamics/diffusion_coefficient.hpp"
#include "ionglass/analysis/dynamics/unwrapped_trajectory.hpp"

namespace ionglass {

/// e²·Å²/ps / (Å³·eV) in S/cm.
inline constexpr double conductivity_metal_to_S_per_cm = 16.02176634;

struct ConductivityResult {
  double temperature_K = 0;
  double volume_A3 = 0;
  double nernst_einstein_S_per_cm = 0, nernst_einstein_stderr_S_per_cm = 0;
  double collective_S_per_cm = 0, collective_stderr_S_per_cm = 0;
  double haven_ratio = 0, haven_ratio_stderr = 0;
  /// From the GLS fits (calibrated errors; charge MSD as one walker): set only when the charge MSD
  /// and every tracer have a GLS fit. Each GLS error is times its fit's Birge ratio
  /// (GlsDiffusionFit::error_scale, 1 when the residuals agree with the model covariance). The
  /// Haven ratio error propagates both relative errors.
  std::optional<double> collective_gls_S_per_cm, collective_gls_stderr_S_per_cm;
  std::optional<double> nernst_einstein_gls_stderr_S_per_cm, haven_ratio_gls_stderr;
  DiffusionResult charge_msd;  ///< MSD of Σ q_i r_i (e²Å²) against lag, and its fit
};

/// `charges`: element symbol → formal charge (e) of the mobile ions; `diffusion`: the tracer
/// results of those species (same keys); `window`: the lags to fit the charge MSD over.
ConductivityResult ionic_conductivity(const UnwrappedTrajectory& trajectory,
                                      const std::map<std::string, double>& charges,
                                      const std::map<std::string, DiffusionResult>& diffusion, double temperature_K,
                                      const FitWindow& window, const DiffusionFitOptions& options);

}  // namespace ionglass
