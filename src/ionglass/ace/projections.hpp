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
// Radial functions are evaluated from the same cubic-Hermite spline tables as ML-PACE
// (bin width DeltaSplineBins, analytic values and derivatives at the nodes), so the numbers agree
// with the reference to rounding. Radial basis: SBessel (Kocer et al., JCP 150, 154102 (2019));
// other radial bases are rejected with an InputError.
#include <complex>
#include <cstddef>
#include <span>
#include <vector>

#include "ionglass/ace/b_basis.hpp"
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
  /// Builds the spline tables and the flattened function lists. Throws InputError for radial
  /// bases other than SBessel.
  explicit BProjector(const BBasisPotential& potential);

  const BBasisPotential& potential() const { return potential_; }
  double cutoff() const { return cutoff_; }

  /// μ of each atom (by element symbol). Throws InputError(source) for elements not in the potential.
  std::vector<int> species_of(const System& system, const std::string& source = "") const;

  /// Projections of all atoms (OpenMP over atoms). Throws ComputationError when two atoms are
  /// closer than the first spline node.
  AtomProjections compute(const System& system, const std::string& source = "") const;

  /// Radial basis g_k(r) of pair (μi, μj) and its derivative, from the spline (for tests).
  void radial_base(int mu_i, int mu_j, double r, std::vector<double>& g, std::vector<double>& dg) const;
  /// Analytic (unsplined) g_k(r) and derivative.
  void radial_base_analytic(int mu_i, int mu_j, double r, std::vector<double>& g, std::vector<double>& dg) const;

private:
  struct PairTable {
    int nradbase = 0, nradmax = 0, lmax = 0;
    int nfunctions = 0;            ///< nradbase + nradmax·(lmax+1)
    double rcut = 0;
    int nlut = 0;
    double delta = 0;
    std::vector<double> coefficients;  ///< [node][function][4]
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
  void evaluate_spline(const PairTable& table, double r, double* values) const;
  void atom_projection(const System& system, std::size_t atom, const std::vector<int>& species,
                       const NeighborList& list, const std::vector<Vec3>& shifts,
                       std::vector<std::complex<double>>& A, std::vector<double>& A1, double* out) const;

  BBasisPotential potential_;
  double cutoff_ = 0;
  int nelements_ = 0, nradbase_ = 0, nradmax_ = 0, lmax_ = 0;
  std::vector<PairTable> tables_;  ///< μi·nelements + μj
  std::vector<ElementFunctions> flat_;
public:
  int a1_index(int mu, int k) const { return mu * nradbase_ + k; }
  int a_index(int mu, int n, int l, int m) const {
    return ((mu * nradmax_ + n) * (lmax_ + 1) * (lmax_ + 1)) + l * (l + 1) + m;
  }
};

/// Complex spherical harmonics Y_lm(r̂) for m = −l..l, l ≤ lmax, normalised so that Y₀₀ = 1
/// (√(4π) × orthonormal, Condon–Shortley phase), stored at index l(l+1)+m.
void spherical_harmonics(int lmax, double x, double y, double z, std::vector<std::complex<double>>& Y);

}  // namespace ionglass::ace
