#include "ionglass/potential/coulomb_real_space_kernel.hpp"

#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/units.hpp"

namespace ionglass {

namespace {
constexpr double two_over_sqrt_pi = 1.12837916709551257390;
}

CoulombRealSpaceKernel CoulombRealSpaceKernel::ewald(double alpha, double cutoff, bool lammps_erfc_approximation) {
  if (!(alpha > 0) || !(cutoff > 0)) throw InputError("Ewald splitting parameter and cutoff must be positive");
  CoulombRealSpaceKernel k;
  k.kind_ = Kind::Ewald;
  k.approximate_erfc_ = lammps_erfc_approximation;
  k.alpha_ = alpha;
  k.cutoff_ = cutoff;
  return k;
}

CoulombRealSpaceKernel CoulombRealSpaceKernel::damped_shifted_force(double alpha, double cutoff) {
  if (!(alpha >= 0) || !(cutoff > 0)) throw InputError("DSF damping must be ≥ 0 and the cutoff positive");
  CoulombRealSpaceKernel k;
  k.kind_ = Kind::DampedShiftedForce;
  k.alpha_ = alpha;
  k.cutoff_ = cutoff;
  const double erfc_rc = std::erfc(alpha * cutoff);
  k.shift_energy_ = erfc_rc / cutoff;
  k.shift_force_ = erfc_rc / (cutoff * cutoff) + two_over_sqrt_pi * alpha * std::exp(-alpha * alpha * cutoff * cutoff) / cutoff;
  return k;
}

void CoulombRealSpaceKernel::evaluate(double r, double& energy, double& derivative) const {
  if (kind_ == Kind::None) {
    energy = derivative = 0;
    return;
  }
  const double x = alpha_ * r;
  const double exp_x2 = std::exp(-x * x);
  double erfc_r;
  if (approximate_erfc_) {  // Abramowitz & Stegun 7.1.26
    const double t = 1.0 / (1.0 + 0.3275911 * x);
    erfc_r = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * exp_x2;
  } else {
    erfc_r = std::erfc(x);
  }
  const double gauss = two_over_sqrt_pi * alpha_ * exp_x2;
  double g = erfc_r / r;
  double dg = -erfc_r / (r * r) - gauss / r;
  if (kind_ == Kind::DampedShiftedForce) {
    g += -shift_energy_ + shift_force_ * (r - cutoff_);
    dg += shift_force_;
  }
  energy = units::coulomb_eV_A * g;
  derivative = units::coulomb_eV_A * dg;
}

double CoulombRealSpaceKernel::self_energy_per_charge_squared() const {
  if (kind_ != Kind::DampedShiftedForce) return 0;
  return -units::coulomb_eV_A * (0.5 * shift_energy_ + 0.5 * two_over_sqrt_pi * alpha_);
}

}  // namespace ionglass
