#pragma once
// Born–Mayer–Huggins pair potential (Tosi & Fumi, J. Phys. Chem. Solids 25 (1964) 31; LAMMPS
// pair_style born):
//   V(r) = A exp((σ − r)/ρ) − C/r⁶ + D/r⁸
#include <cmath>
#include <fmt/format.h>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class BornMayerHugginsPair : public PairModel {
public:
  /// A (eV), ρ (Å), σ (Å), C (eV·Å⁶), D (eV·Å⁸).
  BornMayerHugginsPair(double A, double rho, double sigma, double C, double D)
      : A_(A), rho_(rho), sigma_(sigma), C_(C), D_(D) {}
  double A() const { return A_; }          ///< repulsion prefactor (eV)
  double rho() const { return rho_; }      ///< repulsion decay length ρ (Å)
  double sigma() const { return sigma_; }  ///< repulsion offset σ (Å)
  double C() const { return C_; }          ///< r⁻⁶ dispersion coefficient (eV·Å⁶)
  double D() const { return D_; }          ///< r⁻⁸ dispersion coefficient (eV·Å⁸)
  std::string name() const override { return "born_mayer_huggins"; }
  std::string describe() const override {
    return fmt::format("born_mayer_huggins A={} eV rho={} Å sigma={} Å C={} eV·Å⁶ D={} eV·Å⁸", A(), rho(), sigma(), C(),
                       D());
  }
  void evaluate(double r, double& energy, double& derivative) const override {
    const double repulsion = A_ * std::exp((sigma_ - r) / rho_);
    const double inv_r2 = 1.0 / (r * r);
    const double inv_r6 = inv_r2 * inv_r2 * inv_r2;
    const double inv_r8 = inv_r6 * inv_r2;
    energy = repulsion - C_ * inv_r6 + D_ * inv_r8;
    derivative = -repulsion / rho_ + 6.0 * C_ * inv_r6 / r - 8.0 * D_ * inv_r8 / r;
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<BornMayerHugginsPair>(*this); }

private:
  double A_, rho_, sigma_, C_, D_;
};

}  // namespace ionglass
