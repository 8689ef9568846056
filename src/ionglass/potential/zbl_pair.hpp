#pragma once
// Ziegler–Biersack–Littmark universal screened nuclear repulsion (ZBL, "The Stopping and Range of
// Ions in Solids", Pergamon 1985):
//   V(r) = Zᵢ Zⱼ e²/(4πε₀ r) φ(r/a),  a = 0.46850 Å / (Zᵢ^0.23 + Zⱼ^0.23),
//   φ(x) = 0.18175 e^{−3.19980 x} + 0.50986 e^{−0.94229 x} + 0.28022 e^{−0.40290 x} + 0.02817 e^{−0.20162 x}
#include <cmath>
#include <fmt/format.h>

#include "ionglass/core/units.hpp"
#include "ionglass/potential/pair_model.hpp"

namespace ionglass {

class ZblPair : public PairModel {
public:
  /// Nuclear charges Zᵢ, Zⱼ.
  ZblPair(int Zi, int Zj) : Zi_(Zi), Zj_(Zj) {
    screening_length_ = 0.46850 / (std::pow(Zi, 0.23) + std::pow(Zj, 0.23));
  }
  int Zi() const { return Zi_; }  ///< nuclear charge of the first species
  int Zj() const { return Zj_; }  ///< nuclear charge of the second species
  double screening_length() const { return screening_length_; }  ///< a (Å)
  std::string name() const override { return "zbl"; }
  std::string describe() const override { return fmt::format("zbl Zi={} Zj={}", Zi(), Zj()); }
  void evaluate(double r, double& energy, double& derivative) const override {
    static constexpr double c[4] = {0.18175, 0.50986, 0.28022, 0.02817};
    static constexpr double d[4] = {3.19980, 0.94229, 0.40290, 0.20162};
    const double prefactor = Zi_ * Zj_ * units::coulomb_eV_A;
    double phi = 0, dphi = 0;
    for (int k = 0; k < 4; ++k) {
      const double term = c[k] * std::exp(-d[k] * r / screening_length_);
      phi += term;
      dphi -= d[k] / screening_length_ * term;
    }
    energy = prefactor * phi / r;
    derivative = prefactor * (dphi / r - phi / (r * r));
  }
  std::unique_ptr<PairModel> clone() const override { return std::make_unique<ZblPair>(*this); }

private:
  int Zi_, Zj_;
  double screening_length_;
};

}  // namespace ionglass
