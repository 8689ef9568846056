#pragma once
// Evaluation of the ACE energy of one atom and of its derivatives with respect to the neighbour
// positions, from a C-tilde basis (ace-evaluation.md §1.5–1.6; Drautz, PRB 99, 014104 (2019);
// Lysogorskiy et al., npj Comput. Mater. 7, 97 (2021)).
//
// Construction compiles the basis: per ordered species pair one RadialSplineTable (g_k, R_nl and
// the core term), and per central species a flattened product basis (for every ms-combination:
// the indices of its A factors and of the weights they feed, and its c̃ per density).
//
// compute_atom() for atom i with neighbours j (displacements d_j = r_j − r_i):
//   forward:  A¹[μj][k] = Σ_j g_k(r_ij),  A[μj][n][l][m] = Σ_j R_nl(r_ij) Y_lm(r̂_ij),
//             ρ_p = Σ c̃_p A¹ + Σ_combs c̃_p Re Π_t A_t,  E_i = Σ_p w_p Φ(ρ_p) (+ core terms, E0);
//   backward: ω = ∂E_i/∂A (folded onto m ≥ 0), then for each neighbour
//             f_ij = ∂E_i/∂r_j = Σ_k ω¹_k g_k' r̂ + Σ_nlm Re ω_nlm (R_nl' Y_lm r̂ + R_nl ∇Y_lm) + core.
// The evaluator is immutable after construction and may be shared by threads; each thread
// passes its own Workspace.
#include <cstdint>
#include <string>
#include <vector>

#include "ionglass/ace/ctilde_basis.hpp"
#include "ionglass/ace/radial_spline.hpp"
#include "ionglass/ace/spherical_harmonics.hpp"

namespace ionglass::ace {

enum class InnerCoreType { Density, Distance, Zbl };

class AceEvaluator {
public:
  explicit AceEvaluator(AceCTildeBasis basis);

  const AceCTildeBasis& basis() const { return basis_; }
  int species_count() const { return nspecies_; }
  double cutoff(int mu_i, int mu_j) const { return cutoffs_[mu_i * nspecies_ + mu_j]; }
  double cutoff_max() const { return cutoff_max_; }
  /// Smallest distance the spline tables can evaluate (Å).
  double first_spline_node() const { return tables_[0].first_node(); }
  InnerCoreType inner_core_type() const { return inner_type_; }

  /// Per-thread scratch memory (sized on first use).
  struct Workspace {
    // per neighbour within the cutoff
    std::vector<int> index;      ///< position in the caller's neighbour arrays
    std::vector<int> species;
    std::vector<double> r, unit;          ///< distance, unit vector (3 per neighbour)
    std::vector<double> value, derivative;  ///< spline values/derivatives (table_width per neighbour)
    std::vector<double> radial, radial_derivative;  ///< R_nl, R_nl' (radial_width per neighbour)
    std::vector<Complex> ylm, dylm;        ///< Y_lm (half) and tangential gradients
    // per atom
    std::vector<double> a_rank1, w_rank1;
    std::vector<Complex> a, w;
    std::vector<double> rho, d_energy_d_rho;
  };

  struct AtomResult {
    double energy = 0;            ///< E_i (eV), including E0
    int too_close = -1;           ///< index of a neighbour closer than the first spline node, else −1
  };

  /// Energy of an atom of species `mu` and, if `pair_forces` is not null, f_ij = ∂E_i/∂r_j
  /// (3 per neighbour, zero for neighbours beyond the cutoff). `displacements` holds 3 numbers
  /// per neighbour (r_j − r_i, Å). On a too-close neighbour returns at once with too_close set.
  AtomResult compute_atom(int mu, int neighbor_count, const int* neighbor_species, const double* displacements,
                          double* pair_forces, Workspace& work) const;

private:
  struct ProductBasis {
    // rank 1: A¹ index and c̃ (ndensity numbers) per function
    std::vector<int> rank1_index;
    std::vector<double> rank1_coefficients;
    // rank > 1, one entry per ms-combination
    std::vector<int> rank;        ///< per comb
    std::vector<int> offset;      ///< per comb, into factor arrays (size ncomb + 1)
    std::vector<int> a_index;     ///< per factor, into the full A array (m from −l to l)
    std::vector<int> w_index;     ///< per factor, into the half ω array (|m|)
    /// per factor: 0 for m ≥ 0; (−1)^m for m < 0 (the weight goes conjugated to |m|)
    std::vector<signed char> w_mode;
    std::vector<double> coefficients;  ///< per comb × ndensity
    int ndensity = 0;
  };

  AceCTildeBasis basis_;
  int nspecies_ = 0;
  int nradbase_ = 0, nradmax_ = 0, lmax_ = 0;
  int lm_full_ = 0, lm_half_ = 0;  ///< (lmax+1)², (lmax+1)(lmax+2)/2
  int table_width_ = 0;            ///< the largest function count of a table (stride of value arrays)
  int radial_width_ = 0;           ///< the largest nradmax·(lmax+1) of a bond
  /// Per ordered pair: sizes and the radial coefficients c_nlk as a [n·(lmax+1) + l][k] matrix.
  struct PairRadial {
    int nradbase = 0, nradmax = 0, lmax = 0;
    std::vector<double> coefficients;
  };
  std::vector<PairRadial> pair_radial_;
  double cutoff_max_ = 0;
  InnerCoreType inner_type_ = InnerCoreType::Density;
  std::vector<double> cutoffs_, cut_in_, dcut_in_;
  std::vector<RadialSplineTable> tables_;  ///< unique tables
  std::vector<int> table_of_pair_;          ///< per ordered pair → index into tables_
  std::vector<ProductBasis> products_;      ///< per central species
  std::vector<bool> shifted_scaled_;
  SphericalHarmonics harmonics_;
};

}  // namespace ionglass::ace
