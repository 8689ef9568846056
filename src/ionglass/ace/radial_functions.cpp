#include "ionglass/ace/radial_functions.hpp"

#include <cmath>
#include <numbers>

namespace ionglass::ace {

namespace {

constexpr double pi = std::numbers::pi;

/// Chebyshev polynomials of the first kind T_0..T_n at x and their derivatives T_m' = m U_{m−1}.
void chebyshev(int n, double x, std::vector<double>& t, std::vector<double>& dt) {
  t.assign(n + 1, 0.0);
  dt.assign(n + 1, 0.0);
  std::vector<double> u(n + 1, 0.0);  // second kind
  t[0] = 1;
  u[0] = 1;
  if (n >= 1) {
    t[1] = x;
    u[1] = 2 * x;
  }
  for (int m = 1; m < n; ++m) {
    t[m + 1] = 2 * x * t[m] - t[m - 1];
    u[m + 1] = 2 * x * u[m] - u[m - 1];
  }
  for (int m = 1; m <= n; ++m) dt[m] = m * u[m - 1];
}

double sinc(double x) {
  return x == 0 ? 1.0 : std::sin(x) / x;
}
double sinc_derivative(double x) {
  return x == 0 ? 0.0 : (x * std::cos(x) - std::sin(x)) / (x * x);
}

/// Orthogonalised simplified Bessel basis (Kocer et al. 2019, Eqs. 8–10), for r < rc.
void simplified_bessel(int count, double rc, double r, double* g, double* dg) {
  const double norm = std::sqrt(2.0) * pi / std::pow(rc, 1.5);
  const auto f = [&](int n, double& value, double& derivative) {
    const double a = (n + 1) * pi / rc, b = (n + 2) * pi / rc;
    const double pre = (n % 2 == 0 ? 1.0 : -1.0) * norm * (n + 1) * (n + 2) /
                       std::sqrt(static_cast<double>((n + 1) * (n + 1) + (n + 2) * (n + 2)));
    value = pre * (sinc(a * r) + sinc(b * r));
    derivative = pre * (a * sinc_derivative(a * r) + b * sinc_derivative(b * r));
  };
  f(0, g[0], dg[0]);
  double d_prev = 1.0;
  for (int n = 1; n < count; ++n) {
    double fn, dfn;
    f(n, fn, dfn);
    const double e = static_cast<double>(n) * n * (n + 2) * (n + 2) / (4.0 * std::pow(n + 1, 4) + 1.0);
    const double d = 1.0 - e / d_prev;
    const double mix = std::sqrt(e / d_prev), scale = 1.0 / std::sqrt(d);
    g[n] = (fn + mix * g[n - 1]) * scale;
    dg[n] = (dfn + mix * dg[n - 1]) * scale;
    d_prev = d;
  }
}

void cheb_exp_cos(int count, double lambda, double rc, double dcut, double r, double* g, double* dg) {
  const double y1 = std::exp(-lambda * r / rc), y2 = std::exp(-lambda);
  const double x = 1.0 - 2.0 * ((y1 - y2) / (1 - y2));
  const double dx = 2 * (lambda / rc) * (y1 / (1 - y2));
  std::vector<double> t, dt;
  chebyshev(count - 1, x, t, dt);
  g[0] = t[0];
  dg[0] = dt[0] * dx;
  for (int n = 2; n <= count; ++n) {
    g[n - 1] = 0.5 - 0.5 * t[n - 1];
    dg[n - 1] = -0.5 * dt[n - 1] * dx;
  }
  const double env = 0.5 * (1.0 + std::cos(pi * r / rc));
  const double denv = -0.5 * std::sin(pi * r / rc) * pi / rc;
  for (int n = 0; n < count; ++n) {
    dg[n] = g[n] * denv + dg[n] * env;
    g[n] *= env;
  }
  // Extra cosine taper over [rc − dcut, rc].
  const double start = rc - dcut;
  if (r > start) {
    const double fc = 0.5 * (1.0 + std::cos(pi * (r - start) / dcut));
    const double dfc = -0.5 * std::sin(pi * (r - start) / dcut) * pi / dcut;
    for (int n = 0; n < count; ++n) {
      dg[n] = g[n] * dfc + dg[n] * fc;
      g[n] *= fc;
    }
  }
}

void cheb_pow(int count, double lambda, double rc, double r, double* g, double* dg) {
  double dy = std::pow(1.0 - r / rc, lambda - 1.0);
  const double y = dy * (1.0 - r / rc);
  dy = -lambda / rc * dy;
  const double x = 2.0 * (1.0 - y) - 1.0;
  const double dx = -2.0 * dy;
  std::vector<double> t, dt;
  chebyshev(count, x, t, dt);
  for (int n = 1; n <= count; ++n) {
    g[n - 1] = 0.5 - 0.5 * t[n];
    dg[n - 1] = -0.5 * dt[n] * dx;
  }
}

void cheb_linear(int count, double rc, double r, double* g, double* dg) {
  const double x = 1.0 - r / rc, dx = -1.0 / rc;
  std::vector<double> t, dt;
  chebyshev(count, x, t, dt);
  for (int n = 1; n <= count; ++n) {
    g[n - 1] = 0.5 - 0.5 * t[n];
    dg[n - 1] = -0.5 * dt[n] * dx;
  }
}

/// ZBL screened Coulomb E(r) = φ(r/a)/r with its first two derivatives (Ziegler, Biersack,
/// Littmark, "The Stopping and Range of Ions in Solids" (1985)).
void zbl_screened(double r, double a, double& e, double& de, double& d2e) {
  static constexpr double c[4] = {0.18175, 0.50986, 0.28022, 0.02817};
  static constexpr double b[4] = {-3.19980, -0.94229, -0.40290, -0.20162};
  double phi = 0, dphi = 0, d2phi = 0;
  for (int k = 0; k < 4; ++k) {
    const double ex = std::exp(b[k] * r / a);
    phi += c[k] * ex;
    dphi += c[k] * b[k] * ex / a;
    d2phi += c[k] * b[k] * b[k] * ex / (a * a);
  }
  e = phi / r;
  de = -phi / (r * r) + dphi / r;
  d2e = 2 * phi / (r * r * r) - 2 * dphi / (r * r) + d2phi / r;
}

}  // namespace

void cutoff_polynomial(double r, double r_in, double delta, double& value, double& derivative) {
  if (r <= r_in - delta) {
    value = 1;
    derivative = 0;
  } else if (r >= r_in) {
    value = 0;
    derivative = 0;
  } else {
    const double x = 1 - 2 * (1 + (r - r_in) / delta);
    const double x2 = x * x;
    value = 0.5 + 7.5 / 2. * (x / 4. - x2 * x / 6. + x2 * x2 * x / 20.);
    derivative = -7.5 / delta * (0.25 - x2 / 2.0 + x2 * x2 / 4.);
  }
}

void radial_basis(const AceBond& bond, double r, double* g, double* dg) {
  const int count = bond.nradbasemax;
  double cut_in = bond.rcut_in;
  const double dcut_in = bond.dcut_in;
  // The reference sets the basis inner cut to (dcut_in == 0) for "zbl": no inner cut of g.
  if (bond.inner_cutoff_type == "zbl") cut_in = dcut_in == 0 ? 1.0 : 0.0;
  if (r >= bond.rcut || r <= cut_in - dcut_in) {
    for (int k = 0; k < count; ++k) g[k] = dg[k] = 0;
    return;
  }
  if (bond.radbasename == "SBessel")
    simplified_bessel(count, bond.rcut, r, g, dg);
  else if (bond.radbasename == "ChebExpCos")
    cheb_exp_cos(count, bond.lambda(), bond.rcut, bond.dcut, r, g, dg);
  else if (bond.radbasename == "ChebPow")
    cheb_pow(count, bond.lambda(), bond.rcut, r, g, dg);
  else
    cheb_linear(count, bond.rcut, r, g, dg);
  if (bond.inner_cutoff_type == "distance" || bond.inner_cutoff_type == "zbl") {
    double f, df;
    cutoff_polynomial(r, cut_in, dcut_in, f, df);
    for (int k = 0; k < count; ++k) {
      dg[k] = dg[k] * (1 - f) - g[k] * df;
      g[k] *= (1 - f);
    }
  }
}

void core_repulsion(const AceBond& bond, int z_i, int z_j, double r, double& cr, double& dcr) {
  cr = dcr = 0;
  if (bond.inner_cutoff_type == "zbl") {
    if (r >= bond.rcut) return;
    // ZBL with the LAMMPS pair_zbl switching S(r) over [rcut − dcut, rcut] that makes E + S vanish
    // with two derivatives at rcut, times the quintic switch over the same interval.
    const double cut_out = bond.rcut, cut_in = bond.rcut - bond.dcut, width = bond.dcut;
    const double a = 0.46850 / (std::pow(z_i, 0.23) + std::pow(z_j, 0.23));
    double e, de, d2e, ec, dec, d2ec;
    zbl_screened(r, a, e, de, d2e);
    zbl_screened(cut_out, a, ec, dec, d2ec);
    const double sa = (-3 * dec + width * d2ec) / (width * width);
    const double sb = (2 * dec - width * d2ec) / (width * width * width);
    const double sc = -ec + 0.5 * width * dec - width * width / 12.0 * d2ec;
    double s = sc, ds = 0;
    if (r > cut_in) {
      const double t = r - cut_in;
      s = sa / 3 * t * t * t + sb / 4 * t * t * t * t + sc;
      ds = sa * t * t + sb * t * t * t;
    }
    double fc, dfc;
    cutoff_polynomial(r, cut_out, width, fc, dfc);
    const double pre = bond.prehc * zbl_coulomb_constant / 2 * z_i * z_j;
    cr = pre * (e + s) * fc;
    dcr = pre * ((de + ds) * fc + (e + s) * dfc);
    return;
  }
  // Gaussian-screened core repulsion with a cosine envelope to rcut.
  const double pre = std::abs(bond.prehc), lambda = std::abs(bond.lambdahc);
  const double lr2 = lambda * r * r;
  if (lr2 >= 50.0 || r >= bond.rcut) return;
  const double y = std::exp(-lr2);
  cr = pre * y / r;
  dcr = -pre * y * (2.0 * lr2 + 1.0) / (r * r);
  const double env = 0.5 * (1.0 + std::cos(pi * r / bond.rcut));
  const double denv = -0.5 * std::sin(pi * r / bond.rcut) * pi / bond.rcut;
  dcr = cr * denv + dcr * env;
  cr *= env;
  if (bond.inner_cutoff_type == "distance") {
    double f, df;
    cutoff_polynomial(r, bond.rcut_in, bond.dcut_in, f, df);
    dcr = dcr * f + cr * df;
    cr *= f;
  }
}

void embedding_function(bool shifted_scaled, double rho, double m, double& value, double& derivative) {
  double second_derivative;
  embedding_function(shifted_scaled, rho, m, value, derivative, second_derivative);
}

void embedding_function(bool shifted_scaled, double rho, double m, double& value, double& derivative,
                        double& second_derivative) {
  if (shifted_scaled) {
    if (std::abs(m - 1.0) < 1e-10) {
      value = rho;
      derivative = 1;
      second_derivative = 0;
      return;
    }
    const double a = std::abs(rho), e = std::exp(-a), nu = 1.0 / m;
    const double x_off = std::pow(nu, nu / (1.0 - nu)) * e;
    const double y_off = std::pow(nu, 1.0 / (1.0 - nu)) * e;
    const double sign = std::signbit(rho) ? -1.0 : 1.0;
    value = sign * (std::pow(x_off + a, m) - y_off);
    derivative = y_off + m * (1.0 - x_off) * std::pow(x_off + a, m - 1.0);
    // d/d|ρ| of the derivative (x_off' = −x_off, y_off' = −y_off); Φ'' = sign · that.
    second_derivative = sign * (-y_off + m * x_off * std::pow(x_off + a, m - 1.0) +
                                m * (m - 1.0) * (1.0 - x_off) * (1.0 - x_off) * std::pow(x_off + a, m - 2.0));
    return;
  }
  // "FinnisSinclair" (C++ form): sign(ρ)[(1 − g)|ρ|^m + λ g |ρ|], g = exp(−(w|ρ|)³), w = 10⁶,
  // λ = w^(1−m): linear near 0 so that Φ' stays finite.
  const double w = 1.e6, lambda = std::pow(1.0 / w, m - 1.0);
  if (std::abs(rho) <= 1e-10) {
    value = lambda * rho;
    derivative = lambda;
    second_derivative = 0;
    return;
  }
  const double a = std::abs(rho), am = std::pow(a, m), w3 = std::pow(w * a, 3);
  const double g = w3 > 30.0 ? 0.0 : std::exp(-w3);
  const double sign = std::signbit(rho) ? -1.0 : 1.0;
  value = sign * ((1.0 - g) * am + lambda * g * a);
  const double dg = -3.0 * w * w * w * a * a * g;
  derivative = m * std::pow(a, m - 1.0) * (1.0 - g) - am * dg + lambda * dg * a + lambda * g;
  const double d2g = g * (-6.0 * w * w * w * a + 9.0 * std::pow(w, 6) * std::pow(a, 4));
  second_derivative = sign * (m * (m - 1.0) * std::pow(a, m - 2.0) * (1.0 - g) - 2.0 * m * std::pow(a, m - 1.0) * dg -
                              am * d2g + lambda * d2g * a + 2.0 * lambda * dg);
}

}  // namespace ionglass::ace
