#pragma once
// Particle–particle particle–mesh Ewald (PPPM) for the reciprocal-space Coulomb sum (Hockney &
// Eastwood, "Computer Simulation Using Particles", 1988; error estimates and parameter choice of
// Deserno & Holm, J. Chem. Phys. 109 (1998) 7678 and 7694, as in LAMMPS pppm.cpp):
//  - charges are spread on a mesh along the lattice vectors with cardinal B-splines of order p
//    (default 5); the mesh is Fourier transformed (FFTW, real-to-complex);
//  - the optimal influence function G(k) for ik differentiation (aliasing sums included) gives
//    the energy E = k_e/(2V) Σ_k G(k)|ρ̂(k)|² and the field −ik G ρ̂ (three complex-to-real FFTs),
//    interpolated back to the atoms with the same B-splines;
//  - α and the mesh follow LAMMPS `kspace_style pppm ACC` (mesh from the ik error estimate, then α
//    adjusted so that the real- and reciprocal-space error estimates are equal), so that ACC means
//    the same relative RMS force accuracy as in LAMMPS.
// The virial uses the Ewald form of the k-space virial, as LAMMPS does.
#include <array>
#include <memory>
#include <vector>

#include "ionglass/potential/reciprocal_space_solver.hpp"

namespace ionglass {

class Pppm : public ReciprocalSpaceSolver {
 public:
  /// `relative_accuracy` as in LAMMPS; `order` 2..7; `mesh` all > 0 fixes the mesh; `alpha` > 0 fixes α.
  explicit Pppm(double relative_accuracy, int order = 5, std::array<int, 3> mesh = {0, 0, 0}, double alpha = 0);
  ~Pppm() override;
  Pppm(const Pppm&) = delete;
  Pppm& operator=(const Pppm&) = delete;

  std::string name() const override { return "pppm"; }
  std::string describe() const override;
  void setup(const Cell& cell, const std::vector<double>& charges, double cutoff) override;
  double alpha() const override { return alpha_; }
  double compute(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<double>& charges,
                 const EvaluationRequest& request, PotentialResult& result) override;

  std::array<int, 3> mesh() const { return mesh_; }
  int order() const { return order_; }
  /// LAMMPS' estimate of the absolute RMS force error (eV/Å) of the current parameters
  /// (real- and reciprocal-space parts combined).
  double estimated_force_error() const { return estimated_error_; }

 private:
  struct FftPlans;
  void update_green_function(const Cell& cell);
  void spread_weights(double u, int axis, int& first, double* weights) const;

  double relative_accuracy_;
  int order_;
  std::array<int, 3> fixed_mesh_;
  double fixed_alpha_;
  double alpha_ = 0;
  double estimated_error_ = 0;
  std::array<int, 3> mesh_{0, 0, 0};
  std::vector<double> denominator_coefficients_;  // LAMMPS gf_b: Σ_m Û² as a polynomial in sin²
  Mat3 green_cell_ = Mat3::Zero();                // cell the Green's function was computed for
  std::vector<double> green_;                     // G(k) on the half spectrum
  std::vector<double> density_;                   // real mesh
  std::vector<std::array<double, 2>> spectrum_, work_;
  std::array<std::vector<double>, 3> field_;
  std::array<std::vector<std::array<double, 2>>, 3> axis_work_;  // c2r inputs of the three field components
  std::vector<double> potential_;
  // Per-step work arrays kept between calls (no allocation in the MD loop).
  std::vector<std::array<int, 3>> first_point_;       // first mesh point of each atom's stencil
  std::vector<double> stencil_weights_;               // n × 3 × order B-spline weights
  std::vector<std::vector<double>> private_density_;  // one charge mesh per extra thread
  std::unique_ptr<FftPlans> plans_;
};

}  // namespace ionglass
