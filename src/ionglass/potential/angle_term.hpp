#pragma once
// A three-body angle term centred on atoms of one species (e.g. the bridging O of P–O–P) with two
// neighbours of given species closer than a cutoff (the BMP P–O–P terms of Bertani, Menziani &
// Pedone, Phys. Rev. Materials 5 (2021) 045602):
//   harmonic:          E = K/2 (θ − θ₀)²
//   screened harmonic: E = K/2 (θ − θ₀)² exp(−r₁/ρ − r₂/ρ)      (DL_POLY "shrm")
// with θ the angle at the centre and r₁, r₂ the two bond lengths.
#include <cmath>
#include <string>

namespace ionglass {

struct AngleTerm {
  enum class Form { Harmonic, ScreenedHarmonic };
  Form form = Form::Harmonic;
  std::string center, end_a, end_b;  ///< species names
  double k = 0;                      ///< K (eV/rad²)
  double theta0 = 0;                 ///< θ₀ (rad)
  double cutoff = 0;                 ///< Å, for both bonds
  double rho = 1.0;                  ///< Å (screened harmonic)

  /// Energy and its partial derivatives with respect to θ, r₁ and r₂.
  void evaluate(double theta, double r1, double r2, double& energy, double& de_dtheta, double& de_dr1,
                double& de_dr2) const {
    const double d = theta - theta0;
    const double harmonic = 0.5 * k * d * d;
    if (form == Form::Harmonic) {
      energy = harmonic;
      de_dtheta = k * d;
      de_dr1 = de_dr2 = 0;
      return;
    }
    const double screen = std::exp(-(r1 + r2) / rho);
    energy = harmonic * screen;
    de_dtheta = k * d * screen;
    de_dr1 = de_dr2 = -energy / rho;
  }
};

}  // namespace ionglass
