#pragma once
// The real-space (short-range) part of the Coulomb interaction of two unit charges, e²/(4πε₀)·g(r):
//   Ewald / PPPM split:  g(r) = erfc(α r) / r                      (Ewald, Ann. Phys. 369 (1921) 253)
//   damped shifted force (DSF, Fennell & Gezelter, J. Chem. Phys. 124 (2006) 234104, eq. 18):
//     g(r) = erfc(αr)/r − erfc(αR)/R + [erfc(αR)/R² + 2α/√π · exp(−α²R²)/R] (r − R)   for r < R
// Pair energies are qᵢ qⱼ k_e g(r) with k_e = 14.399645 eV·Å (LAMMPS metal qqr2e).
// Option: erfc from the Abramowitz & Stegun 7.1.26 rational approximation (|error| ≤ 1.5e−7), with
// the force using the exact Gaussian term, exactly as LAMMPS' non-tabulated coul/long
// (`pair_modify table 0`) does; only for reproducing LAMMPS numbers to the last meV.
#include <string>

namespace ionglass {

class CoulombRealSpaceKernel {
public:
  enum class Kind { None, Ewald, DampedShiftedForce };

  static CoulombRealSpaceKernel none() { return {}; }
  static CoulombRealSpaceKernel ewald(double alpha, double cutoff, bool lammps_erfc_approximation = false);
  static CoulombRealSpaceKernel damped_shifted_force(double alpha, double cutoff);

  Kind kind() const { return kind_; }
  bool active() const { return kind_ != Kind::None; }
  double alpha() const { return alpha_; }
  double cutoff() const { return cutoff_; }
  /// k_e·g(r) (eV) and its derivative (eV/Å) for unit charges at r < cutoff.
  void evaluate(double r, double& energy, double& derivative) const;
  /// Self energy per squared charge (eV/e²) that belongs to the real-space part: for DSF
  /// −k_e [erfc(αR)/(2R) + α/√π] (Fennell & Gezelter eq. 19); 0 otherwise (the Ewald self term
  /// belongs to the reciprocal part).
  double self_energy_per_charge_squared() const;

private:
  Kind kind_ = Kind::None;
  double alpha_ = 0, cutoff_ = 0;
  double shift_energy_ = 0, shift_force_ = 0;  // DSF constants (without k_e)
  bool approximate_erfc_ = false;
};

}  // namespace ionglass
