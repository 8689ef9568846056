#include "ionglass/md/velocity_verlet.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

VelocityVerlet::VelocityVerlet(double timestep_ps) : timestep_(timestep_ps) {
  if (!(timestep_ > 0) || !std::isfinite(timestep_)) throw InputError("the timestep must be positive (ps)");
}

void VelocityVerlet::kick(MdSystem& md, double dt) const {
  auto& v = md.system.velocities;
  const auto& f = md.forces();
  const std::size_t n = v.size();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) v[i] += (dt * md.inverse_mass(i)) * f[i];
}

void VelocityVerlet::drift(MdSystem& md, double dt) const {
  auto& x = md.system.positions;
  const auto& v = md.system.velocities;
  const std::size_t n = x.size();
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) x[i] += dt * v[i];
}

void VelocityVerlet::step(MdSystem& md, long long step, double temperature_K, RandomStream& random) {
  const double dt = timestep_;
  auto thermostat_stage = [&](auto&& action) {
    const double before = md.kinetic_energy();
    action();
    exchanged_ += md.kinetic_energy() - before;
  };
  if (thermostat_) thermostat_stage([&] { thermostat_->half_step(md, 0.5 * dt, temperature_K, random); });
  kick(md, 0.5 * dt);
  drift(md, 0.5 * dt);
  if (thermostat_) thermostat_stage([&] { thermostat_->middle_step(md, dt, temperature_K, random); });
  drift(md, 0.5 * dt);
  if (barostat_) exchanged_ += barostat_->step(md, dt, temperature_K, random);
  md.compute_forces(step);
  kick(md, 0.5 * dt);
  if (thermostat_) thermostat_stage([&] { thermostat_->half_step(md, 0.5 * dt, temperature_K, random); });
}

double VelocityVerlet::conserved_energy(const MdSystem& md) const {
  double e = md.kinetic_energy() + md.potential_energy() - exchanged_;
  if (barostat_) e += barostat_->pressure_volume_eV(md.system.cell.volume());
  return e;
}

}  // namespace ionglass
