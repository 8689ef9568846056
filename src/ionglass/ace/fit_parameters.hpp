#pragma once
// The flat parameter vector of an ACE fit and its mapping to a B-basis potential.
//
// A B-basis potential (b_basis.hpp) has two kinds of trainable numbers (pacemaker's
// `trainable_parameters`):
//   (a) basis-function coefficients c_{f,p}: one per element μ0, B-function f of μ0 (in the
//       order of BBasisPotential::functions[μ0]) and density p < ndensity(μ0);
//   (b) radial coefficients c_{nlk} of every present bond (μi, μj), R_nl = Σ_k c_nlk g_k(r),
//       in the order [n][l][k] of BBasisBond::radcoefficients.
// Every number has a fixed position in the *full* list: all function coefficients (elements in
// index order, functions in list order, densities innermost), then all radial coefficients
// (bonds μi-major, then μj; [n][l][k] innermost). The optimiser's vector x holds only the
// trainable subset, in the same relative order; frozen numbers keep the values of the potential
// passed to unpack().
#include <Eigen/Core>
#include <cstddef>
#include <string>
#include <vector>

#include "ionglass/ace/b_basis.hpp"

namespace ionglass::ace {

/// Which kinds of numbers the optimiser may change (pacemaker `trainable_parameters`).
enum class TrainableParameters {
  All,        ///< function and radial coefficients ("ALL")
  Functions,  ///< basis-function coefficients only ("func")
  Radial,     ///< radial coefficients c_nlk only ("radial")
};

/// Parses "ALL" / "all", "func" / "functions", "radial" (InputError(source, line) otherwise).
TrainableParameters parse_trainable_parameters(const std::string& text, const std::string& source, long line);

class FitParameterLayout {
 public:
  /// The layout of `shape` (its elements, functions, densities and bonds; the values are not
  /// kept). Throws InputError when a function's coefficient count differs from its element's
  /// ndensity or a bond's radcoefficients are not [nradmax][lmax+1][nradbase].
  explicit FitParameterLayout(const BBasisPotential& shape, TrainableParameters trainable = TrainableParameters::All);

  TrainableParameters trainable() const { return trainable_; }
  /// Length of the optimiser's vector x (trainable numbers only).
  std::size_t size() const { return size_; }
  /// Numbers of each kind in the full list (trainable or not).
  std::size_t function_coefficient_count() const { return function_count_; }
  std::size_t radial_coefficient_count() const { return radial_count_; }
  bool functions_trainable() const { return trainable_ != TrainableParameters::Radial; }
  bool radial_trainable() const { return trainable_ != TrainableParameters::Functions; }

  /// Full-list position of c_{f,p} of element `mu`, function `function`, density `density`.
  std::size_t function_coefficient_index(int mu, int function, int density) const;
  /// Full-list position of c_nlk (0-based n, l, k) of bond (mu_i, mu_j); the bond must be present.
  std::size_t radial_coefficient_index(int mu_i, int mu_j, int n, int l, int k) const;
  /// Position in x of the full-list number `full`, or −1 when it is frozen.
  std::ptrdiff_t trainable_index(std::size_t full) const;

  /// The trainable numbers of `potential` (which must have this layout's shape), as x.
  Eigen::VectorXd pack(const BBasisPotential& potential) const;
  /// Writes x into the trainable numbers of `potential` (same shape); frozen numbers are kept.
  /// Throws InputError when x has the wrong length or a non-finite entry.
  void unpack(const Eigen::VectorXd& x, BBasisPotential& potential) const;

  /// Human-readable name of full-list number `full`, e.g. "Fe function 12 (rank 3) density 0" or
  /// "Fe-Na radial n=1 l=2 k=3" (1-based n, k as in the .yaml), for logs and test messages.
  std::string describe(std::size_t full) const;

  /// The number of elements and, per element, of functions and densities (shape checks).
  std::size_t element_count() const { return function_offset_.size(); }

 private:
  void check_shape(const BBasisPotential& potential) const;

  TrainableParameters trainable_;
  std::size_t function_count_ = 0, radial_count_ = 0, size_ = 0;
  std::vector<std::string> elements_;
  /// Per element: first full index of its function coefficients; its ndensity; per function rank.
  std::vector<std::size_t> function_offset_;
  std::vector<int> ndensity_;
  std::vector<std::vector<int>> function_rank_;
  /// Per ordered pair μi·n + μj: first full index of its c_nlk (or npos when absent) and sizes.
  struct BondShape {
    std::size_t offset = static_cast<std::size_t>(-1);
    int nradmax = 0, lmax = 0, nradbase = 0;
  };
  std::vector<BondShape> bonds_;
};

}  // namespace ionglass::ace
