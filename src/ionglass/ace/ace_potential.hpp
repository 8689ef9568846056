#pragma once
// The ACE potential as an ionglass::Potential: energy, forces, virial and per-atom energies of a
// periodic system from a C-tilde basis (.yace), assembled as LAMMPS pair_style pace does
// (full neighbour list; F_i += f_ij, F_j −= f_ij with f_ij = ∂E_i/∂r_j; virial Σ (r_i − r_j) ⊗ f_ij).
//
// Atom types map to the potential's species by element symbol. The neighbour list (with a skin)
// is kept between calls and rebuilt when an atom has moved more than skin/2, the cell changed or
// the system was re-bound. Atoms are evaluated in parallel (OpenMP); each thread scatters its
// pair forces into its own force buffer, and the buffers are summed at the end.
#include <memory>
#include <string>
#include <vector>

#include "ionglass/ace/ace_evaluator.hpp"
#include "ionglass/ace/ctilde_basis.hpp"
#include "ionglass/neighbor/verlet_list_cache.hpp"
#include "ionglass/potential/potential.hpp"

namespace ionglass::ace {

class AcePotential : public Potential {
public:
  /// `source` names the potential in messages (usually its file). `skin` (Å) pads the neighbour
  /// list so that it is rebuilt only when an atom has moved more than skin/2.
  explicit AcePotential(AceCTildeBasis basis, std::string source = "ACE potential", double skin = 0.5);
  /// Shares an already compiled evaluator (spline tables and product basis are immutable), e.g.
  /// between several systems evaluated at the same time.
  explicit AcePotential(std::shared_ptr<const AceEvaluator> evaluator, std::string source = "ACE potential",
                        double skin = 0.5);

  std::string name() const override { return "ace"; }
  double cutoff() const override { return evaluator_->cutoff_max(); }
  void bind(const System& system) override;
  void compute(const System& system, const EvaluationRequest& request, PotentialResult& result) override;
  std::string describe() const override;
  /// Threads of the per-atom loop (0: OpenMP's count at each evaluation).
  void set_thread_count(int threads) override { thread_count_ = threads; }

  const AceEvaluator& evaluator() const { return *evaluator_; }
  std::shared_ptr<const AceEvaluator> shared_evaluator() const { return evaluator_; }
  const AceCTildeBasis& basis() const { return evaluator_->basis(); }
  /// Species index (position in the .yace `elements`) of each atom of the bound system.
  const std::vector<int>& atom_species() const { return atom_species_; }
  /// Number of neighbour-list builds so far (for tests of the reuse logic).
  long neighbor_list_builds() const { return list_cache_.builds(); }

private:
  void update_neighbor_list(const System& system);

  std::shared_ptr<const AceEvaluator> evaluator_;
  std::string source_;
  int thread_count_ = 0;  // from set_thread_count; 0: not given
  double skin_;
  std::vector<int> type_species_;  ///< per 1-based type − 1; −1 for types absent from the system
  std::vector<int> atom_species_;
  VerletListCache list_cache_;
  std::size_t bound_atoms_ = 0;
};

/// Reads a `.yace` file and returns the potential (InputError on a bad file).
std::unique_ptr<AcePotential> load_ace_potential(const std::string& path);

}  // namespace ionglass::ace
