#pragma once
// Langevin dynamics in the BAOAB splitting (B. Leimkuhler, C. Matthews, Appl. Math. Res. Express
// 2013, 34): the "O" step replaces each velocity component by
//   v ← c v + sqrt((1 − c²) k_B T / m) ξ,   c = exp(−dt/τ),  ξ ~ N(0, 1),
// after which the centre-of-mass velocity is removed (as LAMMPS fix langevin "zero yes"), so
// that the total momentum stays zero and N_f = 3N − 3.
#include "ionglass/md/thermostat.hpp"

namespace ionglass {

class LangevinThermostat : public Thermostat {
public:
  explicit LangevinThermostat(double damping_ps) : damping_(damping_ps) {}
  std::string name() const override { return "langevin"; }
  void middle_step(MdSystem& md, double dt, double temperature_K, RandomStream& random) override;

private:
  double damping_;
};

}  // namespace ionglass
