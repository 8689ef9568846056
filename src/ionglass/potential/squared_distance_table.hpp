#pragma once
// A smooth radial function f(r) tabulated on a uniform grid in s = r² and interpolated by cubic
// Hermite polynomials that use the exact values and derivatives at the knots. The lookup needs no
// square root, exponential or error function, which is what makes tabulated pair loops fast; the
// interpolation error is O(Δs⁴) (about 1e−9 relative for the default spacing and the smooth
// functions tabulated here). The energy and the force come from the same cubic, so forces are the
// exact derivatives of the interpolated energy.
#include <functional>
#include <vector>

namespace ionglass {

class SquaredDistanceTable {
public:
  SquaredDistanceTable() = default;
  /// Tabulates `function(r, value, dvalue_dr)` for r² from s_min with exactly `spacing` (Å²)
  /// between knots, up to the first knot at or beyond s_max (tables with the same s_min and spacing
  /// share their knot positions, so a pair loop can compute the interpolation weights once).
  SquaredDistanceTable(const std::function<void(double, double&, double&)>& function, double s_min, double s_max,
                       double spacing);
  bool empty() const { return knots_.empty(); }
  /// Knots as interleaved (value, spacing·slope) pairs, for fused loops.
  const double* data() const { return knots_.empty() ? nullptr : &knots_[0].value; }
  double inverse_spacing() const { return inverse_spacing_; }
  double s_min() const { return s_min_; }
  double s_max() const { return s_max_; }
  /// Value f and 2·df/ds = (df/dr)/r at s = r² within [s_min, s_max].
  void evaluate(double s, double& value, double& derivative_over_r) const {
    double x = (s - s_min_) * inverse_spacing_;
    int k = static_cast<int>(x);
    if (k >= intervals_) k = intervals_ - 1;
    const double t = x - k;
    const Knot& a = knots_[k];
    const Knot& b = knots_[k + 1];
    // Hermite basis on t ∈ [0, 1] with slopes already multiplied by the spacing.
    const double t2 = t * t, t3 = t2 * t;
    const double h00 = 2 * t3 - 3 * t2 + 1, h10 = t3 - 2 * t2 + t, h01 = -2 * t3 + 3 * t2, h11 = t3 - t2;
    value = h00 * a.value + h10 * a.slope + h01 * b.value + h11 * b.slope;
    const double d00 = 6 * t2 - 6 * t, d10 = 3 * t2 - 4 * t + 1, d01 = -6 * t2 + 6 * t, d11 = 3 * t2 - 2 * t;
    derivative_over_r = 2.0 * inverse_spacing_ * (d00 * a.value + d10 * a.slope + d01 * b.value + d11 * b.slope);
  }

private:
  struct Knot {
    double value;  // f(s_k)
    double slope;  // Δs · df/ds (s_k)
  };
  std::vector<Knot> knots_;
  double s_min_ = 0, s_max_ = 0, inverse_spacing_ = 0;
  int intervals_ = 0;
};

}  // namespace ionglass
