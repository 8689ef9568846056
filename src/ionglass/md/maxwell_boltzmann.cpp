#include "ionglass/md/maxwell_boltzmann.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

void assign_maxwell_boltzmann_velocities(MdSystem& md, double temperature_K, RandomStream& random) {
  if (!(temperature_K >= 0) || !std::isfinite(temperature_K))
    throw InputError("initial temperature must be a finite, non-negative number of kelvin");
  auto& v = md.system.velocities;
  const double kT = units::boltzmann_eV_per_K * temperature_K;
  for (std::size_t i = 0; i < v.size(); ++i) {
    const double sigma = std::sqrt(kT * md.inverse_mass(i));
    for (int k = 0; k < 3; ++k) v[i][k] = sigma * random.gaussian();
  }
  md.zero_momentum();
  const double current = md.temperature();
  md.scale_velocities(current > 0 ? std::sqrt(temperature_K / current) : 0.0);
}

}  // namespace ionglass
