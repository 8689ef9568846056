#pragma once
// The ACE B-basis potential (pacemaker's `.yaml`, the form that pacemaker fits and that pyace,
// `pace_activeset` and LAMMPS `pair_style pace/extrapolation` read).
//
// File layout (see docs/ace-active-learning.md and ../shared/docs/ace-evaluation.md §7):
//   metadata: {key: value, ...}            (free-form; `reference_energy` is a JSON string)
//   global: {DeltaSplineBins: Å}
//   species:
//     - speciesblock: "Fe"          one element: embedding + same-element bond + functions
//     - speciesblock: "Fe Na"       two elements: the (Fe, Na) bond + functions
//     - speciesblock: "Fe Na O"     more: functions only
//   function: {type: "μ0 μ1 … μr", nr: [r], nl: [r], lint: [r−2 for r ≥ 3], c: [ndensity]}
// Elements are indexed alphabetically (μ = 0 … nelements−1), as in the C-tilde `.yace`.
//
// After loading, every B-function is expanded into its m-tuples and generalised Clebsch–Gordan
// coefficients (half basis, factor 2 folded in) and the per-element function lists are put in the
// reference order of pacemaker's loader: sorted by (rank, μ0, μs, ns, ls) after each species
// block, rank-1 functions first (ML-PACE `ACEBBasisSet::initialize_basis`, `compare`).
#include <array>
#include <map>
#include <string>
#include <vector>

namespace ionglass::ace {

/// Embedding of one element: F = Σ_p w_p Φ(ρ_p; m_p) and the core-repulsion density cutoff.
struct BBasisEmbedding {
  int ndensity = 0;
  std::string npoti;                 ///< "FinnisSinclair" | "FinnisSinclairShiftedScaled"
  std::vector<double> fs_parameters; ///< [w0, m0, w1, m1, ...] (2·ndensity numbers)
  double rho_core_cut = 0;           ///< rho_core_cut
  double drho_core_cut = 0;          ///< drho_core_cut
};

/// Radial basis and cutoffs of one ordered element pair (μi, μj).
struct BBasisBond {
  int nradmax = 0;
  int lmax = 0;
  int nradbase = 0;
  double rcut = 0;                  ///< Å
  double dcut = 0;                  ///< Å
  std::string cutoff_function;      ///< NameOfCutoffFunctionij (only "cos")
  double r_in = 0;                  ///< Å, inner cutoff
  double delta_in = 0;              ///< Å, inner cutoff width
  std::string inner_cutoff_type;    ///< "zbl" | "distance" | "density"
  std::string radbase;              ///< SBessel | ChebExpCos | ChebPow | ChebLinear
  std::vector<double> radparameters;
  /// c_{nlk}: [nradmax][lmax+1][nradbase]
  std::vector<std::vector<std::vector<double>>> radcoefficients;
  std::array<double, 2> core_repulsion{0, 0};  ///< (prehc, lambdahc)
};

/// One B-function with its expansion into m-tuples.
struct BBasisFunction {
  int mu0 = 0;
  int rank = 0;
  std::vector<int> mus;   ///< neighbour species, size rank
  std::vector<int> ns;    ///< 1-based radial indices
  std::vector<int> ls;
  std::vector<int> LS;    ///< intermediate couplings (lint), size max(0, rank − 2)
  std::vector<double> coefficients;  ///< c_p, size ndensity
  /// (μ, n, l) as written in the file when the loader reordered them (order_and_compress), so that
  /// a writer keeps `lint` meaningful; empty when mus/ns/ls are as written.
  std::vector<int> file_mus, file_ns, file_ls;
  std::vector<int> ms_combs;         ///< [comb][t] flattened, half basis
  std::vector<double> gen_cgs;       ///< generalised CG per comb (factor 2 folded in)
  std::size_t num_ms_combs() const { return gen_cgs.size(); }
  int source_line = 0;               ///< 1-based line in the .yaml
};

struct BBasisPotential {
  std::string source;                          ///< file name
  std::vector<std::string> elements;           ///< alphabetical; index = μ
  double delta_spline_bins = 0;                ///< Å
  std::map<std::string, std::string> metadata; ///< raw metadata (scalars as text)
  std::map<std::string, double> reference_energy_eV;  ///< from metadata.reference_energy (may be empty)
  std::vector<BBasisEmbedding> embeddings;     ///< per μ
  /// bonds[μi][μj]; `present` tells which were given in the file.
  std::vector<std::vector<BBasisBond>> bonds;
  std::vector<std::vector<bool>> bond_present;
  /// Functions per central element μ0: rank-1 first, then rank > 1, in the reference order.
  std::vector<std::vector<BBasisFunction>> functions;
  /// Order of the species blocks in the file (names as written), for writing the file back.
  std::vector<std::string> block_names;

  std::size_t element_index(const std::string& symbol) const;  ///< throws std::out_of_range
  /// Number of B-functions (projection length) of element μ.
  std::size_t function_count(int mu) const { return functions.at(mu).size(); }
  int lmax() const;       ///< max over bonds
  int nradmax() const;    ///< max over bonds
  int nradbase() const;   ///< max over bonds
  double cutoff_max() const;
};

/// Reads a pacemaker B-basis `.yaml`. Throws InputError(file, line, problem) for missing or
/// malformed keys, unknown elements, inconsistent sizes, functions that violate the coupling rules
/// (odd Σl, rank-2 ls not equal, wrong lint) or exceed their bond's nradmax/lmax/nradbase.
BBasisPotential read_b_basis(const std::string& path);

/// Parses a B-basis from YAML text (`source` names it in errors).
BBasisPotential parse_b_basis(const std::string& text, const std::string& source);

/// True when the file looks like a B-basis (top-level `species:` list).
bool is_b_basis_file(const std::string& path);

}  // namespace ionglass::ace
