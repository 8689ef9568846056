#pragma once
// Reciprocal-space Ewald summation (Ewald, Ann. Phys. 369 (1921) 253; forms as in LAMMPS ewald.cpp):
//   E_k = k_e (4π/V) Σ_{k in half space, |k|² ≤ k²max} exp(−k²/4α²)/k² |S(k)|²,  S(k) = Σⱼ qⱼ e^{ik·rⱼ}
// α and the largest k follow LAMMPS `kspace_style ewald ACC` (the RMS-error estimate of
// Kolafa & Perram, Mol. Simul. 9 (1992) 351, per lattice direction), so results match LAMMPS.
// Triclinic cells are supported (k = 2π H⁻¹ n with H the lattice-vector rows).
#include <array>
#include <vector>

#include "ionglass/potential/reciprocal_space_solver.hpp"

namespace ionglass {

class EwaldSum : public ReciprocalSpaceSolver {
public:
  /// `relative_accuracy` as in LAMMPS (e.g. 1e−10); `alpha` > 0 fixes α instead of choosing it.
  explicit EwaldSum(double relative_accuracy, double alpha = 0);
  std::string name() const override { return "ewald"; }
  std::string describe() const override;
  void setup(const Cell& cell, const std::vector<double>& charges, double cutoff) override;
  double alpha() const override { return alpha_; }
  double compute(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<double>& charges,
                 const EvaluationRequest& request, PotentialResult& result) override;
  std::size_t kvector_count() const { return kvectors_.size(); }
  std::array<int, 3> kmax() const { return kmax_; }

private:
  double relative_accuracy_;
  double fixed_alpha_;
  double alpha_ = 0;
  std::array<int, 3> kmax_{0, 0, 0};
  std::vector<std::array<int, 3>> kvectors_;  // integer vectors n of the half space
};

}  // namespace ionglass
