#include "ionglass/analysis/dynamics/ionic_conductivity.hpp"

#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

ConductivityResult ionic_conductivity(const UnwrappedTrajectory& t, const std::map<std::string, double>& charges,
                                      const std::map<std::string, DiffusionResult>& diffusion, double temperature_K,
                                      const FitWindow& window, const DiffusionFitOptions& options) {
  if (!(temperature_K > 0)) throw InputError("the conductivity needs a positive temperature (--temperature)");
  if (charges.empty()) throw InputError("the conductivity needs the charges of the mobile ions (--charges Na=1)");
  ConductivityResult r;
  r.temperature_K = temperature_K;
  r.volume_A3 = t.mean_volume_A3();
  const double kT = units::boltzmann_eV_per_K * temperature_K;
  const double scale = conductivity_metal_to_S_per_cm / (r.volume_A3 * kT);

  // Charge displacement M(t) = Σ_i q_i r_i(t) over the mobile ions, and σ_NE.
  const std::size_t frames = t.frame_count();
  std::vector<double> dipole(frames * 3, 0.0);
  double ne_variance = 0;
  for (const auto& [symbol, q] : charges) {
    const int z = elements::by_symbol(symbol).atomic_number;
    const auto atoms = t.atoms_of(z);
    if (atoms.empty()) throw InputError("charged species '" + symbol + "' has no atoms in the analysed selection");
    auto it = diffusion.find(symbol);
    if (it == diffusion.end()) throw InputError("no diffusion result for charged species '" + symbol + "'");
    const double n = static_cast<double>(atoms.size());
    r.nernst_einstein_S_per_cm += n * q * q * it->second.D_A2_per_ps() * scale;
    const double error = n * q * q * it->second.D_stderr_A2_per_ps() * scale;
    ne_variance += error * error;
    for (std::size_t f = 0; f < frames; ++f)
      for (std::size_t i : atoms) {
        const double* p = t.position(f, i);
        for (int a = 0; a < 3; ++a) dipole[f * 3 + a] += q * p[a];
      }
  }
  r.nernst_einstein_stderr_S_per_cm = std::sqrt(ne_variance);
  double ne_gls_variance = 0;
  bool tracers_have_gls = true;
  for (const auto& [symbol, q] : charges) {
    const auto& d = diffusion.at(symbol);
    if (!d.gls) {
      tracers_have_gls = false;
      continue;
    }
    const double error = static_cast<double>(t.atoms_of(elements::by_symbol(symbol).atomic_number).size()) * q * q *
                         d.gls->D_stderr * d.gls->error_scale() * scale;
    ne_gls_variance += error * error;
  }
  r.charge_msd = analyse_diffusion(dipole.data(), frames, 3, {0}, t.frame_interval_ps(), options, &window);
  r.collective_S_per_cm = r.charge_msd.slope_A2_per_ps / 6 * scale;
  r.collective_stderr_S_per_cm = r.charge_msd.slope_stderr_A2_per_ps / 6 * scale;
  if (r.collective_S_per_cm != 0) {
    r.haven_ratio = r.nernst_einstein_S_per_cm / r.collective_S_per_cm;
    const double a =
        r.nernst_einstein_S_per_cm != 0 ? r.nernst_einstein_stderr_S_per_cm / r.nernst_einstein_S_per_cm : 0;
    const double b = r.collective_stderr_S_per_cm / r.collective_S_per_cm;
    r.haven_ratio_stderr = std::abs(r.haven_ratio) * std::sqrt(a * a + b * b);
  }
  if (r.charge_msd.gls && tracers_have_gls) {
    r.collective_gls_S_per_cm = r.charge_msd.gls->D * scale;
    // Birge-scaled where the residuals contradict the model covariance (GlsDiffusionFit::error_scale).
    r.collective_gls_stderr_S_per_cm = r.charge_msd.gls->D_stderr * r.charge_msd.gls->error_scale() * scale;
    r.nernst_einstein_gls_stderr_S_per_cm = std::sqrt(ne_gls_variance);
    if (*r.collective_gls_S_per_cm > 0 && r.nernst_einstein_S_per_cm > 0) {
      const double a = *r.nernst_einstein_gls_stderr_S_per_cm / r.nernst_einstein_S_per_cm;
      const double b = *r.collective_gls_stderr_S_per_cm / *r.collective_gls_S_per_cm;
      r.haven_ratio_gls_stderr = r.nernst_einstein_S_per_cm / *r.collective_gls_S_per_cm * std::sqrt(a * a + b * b);
    }
  }
  return r;
}

}  // namespace ionglass
