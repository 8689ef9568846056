#pragma once
// Morse pair potential with an optional repulsive C/r¹² wall, the pair form of the BMP force
// field (Pedone et al., J. Phys. Chem. B 110 (2006) 11780; Bertani, Menziani, Pedone,
// Phys. Rev. Materials 5 (2021) 045602):
//   V(r) = D₀ [ (1 − e^{−α (r − r₀)})² − 1 ] + C₀ / r¹²
#include <cmath>
#include <fmt/format.h>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class MorsePair : public PairModel {
public:
  /// D₀ (eV), α (1/Å), r₀ (Å), C₀ (eV·Å¹²).
  MorsePair(double D0, double alpha, double r0, double C0 = 0) : D0_(D0), alpha_(alpha), r0_(r0), C0_(C0) {}
  double D0() const { return D0_; }        ///< well depth D₀ (eV)
  double alpha() const { return alpha_; }  ///< well stiffness α (1/Å)
  double r0() const { return r0_; }        ///< equilibrium distance r₀ (Å)
  double C0() const { return C0_; }        ///< repulsive wall coefficient C₀ of C₀/r¹² (eV·Å¹²; 0 = none)
  std::string name() const override { return "morse"; }
  std::string describe() const override {
    return fmt::format("morse D0={} eV alpha={} 1/Å r0={} Å C0={} eV·Å¹²", D0(), alpha(), r0(), C0());
  }
  void evaluate(double r, double& energy, double& derivative) const override {
    const double e = std::exp(-alpha_ * (r - r0_));
    const double one_minus = 1.0 - e;
    const double inv_r2 = 1.0 / (r * r);
    const double inv_r12 = inv_r2 * inv_r2 * inv_r2 * inv_r2 * inv_r2 * inv_r2;
    energy = D0_ * (one_minus * one_minus - 1.0) + C0_ * inv_r12;
    derivative = 2.0 * D0_ * alpha_ * one_minus * e - 12.0 * C0_ * inv_r12 / r;
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<MorsePair>(*this); }

private:
  double D0_, alpha_, r0_, C0_;
};

}  // namespace ionglass
