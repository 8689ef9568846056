#include "ionglass/md/stochastic_cell_rescaling.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

BarostatCoupling parse_barostat_coupling(const std::string& name) {
  if (name == "isotropic" || name == "iso") return BarostatCoupling::Isotropic;
  if (name == "anisotropic" || name == "aniso") return BarostatCoupling::Anisotropic;
  throw InputError("unknown barostat coupling '" + name + "' (expected isotropic or anisotropic)");
}

StochasticCellRescaling::StochasticCellRescaling(BarostatCoupling coupling, double pressure_bar, double damping_ps,
                                                 double compressibility_per_bar)
    : coupling_(coupling), pressure_(pressure_bar), damping_(damping_ps), compressibility_(compressibility_per_bar) {
  if (!std::isfinite(pressure_)) throw InputError("barostat pressure_bar must be finite");
  if (!(damping_ > 0)) throw InputError("barostat pressure_damping_ps must be positive");
  if (!(compressibility_ > 0)) throw InputError("barostat compressibility_per_bar must be positive");
}

double StochasticCellRescaling::pressure_volume_eV(double volume_A3) const {
  return pressure_ / units::eV_per_A3_to_bar * volume_A3;
}

double StochasticCellRescaling::step(MdSystem& md, double dt, double temperature_K, RandomStream& random) {
  const double volume = md.system.cell.volume();
  const Mat3 pressure = md.pressure_tensor_bar();
  const double kT_over_V_bar = units::boltzmann_eV_per_K * temperature_K / volume * units::eV_per_A3_to_bar;
  Vec3 log_scale;  // ln λ_α
  if (coupling_ == BarostatCoupling::Isotropic) {
    const double p = pressure.trace() / 3;
    const double strain = -(compressibility_ / damping_) * (pressure_ - p - kT_over_V_bar) * dt +
                          std::sqrt(2 * kT_over_V_bar * compressibility_ * dt / damping_) * random.gaussian();
    log_scale.setConstant(strain / 3);
  } else {
    for (int a = 0; a < 3; ++a)
      log_scale[a] = -(compressibility_ / (3 * damping_)) * (pressure_ - pressure(a, a) - kT_over_V_bar) * dt +
                     std::sqrt(2 * kT_over_V_bar * compressibility_ * dt / (3 * damping_)) * random.gaussian();
  }
  const Vec3 scale = log_scale.array().exp();
  const double kinetic_before = md.kinetic_energy();
  const Vec3 origin = md.system.cell.origin();
  for (auto& r : md.system.positions) r = origin + scale.asDiagonal() * (r - origin);
  for (auto& v : md.system.velocities) v = scale.cwiseInverse().asDiagonal() * v;
  const Mat3 lattice = md.system.cell.matrix() * scale.asDiagonal();  // rows a·diag(λ)
  md.system.cell = Cell(lattice, origin, md.system.cell.periodic());
  const Mat3& virial = md.result().virial;
  double potential_change = 0;  // first order: δU = −Σ W_αα ln λ_α
  for (int a = 0; a < 3; ++a) potential_change -= virial(a, a) * log_scale[a];
  return md.kinetic_energy() - kinetic_before + potential_change +
         pressure_volume_eV(md.system.cell.volume()) - pressure_volume_eV(volume);
}

}  // namespace ionglass
