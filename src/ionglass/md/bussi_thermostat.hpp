#pragma once
// Stochastic velocity rescaling (G. Bussi, D. Donadio, M. Parrinello, J. Chem. Phys. 126,
// 014101 (2007)): the kinetic energy follows dK = (K̄ − K) dt/τ + 2 sqrt(K K̄/N_f) dW/sqrt(τ),
// integrated exactly over each half step (their Appendix, eq. A7); all velocities are scaled by
// one factor α.
#include "ionglass/md/thermostat.hpp"

namespace ionglass {

class BussiThermostat : public Thermostat {
public:
  explicit BussiThermostat(double damping_ps) : damping_(damping_ps) {}
  std::string name() const override { return "bussi"; }
  void half_step(MdSystem& md, double half_dt, double temperature_K, RandomStream& random) override;

private:
  double damping_;
};

}  // namespace ionglass
