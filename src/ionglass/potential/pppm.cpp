#include "ionglass/potential/pppm.hpp"

#include <Eigen/LU>
#include <fftw3.h>
#include <fmt/format.h>
#include <omp.h>

#include <cmath>
#include <mutex>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"
#include "ionglass/potential/ewald_self_terms.hpp"

namespace ionglass {

namespace {
constexpr double pi = units::pi;
constexpr int max_order = 7;

// Calls visit(index, k0, k1, k2) for every point of the half-complex mesh n0 × n1 × h2 (FFTW r2c
// layout, h2 = n2/2 + 1): k0 and k1 are the signed frequencies (above the middle, m − n), k2 = m2.
// Threads share the m0 planes (static schedule); each point is visited once.
template <class Visit>
void for_each_half_complex_point(int n0, int n1, int h2, Visit&& visit) {
#pragma omp parallel for schedule(static)
  for (int m0 = 0; m0 < n0; ++m0) {
    const int k0 = m0 <= n0 / 2 ? m0 : m0 - n0;
    for (int m1 = 0; m1 < n1; ++m1) {
      const int k1 = m1 <= n1 / 2 ? m1 : m1 - n1;
      for (int m2 = 0; m2 < h2; ++m2) visit((static_cast<std::size_t>(m0) * n1 + m1) * h2 + m2, k0, k1, m2);
    }
  }
}

std::mutex& fftw_planner_mutex() {  // FFTW's planner is not thread-safe
  static std::mutex m;
  return m;
}

// Deserno & Holm, J. Chem. Phys. 109 (1998) 7694, the coefficients of the ik-differentiation
// error estimate per assignment order (as tabulated in LAMMPS pppm.cpp).
double error_coefficient(int order, int m) {
  static const double a[8][7] = {
      {0, 0, 0, 0, 0, 0, 0},
      {2.0 / 3.0, 0, 0, 0, 0, 0, 0},
      {1.0 / 50.0, 5.0 / 294.0, 0, 0, 0, 0, 0},
      {1.0 / 588.0, 7.0 / 1440.0, 21.0 / 3872.0, 0, 0, 0, 0},
      {1.0 / 4320.0, 3.0 / 1936.0, 7601.0 / 2271360.0, 143.0 / 28800.0, 0, 0, 0},
      {1.0 / 23232.0, 7601.0 / 13628160.0, 143.0 / 69120.0, 517231.0 / 106536960.0, 106640677.0 / 11737571328.0, 0, 0},
      {691.0 / 68140800.0, 13.0 / 57600.0, 47021.0 / 35512320.0, 9694607.0 / 2095994880.0, 733191589.0 / 59609088000.0,
       326190917.0 / 11700633600.0, 0},
      {1.0 / 345600.0, 3617.0 / 35512320.0, 745739.0 / 838397952.0, 56399353.0 / 12773376000.0,
       25091609.0 / 1560084480.0, 1755948832039.0 / 36229939200000.0, 4887769399.0 / 37838389248.0}};
  return a[order][m];
}

// Reciprocal-space RMS force error estimate for mesh spacing h along a box length prd.
double ik_error(int order, double h, double prd, std::size_t natoms, double q2, double alpha) {
  if (natoms == 0) return 0;
  double sum = 0;
  for (int m = 0; m < order; ++m) sum += error_coefficient(order, m) * std::pow(h * alpha, 2.0 * m);
  return q2 * std::pow(h * alpha, order) * std::sqrt(alpha * prd * std::sqrt(2.0 * pi) * sum / natoms) / (prd * prd);
}

bool factorable(int n) {
  for (int f : {2, 3, 5})
    while (n > 1 && n % f == 0) n /= f;
  return n == 1;
}

double sinc_power(double x, int power) {
  if (x == 0) return 1.0;
  return std::pow(std::sin(x) / x, power);
}
}  // namespace

struct Pppm::FftPlans {
  fftw_plan forward = nullptr;
  fftw_plan backward = nullptr;  // work_ → field buffer given at execution
  ~FftPlans() {
    std::lock_guard<std::mutex> lock(fftw_planner_mutex());
    if (forward) fftw_destroy_plan(forward);
    if (backward) fftw_destroy_plan(backward);
  }
};

Pppm::Pppm(double relative_accuracy, int order, std::array<int, 3> mesh, double alpha)
    : relative_accuracy_(relative_accuracy), order_(order), fixed_mesh_(mesh), fixed_alpha_(alpha) {
  if (!(relative_accuracy > 0) || relative_accuracy >= 1) throw InputError("PPPM accuracy must be in (0, 1)");
  if (order < 2 || order > max_order) throw InputError("PPPM order must be between 2 and 7");
  // Coefficients of Σ_m Û²(k + 2πm/h) as a polynomial in sin²(kh/2) (Hockney & Eastwood eq. 8-22;
  // recursion as in LAMMPS compute_gf_denom).
  std::vector<double>& b = denominator_coefficients_;
  b.assign(order, 0.0);
  b[0] = 1.0;
  for (int m = 1; m < order; ++m) {
    for (int l = m; l > 0; --l) b[l] = 4.0 * (b[l] * (l - m) * (l - m - 0.5) - b[l - 1] * (l - m - 1) * (l - m - 1));
    b[0] = 4.0 * (b[0] * (0 - m) * (0 - m - 0.5));
  }
  double factorial = 1;
  for (int k = 1; k < 2 * order; ++k) factorial *= k;
  for (double& c : b) c /= factorial;
}

Pppm::~Pppm() = default;

std::string Pppm::describe() const {
  return fmt::format("pppm accuracy={} order={} mesh={}x{}x{} alpha={:.8f} 1/Å estimated_force_error={:.3g} eV/Å",
                     relative_accuracy_, order_, mesh_[0], mesh_[1], mesh_[2], alpha_, estimated_error_);
}

void Pppm::setup(const Cell& cell, const std::vector<double>& charges, double cutoff) {
  const double accuracy = relative_accuracy_ * units::coulomb_eV_A;
  const double q2 = coulomb_charge_squared_sum(charges);
  const std::size_t natoms = charges.size();
  const double volume = cell.volume();
  const Vec3 width = cell.perpendicular_widths();
  alpha_ = fixed_alpha_ > 0 ? fixed_alpha_ : lammps_initial_alpha(accuracy, cutoff, natoms, volume, q2);

  std::array<int, 3> mesh = fixed_mesh_;
  if (mesh[0] <= 0 || mesh[1] <= 0 || mesh[2] <= 0) {
    for (int a = 0; a < 3; ++a) {  // LAMMPS set_grid_global(), ik branch
      double h = 1.0 / alpha_;
      int n = static_cast<int>(width[a] / h) + 1;
      double err = ik_error(order_, h, width[a], natoms, q2, alpha_);
      while (err > accuracy) {
        err = ik_error(order_, h, width[a], natoms, q2, alpha_);
        ++n;
        h = width[a] / n;
      }
      while (!factorable(n)) ++n;
      mesh[a] = n;
    }
  }
  mesh_ = mesh;
  auto kspace_error = [&](double alpha) {
    double sum = 0;
    for (int a = 0; a < 3; ++a) {
      const double e = ik_error(order_, width[a] / mesh_[a], width[a], natoms, q2, alpha);
      sum += e * e;
    }
    return std::sqrt(sum / 3.0);
  };
  auto rspace_error = [&](double alpha) {
    return 2.0 * q2 * std::exp(-alpha * alpha * cutoff * cutoff) / std::sqrt(natoms * cutoff * volume);
  };
  if (fixed_alpha_ <= 0) {  // LAMMPS adjust_gewald(): Newton–Raphson on the balance of the two errors
    auto f = [&](double alpha) { return rspace_error(alpha) - kspace_error(alpha); };
    bool converged = false;
    for (int iteration = 0; iteration < 10000; ++iteration) {
      const double step = 1e-6;
      const double derivative = (f(alpha_ + step) - f(alpha_)) / step;
      alpha_ -= f(alpha_) / derivative;
      if (std::fabs(f(alpha_)) < 1e-5) {
        converged = true;
        break;
      }
    }
    if (!converged || !(alpha_ > 0))
      throw InputError("PPPM: could not choose the splitting parameter for this accuracy");
  }
  estimated_error_ = std::sqrt(std::pow(kspace_error(alpha_), 2) + std::pow(rspace_error(alpha_), 2));

  const std::size_t real_size = static_cast<std::size_t>(mesh_[0]) * mesh_[1] * mesh_[2];
  const std::size_t complex_size = static_cast<std::size_t>(mesh_[0]) * mesh_[1] * (mesh_[2] / 2 + 1);
  density_.assign(real_size, 0.0);
  for (auto& f : field_) f.assign(real_size, 0.0);
  potential_.clear();
  spectrum_.assign(complex_size, {0.0, 0.0});
  work_.assign(complex_size, {0.0, 0.0});
  for (auto& w : axis_work_) w.assign(complex_size, {0.0, 0.0});
  green_.assign(complex_size, 0.0);
  green_cell_.setZero();
  plans_ = std::make_unique<FftPlans>();
  std::lock_guard<std::mutex> lock(fftw_planner_mutex());
  plans_->forward = fftw_plan_dft_r2c_3d(mesh_[0], mesh_[1], mesh_[2], density_.data(),
                                         reinterpret_cast<fftw_complex*>(spectrum_.data()),
                                         FFTW_ESTIMATE | FFTW_DESTROY_INPUT);  // density_ is refilled every step
  plans_->backward = fftw_plan_dft_c2r_3d(mesh_[0], mesh_[1], mesh_[2], reinterpret_cast<fftw_complex*>(work_.data()),
                                          field_[0].data(), FFTW_ESTIMATE);
  if (!plans_->forward || !plans_->backward) throw ComputationError("FFTW could not plan the PPPM transforms");
  // The backward plan is executed on other arrays (fftw_execute_dft_c2r), which FFTW allows only
  // for arrays with the alignment of the planned ones.
  const int planned_in = fftw_alignment_of(reinterpret_cast<double*>(work_.data()));
  const int planned_out = fftw_alignment_of(field_[0].data());
  bool aligned =
      fftw_alignment_of(field_[1].data()) == planned_out && fftw_alignment_of(field_[2].data()) == planned_out;
  for (auto& w : axis_work_) aligned = aligned && fftw_alignment_of(reinterpret_cast<double*>(w.data())) == planned_in;
  if (!aligned) throw ComputationError("PPPM: FFT work arrays have different alignments");
}

void Pppm::update_green_function(const Cell& cell) {
  const Mat3 recip = 2.0 * pi * cell.inverse();  // k = recip · m
  const Vec3 width = cell.perpendicular_widths();
  const int n0 = mesh_[0], n1 = mesh_[1], n2 = mesh_[2], h2 = n2 / 2 + 1;
  std::array<int, 3> aliases;
  for (int a = 0; a < 3; ++a)  // aliasing sums reach exp(−k²/4α²) ≈ 1e−7 (LAMMPS EPS_HOC)
    aliases[a] = static_cast<int>(alpha_ * width[a] / (pi * mesh_[a]) * std::pow(-std::log(1e-7), 0.25));
  const double inv_4alpha2 = 0.25 / (alpha_ * alpha_);
  const int two_order = 2 * order_;
  auto denominator_factor = [&](double sin2) {
    double s = 0;
    for (int l = order_ - 1; l >= 0; --l) s = denominator_coefficients_[l] + s * sin2;
    return s;
  };
  for_each_half_complex_point(n0, n1, h2, [&](std::size_t index, int k0, int k1, int k2) {
    const Vec3 k = recip * Vec3(k0, k1, k2);
    const double ksq = k.squaredNorm();
    if (k0 == 0 && k1 == 0 && k2 == 0) {
      green_[index] = 0;
      return;
    }
    const double s0 = std::sin(pi * k0 / n0), s1 = std::sin(pi * k1 / n1), s2 = std::sin(pi * k2 / n2);
    const double denominator =
        std::pow(denominator_factor(s0 * s0) * denominator_factor(s1 * s1) * denominator_factor(s2 * s2), 2);
    double sum = 0;
    for (int a0 = -aliases[0]; a0 <= aliases[0]; ++a0) {
      const double w0 = sinc_power(pi * (k0 + n0 * a0) / n0, two_order);
      for (int a1 = -aliases[1]; a1 <= aliases[1]; ++a1) {
        const double w1 = sinc_power(pi * (k1 + n1 * a1) / n1, two_order);
        for (int a2 = -aliases[2]; a2 <= aliases[2]; ++a2) {
          const double w2 = sinc_power(pi * (k2 + n2 * a2) / n2, two_order);
          const Vec3 q = recip * Vec3(k0 + n0 * a0, k1 + n1 * a1, k2 + n2 * a2);
          const double qsq = q.squaredNorm();
          sum += k.dot(q) / qsq * std::exp(-qsq * inv_4alpha2) * w0 * w1 * w2;
        }
      }
    }
    green_[index] = 4.0 * pi / ksq * sum / denominator;
  });
  green_cell_ = cell.matrix();
}

// B-spline weights of order p for mesh coordinate u: points first, first+1, ..., first+p−1
// (before wrapping) get weights[0..p−1] = M_p(u − point + p/2) (Essmann et al., J. Chem. Phys.
// 103 (1995) 8577, eq. 4.1 recursion).
void Pppm::spread_weights(double u, int /*axis*/, int& first, double* weights) const {
  const int p = order_;
  const double q = u + 0.5 * p;
  const double base = std::floor(q);
  const double w = q - base;
  double a[max_order];
  a[0] = w;
  a[1] = 1.0 - w;
  for (int n = 3; n <= p; ++n) {
    const double div = 1.0 / (n - 1);
    a[n - 1] = div * (n - (w + n - 1)) * a[n - 2];
    for (int j = n - 2; j >= 1; --j) a[j] = div * ((w + j) * a[j] + (n - w - j) * a[j - 1]);
    a[0] = div * w * a[0];
  }
  first = static_cast<int>(base) - (p - 1);
  for (int t = 0; t < p; ++t) weights[t] = a[p - 1 - t];
}

double Pppm::compute(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<double>& charges,
                     const EvaluationRequest& request, PotentialResult& result) {
  if (!plans_) throw ComputationError("PPPM used before setup");
  if (cell.matrix() != green_cell_) update_green_function(cell);
  const std::size_t n = positions.size();
  const int p = order_;
  const int n0 = mesh_[0], n1 = mesh_[1], n2 = mesh_[2], h2 = n2 / 2 + 1;
  const std::size_t real_size = density_.size();
  const double volume = cell.volume();
  const double ke = units::coulomb_eV_A;

  // Mesh points and weights of every atom.
  first_point_.resize(n);
  stencil_weights_.resize(n * 3 * p);
  std::vector<std::array<int, 3>>& first = first_point_;
  std::vector<double>& weights = stencil_weights_;
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 s = cell.to_fractional(positions[i]);
    for (int a = 0; a < 3; ++a) {
      s[a] -= std::floor(s[a]);
      spread_weights(s[a] * mesh_[a], a, first[i][a], &weights[(i * 3 + a) * p]);
      first[i][a] = ((first[i][a] % mesh_[a]) + mesh_[a]) % mesh_[a];
    }
  }
  // Charge assignment (thread-private meshes, then summed).
  const int nthreads = omp_get_max_threads();
  std::vector<std::vector<double>>& private_density = private_density_;
  private_density.resize(nthreads > 1 ? nthreads - 1 : 0);
  std::fill(density_.begin(), density_.end(), 0.0);
  int team = 1;  // threads the region really gets (1 when PPPM runs inside another parallel region)
#pragma omp parallel
  {
    const int tid = omp_get_thread_num();
    if (tid == 0) team = omp_get_num_threads();
    std::vector<double>* mesh = &density_;
    if (tid > 0) {
      private_density[tid - 1].assign(real_size, 0.0);
      mesh = &private_density[tid - 1];
    }
    double* rho = mesh->data();
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      const double* w0 = &weights[(i * 3 + 0) * p];
      const double* w1 = &weights[(i * 3 + 1) * p];
      const double* w2 = &weights[(i * 3 + 2) * p];
      for (int a = 0; a < p; ++a) {
        const int g0 = (first[i][0] + a) % n0;
        for (int b = 0; b < p; ++b) {
          const int g1 = (first[i][1] + b) % n1;
          const double qw = charges[i] * w0[a] * w1[b];
          double* row = rho + (static_cast<std::size_t>(g0) * n1 + g1) * n2;
          for (int c = 0; c < p; ++c) row[(first[i][2] + c) % n2] += qw * w2[c];
        }
      }
    }
  }
  if (team > 1) {
#pragma omp parallel for schedule(static)
    for (std::size_t g = 0; g < real_size; ++g)
      for (int t = 1; t < team; ++t) density_[g] += private_density[t - 1][g];
  }

  fftw_execute(plans_->forward);

  // Energy and virial over the half spectrum (interior m2 planes count twice).
  const Mat3 recip = 2.0 * pi * cell.inverse();
  const double inv_4alpha2 = 0.25 / (alpha_ * alpha_);
  double energy_sum = 0;
  Mat3 virial = Mat3::Zero();
  const bool want_virial = request.virial;
