#pragma once
// The C-tilde basis of an Atomic Cluster Expansion potential: a plain description of species,
// embeddings, bonds (radial bases) and basis functions, exactly as the pacemaker / ML-PACE
// `.yace` format stores it (see /docs/ace.md and the project specification ace-evaluation.md §1).
//
// This structure carries no evaluation state. It is produced by read_yace() (yace_reader.hpp) and
// can equally be produced by a converter from the B-basis (.yaml) form; AcePotential
// (ace_potential.hpp) compiles it into spline tables and a flattened product basis.
//
// Conventions (those of the .yace format):
//   * species index μ = position in `elements`;
//   * bonds are ordered pairs (μi, μj); every one of the P² pairs is present;
//   * `ns` are 1-based radial indices, `ls` angular momenta, `ms_combs` flattened [comb][t];
//   * `ctildes` flattened [comb][density p];
//   * the ms-combinations form a half basis: only tuples whose first non-zero m is positive (or
//     all-zero tuples) are stored, the former already carrying the factor 2 of their mirror.
#include <string>
#include <vector>

namespace ionglass::ace {

/// Embedding F(ρ) = Σ_p w_p Φ(ρ_p; m_p) of one species.
struct AceEmbedding {
  int ndensity = 0;                   ///< number of densities P
  std::vector<double> fs_parameters;  ///< [w₀, m₀, w₁, m₁, …], 2P numbers
  std::string npoti;                  ///< "FinnisSinclair" or "FinnisSinclairShiftedScaled"
  double rho_core_cutoff = 0;         ///< ρ_core cut (density-type inner cutoff)
  double drho_core_cutoff = 0;        ///< width of the ρ_core switch
};

/// Radial basis and inner-core treatment of one ordered species pair (μi, μj).
struct AceBond {
  int nradmax = 0;      ///< number of radial functions R_nl (n = 1..nradmax)
  int lmax = 0;         ///< largest l of R_nl
  int nradbasemax = 0;  ///< number of basis functions g_k
  std::string radbasename;            ///< SBessel | ChebExpCos | ChebPow | ChebLinear
  std::vector<double> radparameters;  ///< λ (first entry used)
  /// c_{nlk}, flattened [n][l][k] with shape [nradmax][lmax+1][nradbasemax].
  std::vector<double> radcoefficients;
  double prehc = 0;     ///< core-repulsion prefactor
  double lambdahc = 0;  ///< core-repulsion exponent (density/distance types)
  double rcut = 0;      ///< Å
  double dcut = 0;      ///< Å
  double rcut_in = 0;   ///< Å, inner cutoff
  double dcut_in = 0;   ///< Å, inner cutoff width
  std::string inner_cutoff_type = "density";  ///< "density" | "distance" | "zbl"

  double coefficient(int n, int l, int k) const {
    return radcoefficients[(static_cast<std::size_t>(n) * (lmax + 1) + l) * nradbasemax + k];
  }
  double lambda() const { return radparameters.empty() ? 0.0 : radparameters[0]; }
  bool operator==(const AceBond&) const = default;
};

/// One C-tilde basis function: a product of `rank` atomic base functions A_{μ n l m}, summed over
/// its ms-combinations with coefficients c̃ (one per density).
struct AceCTildeFunction {
  int mu0 = 0;        ///< central species
  int rank = 0;       ///< body order − 1
  int ndensity = 0;   ///< number of densities P
  std::vector<int> mus;  ///< neighbour species, size rank
  std::vector<int> ns;   ///< radial indices (1-based), size rank
  std::vector<int> ls;   ///< angular momenta, size rank
  int num_ms_combs = 0;
  std::vector<int> ms_combs;    ///< [comb][t], size num_ms_combs·rank
  std::vector<double> ctildes;  ///< [comb][p], size num_ms_combs·ndensity
};

struct AceCTildeBasis {
  std::vector<std::string> elements;  ///< species symbols; index = μ
  std::vector<double> E0;             ///< eV, constant added to each atomic energy, per species
  double delta_spline_bins = 0.001;   ///< Å, spline bin width (see RadialSplineTable)
  std::vector<AceEmbedding> embeddings;  ///< per species
  std::vector<AceBond> bonds;            ///< per ordered pair, index μi·nelements + μj
  /// Basis functions per central species, in file order (rank 1 and rank > 1 mixed).
  std::vector<std::vector<AceCTildeFunction>> functions;

  int species_count() const { return static_cast<int>(elements.size()); }
  const AceBond& bond(int mu_i, int mu_j) const { return bonds[static_cast<std::size_t>(mu_i) * elements.size() + mu_j]; }
  /// The largest bond cutoff (Å): the global cutoff of the spline tables.
  double cutoff_max() const;
  /// Global maxima over bonds (the evaluator pads smaller bonds with zeros).
  int nradbase_max() const;
  int nradial_max() const;
  int lmax_max() const;
  int rank_max() const;
  int ndensity_max() const;

  /// Checks sizes and ranges (array lengths, species indices, 1 ≤ n ≤ nradmax / nradbasemax,
  /// |m| ≤ l ≤ lmax, known radial basis, embedding and inner-cutoff names, positive cutoffs).
  /// Throws InputError naming `source` and the offending entry.
  void validate(const std::string& source) const;
};

}  // namespace ionglass::ace
