#include "ionglass/potential/lennard_jones_potential.hpp"

#include <fmt/format.h>

#include <cmath>

#include "ionglass/core/error.hpp"

namespace ionglass {

LennardJonesPotential::LennardJonesPotential(double epsilon_eV, double sigma_A, double cutoff_A, double skin_A)
    : epsilon_(epsilon_eV), sigma_(sigma_A), cutoff_(cutoff_A), skin_(skin_A) {
  if (!(epsilon_ > 0) || !(sigma_ > 0) || !(cutoff_ > 0.5 * sigma_) || !std::isfinite(epsilon_) ||
      !std::isfinite(sigma_) || !std::isfinite(cutoff_))
    throw InputError("Lennard-Jones parameters need epsilon_eV > 0, sigma_A > 0 and cutoff_A > sigma_A/2");
  if (!(skin_ >= 0)) throw InputError("Lennard-Jones neighbour skin must not be negative");
  const double s6 = std::pow(sigma_ / cutoff_, 6);
  energy_shift_ = 4 * epsilon_ * (s6 * s6 - s6);
}

void LennardJonesPotential::bind(const System& system) {
  if (!system.cell.fully_periodic() || !system.cell.has_volume())
    throw InputError("Lennard-Jones potential needs a fully periodic cell");
  list_cache_.invalidate();
}

void LennardJonesPotential::compute(const System& system, const EvaluationRequest& request, PotentialResult& result) {
  const std::size_t n = system.size();
  // Rebuild rule: neighbor/verlet_list_cache.hpp.
  if (list_cache_.needs_rebuild(system)) {
    NeighborListOptions options;
    options.cutoff = cutoff_;
    options.skin = skin_;
    options.half = false;
    list_cache_.rebuild(system, options);
  }
  const std::vector<Vec3> shifts = list_cache_.list().shift_vectors(system.cell);
  const double rc2 = cutoff_ * cutoff_, s2 = sigma_ * sigma_;
  std::vector<double> atom_energy(n, 0.0);
  std::vector<Mat3> atom_virial(request.virial ? n : 0, Mat3::Zero());
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 force = Vec3::Zero();
    Mat3 virial = Mat3::Zero();
    double energy = 0;
    for (std::size_t k = list_cache_.list().begin(i); k < list_cache_.list().end(i); ++k) {
      const auto& e = list_cache_.list().entry(k);
      const Vec3 rij = system.positions[e.atom] - system.positions[i] + shifts[e.image];
      const double r2 = rij.squaredNorm();
      if (r2 >= rc2) continue;
      const double inv6 = std::pow(s2 / r2, 3);
      energy += 0.5 * (4 * epsilon_ * (inv6 * inv6 - inv6) - energy_shift_);
      // f_ij (force on i from j) = −dE/dr · (r_i − r_j)/r = (24ε/r²)(2 inv12 − inv6) (r_i − r_j)
      const double f_over_r = 24 * epsilon_ * (2 * inv6 * inv6 - inv6) / r2;
      const Vec3 fij = -f_over_r * rij;
      force += fij;
      if (request.virial) virial += 0.5 * (-rij) * fij.transpose();
    }
    atom_energy[i] = energy;
    if (request.forces) result.forces[i] += force;
    if (request.virial) atom_virial[i] = virial;
  }
  double energy = 0;
  Mat3 virial = Mat3::Zero();
  for (std::size_t i = 0; i < n; ++i) {
    energy += atom_energy[i];
    if (request.virial) virial += atom_virial[i];
    if (request.per_atom_energy) result.per_atom_energy[i] += atom_energy[i];
  }
  result.add_component("lennard_jones", energy);
  if (request.virial) result.virial += virial;
}

std::string LennardJonesPotential::describe() const {
  return fmt::format("lennard_jones: epsilon {} eV, sigma {} A, cutoff {} A (energy shifted)", epsilon_, sigma_, cutoff_);
}

}  // namespace ionglass
