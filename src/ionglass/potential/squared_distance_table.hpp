#pragma once
// A smooth radial function f(r) tabulated on a grid in s = r² and interpolated by cubic Hermite
// polynomials that use the exact values and derivatives at the knots. The lookup needs no square
// root, exponential or error function, which is what makes tabulated pair loops fast; the energy
// and the force come from the same cubic, so forces are the exact derivatives of the interpolated
// energy. The interpolation error is O(Δs⁴).
//
// The grid has two uniform segments: a fine one (spacing Δ) from s_min up to (3 Å)², where the
// short-range repulsions are steep, and a coarse one (spacing 8Δ) beyond, where every function
// tabulated here is smooth. This keeps the tables small enough to stay in the L2 cache. Tables
// built with the same s_min and Δ share their knots, so a pair loop can compute the Hermite
// weights once per pair (GridPoint) and apply them to several tables.
#include <functional>
#include <vector>

#include "ionglass/core/aligned_vector.hpp"

namespace ionglass {

class SquaredDistanceTable {
 public:
  /// Where s falls on the grid: interval index, Hermite weights, and the interval's spacing.
  struct GridPoint {
    int index;
    double spacing;             // Δs of this interval
    double h00, h10, h01, h11;  // value weights (h10, h11 already multiplied by Δs)
    double d00, d10, d01, d11;  // weights of 2·df/ds (include 2/Δs and Δs as needed)
  };

  SquaredDistanceTable() = default;
  /// Tabulates `function(r, value, dvalue_dr)` for r² from s_min to at least s_max with fine
  /// spacing `spacing` (Å²).
  SquaredDistanceTable(const std::function<void(double, double&, double&)>& function, double s_min, double s_max,
                       double spacing);
  bool empty() const { return knots_.empty(); }
  double s_min() const { return s_min_; }
  double s_max() const { return s_max_; }

  /// The grid point of s (s_min ≤ s ≤ s_max); valid for every table with the same s_min and spacing.
  GridPoint locate(double s) const {
    GridPoint g;
    double x;
    if (s < s_break_) {
      x = (s - s_min_) * inverse_fine_;
      g.spacing = fine_;
    } else {
      x = fine_intervals_ + (s - s_break_) * inverse_coarse_;
      g.spacing = coarse_;
    }
    int k = static_cast<int>(x);
    if (k >= intervals_) k = intervals_ - 1;
    const double t = x - k, t2 = t * t, t3 = t2 * t;
    g.index = k;
    g.h00 = 2 * t3 - 3 * t2 + 1;
    g.h10 = (t3 - 2 * t2 + t) * g.spacing;
    g.h01 = -2 * t3 + 3 * t2;
    g.h11 = (t3 - t2) * g.spacing;
    const double two_over = 2.0 / g.spacing;
    g.d00 = (6 * t2 - 6 * t) * two_over;
    g.d10 = (3 * t2 - 4 * t + 1) * 2.0;
    g.d01 = -g.d00;
    g.d11 = (3 * t2 - 2 * t) * 2.0;
    return g;
  }
  /// Value f and 2·df/ds = (df/dr)/r at a grid point.
  void evaluate(const GridPoint& g, double& value, double& derivative_over_r) const {
    const double* k = knots_.data() + 4 * g.index;  // value, slope at both ends of interval g.index
    value = g.h00 * k[0] + g.h10 * k[1] + g.h01 * k[2] + g.h11 * k[3];
    derivative_over_r = g.d00 * k[0] + g.d10 * k[1] + g.d01 * k[2] + g.d11 * k[3];
  }
  void evaluate(double s, double& value, double& derivative_over_r) const {
    evaluate(locate(s), value, derivative_over_r);
  }

  // Raw access for hand-written pair loops: interval k is the 32-byte record
  // (f(s_k), df/ds(s_k), f(s_k+1), df/ds(s_k+1)) at knot_data() + 4k, 64-byte aligned storage.
  const double* knot_data() const { return knots_.data(); }
  int intervals() const { return intervals_; }
  int fine_intervals() const { return fine_intervals_; }
  double fine_spacing() const { return fine_; }
  double coarse_spacing() const { return coarse_; }
  double s_break() const { return s_break_; }

 private:
  AlignedVector<double> knots_;  // per interval k: f(s_k), df/ds(s_k), f(s_k+1), df/ds(s_k+1)
  double s_min_ = 0, s_max_ = 0, s_break_ = 0;
  double fine_ = 0, coarse_ = 0, inverse_fine_ = 0, inverse_coarse_ = 0;
  int fine_intervals_ = 0, intervals_ = 0;
};

}  // namespace ionglass
