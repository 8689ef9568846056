#pragma once
// The interface every interatomic model implements (pair models, Coulomb, ACE, and sums of them).
//
// A Potential is built once from its parameters, bound to a system (which fixes the mapping from
// atom types to its species, charges and checks), then evaluated many times on configurations of
// that system. Evaluation *adds* into a PotentialResult, so sums of potentials simply evaluate
// each term into the same result.
//
// Conventions (LAMMPS "metal" units and signs):
//   energy (eV); forces F_i = −∂E/∂r_i (eV/Å);
//   virial W = Σ_pairs r_ij ⊗ f_ij with r_ij = r_i − r_j and f_ij the force on i due to j
//   (for many-body terms W = −Σ_i r_i ⊗ ∂E/∂r_i − cell term, i.e. W_αβ = −∂E/∂ε_αβ for a homogeneous
//   strain ε); symmetric for the models here. Pressure from the virial: P = tr(W)/(3V) (+ kinetic).
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "ionglass/core/system.hpp"
#include "ionglass/core/vector.hpp"

namespace ionglass {

/// What an evaluation should produce beyond the energy.
struct EvaluationRequest {
  bool forces = true;
  bool virial = true;
  bool per_atom_energy = false;
};

/// The result of evaluating one or more potentials on a configuration.
struct PotentialResult {
  double energy = 0;  ///< eV
  /// Named energy terms (eV), in the order they were added; names like "short_range",
  /// "coulomb_real_space", "coulomb_kspace", "ace".
  std::vector<std::pair<std::string, double>> components;
  std::vector<Vec3> forces;             ///< eV/Å, one per atom (when requested)
  Mat3 virial = Mat3::Zero();           ///< eV (when requested)
  std::vector<double> per_atom_energy;  ///< eV (when requested)

  /// Zeroes everything and sizes the arrays for `natoms` atoms as `request` asks.
  void reset(std::size_t natoms, const EvaluationRequest& request);
  /// Adds `value` to the named component (creating it) and to the total energy.
  void add_component(const std::string& name, double value);
  double component(const std::string& name) const;  ///< 0 when absent
  double max_force() const;                           ///< max |F_i| (eV/Å)
  /// Pressure tensor of the virial alone (bar), P_αβ = W_αβ / V.
  Mat3 virial_pressure_bar(double volume_A3) const;
};

class Potential {
public:
  virtual ~Potential() = default;
  /// Short human-readable name ("teter", "bmp", "ace", "ewald", ...).
  virtual std::string name() const = 0;
  /// The largest distance at which two atoms interact (Å); used to size neighbour lists and check
  /// cells.
  virtual double cutoff() const = 0;
  /// Prepares for `system` (types → species, charges, parameter checks). Throws InputError with a
  /// clear message when the system cannot be evaluated (unknown element, missing parameters...).
  /// Must be called again when the number of atoms, their types or their charges change.
  virtual void bind(const System& system) = 0;
  /// Adds energy, forces, virial and per-atom energies of `system` into `result` (which the
  /// caller has reset). The system must have been bound.
  virtual void compute(const System& system, const EvaluationRequest& request, PotentialResult& result) = 0;
  /// A human-readable description of every parameter in force (for logs and reports).
  virtual std::string describe() const { return name(); }
  /// The number of OpenMP threads `compute` will be called with (from the caller's
  /// ExecutionContext). Potentials that choose a schedule from it (for example overlapping real-
  /// and reciprocal-space work on two threads) decide here, never from omp_get_max_threads().
  /// The default ignores it.
  virtual void set_thread_count(int /*threads*/) {}
};

/// Sum of potentials: energies, forces and virials add.
class PotentialSum : public Potential {
public:
  void add(std::unique_ptr<Potential> term) { terms_.push_back(std::move(term)); }
  const std::vector<std::unique_ptr<Potential>>& terms() const { return terms_; }
  std::string name() const override;
  double cutoff() const override;
  void bind(const System& system) override;
  void compute(const System& system, const EvaluationRequest& request, PotentialResult& result) override;
  std::string describe() const override;
  void set_thread_count(int threads) override;  ///< forwards to every term

private:
  std::vector<std::unique_ptr<Potential>> terms_;
};

/// Convenience: reset a result and evaluate `potential` on `system` (binding it first). Throws
/// UnphysicalStructureError naming the closest atoms when a result is not finite
/// (finite_result_check.hpp) or atoms are closer than the potential is defined for. With a
/// `source` (the file the structure was read from, "FILE (frame N)"), that error is an InputError
/// naming the source instead: the structure, not the computation, is at fault.
PotentialResult evaluate(Potential& potential, const System& system, const EvaluationRequest& request = {},
                         const std::string& source = "");

}  // namespace ionglass
