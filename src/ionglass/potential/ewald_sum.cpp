#include "ionglass/potential/ewald_sum.hpp"

#include <Eigen/LU>
#include <fmt/format.h>
#include <omp.h>

#include <cmath>
#include <complex>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/potential/ewald_self_terms.hpp"

namespace ionglass {

namespace {
constexpr double pi = units::pi;

// LAMMPS ewald.cpp rms(): RMS force error of the k-sum truncated at km along a box length prd.
double rms_error(int km, double prd, std::size_t natoms, double q2, double alpha) {
  const double n = natoms == 0 ? 1.0 : static_cast<double>(natoms);
  return 2.0 * q2 * alpha / prd * std::sqrt(1.0 / (pi * km * n)) *
         std::exp(-pi * pi * km * km / (alpha * alpha * prd * prd));
}
}  // namespace

double lammps_initial_alpha(double accuracy, double cutoff, std::size_t natoms, double volume, double q2) {
  if (q2 == 0) throw InputError("Ewald/PPPM needs charged atoms (all charges are zero)");
  double g = accuracy * std::sqrt(static_cast<double>(natoms) * cutoff * volume) / (2.0 * q2);
  if (g >= 1.0) return (1.35 - 0.15 * std::log(accuracy)) / cutoff;
  return std::sqrt(-std::log(g)) / cutoff;
}

EwaldSum::EwaldSum(double relative_accuracy, double alpha)
    : relative_accuracy_(relative_accuracy), fixed_alpha_(alpha) {
  if (!(relative_accuracy > 0) || relative_accuracy >= 1) throw InputError("Ewald accuracy must be in (0, 1)");
}

std::string EwaldSum::describe() const {
  return fmt::format("ewald accuracy={} alpha={:.8f} 1/Å kmax=({},{},{}) kvectors={}", relative_accuracy_, alpha_,
                     kmax_[0], kmax_[1], kmax_[2], kvectors_.size());
}

void EwaldSum::setup(const Cell& cell, const std::vector<double>& charges, double cutoff) {
  const double accuracy = relative_accuracy_ * units::coulomb_eV_A;
  const double q2 = coulomb_charge_squared_sum(charges);
  const std::size_t natoms = charges.size();
  alpha_ = fixed_alpha_ > 0 ? fixed_alpha_ : lammps_initial_alpha(accuracy, cutoff, natoms, cell.volume(), q2);
  // Per direction, the smallest kmax whose error estimate meets the accuracy (LAMMPS uses the box
  // lengths; the perpendicular widths are the same for orthogonal boxes).
  const Vec3 width = cell.perpendicular_widths();
  double gsqmx = 0;
  for (int a = 0; a < 3; ++a) {
    int km = 1;
    while (rms_error(km, width[a], natoms, q2, alpha_) > accuracy) ++km;
    const double unitk = 2.0 * pi / width[a];
    gsqmx = std::max(gsqmx, unitk * unitk * km * km);
  }
  gsqmx *= 1.00001;
  // All integer n in the half space with |k(n)|² ≤ gsqmx.
  const Mat3 recip = 2.0 * pi * cell.inverse();  // k = recip · n
  const double kcut = std::sqrt(gsqmx);
  for (int a = 0; a < 3; ++a) kmax_[a] = static_cast<int>(std::floor(kcut * cell.vector(a).norm() / (2.0 * pi)));
  kvectors_.clear();
  for (int n0 = 0; n0 <= kmax_[0]; ++n0)
    for (int n1 = -kmax_[1]; n1 <= kmax_[1]; ++n1)
      for (int n2 = -kmax_[2]; n2 <= kmax_[2]; ++n2) {
        if (n0 == 0 && (n1 < 0 || (n1 == 0 && n2 <= 0))) continue;
        const Vec3 k = recip * Vec3(n0, n1, n2);
        if (k.squaredNorm() <= gsqmx) kvectors_.push_back({n0, n1, n2});
      }
}

double EwaldSum::compute(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<double>& charges,
                         const EvaluationRequest& request, PotentialResult& result) {
  using Complex = std::complex<double>;
  const std::size_t n = positions.size();
  const double volume = cell.volume();
  const Mat3 recip = 2.0 * pi * cell.inverse();
  const double ke = units::coulomb_eV_A;
  const double inv_4alpha2 = 0.25 / (alpha_ * alpha_);
  // e^{2πi n_a s_a} for every atom and |n_a| ≤ kmax_a, from fractional coordinates.
  std::array<std::vector<Complex>, 3> phase;
  std::array<int, 3> span;
  for (int a = 0; a < 3; ++a) {
    span[a] = 2 * kmax_[a] + 1;
    phase[a].resize(n * span[a]);
  }
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    const Vec3 s = cell.to_fractional(positions[i]);
    for (int a = 0; a < 3; ++a) {
      Complex* p = &phase[a][i * span[a] + kmax_[a]];
      const Complex step = std::polar(1.0, 2.0 * pi * s[a]);
      p[0] = 1.0;
      for (int m = 1; m <= kmax_[a]; ++m) {
        p[m] = p[m - 1] * step;
        p[-m] = std::conj(p[m]);
      }
    }
  }
  const int nthreads = omp_get_max_threads();
  std::vector<std::vector<Vec3>> thread_forces(request.forces ? nthreads : 0);
  std::vector<std::vector<double>> thread_energy(request.per_atom_energy ? nthreads : 0);
  double energy_sum = 0;
  Mat3 virial = Mat3::Zero();
#pragma omp parallel reduction(+ : energy_sum)
  {
    const int tid = omp_get_thread_num();
    std::vector<Complex> eikr(n);
    Mat3 local_virial = Mat3::Zero();
    if (request.forces) thread_forces[tid].assign(n, Vec3::Zero());
    if (request.per_atom_energy) thread_energy[tid].assign(n, 0.0);
#pragma omp for schedule(static, 16)  // static: reproducible per-thread force sums
    for (std::size_t kv = 0; kv < kvectors_.size(); ++kv) {
      const auto& nv = kvectors_[kv];
      const Vec3 k = recip * Vec3(nv[0], nv[1], nv[2]);
      const double k2 = k.squaredNorm();
      const double ug = 4.0 * pi / volume * std::exp(-k2 * inv_4alpha2) / k2;
      Complex structure = 0;
      for (std::size_t i = 0; i < n; ++i) {
        const Complex e = phase[0][i * span[0] + kmax_[0] + nv[0]] * phase[1][i * span[1] + kmax_[1] + nv[1]] *
                          phase[2][i * span[2] + kmax_[2] + nv[2]];
        eikr[i] = e;
        structure += charges[i] * e;
      }
      const double s2 = std::norm(structure);
      energy_sum += ug * s2;
      if (request.virial) {
        const double c = 2.0 * (1.0 / k2 + inv_4alpha2);
        local_virial += ug * s2 * (Mat3::Identity() - c * k * k.transpose());
      }
      if (request.forces) {
        auto& f = thread_forces[tid];
        for (std::size_t i = 0; i < n; ++i) {
          // F_i = 2 k_e ug q_i k (S_re sin_i − S_im cos_i)
          const double factor =
              2.0 * ke * ug * charges[i] * (structure.real() * eikr[i].imag() - structure.imag() * eikr[i].real());
          f[i] += factor * k;
        }
      }
      if (request.per_atom_energy) {
        auto& e = thread_energy[tid];
        for (std::size_t i = 0; i < n; ++i)
          e[i] += ke * ug * charges[i] * (structure.real() * eikr[i].real() + structure.imag() * eikr[i].imag());
      }
    }
#pragma omp critical
    virial += local_virial;
  }
  const EwaldSelfTerms self_terms = ewald_self_terms(charges, alpha_, volume);
  const double qsum = self_terms.charge_sum, qsqsum = self_terms.charge_squared_sum;
  const double self_per_q2 = self_terms.self_per_q2, background = self_terms.background;
  const double energy = ke * (energy_sum - self_per_q2 * qsqsum - background * qsum * qsum);
  if (request.forces)
    for (const auto& f : thread_forces) {
      if (f.size() != n) continue;  // a thread the region did not get (nested call)
      for (std::size_t i = 0; i < n; ++i) result.forces[i] += f[i];
    }
  if (request.virial) {
    // The background term E_b = −k_e π Q²/(2Vα²) scales as 1/V: W = −∂E/∂ε = E_b·I.
    result.virial += ke * virial - ke * background * qsum * qsum * Mat3::Identity();
  }
  if (request.per_atom_energy) {
    for (const auto& e : thread_energy) {
      if (e.size() != n) continue;
      for (std::size_t i = 0; i < n; ++i) result.per_atom_energy[i] += e[i];
    }
    for (std::size_t i = 0; i < n; ++i)
      result.per_atom_energy[i] -= ke * (self_per_q2 * charges[i] * charges[i] + background * qsum * charges[i]);
  }
  return energy;
}

}  // namespace ionglass
