#include "ionglass/md/md_system.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/potential/finite_result_check.hpp"

namespace ionglass {

namespace {
constexpr double amu_A2_per_ps2_in_eV = units::amu_A2_per_ps2_to_eV;  // LAMMPS mvv2e
}  // namespace

MdSystem::MdSystem(System s, PotentialFactory factory) : system(std::move(s)), factory_(std::move(factory)) {
  if (!system.cell.fully_periodic() || !system.cell.has_volume())
    throw InputError("molecular dynamics needs a fully periodic cell with a volume");
  if (system.size() < 2) throw InputError("molecular dynamics needs at least two atoms");
  if (!system.has_velocities()) system.velocities.assign(system.size(), Vec3::Zero());
  if (!system.has_images()) system.images.assign(system.size(), Image{0, 0, 0});
  inverse_mass_.resize(system.size());
  mass_.resize(system.size());
  for (std::size_t i = 0; i < system.size(); ++i) {
    mass_[i] = system.mass(i);
    if (!(mass_[i] > 0))
      throw InputError(fmt::format("atom {} (id {}) has no positive mass", i + 1, system.ids[i]));
    inverse_mass_[i] = units::eV_per_A_amu_to_A_per_ps2 / mass_[i];
  }
}

void MdSystem::restart_potential(long long step) {
  potential_ = factory_();
  potential_->bind(system);
  compute_forces(step);
}

void MdSystem::compute_forces(long long step) {
  if (!potential_) {
    restart_potential(step);
    return;
  }
  const auto start = std::chrono::steady_clock::now();
  EvaluationRequest request;
  request.forces = true;
  request.virial = true;
  result_.reset(system.size(), request);
  potential_->compute(system, request, result_);
  force_seconds_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ++force_evaluations_;
  check_finite_result(result_, system, fmt::format("step {}", step));
}

double MdSystem::kinetic_energy() const {
  double twice = 0;
  for (std::size_t i = 0; i < system.size(); ++i) twice += mass_[i] * system.velocities[i].squaredNorm();
  return 0.5 * twice * amu_A2_per_ps2_in_eV;
}

Mat3 MdSystem::kinetic_tensor() const {
  Mat3 t = Mat3::Zero();
  for (std::size_t i = 0; i < system.size(); ++i)
    t += mass_[i] * system.velocities[i] * system.velocities[i].transpose();
  return t * amu_A2_per_ps2_in_eV;
}

int MdSystem::degrees_of_freedom() const { return 3 * static_cast<int>(system.size()) - 3; }

double MdSystem::temperature() const {
  return 2 * kinetic_energy() / (degrees_of_freedom() * units::boltzmann_eV_per_K);
}

Mat3 MdSystem::pressure_tensor_bar() const {
  return (kinetic_tensor() + result_.virial) / system.cell.volume() * units::eV_per_A3_to_bar;
}

double MdSystem::pressure_bar() const { return pressure_tensor_bar().trace() / 3; }

Vec3 MdSystem::total_momentum() const {
  Vec3 p = Vec3::Zero();
  for (std::size_t i = 0; i < system.size(); ++i) p += mass_[i] * system.velocities[i];
  return p;
}

void MdSystem::zero_momentum() {
  double total_mass = 0;
  for (double m : mass_) total_mass += m;
  const Vec3 v_center = total_momentum() / total_mass;
  for (auto& v : system.velocities) v -= v_center;
}

void MdSystem::scale_velocities(double factor) {
  for (auto& v : system.velocities) v *= factor;
}

}  // namespace ionglass
