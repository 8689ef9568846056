#pragma once
// Complex spherical harmonics in the ACE normalisation (Y_00 = 1, i.e. √(4π) times the
// orthonormal ones, Condon–Shortley phase), evaluated from a unit vector for m ≥ 0 as
//   Y_lm = (x + i y)^m · P̄_lm(z)
// with the normalised associated Legendre recursion (ace-evaluation.md §1.4):
//   P̄_00 = 1, P̄_10 = √3 z, P̄_11 = −√(3/2),
//   P̄_lm = a_lm (z P̄_{l−1,m} + b_lm P̄_{l−2,m})  (m < l − 1),
//   P̄_{l,l−1} = √(2l+1) z P̄_{l−1,l−1},   P̄_ll = −√(1 + 1/(2l)) P̄_{l−1,l−1},
//   a_lm = √((4l²−1)/(l²−m²)),  b_lm = −√(((l−1)²−m²)/(4(l−1)²−1)).
// Negative m follow from Y_{l,−m} = (−1)^m conj(Y_lm). The gradient returned is tangential
// (with respect to the unit vector, radial part projected out): ∇_r Y(r̂) = gradient / |r|.
#include <vector>

namespace ionglass::ace {

/// Minimal complex number (plain arithmetic, vectorises; std::complex multiplication carries
/// NaN-recovery branches).
struct Complex {
  double re = 0, im = 0;
};
inline Complex operator*(Complex a, Complex b) { return {a.re * b.re - a.im * b.im, a.re * b.im + a.im * b.re}; }
inline Complex operator*(Complex a, double s) { return {a.re * s, a.im * s}; }
inline Complex operator+(Complex a, Complex b) { return {a.re + b.re, a.im + b.im}; }
inline Complex conj(Complex a) { return {a.re, -a.im}; }

/// Index of (l, m ≥ 0) in the half arrays: l(l+1)/2 + m.
inline int half_index(int l, int m) { return l * (l + 1) / 2 + m; }
inline int half_count(int lmax) { return (lmax + 1) * (lmax + 2) / 2; }

class SphericalHarmonics {
public:
  explicit SphericalHarmonics(int lmax = 0) { set_lmax(lmax); }
  void set_lmax(int lmax);
  int lmax() const { return lmax_; }

  /// Y_lm (m ≥ 0) for l ≤ lmax into y[half_index(l, m)], and, when `gradient` is not null, the
  /// tangential gradient into gradient[3·half_index(l, m) + α]. (x, y, z) must be a unit vector.
  void evaluate(int lmax, double x, double y, double z, Complex* values, Complex* gradient) const;

private:
  int lmax_ = -1;
  std::vector<double> a_, b_;  ///< recursion coefficients per half index
};

}  // namespace ionglass::ace