#pragma omp parallel
  {
    Mat3 local_virial = Mat3::Zero();
#pragma omp for schedule(static) reduction(+ : energy_sum)
    for (int m0 = 0; m0 < n0; ++m0) {
      const int k0 = m0 <= n0 / 2 ? m0 : m0 - n0;
      for (int m1 = 0; m1 < n1; ++m1) {
        const int k1 = m1 <= n1 / 2 ? m1 : m1 - n1;
        for (int m2 = 0; m2 < h2; ++m2) {
          const std::size_t index = (static_cast<std::size_t>(m0) * n1 + m1) * h2 + m2;
          const double multiplicity = (m2 == 0 || (n2 % 2 == 0 && m2 == n2 / 2)) ? 1.0 : 2.0;
          const double e = multiplicity * green_[index] *
                           (spectrum_[index][0] * spectrum_[index][0] + spectrum_[index][1] * spectrum_[index][1]);
          energy_sum += e;
          if (want_virial && e != 0) {
            const Vec3 k = recip * Vec3(k0, k1, m2);
            const double ksq = k.squaredNorm();
            local_virial += e * (Mat3::Identity() - 2.0 * (1.0 / ksq + inv_4alpha2) * k * k.transpose());
          }
        }
      }
    }
#pragma omp critical
    virial += local_virial;
  }
  const double scale = ke / (2.0 * volume);

  // Field components E_a = c2r[−i k_a G ρ̂] / V, with the Nyquist index left out of the derivative.
  auto inverse_transform = [&](std::vector<double>& out, auto&& fill) {
    for_each_half_complex_point(n0, n1, h2, fill);
    fftw_execute_dft_c2r(plans_->backward, reinterpret_cast<fftw_complex*>(work_.data()), out.data());
  };
  if (request.forces) {
    // The three field components are independent transforms with their own input arrays (c2r
    // overwrites its input), so threads take one component each.
#pragma omp parallel for schedule(static, 1)
    for (int axis = 0; axis < 3; ++axis) {
      std::vector<std::array<double, 2>>& work = axis_work_[axis];
      for (int m0 = 0; m0 < n0; ++m0) {
        const int k0 = m0 <= n0 / 2 ? m0 : m0 - n0;
        const int d0 = (n0 % 2 == 0 && k0 == -n0 / 2) ? 0 : k0;
        for (int m1 = 0; m1 < n1; ++m1) {
          const int k1 = m1 <= n1 / 2 ? m1 : m1 - n1;
          const int d1 = (n1 % 2 == 0 && k1 == -n1 / 2) ? 0 : k1;
          for (int m2 = 0; m2 < h2; ++m2) {
            const std::size_t index = (static_cast<std::size_t>(m0) * n1 + m1) * h2 + m2;
            const int d2 = (n2 % 2 == 0 && m2 == n2 / 2) ? 0 : m2;
            const double ka = recip(axis, 0) * d0 + recip(axis, 1) * d1 + recip(axis, 2) * d2;
            const double g = green_[index] / volume;
            // −i·ka·g·(re + i im) = ka·g·im − i·ka·g·re
            work[index][0] = ka * g * spectrum_[index][1];
            work[index][1] = -ka * g * spectrum_[index][0];
          }
        }
      }
      fftw_execute_dft_c2r(plans_->backward, reinterpret_cast<fftw_complex*>(work.data()), field_[axis].data());
    }
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      const double* w0 = &weights[(i * 3 + 0) * p];
      const double* w1 = &weights[(i * 3 + 1) * p];
      const double* w2 = &weights[(i * 3 + 2) * p];
      Vec3 e = Vec3::Zero();
      for (int a = 0; a < p; ++a) {
        const int g0 = (first[i][0] + a) % n0;
        for (int b = 0; b < p; ++b) {
          const int g1 = (first[i][1] + b) % n1;
          const std::size_t row = (static_cast<std::size_t>(g0) * n1 + g1) * n2;
          const double wab = w0[a] * w1[b];
          for (int c = 0; c < p; ++c) {
            const std::size_t g = row + (first[i][2] + c) % n2;
            const double w = wab * w2[c];
            e[0] += w * field_[0][g];
            e[1] += w * field_[1][g];
            e[2] += w * field_[2][g];
          }
        }
      }
      result.forces[i] += ke * charges[i] * e;
    }
  }
  const EwaldSelfTerms self_terms = ewald_self_terms(charges, alpha_, volume);
  const double qsum = self_terms.charge_sum, qsqsum = self_terms.charge_squared_sum;
  const double self_per_q2 = self_terms.self_per_q2, background = self_terms.background;
  if (request.per_atom_energy) {
    potential_.assign(real_size, 0.0);
    if (fftw_alignment_of(potential_.data()) != fftw_alignment_of(field_[0].data()))
      throw ComputationError("PPPM: FFT work arrays have different alignments");
    inverse_transform(potential_, [&](std::size_t index, int, int, int) {
      work_[index][0] = green_[index] / volume * spectrum_[index][0];
      work_[index][1] = green_[index] / volume * spectrum_[index][1];
    });
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      double phi = 0;
      for (int a = 0; a < p; ++a)
        for (int b = 0; b < p; ++b)
          for (int c = 0; c < p; ++c) {
            const std::size_t g =
                (static_cast<std::size_t>((first[i][0] + a) % n0) * n1 + (first[i][1] + b) % n1) * n2 +
                (first[i][2] + c) % n2;
            phi += weights[(i * 3 + 0) * p + a] * weights[(i * 3 + 1) * p + b] * weights[(i * 3 + 2) * p + c] *
                   potential_[g];
          }
      result.per_atom_energy[i] +=
          0.5 * ke * charges[i] * phi - ke * (self_per_q2 * charges[i] * charges[i] + background * qsum * charges[i]);
    }
  }
  if (request.virial) result.virial += scale * virial - ke * background * qsum * qsum * Mat3::Identity();
  return scale * energy_sum - ke * (self_per_q2 * qsqsum + background * qsum * qsum);
}

}  // namespace ionglass
