#include "ionglass/md/bussi_thermostat.hpp"

#include <cmath>

#include "ionglass/core/units.hpp"

namespace ionglass {

void BussiThermostat::half_step(MdSystem& md, double half_dt, double temperature_K, RandomStream& random) {
  const double kinetic = md.kinetic_energy();
  const int dof = md.degrees_of_freedom();
  if (!(kinetic > 0)) return;
  const double target = 0.5 * dof * units::boltzmann_eV_per_K * temperature_K;  // K̄
  const double c = std::exp(-half_dt / damping_);
  const double r1 = random.gaussian();
  const double rest = random.chi_squared(dof - 1);
  const double ratio = target / (dof * kinetic);
  // Eq. (A7): α² = c + (1−c) K̄/(N_f K) (R1² + Σ R_i²) + 2 R1 sqrt(c (1−c) K̄/(N_f K))
  double alpha2 = c + (1 - c) * ratio * (r1 * r1 + rest) + 2 * r1 * std::sqrt(c * (1 - c) * ratio);
  if (alpha2 < 0) alpha2 = 0;
  double alpha = std::sqrt(alpha2);
  // The sign of α: sign(R1 + sqrt(c N_f K / ((1−c) K̄)))
  if (r1 + std::sqrt(c / ((1 - c) * ratio)) < 0) alpha = -alpha;
  md.scale_velocities(alpha);
}

}  // namespace ionglass
