#pragma once
// The input of `ionglass fit`: pacemaker's input.yaml, read strictly (docs/fitting.md "Input keys").
//
// Every key pacemaker's shipped input uses is read; an unknown or misspelt key, a repeated key, a
// value of the wrong type or an impossible setting (e.g. lmax too small for the rank: a rank-r
// function needs Σl even and, for r ≥ 2, the couplings of its ls — "impossible basis") is an
// InputError naming the file and the line. `backend` is accepted and recorded as ignored.
// Units: Å for cutoffs and distances, eV for reference energies.
#include <array>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ionglass::ace {

/// `potential: bonds: ALL | "A B"`: the radial basis of an element pair.
struct FitBondSettings {
  std::string radbase = "SBessel";          ///< SBessel | ChebExpCos | ChebPow | ChebLinear
  std::vector<double> radparameters{5.25};  ///< radbase parameters (SBessel: unused λ)
  double rcut_A = 5;                        ///< rcut, Å
  double dcut_A = 0.01;                     ///< dcut, Å
  std::string cutoff_function = "cos";      ///< NameOfCutoffFunction
  /// Inner cutoff: "zbl" (default, as the shipped potential), "distance" or "density".
  std::string inner_cutoff_type = "zbl";
  std::optional<double> r_in_A;                ///< r_in, Å; absent: from `repulsion: auto`
  double delta_in_A = 0.1;                     ///< delta_in, Å
  std::array<double, 2> core_repulsion{0, 0};  ///< core-repulsion (prehc, lambdahc); ZBL default [1, 1]
  int line = 0;
};

/// `potential: embeddings: ALL | element`.
struct FitEmbeddingSettings {
  int ndensity = 1;
  std::string npot = "FinnisSinclairShiftedScaled";  ///< FinnisSinclair | FinnisSinclairShiftedScaled
  std::vector<double> fs_parameters{1, 1};           ///< [w0, m0, w1, m1, ...], 2·ndensity numbers
  double rho_core_cut = 1;                           ///< rho_core_cut (density units)
  double drho_core_cut = 1;                          ///< drho_core_cut
  int line = 0;
};

/// Limits of one function group: index r−1 holds the limit for rank r.
struct FitFunctionLimits {
  std::vector<int> nradmax_by_orders;  ///< max n per rank (rank 1: the number of radial basis functions)
  std::vector<int> lmax_by_orders;     ///< max l per rank
  int line = 0;
};

/// `potential: functions:`. Groups: ALL, UNARY, BINARY, TERNARY, QUATERNARY, QUINARY — a function
/// with k distinct elements among (μ0, μs) takes the group with k elements, else ALL.
struct FitFunctionSettings {
  std::map<std::string, FitFunctionLimits> groups;
  /// Keep the first N functions in power order per central element (0: keep all).
  int number_of_functions_per_element = 0;
  /// The limits for a function with `distinct_elements` distinct species; nullptr when none.
  const FitFunctionLimits* limits_for(int distinct_elements) const;
};

struct FitPotentialSettings {
  double delta_spline_bins_A = 0.001;  ///< deltaSplineBins, Å
  std::vector<std::string> elements;   ///< as written (the basis orders them alphabetically)
  /// Per element (keys: element symbols, after expanding ALL).
  std::map<std::string, FitEmbeddingSettings> embeddings;
  /// Per ordered pair "A B" (after expanding ALL; "A B" and "B A" are the same bond).
  std::map<std::string, FitBondSettings> bonds;
  FitFunctionSettings functions;
  std::string initial_potential;  ///< path (resolved against the input's folder); empty: none
};

struct FitDataSettings {
  std::string filename;             ///< resolved against the input's folder
  std::string test_filename;        ///< empty: none
  std::optional<double> test_size;  ///< fraction (0, 1) of `filename` held out, or a count ≥ 1
  /// reference_energy: a map element → eV, or `auto` (least squares over the composition).
  bool reference_energy_auto = false;
  std::map<std::string, double> reference_energy_eV;
  std::string energy_key = "dft_energy";  ///< extended-XYZ info key of the energy (eV); ionglass extension
  std::string forces_key = "dft_forces";  ///< extended-XYZ per-atom column of the forces (eV/Å); ionglass extension
  int line = 0;
};

/// `fit: weighting:` (pacemaker's UniformWeightingPolicy / EnergyBasedWeightingPolicy).
struct FitWeightingSettings {
  std::string type = "uniform";  ///< "uniform" (UniformWeightingPolicy) | "energy_based" (EnergyBasedWeightingPolicy)
  double DElow_eV = 1.0;         ///< energy_based: structures below E_min + DElow form the low tier (eV/atom)
  double DEup_eV = 10.0;         ///< energy_based: structures at or above E_min + DEup are dropped (eV/atom)
  double DFup_eV_A = 0;  ///< energy_based: structures with an atom force |F| above this are dropped (eV/Å); 0: none
  double DE_eV = 1.0;    ///< energy_based: w_E ∝ 1/(E/N − E_min + DE)² (eV/atom)
  double DF_eV_A = 1.0;  ///< energy_based: w_F ∝ w_E/(|F|² + DF) (eV²/Å², pacemaker's name)
  double wlow = 0;       ///< energy_based: share of the energy weight of the structures below DElow; 0: no adjustment
  std::string energy = "cohesive";  ///< energy_based: "cohesive" (E/N) or "convex_hull" (distance to the hull not
                                    ///< supported → InputError)
  int seed = 42;
  int line = 0;
};

struct FitLossInput {
  std::optional<double> kappa;  ///< absent: `auto` (κ from the data's energy and force spreads)
  double L1_coeffs = 0;
  double L2_coeffs = 0;
  double w0_rad = 0, w1_rad = 0, w2_rad = 0;
};

struct FitSettings {
  FitLossInput loss;
  std::string optimizer = "BFGS";  ///< BFGS | L-BFGS-B
  int maxiter = 500;
  /// ladder_step: a count ≥ 1 (functions per step) or a fraction < 1 of the current basis; 0: no ladder.
  double ladder_step = 0;
  std::string ladder_type = "power_order";
  bool repulsion_auto = false;      ///< `repulsion: auto`
  int early_stopping_patience = 0;  ///< 0: off
  double min_relative_train_loss_per_iter = 0;
  double min_relative_test_loss_per_iter = 0;
  FitWeightingSettings weighting;
  /// trainable_parameters: "ALL" (default), "func", "radial" (pacemaker's names).
  std::string trainable_parameters = "ALL";
};

struct FitInput {
  std::string source;   ///< the input file
  std::string folder;   ///< its folder ("" for text)
  double cutoff_A = 5;  ///< cutoff, Å
  int seed = 42;
  FitDataSettings data;
  FitPotentialSettings potential;
  FitSettings fit;
  bool backend_given = false;  ///< `backend:` was present; it has no effect
};

/// Reads a pacemaker input file. Throws InputError "FILE:LINE: problem".
FitInput read_fit_input(const std::string& path);
/// Parses input text; relative data paths resolve against `folder`.
FitInput parse_fit_input(const std::string& text, const std::string& source, const std::string& folder = "");

}  // namespace ionglass::ace
