#pragma once
// The velocity-Verlet integrator (Swope, Andersen, Berens, Wilson, J. Chem. Phys. 76, 637 (1982))
// with optional thermostat and barostat. One step of length dt:
//   thermostat.half_step(dt/2); v += a dt/2; x += v dt/2; thermostat.middle_step(dt);
//   x += v dt/2; barostat.step(dt); forces; v += a dt/2; thermostat.half_step(dt/2)
// The barostat acts before the force evaluation so that forces always belong to the positions.
// Every energy change made by the thermostat or barostat is added to exchanged_energy(); the
// conserved energy is K + U (+ P₀V with a barostat) − exchanged energy.
#include <memory>

#include "ionglass/core/error.hpp"
#include "ionglass/md/md_system.hpp"
#include "ionglass/md/random_stream.hpp"
#include "ionglass/md/stochastic_cell_rescaling.hpp"
#include "ionglass/md/thermostat.hpp"

namespace ionglass {

/// An atom moved farther in one step than the integrator's limit: the timestep is too large for
/// the forces (or the potential let atoms collapse and fly apart). Caught before positions become
/// too large to wrap or to bin.
class ExcessiveDisplacementError : public ComputationError {
 public:
  using ComputationError::ComputationError;
};

class VelocityVerlet {
public:
  explicit VelocityVerlet(double timestep_ps);
  /// Largest distance (Å) any atom may move in one step; 0 disables the check. `step` throws
  /// ExcessiveDisplacementError naming the step, the atom and the distance beyond it.
  void set_max_displacement(double distance_A) { max_displacement_ = distance_A; }
  void set_thermostat(std::unique_ptr<Thermostat> thermostat) { thermostat_ = std::move(thermostat); }
  void set_barostat(std::unique_ptr<StochasticCellRescaling> barostat) { barostat_ = std::move(barostat); }
  Thermostat* thermostat() { return thermostat_.get(); }
  StochasticCellRescaling* barostat() { return barostat_.get(); }

  /// Advances `md` (whose forces must be current) by one step; `step` is the index of the new
  /// state (for error messages); `temperature_K` the thermostat/barostat target for this step.
  void step(MdSystem& md, long long step, double temperature_K, RandomStream& random);

  double timestep() const { return timestep_; }
  double exchanged_energy() const { return exchanged_; }
  void set_exchanged_energy(double value) { exchanged_ = value; }
  /// K + U (+ P₀V) − exchanged energy (eV).
  double conserved_energy(const MdSystem& md) const;

private:
  void kick(MdSystem& md, double dt) const;
  /// x += v dt; returns the largest |v| dt (Å; NaN when a velocity is not finite).
  double drift(MdSystem& md, double dt) const;

  double timestep_;
  double max_displacement_ = 0;
  std::unique_ptr<Thermostat> thermostat_;
  std::unique_ptr<StochasticCellRescaling> barostat_;
  double exchanged_ = 0;
};

}  // namespace ionglass
