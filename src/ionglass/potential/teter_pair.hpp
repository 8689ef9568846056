#pragma once
// Teter pair potential as extended by Du and co-workers (Deng & Du, J. Am. Ceram. Soc. 102 (2019)
// 2482): Buckingham above r₀ and a soft repulsive core below it that prevents the Buckingham
// collapse at high temperature:
//   V(r) = A exp(−r/ρ) − C/r⁶   for r > r₀
//   V(r) = B/rⁿ + D r²          for r ≤ r₀
#include <cmath>
#include <fmt/format.h>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class TeterPair : public PairModel {
public:
  /// A (eV), ρ (Å), C (eV·Å⁶), B (eV·Åⁿ), n, D (eV/Å²), r₀ (Å). r₀ = 0 disables the core.
  TeterPair(double A, double rho, double C, double B, double n, double D, double r0)
      : A_(A), rho_(rho), C_(C), B_(B), n_(n), D_(D), r0_(r0) {}
  // Buckingham part (r > r₀).
  double A() const { return A_; }      ///< repulsion prefactor (eV)
  double rho() const { return rho_; }  ///< repulsion decay length ρ (Å)
  double C() const { return C_; }      ///< dispersion coefficient (eV·Å⁶)
  // Soft core (r ≤ r₀): B/rⁿ + D r².
  double B() const { return B_; }    ///< core prefactor (eV·Åⁿ)
  double n() const { return n_; }    ///< core exponent
  double D() const { return D_; }    ///< core r² coefficient (eV/Å²)
  double r0() const { return r0_; }  ///< distance where the core takes over (Å); 0 = no core
  std::string name() const override { return "teter"; }
  std::string describe() const override {
    return fmt::format("teter A={} eV rho={} Å C={} eV·Å⁶ B={} n={} D={} r0={} Å", A(), rho(), C(), B(), n(), D(), r0());
  }
  void evaluate(double r, double& energy, double& derivative) const override {
    if (r <= r0_) {
      const double core = B_ * std::pow(r, -n_);
      energy = core + D_ * r * r;
      derivative = -n_ * core / r + 2.0 * D_ * r;
      return;
    }
    const double repulsion = A_ * std::exp(-r / rho_);
    const double inv_r6 = 1.0 / (r * r * r * r * r * r);
    energy = repulsion - C_ * inv_r6;
    derivative = -repulsion / rho_ + 6.0 * C_ * inv_r6 / r;
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<TeterPair>(*this); }

private:
  double A_, rho_, C_, B_, n_, D_, r0_;
};

}  // namespace ionglass
