#pragma once
// The state that molecular dynamics advances: a System (positions, velocities, cell) together
// with the Potential acting on it and the forces, energy and virial of the current positions.
//
// Kinetic energy K = ½ Σ m v², temperature T = 2K / (N_f k_B) with N_f = 3N − 3 (the total
// momentum is zero and kept zero), pressure tensor P = (Σ m v⊗v + W) / V (W: virial).
#include <functional>
#include <memory>

#include "ionglass/core/system.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass {

/// Creates a fresh potential (used at start, and again at every checkpoint so that a resumed run
/// and an uninterrupted one continue from an identical state).
using PotentialFactory = std::function<std::unique_ptr<Potential>()>;

class MdSystem {
public:
  /// The system must have velocities (zero velocities are added when absent) and a periodic cell.
  MdSystem(System system, PotentialFactory factory);

  System system;

  /// Creates the potential anew, binds it and evaluates forces (as after a restart).
  void restart_potential(long long step);
  /// Evaluates energy, forces and virial at the current positions. Throws ComputationError naming
  /// the step, atom and value when the energy or a force is not finite.
  void compute_forces(long long step);

  const PotentialResult& result() const { return result_; }
  double potential_energy() const { return result_.energy; }
  const std::vector<Vec3>& forces() const { return result_.forces; }
  /// Acceleration factor of atom i: a_i = F_i · inverse_mass(i) (Å/ps² from eV/Å).
  double inverse_mass(std::size_t i) const { return inverse_mass_[i]; }
  double mass(std::size_t i) const { return mass_[i]; }

  double kinetic_energy() const;    ///< eV
  Mat3 kinetic_tensor() const;      ///< Σ m v⊗v (eV), trace = 2K
  int degrees_of_freedom() const;   ///< 3N − 3
  double temperature() const;       ///< K
  Mat3 pressure_tensor_bar() const; ///< kinetic + virial
  double pressure_bar() const;
  Vec3 total_momentum() const;      ///< amu·Å/ps
  void zero_momentum();
  /// Multiplies every velocity by `factor`.
  void scale_velocities(double factor);

  long long force_evaluations() const { return force_evaluations_; }
  double force_seconds() const { return force_seconds_; }  ///< wall time inside the potential

private:
  PotentialFactory factory_;
  std::unique_ptr<Potential> potential_;
  PotentialResult result_;
  std::vector<double> inverse_mass_, mass_;
  long long force_evaluations_ = 0;
  double force_seconds_ = 0;
};

}  // namespace ionglass
