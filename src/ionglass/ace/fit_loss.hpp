#pragma once
// The loss of an ACE fit and its exact analytic gradient: the engine of `ionglass fit`.
//
// Loss (pacemaker's definition; docs/fitting.md "Loss and gradient"):
//   L = (1−κ) Σ_s w_E,s (ΔE_s/N_s)² + κ Σ_s Σ_i w_F,si |ΔF_si|²
//       + L1 Σ|c_fp| + L2 Σ c_fp² + Σ_bonds Σ_nlk (w0 + w1 k² + w2 k⁴) c_nlk²      (k = 1, 2, …)
// with ΔE = E_model − energy_eV, ΔF = F_model − forces_eV_A, N_s the atom count of structure s
// and w the weights of the data (FitStructure::energy_weight, force_weights; the caller
// normalises them as it wishes). L1 and L2 act on the basis-function coefficients only, the
// smoothness weights on the radial coefficients only. Frozen numbers (FitParameterLayout masks)
// still count in the regularisation but get no gradient.
//
// Model: E_s = Σ_i E_i with E_i = f_cut·Σ_p w_p Φ(ρ_ip; m_p) + core terms (ZBL or density/
// distance core, no trainable parameters; pacemaker's E0 = 0), ρ_ip = Σ_f c_fp B_f,i,
// B_f = Σ_ms C_f(ms) Re Π_t A_{μt nt lt mt}, A_{μnlm} = Σ_j R_nl(r_ij) Y_lm(r̂_ij) and
// R_nl = Σ_k c_nlk g_k(r). g_k and the core terms are evaluated from the same cubic-Hermite
// tables as the evaluator (RadialSplineTable), so the model at zero iterations is bit-for-bit the
// model AcePotential runs (to rounding).
//
// Gradient: the force part needs the mixed derivatives ∂²E/∂θ∂r. With the displacement field
// v_i = 2κ w_F,i (F_i − F_i^ref) held fixed, ∂/∂θ [κ Σ w|ΔF|²] = −∂D/∂θ, D = Σ_i v_i·∇_{r_i}E,
// the directional derivative of E along v. Per structure: pass 1 evaluates E and F (hence ΔE
// and v); pass 2 runs one forward-mode (tangent) sweep along v through the raw projections
// G_klm = Σ_j g_k Y_lm → A → B → ρ (dual numbers: value and tangent), then one reverse sweep of
// J = α_s E − D (α_s = 2(1−κ) w_E ΔE/N²) back to c_fp and, through G and its tangent, to c_nlk.
// No per-pair parameter Jacobian is stored: memory is O(largest structure) per thread plus the
// neighbour lists, O(parameters) per thread for the gradient buffers.
#include <Eigen/Core>
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/fit_data.hpp"
#include "ionglass/ace/fit_parameters.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass::ace {

/// The weights of the loss (pacemaker `fit: loss:` keys).
struct LossSettings {
  double kappa = 0.3;  ///< share of the force term, 0 ≤ κ ≤ 1 (`auto` is resolved by the caller)
  double L1 = 0;       ///< L1_coeffs (eV²-free number; the loss is in the data's units)
  double L2 = 0;       ///< L2_coeffs
  double w0_rad = 0;   ///< radial smoothness, weight of Σ c_nlk²
  double w1_rad = 0;   ///< weight of Σ k² c_nlk²
  double w2_rad = 0;   ///< weight of Σ k⁴ c_nlk²
  /// Throws InputError(source) for negative or non-finite weights or κ outside [0, 1].
  void validate(const std::string& source) const;
};

/// The parts of one loss value (same units as the loss).
struct LossComponents {
  double energy = 0;             ///< (1−κ) Σ w_E (ΔE/N)²
  double force = 0;              ///< κ Σ w_F |ΔF|²
  double l1 = 0;                 ///< L1 Σ|c|
  double l2 = 0;                 ///< L2 Σ c²
  double radial_smoothness = 0;  ///< Σ (w0 + w1 k² + w2 k⁴) c_nlk²
  double total() const { return energy + force + l1 + l2 + radial_smoothness; }
};

/// Model prediction for one structure (for parity plots and the zero-iteration check).
struct StructurePrediction {
  double energy_eV = 0;            ///< E_model (eV), Σ_i E_i
  double reference_energy_eV = 0;  ///< the label (FitStructure::energy_eV)
  int atom_count = 0;
  std::vector<Vec3> forces_eV_A;  ///< F_model (eV/Å), one per atom
};

/// Errors of the model on a set of structures.
struct FitMetrics {
  double energy_rmse_meV_per_atom = 0;           ///< √(mean_s (ΔE_s/N_s)²) · 1000, unweighted
  double force_rmse_meV_per_A = 0;               ///< √(mean over force components of ΔF²) · 1000, unweighted
  double energy_mae_meV_per_atom = 0;            ///< mean_s |ΔE_s/N_s| · 1000
  double force_mae_meV_per_A = 0;                ///< mean over components |ΔF| · 1000
  LossComponents loss;                           ///< the loss of these structures with the FitLoss settings
  std::vector<StructurePrediction> predictions;  ///< per structure, in input order
};

class FitLoss {
 public:
  /// Compiles the basis `potential` (its shape and its frozen values; all bonds must be present)
  /// for the parameters of `layout` and the structures `structures` (neighbour lists built once
  /// here). `source` names the data in messages. Throws InputError for an element of the data
  /// that the basis lacks, a force array of the wrong length, or two atoms closer than the first
  /// spline node (naming the structure's source and line).
  FitLoss(const BBasisPotential& potential, FitParameterLayout layout, const std::vector<FitStructure>& structures,
          LossSettings settings);
  ~FitLoss();
  FitLoss(FitLoss&&) noexcept;
  FitLoss& operator=(FitLoss&&) noexcept;

  const FitParameterLayout& layout() const;
  const LossSettings& settings() const;
  std::size_t structure_count() const;
  std::size_t atom_count() const;

  /// The loss at x (trainable numbers, layout().size()) and, when `gradient` is not null, the
  /// gradient dL/dx (resized to x's length). `threads` ≤ 0: OpenMP's default. OpenMP over
  /// structures, thread-local gradient buffers summed at the end (deterministic for a fixed
  /// thread count). Throws InputError for a wrong-length or non-finite x, ComputationError when
  /// the model gives a non-finite energy.
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd* gradient, int threads = 0) const;
  /// The same with the gradient by reference (the contract's signature).
  double evaluate(const Eigen::VectorXd& x, Eigen::VectorXd& gradient, int threads = 0) const {
    return evaluate(x, &gradient, threads);
  }
  /// The loss of the last evaluate() call, split into its parts.
  LossComponents last_components() const;

  /// Errors and predictions at x on the structures this loss was built with.
  FitMetrics metrics(const Eigen::VectorXd& x, int threads = 0) const;
  /// Errors and predictions at x on other structures (e.g. the test set); builds their
  /// neighbour lists on the way.
  FitMetrics metrics(const Eigen::VectorXd& x, const std::vector<FitStructure>& structures, int threads = 0) const;

  /// The B-basis with x written into its trainable numbers (frozen ones as given at construction).
  BBasisPotential potential(const Eigen::VectorXd& x) const;

 private:
  struct Implementation;
  std::unique_ptr<Implementation> implementation_;
};

}  // namespace ionglass::ace
