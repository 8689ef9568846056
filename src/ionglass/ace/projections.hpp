#pragma once
// Per-atom B-basis projections: the values of every B-function of an atom's element at that atom,
// the descriptors whose linear span defines the ACE extrapolation grade (Lysogorskiy et al.,
// PRM 7, 043801 (2023); ../shared/docs/ace-evaluation.md §2, §7).
//
//   A¹_{μ k}   = Σ_j δ(μj, μ) g_k(r_ij)                                 (rank 1; Y₀₀ = 1)
//   A_{μ n l m} = Σ_j δ(μj, μ) R_nl(r_ij) Y_lm(r̂_ij)                     (complex, Y₀₀ = 1 norm)
//   B_rank1 = A¹_{μ1, n1−1}
//   B_rank>1 = Σ_{ms ∈ half basis} C^{gen}_{ls,LS}(ms) · Re Π_t A_{μt nt lt mt}
// The vector of atom i lists its element's functions in the loader order of BBasisPotential
// (rank 1 first, then rank > 1, each sorted by μs, ns, ls) — the order of pacemaker's
// `compute_projections` and of tests/data/reference/ace/b_projections_dev_first3.csv.
//
// The maths is the evaluator's (one stack): the radial basis g_k from radial_functions.hpp,
// tabulated by RadialSplineTable (cubic Hermite, bin width DeltaSplineBins, as ML-PACE; for
// projections each bond is tabulated up to its own rcut, as pacemaker's B-basis does),
// R_nl = Σ_k c_nlk g_k (radial_functions_of_pair), and Y_lm from SphericalHarmonics. So the numbers
// agree with the reference to rounding, for every radial basis the evaluator supports.
#include <cstddef>
#include <span>
#include <vector>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/radial_spline.hpp"
#include "ionglass/ace/spherical_harmonics.hpp"
#include "ionglass/core/system.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass::ace {

/// Projections of every atom of one structure.
struct AtomProjections {
  std::vector<int> species;          ///< μ per atom (index into BBasisPotential::elements)
  std::vector<std::size_t> offsets;  ///< start of atom i's values; size natoms + 1
  std::vector<double> values;
  std::size_t size() const { return species.size(); }
  std::span<const double> row(std::size_t atom) const {
    return {values.data() + offsets[atom], offsets[atom + 1] - offsets[atom]};
  }
};

class BProjector {
 public:
  /// Builds the spline tables and the flattened function lists. Throws InputError for lmax > 16.
  explicit BProjector(const BBasisPotential& potential);

  const BBasisPotential& potential() const { return potential_; }
  double cutoff() const { return cutoff_; }

  /// μ of each atom (by element symbol). Throws InputError(source) for elements not in the potential.
  std::vector<int> species_of(const System& system, const std::string& source = "") const;

  /// Projections of all atoms (OpenMP over atoms). Throws UnphysicalStructureError when two atoms are
  /// closer than the first spline node.
  AtomProjections compute(const System& system, const std::string& source = "") const;

  /// The radial spline table of the ordered pair (μi, μj) (for tests; the pair must have a bond).
  const RadialSplineTable& spline_table(int mu_i, int mu_j) const { return pairs_[mu_i * nelements_ + mu_j].table; }

 private:
  struct PairRadial {
    bool present = false;
    int nradbase = 0, nradmax = 0, lmax = 0;
    double rcut = 0;
    RadialSplineTable table;           ///< g_k (and the unused core term) up to rcut
    std::vector<double> coefficients;  ///< c_nlk, [n·(lmax+1) + l][k]
  };
  struct FlatFunction {
    int rank = 0;
    std::size_t comb_begin = 0, comb_end = 0;  ///< into comb_cg
    std::size_t index_begin = 0;               ///< into comb_index (rank entries per comb)
  };
  struct ElementFunctions {
    std::vector<FlatFunction> functions;
    std::vector<double> comb_cg;
    std::vector<int> comb_index;  ///< per comb, rank indices into the A array (rank 1: into A¹)
  };
  void atom_projection(const System& system, std::size_t atom, const std::vector<int>& species,
                       const NeighborList& list, const std::vector<Vec3>& shifts, std::vector<Complex>& A,
                       std::vector<double>& A1, double* out) const;

  BBasisPotential potential_;
  double cutoff_ = 0;
  int nelements_ = 0, nradbase_ = 0, nradmax_ = 0, lmax_ = 0;
  std::vector<PairRadial> pairs_;  ///< μi·nelements + μj
  SphericalHarmonics harmonics_;
  std::vector<ElementFunctions> flat_;

 public:
  int a1_index(int mu, int k) const { return mu * nradbase_ + k; }
  int a_index(int mu, int n, int l, int m) const {
    return ((mu * nradmax_ + n) * (lmax_ + 1) * (lmax_ + 1)) + l * (l + 1) + m;
  }
};

}  // namespace ionglass::ace
