#pragma once
// Thermostats: operators on the velocities that the velocity-Verlet step applies around its
// Hamiltonian part (see VelocityVerlet):
//   half_step(dt/2) · kick(dt/2) · drift(dt/2) · middle_step(dt) · drift(dt/2) · forces · kick(dt/2) · half_step(dt/2)
// Bussi and Nosé–Hoover chains act in the half steps (a symmetric Trotter splitting), Langevin
// acts in the middle (the "O" of BAOAB). The integrator records every change of kinetic energy a
// thermostat makes, which gives the conserved energy of every thermostat alike.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/md/md_system.hpp"
#include "ionglass/md/random_stream.hpp"

namespace ionglass {

enum class ThermostatKind { NoseHooverChain, Langevin, Bussi };

/// "nose_hoover", "langevin", "bussi" (also "csvr"); throws InputError otherwise.
ThermostatKind parse_thermostat_kind(const std::string& name);
std::string thermostat_kind_name(ThermostatKind kind);

class Thermostat {
public:
  virtual ~Thermostat() = default;
  virtual std::string name() const = 0;
  /// Acts for `half_dt` (ps) at the start and at the end of a step towards `temperature_K`.
  virtual void half_step(MdSystem& md, double half_dt, double temperature_K, RandomStream& random);
  /// Acts once per step for the full `dt` between the two half drifts.
  virtual void middle_step(MdSystem& md, double dt, double temperature_K, RandomStream& random);
  /// Internal variables (for checkpoints).
  virtual std::vector<double> state() const { return {}; }
  virtual void set_state(const std::vector<double>& state);
};

/// A thermostat of the given kind with relaxation time `damping_ps`.
std::unique_ptr<Thermostat> make_thermostat(ThermostatKind kind, double damping_ps);

}  // namespace ionglass
