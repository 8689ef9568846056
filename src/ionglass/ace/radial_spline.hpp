#pragma once
// Cubic Hermite tabulation of all radial functions of one ordered species pair, reproducing the
// reference implementation's tabulation (ML-PACE SplineInterpolator) node for node:
//   nlut = ⌊rcut_max / Δbin⌋, scale = nlut / rcut_max, nodes r_n = n / scale for n = 1..nlut;
//   segment n ∈ [r_n, r_{n+1}) is the cubic Hermite through the analytic values and analytic
//   derivatives (times the node spacing) at both ends; beyond the last node everything is 0.
// Evaluating the same spline as the reference (rather than the analytic functions) is what makes
// energies agree to ~1e−12 eV instead of the spline error.
//
// One table holds, per node, the coefficients of every function of the pair, laid out
// [c0 of all functions][c1 …][c2 …][c3 …] so that evaluating all functions at one distance is
// a contiguous, vectorisable sweep. Function order: g_0..g_{K−1} (radial basis, K = nradbasemax),
// then the core-repulsion term. The radial functions R_nl = Σ_k c_nlk g_k are linear in g, so
// the evaluator forms them from the splined g_k (the spline of a linear combination is the
// linear combination of the splines): this halves the table, whose random access per neighbour
// is the evaluator's main memory cost.
#include <cmath>
#include <vector>

#include "ionglass/ace/ctilde_basis.hpp"

namespace ionglass::ace {

class RadialSplineTable {
 public:
  /// Tabulates the functions of `bond` between elements with atomic numbers z_i, z_j over
  /// (0, cutoff_max] with bin width `delta_spline_bins`.
  void build(const AceBond& bond, int z_i, int z_j, double delta_spline_bins, double cutoff_max);

  int radial_basis_count() const { return nradbase_; }
  int function_count() const { return nfunc_; }
  /// Position of the core-repulsion term in the value arrays (after the g_k).
  int core_offset() const { return nradbase_; }
  /// The smallest distance the table can evaluate (the first node, Å).
  double first_node() const { return 1.0 / scale_; }
  int node_count() const { return nlut_; }

  /// Values and derivatives (d/dr) of all functions at r (arrays of function_count()).
  /// Returns false (and leaves the arrays untouched) when r is below the first node.
  bool evaluate(double r, double* value, double* derivative) const {
    const double x = r * scale_;
    const double fl = std::floor(x);
    if (!(fl >= 1.0)) return false;  // also rejects NaN
    if (fl >= nlut_) {
      for (int f = 0; f < nfunc_; ++f) value[f] = derivative[f] = 0;
      return true;
    }
    const int nl = static_cast<int>(fl);
    const double w = x - fl, w2 = w * w, w3 = w2 * w, w2l1 = 2.0 * w, w3l2 = 3.0 * w2;
    const double* c = coefficients_.data() + offset_ + static_cast<std::size_t>(nl) * stride_;
    const double* c0 = c;
    const double* c1 = c + padded_;
    const double* c2 = c + 2 * padded_;
    const double* c3 = c + 3 * padded_;
    const double scale = scale_;
#pragma omp simd
    for (int f = 0; f < nfunc_; ++f) {
      value[f] = c0[f] + c1[f] * w + c2[f] * w2 + c3[f] * w3;
      derivative[f] = (c1[f] + c2[f] * w2l1 + c3[f] * w3l2) * scale;
    }
    return true;
  }

  /// The coefficient row (row_bytes() bytes, 64-byte aligned) that evaluate(r) reads, or null
  /// when r is outside the table; for prefetching by the caller.
  const double* row(double r) const {
    const double x = r * scale_;
    if (!(x >= 1.0) || x >= nlut_) return nullptr;
    return coefficients_.data() + offset_ + static_cast<std::size_t>(x) * stride_;
  }
  int row_bytes() const {
    return stride_ * static_cast<int>(sizeof(double));
  }

  /// Prefetches the row that evaluate(r) will read into the caches (the tables are larger than
  /// the caches and this gather is the main memory cost of the evaluator and the fit loss).
  void prefetch(double r) const {
    if (const char* p = reinterpret_cast<const char*>(row(r)))
      for (int b = 0; b < row_bytes(); b += 64) {
#if defined(__x86_64__)
        // GCC 12 dropped __builtin_prefetch here (measured: no prefetch in the object code).
        asm volatile("prefetcht0 %0" : : "m"(*(p + b)));
#else
        __builtin_prefetch(p + b, 0, 3);
#endif
      }
  }

 private:
  int nradbase_ = 0, nfunc_ = 0;
  int padded_ = 0, stride_ = 0;  ///< stride_ is a multiple of 8 doubles: rows are cache-line aligned
  std::size_t offset_ = 0;       ///< first element of the 64-byte aligned rows
  int nlut_ = 0;
  double scale_ = 1;
  std::vector<double> coefficients_;  ///< (nlut+1) nodes × 4 × padded (+ alignment slack)
};

}  // namespace ionglass::ace
