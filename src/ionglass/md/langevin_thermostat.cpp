#include "ionglass/md/langevin_thermostat.hpp"

#include <cmath>

#include "ionglass/core/units.hpp"

namespace ionglass {

void LangevinThermostat::middle_step(MdSystem& md, double dt, double temperature_K, RandomStream& random) {
  const double c = std::exp(-dt / damping_);
  const double kT = units::boltzmann_eV_per_K * temperature_K;
  auto& velocities = md.system.velocities;
  // Serial loop: one random stream in atom order keeps runs reproducible for any thread count.
  for (std::size_t i = 0; i < velocities.size(); ++i) {
    const double sigma = std::sqrt((1 - c * c) * kT * md.inverse_mass(i));  // Å/ps
    for (int k = 0; k < 3; ++k) velocities[i][k] = c * velocities[i][k] + sigma * random.gaussian();
  }
  md.zero_momentum();
}

}  // namespace ionglass
