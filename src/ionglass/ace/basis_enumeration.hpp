#pragma once
// Basis enumeration as pacemaker does it (docs/fitting.md "Basis").
//
// For every central element μ0 and rank r = 1 … len(nradmax_by_orders), every function
// (μ0; μs, ns, ls, LS) with μs, (n, l) pairs sorted canonically, n ≤ nradmax_by_orders[r−1],
// l ≤ lmax_by_orders[r−1], the coupling rules (Σl even; r = 2: l1 = l2; r ≥ 3: intermediate
// couplings LS by the triangle rule, Σ parity) and only linearly independent couplings for equal
// (μ, n, l) entries. The limits of a function are the group with as many elements as the
// function has distinct ones (UNARY …), else ALL. Functions are sorted by power order
// (rank + Σn + Σl, then lexicographically) and truncated to number_of_functions_per_element.
#include <map>
#include <string>
#include <vector>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/fit_input.hpp"

namespace ionglass::ace {

/// One basis function without coefficients (elements as indices into the alphabetical list).
struct BasisFunctionSpec {
  int mu0 = 0;
  std::vector<int> mus;
  std::vector<int> ns;  ///< 1-based
  std::vector<int> ls;
  std::vector<int> LS;  ///< intermediate couplings, size max(0, rank − 2)
  int rank() const { return static_cast<int>(mus.size()); }
  /// pacemaker's power order: rank + Σn + Σl.
  int power_order() const;
  bool operator==(const BasisFunctionSpec& other) const = default;
};

/// The species block of a function: μ0, then the other distinct elements alphabetically ("Fe Na O").
std::string block_name(const BasisFunctionSpec& function, const std::vector<std::string>& elements);

/// All functions of the input for central element `mu0`, in power order, untruncated.
/// `elements` are alphabetical. Throws InputError (at the functions group's line) when a group's
/// limits allow no function of some rank ("impossible basis: lmax too small for rank r").
std::vector<BasisFunctionSpec> enumerate_basis_functions(const FitInput& input,
                                                         const std::vector<std::string>& elements, int mu0);

/// Per central element (alphabetical), enumerated and truncated to number_of_functions_per_element:
/// as pacemaker, the budget is split evenly over the element's species blocks (⌊N / blocks⌋ each,
/// 250 / 8 = 31 for the shipped NaFePO4 input) and each block keeps its first functions in power order.
std::vector<std::vector<BasisFunctionSpec>> enumerate_basis(const FitInput& input);

/// The first functions of an ordered basis after `steps` ladder steps starting from none:
/// ladder_step ≥ 1 adds that many functions per step, 0 < ladder_step < 1 adds
/// max(1, ⌊ladder_step·current⌋) (pacemaker's get_actual_ladder_step); capped at the full size.
std::size_t ladder_function_count(std::size_t full_count, double ladder_step, int steps);
/// The basis (per element) after `steps` ladder steps (every element grows the same way).
std::vector<std::vector<BasisFunctionSpec>> ladder_basis(const std::vector<std::vector<BasisFunctionSpec>>& full,
                                                         double ladder_step, int steps);

/// The initial B-basis for the input and its functions: radial c_nlk = δ_nk, function
/// coefficients 0, embeddings and bonds from the input (bond nradmax/lmax/nradbase the largest
/// the functions use), expanded into m-tuples and generalised Clebsch–Gordan coefficients like
/// read_b_basis does. `r_in_A` gives the inner cutoff per pair "A B" where the input has none
/// (from `repulsion: auto`, see repulsion_settings.hpp).
BBasisPotential initial_b_basis(const FitInput& input, const std::vector<std::vector<BasisFunctionSpec>>& functions,
                                const std::map<std::string, double>& r_in_A = {});

/// The same basis as B-basis `.yaml` text (pacemaker format), the text initial_b_basis parses.
std::string format_initial_b_basis(const FitInput& input, const std::vector<std::vector<BasisFunctionSpec>>& functions,
                                   const std::map<std::string, double>& r_in_A = {});

/// Position (0-based) of every function of `potential` for element μ in `enumerated` (−1 when absent).
std::vector<int> positions_in_enumeration(const BBasisPotential& potential, int mu,
                                          const std::vector<BasisFunctionSpec>& enumerated);

}  // namespace ionglass::ace
