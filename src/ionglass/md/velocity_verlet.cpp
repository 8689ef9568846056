#include "ionglass/md/velocity_verlet.hpp"

#include <fmt/format.h>

#include <algorithm>
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

double VelocityVerlet::drift(MdSystem& md, double dt) const {
  auto& x = md.system.positions;
  const auto& v = md.system.velocities;
  const std::size_t n = x.size();
  double largest_squared = 0;
#pragma omp parallel for schedule(static) reduction(max : largest_squared)
  for (std::size_t i = 0; i < n; ++i) {
    x[i] += dt * v[i];
    largest_squared = std::max(largest_squared, v[i].squaredNorm());
  }
  return dt * std::sqrt(largest_squared);
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
  const double first = drift(md, 0.5 * dt);
  if (thermostat_) thermostat_stage([&] { thermostat_->middle_step(md, dt, temperature_K, random); });
  const double second = drift(md, 0.5 * dt);
  // The sum of the two half-drift maxima bounds every atom's displacement in this step.
  if (max_displacement_ > 0 && !(first + second <= max_displacement_)) {
    // Rare: a serial pass names the fastest atom (NaN speeds count as fastest).
    std::size_t atom = 0;
    double fastest = -1;
    for (std::size_t i = 0; i < md.system.size(); ++i) {
      const double speed = md.system.velocities[i].squaredNorm();
      if (!(speed <= fastest)) {
        fastest = speed;
        atom = i;
        if (!std::isfinite(speed)) break;
      }
    }
    throw ExcessiveDisplacementError(fmt::format(
        "step {}: atom id {} ({}) moved up to {:.4g} Å in one step of {:g} ps, more than the limit {:g} Å "
        "(safety.max_displacement_A): the timestep is too large for these forces, or the potential lets atoms "
        "collapse",
        step, md.system.ids[atom], md.system.symbol(atom), first + second, dt, max_displacement_));
  }
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
