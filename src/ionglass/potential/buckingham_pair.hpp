#pragma once
// Buckingham pair potential V(r) = A exp(−r/ρ) − C/r⁶ (Buckingham, Proc. R. Soc. A 168 (1938) 264).
#include <cmath>
#include <fmt/format.h>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class BuckinghamPair : public PairModel {
public:
  /// A (eV), ρ (Å), C (eV·Å⁶).
  BuckinghamPair(double A, double rho, double C) : A_(A), rho_(rho), C_(C) {}
  double A() const { return A_; }    ///< repulsion prefactor (eV)
  double rho() const { return rho_; }  ///< repulsion decay length ρ (Å)
  double C() const { return C_; }    ///< dispersion coefficient (eV·Å⁶)
  std::string name() const override { return "buckingham"; }
  std::string describe() const override { return fmt::format("buckingham A={} eV rho={} Å C={} eV·Å⁶", A(), rho(), C()); }
  void evaluate(double r, double& energy, double& derivative) const override {
    const double repulsion = A_ * std::exp(-r / rho_);
    const double inv_r6 = 1.0 / (r * r * r * r * r * r);
    energy = repulsion - C_ * inv_r6;
    derivative = -repulsion / rho_ + 6.0 * C_ * inv_r6 / r;
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<BuckinghamPair>(*this); }

private:
  double A_, rho_, C_;
};

}  // namespace ionglass
