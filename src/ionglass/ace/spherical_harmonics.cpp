#include "ionglass/ace/spherical_harmonics.hpp"

#include <cmath>

namespace ionglass::ace {

void SphericalHarmonics::set_lmax(int lmax) {
  lmax_ = lmax;
  a_.assign(half_count(std::max(lmax, 0)), 0.0);
  b_.assign(half_count(std::max(lmax, 0)), 0.0);
  for (int l = 2; l <= lmax; ++l)
    for (int m = 0; m < l - 1; ++m) {
      const double l2 = static_cast<double>(l) * l, m2 = static_cast<double>(m) * m;
      const double lm1 = l - 1.0;
      a_[half_index(l, m)] = std::sqrt((4 * l2 - 1) / (l2 - m2));
      b_[half_index(l, m)] = -std::sqrt((lm1 * lm1 - m2) / (4 * lm1 * lm1 - 1));
    }
}

void SphericalHarmonics::evaluate(int lmax, double x, double y, double z, Complex* values, Complex* gradient) const {
  // Normalised associated Legendre functions P̄_lm(z) and their z-derivatives.
  constexpr int max_l = 16;
  double p[half_count(max_l)], dp[half_count(max_l)];
  p[0] = 1;
  dp[0] = 0;
  if (lmax >= 1) {
    p[half_index(1, 0)] = std::sqrt(3.0) * z;
    dp[half_index(1, 0)] = std::sqrt(3.0);
    p[half_index(1, 1)] = -std::sqrt(1.5);
    dp[half_index(1, 1)] = 0;
  }
  for (int l = 2; l <= lmax; ++l) {
    for (int m = 0; m < l - 1; ++m) {
      const int i = half_index(l, m), i1 = half_index(l - 1, m), i2 = half_index(l - 2, m);
      p[i] = a_[i] * (z * p[i1] + b_[i] * p[i2]);
      dp[i] = a_[i] * (p[i1] + z * dp[i1] + b_[i] * dp[i2]);
    }
    const double s = std::sqrt(2.0 * l + 1.0);
    const int prev = half_index(l - 1, l - 1);
    p[half_index(l, l - 1)] = s * z * p[prev];
    dp[half_index(l, l - 1)] = s * p[prev];  // P̄_{l−1,l−1} is constant
    p[half_index(l, l)] = -std::sqrt(1.0 + 0.5 / l) * p[prev];
    dp[half_index(l, l)] = 0;
  }
  // Phases (x + i y)^m.
  Complex phase[max_l + 1];
  phase[0] = {1, 0};
  for (int m = 1; m <= lmax; ++m) phase[m] = phase[m - 1] * Complex{x, y};
  for (int l = 0; l <= lmax; ++l)
    for (int m = 0; m <= l; ++m) {
      const int i = half_index(l, m);
      values[i] = phase[m] * p[i];
      if (!gradient) continue;
      // Cartesian derivatives of (x+iy)^m P̄(z), then the radial component projected out.
      Complex gx{0, 0}, gy{0, 0};
      if (m > 0) {
        gx = phase[m - 1] * (m * p[i]);
        gy = Complex{-gx.im, gx.re};  // i·gx
      }
      const Complex gz = phase[m] * dp[i];
      const Complex radial{x * gx.re + y * gy.re + z * gz.re, x * gx.im + y * gy.im + z * gz.im};
      gradient[3 * i + 0] = {gx.re - radial.re * x, gx.im - radial.im * x};
      gradient[3 * i + 1] = {gy.re - radial.re * y, gy.im - radial.im * y};
      gradient[3 * i + 2] = {gz.re - radial.re * z, gz.im - radial.im * z};
    }
}

}  // namespace ionglass::ace
