#include "ionglass/md/nose_hoover_chain.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

NoseHooverChain::NoseHooverChain(double damping_ps, int chain_length)
    : damping_(damping_ps), position_(chain_length, 0.0), velocity_(chain_length, 0.0) {}

void NoseHooverChain::half_step(MdSystem& md, double half_dt, double temperature_K, RandomStream&) {
  const std::size_t m = velocity_.size();
  const int dof = md.degrees_of_freedom();
  const double kT = units::boltzmann_eV_per_K * temperature_K;
  if (!(kT > 0)) return;
  std::vector<double> mass(m, kT * damping_ * damping_);  // eV·ps²
  mass[0] *= dof;
  double kinetic2 = 2 * md.kinetic_energy();
  double scale = 1;
  // Suzuki–Yoshida fourth-order weights.
  const double w1 = 1 / (2 - std::cbrt(2.0));
  const double weights[3] = {w1, 1 - 2 * w1, w1};
  std::vector<double> force(m);
  auto chain_force = [&](std::size_t j) {
    return j == 0 ? (kinetic2 * scale * scale - dof * kT) / mass[0]
                  : (mass[j - 1] * velocity_[j - 1] * velocity_[j - 1] - kT) / mass[j];
  };
  for (double w : weights) {
    const double delta = w * half_dt;  // this sub-step's share of dt/2
    velocity_[m - 1] += 0.5 * delta * chain_force(m - 1);
    for (std::size_t j = m - 1; j-- > 0;) {
      const double damp = std::exp(-0.25 * delta * velocity_[j + 1]);
      velocity_[j] = (velocity_[j] * damp + 0.5 * delta * chain_force(j)) * damp;
    }
    scale *= std::exp(-delta * velocity_[0]);
    for (std::size_t j = 0; j < m; ++j) position_[j] += delta * velocity_[j];
    for (std::size_t j = 0; j + 1 < m; ++j) {
      const double damp = std::exp(-0.25 * delta * velocity_[j + 1]);
      velocity_[j] = (velocity_[j] * damp + 0.5 * delta * chain_force(j)) * damp;
    }
    velocity_[m - 1] += 0.5 * delta * chain_force(m - 1);
  }
  md.scale_velocities(scale);
}

std::vector<double> NoseHooverChain::state() const {
  std::vector<double> s = position_;
  s.insert(s.end(), velocity_.begin(), velocity_.end());
  return s;
}

void NoseHooverChain::set_state(const std::vector<double>& state) {
  if (state.size() != 2 * velocity_.size()) throw InputError("checkpoint has a Nose-Hoover chain of another length");
  position_.assign(state.begin(), state.begin() + velocity_.size());
  velocity_.assign(state.begin() + velocity_.size(), state.end());
}

}  // namespace ionglass
