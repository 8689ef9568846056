#include "ionglass/md/fire_minimizer.hpp"

#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

namespace {

// Generalised force on the cell strain coordinates (eV per atom) for the chosen relaxation.
std::vector<double> cell_forces(const MdSystem& md, const FireOptions& o) {
  const double volume = md.system.cell.volume();
  const double n = static_cast<double>(md.system.size());
  const Mat3 stress = md.result().virial - Mat3::Identity() * (o.pressure_bar / units::eV_per_A3_to_bar * volume);
  if (o.cell == CellRelaxation::Isotropic) return {stress.trace() / (3 * n)};
  if (o.cell == CellRelaxation::Anisotropic) return {stress(0, 0) / n, stress(1, 1) / n, stress(2, 2) / n};
  return {};
}

double pressure_deviation_bar(const MdSystem& md, const FireOptions& o) {
  if (o.cell == CellRelaxation::None) return 0;
  const Mat3 p = md.result().virial_pressure_bar(md.system.cell.volume());
  if (o.cell == CellRelaxation::Isotropic) return std::abs(p.trace() / 3 - o.pressure_bar);
  double worst = 0;
  for (int a = 0; a < 3; ++a) worst = std::max(worst, std::abs(p(a, a) - o.pressure_bar));
  return worst;
}

}  // namespace

FireResult minimize_fire(MdSystem& md, const FireOptions& o, const std::function<void(long long)>& on_step) {
  if (!(o.force_tolerance_eV_per_A > 0)) throw InputError("minimize: force_tolerance_eV_per_A must be positive");
  if (o.max_steps < 0) throw InputError("minimize: max_steps must not be negative");
  if (!(o.max_step_A > 0)) throw InputError("minimize: max_step_A must be positive");
  if (!(o.pressure_tolerance_bar > 0)) throw InputError("minimize: pressure_tolerance_bar must be positive");
  const double n_min = 5, f_inc = 1.1, f_dec = 0.5, alpha_start = 0.1, f_alpha = 0.99;
  const double dt_max = 0.01;
  double dt = 0.001, alpha = alpha_start;
  long long since_negative = 0;
  const std::size_t natoms = md.system.size();
  const double accel = units::eV_per_A_amu_to_A_per_ps2;  // unit mass 1 amu
  const double n = static_cast<double>(natoms);

  std::vector<Vec3> velocity(natoms, Vec3::Zero());
  std::vector<double> cell_velocity(o.cell == CellRelaxation::Isotropic ? 1 : o.cell == CellRelaxation::Anisotropic ? 3 : 0, 0.0);

  FireResult result;
  auto converged = [&] {
    result.max_force_eV_per_A = md.result().max_force();
    result.max_pressure_deviation_bar = pressure_deviation_bar(md, o);
    return result.max_force_eV_per_A < o.force_tolerance_eV_per_A &&
           result.max_pressure_deviation_bar < o.pressure_tolerance_bar;
  };
  for (long long step = 1; step <= o.max_steps; ++step) {
    if (converged()) {
      result.converged = true;
      return result;
    }
    const auto& force = md.forces();
    const std::vector<double> cell_force = cell_forces(md, o);
    // Power P = F·v and the norms over all coordinates (atoms and cell).
    double power = 0, vnorm2 = 0, fnorm2 = 0;
    for (std::size_t i = 0; i < natoms; ++i) {
      power += force[i].dot(velocity[i]);
      vnorm2 += velocity[i].squaredNorm();
      fnorm2 += force[i].squaredNorm();
    }
    for (std::size_t k = 0; k < cell_force.size(); ++k) {
      power += cell_force[k] * cell_velocity[k];
      vnorm2 += cell_velocity[k] * cell_velocity[k];
      fnorm2 += cell_force[k] * cell_force[k];
    }
    if (power > 0) {
      const double mix = fnorm2 > 0 ? alpha * std::sqrt(vnorm2 / fnorm2) : 0;
      for (std::size_t i = 0; i < natoms; ++i) velocity[i] = (1 - alpha) * velocity[i] + mix * force[i];
      for (std::size_t k = 0; k < cell_force.size(); ++k)
        cell_velocity[k] = (1 - alpha) * cell_velocity[k] + mix * cell_force[k];
      if (++since_negative > n_min) {
        dt = std::min(dt * f_inc, dt_max);
        alpha *= f_alpha;
      }
    } else {
      for (auto& v : velocity) v.setZero();
      std::fill(cell_velocity.begin(), cell_velocity.end(), 0.0);
      alpha = alpha_start;
      dt *= f_dec;
      since_negative = 0;
    }
    // Euler step with the displacement limited to max_step_A (over all coordinates together).
    double step2 = 0;
    for (std::size_t i = 0; i < natoms; ++i) {
      velocity[i] += dt * accel * force[i];
      step2 += (dt * velocity[i]).squaredNorm();
    }
    for (std::size_t k = 0; k < cell_force.size(); ++k) {
      cell_velocity[k] += dt * accel * cell_force[k];
      step2 += dt * cell_velocity[k] * dt * cell_velocity[k];
    }
    const double limit = std::sqrt(step2) > o.max_step_A ? o.max_step_A / std::sqrt(step2) : 1.0;
    for (std::size_t i = 0; i < natoms; ++i) md.system.positions[i] += limit * dt * velocity[i];
    if (!cell_force.empty()) {
      Vec3 strain;  // Δε per axis = Δ(Nε)/N
      if (o.cell == CellRelaxation::Isotropic) strain.setConstant(limit * dt * cell_velocity[0] / n);
      else strain = Vec3(cell_velocity[0], cell_velocity[1], cell_velocity[2]) * (limit * dt / n);
      const Vec3 scale = Vec3::Ones() + strain;
      const Vec3 origin = md.system.cell.origin();
      for (auto& r : md.system.positions) r = origin + scale.asDiagonal() * (r - origin);
      md.system.cell = Cell(md.system.cell.matrix() * scale.asDiagonal(), origin, md.system.cell.periodic());
    }
    md.compute_forces(step);
    result.steps = step;
    if (on_step) on_step(step);
  }
  result.converged = converged();
  return result;
}

}  // namespace ionglass
