#pragma once
// Nosé–Hoover chain thermostat (G. J. Martyna, M. L. Klein, M. Tuckerman, J. Chem. Phys. 97,
// 2635 (1992)), integrated with the Trotter factorisation of Martyna, Tuckerman, Tobias, Klein,
// Mol. Phys. 87, 1117 (1996), with Suzuki–Yoshida order-4 weights (3 sub-steps).
// Chain masses Q_1 = N_f k_B T τ², Q_j = k_B T τ² (τ = damping time).
// Chain energy Σ ½ Q_j ξ̇_j² + N_f k_B T ξ_1 + k_B T Σ_{j≥2} ξ_j is stored as state.
#include "ionglass/md/thermostat.hpp"

namespace ionglass {

class NoseHooverChain : public Thermostat {
public:
  explicit NoseHooverChain(double damping_ps, int chain_length = 3);
  std::string name() const override { return "nose_hoover"; }
  void half_step(MdSystem& md, double half_dt, double temperature_K, RandomStream& random) override;
  std::vector<double> state() const override;
  void set_state(const std::vector<double>& state) override;

private:
  double damping_;
  std::vector<double> position_, velocity_;  // ξ_j, ξ̇_j (1/ps)
};

}  // namespace ionglass
