#pragma once
// Lennard-Jones 12-6 pair potential V(r) = 4ε [(σ/r)¹² − (σ/r)⁶].
#include <fmt/format.h>

#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class LennardJonesPair : public PairModel {
public:
  /// ε (eV), σ (Å).
  LennardJonesPair(double epsilon, double sigma) : epsilon_(epsilon), sigma_(sigma) {}
  double epsilon() const { return epsilon_; }  ///< well depth ε (eV)
  double sigma() const { return sigma_; }      ///< distance σ where V = 0 (Å)
  std::string name() const override { return "lennard_jones"; }
  std::string describe() const override { return fmt::format("lennard_jones epsilon={} eV sigma={} Å", epsilon(), sigma()); }
  void evaluate(double r, double& energy, double& derivative) const override {
    const double s2 = sigma_ * sigma_ / (r * r);
    const double s6 = s2 * s2 * s2;
    const double s12 = s6 * s6;
    energy = 4.0 * epsilon_ * (s12 - s6);
    derivative = 4.0 * epsilon_ * (-12.0 * s12 + 6.0 * s6) / r;
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<LennardJonesPair>(*this); }

private:
  double epsilon_, sigma_;
};

}  // namespace ionglass
