#include "ionglass/ace/projections.hpp"

#include <cmath>
#include <numbers>
#include <string>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

namespace {

// Inner-cutoff polynomial (ML-PACE cutoff_func_poly): 1 below r_in − δ, 0 above r_in.
void cutoff_poly(double r, double r_in, double delta, double& f, double& df) {
  if (r <= r_in - delta) {
    f = 1;
    df = 0;
  } else if (r >= r_in) {
    f = 0;
    df = 0;
  } else {
    const double x = 1 - 2 * (1 + (r - r_in) / delta);
    f = 0.5 + 7.5 / 2. * (x / 4. - x * x * x / 6. + x * x * x * x * x / 20.);
    df = -7.5 / delta * (0.25 - x * x / 2.0 + x * x * x * x / 4.);
  }
}

// sinc(x) = sin x / x and its derivative.
void sinc(double x, double& s, double& ds) {
  if (std::abs(x) < 1e-8) {
    s = 1 - x * x / 6;
    ds = -x / 3;
    return;
  }
  const double sx = std::sin(x), cx = std::cos(x);
  s = sx / x;
  ds = (x * cx - sx) / (x * x);
}

// Simplified (orthogonalised) spherical Bessel basis, Kocer et al., JCP 150, 154102 (2019).
void simplified_bessel(int nmax, double rc, double r, double* g, double* dg) {
  for (int n = 0; n < nmax; ++n) g[n] = dg[n] = 0;
  if (r >= rc) return;
  const double pi = std::numbers::pi;
  double d_prev = 1, g_prev = 0, dg_prev = 0;
  for (int n = 0; n < nmax; ++n) {
    const double a = (n + 1) * pi / rc, b = (n + 2) * pi / rc;
    double sa, dsa, sb, dsb;
    sinc(a * r, sa, dsa);
    sinc(b * r, sb, dsb);
    const double pref = (n % 2 == 0 ? 1.0 : -1.0) * std::sqrt(2.0) * pi / std::pow(rc, 1.5) * (n + 1) * (n + 2) /
                        std::sqrt(double((n + 1) * (n + 1) + (n + 2) * (n + 2)));
    const double f = pref * (sa + sb);
    const double df = pref * (a * dsa + b * dsb);
    if (n == 0) {
      g[0] = f;
      dg[0] = df;
      d_prev = 1;
    } else {
      const double e = double(n) * n * (n + 2) * (n + 2) / (4.0 * std::pow(n + 1, 4) + 1.0);
      const double d = 1 - e / d_prev;
      const double s = std::sqrt(e / d_prev);
      g[n] = (f + s * g_prev) / std::sqrt(d);
      dg[n] = (df + s * dg_prev) / std::sqrt(d);
      d_prev = d;
    }
    g_prev = g[n];
    dg_prev = dg[n];
  }
}

}  // namespace

namespace {

// Y_lm into Y (size ≥ (lmax+1)²) with P a scratch array of the same size.
void spherical_harmonics_into(int lmax, double x, double y, double z, std::complex<double>* Y, double* P) {
  auto at = [](int l, int m) { return l * (l + 1) + m; };
  P[at(0, 0)] = 1;
  if (lmax >= 1) {
    P[at(1, 0)] = std::sqrt(3.0) * z;
    P[at(1, 1)] = -std::sqrt(1.5);
  }
  for (int l = 2; l <= lmax; ++l) {
    for (int m = 0; m < l - 1; ++m) {
      const double a = std::sqrt((4.0 * l * l - 1.0) / (double(l) * l - double(m) * m));
      const double b = -std::sqrt((double(l - 1) * (l - 1) - double(m) * m) / (4.0 * (l - 1) * (l - 1) - 1.0));
      P[at(l, m)] = a * (z * P[at(l - 1, m)] + b * P[at(l - 2, m)]);
    }
    P[at(l, l - 1)] = std::sqrt(2.0 * l + 1.0) * z * P[at(l - 1, l - 1)];
    P[at(l, l)] = -std::sqrt(1.0 + 0.5 / l) * P[at(l - 1, l - 1)];
  }
  const std::complex<double> xy(x, y);
  std::complex<double> power(1, 0);
  for (int m = 0; m <= lmax; ++m) {
    for (int l = m; l <= lmax; ++l) {
      const std::complex<double> value = power * P[at(l, m)];
      Y[at(l, m)] = value;
      if (m > 0) Y[at(l, -m)] = (m % 2 == 0 ? 1.0 : -1.0) * std::conj(value);
    }
    power *= xy;
  }
}

}  // namespace

void spherical_harmonics(int lmax, double x, double y, double z, std::vector<std::complex<double>>& Y) {
  const std::size_t size = static_cast<std::size_t>((lmax + 1) * (lmax + 1));
  Y.assign(size, {0, 0});
  std::vector<double> P(size, 0.0);
  spherical_harmonics_into(lmax, x, y, z, Y.data(), P.data());
}

BProjector::BProjector(const BBasisPotential& potential) : potential_(potential) {
  nelements_ = static_cast<int>(potential_.elements.size());
  nradbase_ = potential_.nradbase();
  nradmax_ = potential_.nradmax();
  lmax_ = potential_.lmax();
  cutoff_ = potential_.cutoff_max();
  tables_.resize(static_cast<std::size_t>(nelements_) * nelements_);
  std::vector<double> g, dg, values, derivatives;
  for (int i = 0; i < nelements_; ++i)
    for (int j = 0; j < nelements_; ++j) {
      PairTable& t = tables_[i * nelements_ + j];
      if (!potential_.bond_present[i][j]) continue;
      const BBasisBond& bond = potential_.bonds[i][j];
      if (bond.radbase != "SBessel")
        throw InputError(potential_.source, 0,
                         "radial basis '" + bond.radbase + "' of bond " + potential_.elements[i] + "-" +
                             potential_.elements[j] + " is not supported for projections (only SBessel)");
      t.nradbase = bond.nradbase;
      t.nradmax = bond.nradmax;
      t.lmax = bond.lmax;
      t.nfunctions = t.nradbase + t.nradmax * (t.lmax + 1);
      t.rcut = bond.rcut;
      t.nlut = static_cast<int>(std::floor(bond.rcut / potential_.delta_spline_bins));
      t.delta = bond.rcut / t.nlut;
      // node values and derivatives, then Hermite coefficients per segment
      const int nf = t.nfunctions;
      std::vector<double> node_values(static_cast<std::size_t>(t.nlut + 1) * nf, 0.0);
      std::vector<double> node_derivs(node_values.size(), 0.0);
      for (int node = 1; node <= t.nlut; ++node) {
        const double r = node * t.delta;
        radial_base_analytic(i, j, r, g, dg);
        double* v = &node_values[static_cast<std::size_t>(node) * nf];
        double* d = &node_derivs[static_cast<std::size_t>(node) * nf];
        for (int k = 0; k < t.nradbase; ++k) {
          v[k] = g[k];
          d[k] = dg[k];
        }
        for (int n = 0; n < t.nradmax; ++n)
          for (int l = 0; l <= t.lmax; ++l) {
            double R = 0, dR = 0;
            for (int k = 0; k < t.nradbase; ++k) {
              R += bond.radcoefficients[n][l][k] * g[k];
              dR += bond.radcoefficients[n][l][k] * dg[k];
            }
            v[t.nradbase + n * (t.lmax + 1) + l] = R;
            d[t.nradbase + n * (t.lmax + 1) + l] = dR;
          }
      }
      t.coefficients.assign(static_cast<std::size_t>(t.nlut + 1) * nf * 4, 0.0);
      for (int node = 1; node < t.nlut; ++node)
        for (int f = 0; f < nf; ++f) {
          const double f0 = node_values[static_cast<std::size_t>(node) * nf + f];
          const double f1 = node_values[static_cast<std::size_t>(node + 1) * nf + f];
          const double d0 = node_derivs[static_cast<std::size_t>(node) * nf + f] * t.delta;
          const double d1 = node_derivs[static_cast<std::size_t>(node + 1) * nf + f] * t.delta;
          double* c = &t.coefficients[(static_cast<std::size_t>(node) * nf + f) * 4];
          c[0] = f0;
          c[1] = d0;
          c[2] = 3 * (f1 - f0) - d1 - 2 * d0;
          c[3] = -2 * (f1 - f0) + d1 + d0;
        }
    }

  // Flatten the functions: per comb, indices into A¹ (rank 1) or A (rank > 1).
  flat_.resize(nelements_);
  for (int mu = 0; mu < nelements_; ++mu) {
    ElementFunctions& ef = flat_[mu];
    for (const auto& f : potential_.functions[mu]) {
      FlatFunction ff;
      ff.rank = f.rank;
      ff.comb_begin = ef.comb_cg.size();
      ff.index_begin = ef.comb_index.size();
      for (std::size_t c = 0; c < f.num_ms_combs(); ++c) {
        ef.comb_cg.push_back(f.gen_cgs[c]);
        for (int t = 0; t < f.rank; ++t) {
          const int m = f.ms_combs[c * f.rank + t];
          ef.comb_index.push_back(f.rank == 1 ? a1_index(f.mus[t], f.ns[t] - 1)
                                              : a_index(f.mus[t], f.ns[t] - 1, f.ls[t], m));
        }
      }
      ff.comb_end = ef.comb_cg.size();
      ef.functions.push_back(ff);
    }
  }
}

void BProjector::radial_base_analytic(int mu_i, int mu_j, double r, std::vector<double>& g,
                                      std::vector<double>& dg) const {
  const BBasisBond& bond = potential_.bonds[mu_i][mu_j];
  g.assign(bond.nradbase, 0.0);
  dg.assign(bond.nradbase, 0.0);
  simplified_bessel(bond.nradbase, bond.rcut, r, g.data(), dg.data());
  if (bond.inner_cutoff_type == "distance") {  // g·(1 − f_in); "zbl"/"density" leave g uncut
    double f, df;
    cutoff_poly(r, bond.r_in, bond.delta_in, f, df);
    for (int k = 0; k < bond.nradbase; ++k) {
      dg[k] = dg[k] * (1 - f) - g[k] * df;
      g[k] *= (1 - f);
    }
  }
}

void BProjector::evaluate_spline(const PairTable& t, double r, double* values) const {
  const double x = r / t.delta;
  const int nl = static_cast<int>(std::floor(x));
  if (nl >= t.nlut || r >= t.rcut) {
    for (int f = 0; f < t.nfunctions; ++f) values[f] = 0;
    return;
  }
  if (nl <= 0) throw ComputationError("Encountered very small distance (" + std::to_string(r) + " Å) in ACE projections");
  const double w = x - nl;
  const double* c = &t.coefficients[static_cast<std::size_t>(nl) * t.nfunctions * 4];
  for (int f = 0; f < t.nfunctions; ++f, c += 4) values[f] = c[0] + w * (c[1] + w * (c[2] + w * c[3]));
}

void BProjector::radial_base(int mu_i, int mu_j, double r, std::vector<double>& g, std::vector<double>& dg) const {
  const PairTable& t = tables_[mu_i * nelements_ + mu_j];
  std::vector<double> values(t.nfunctions);
  evaluate_spline(t, r, values.data());
  g.assign(values.begin(), values.begin() + t.nradbase);
  dg.assign(t.nradbase, 0.0);
  const double x = r / t.delta;
  const int nl = static_cast<int>(std::floor(x));
  if (nl > 0 && nl < t.nlut && r < t.rcut) {
    const double w = x - nl;
    const double* c = &t.coefficients[static_cast<std::size_t>(nl) * t.nfunctions * 4];
    for (int k = 0; k < t.nradbase; ++k) dg[k] = (c[4 * k + 1] + w * (2 * c[4 * k + 2] + 3 * w * c[4 * k + 3])) / t.delta;
  }
}

std::vector<int> BProjector::species_of(const System& system, const std::string& source) const {
  std::vector<int> species(system.size());
  std::vector<int> by_type(system.atom_types.size(), -1);
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    const std::string symbol = elements::by_number(system.atom_types[t].atomic_number).symbol;
    for (int mu = 0; mu < nelements_; ++mu)
      if (potential_.elements[mu] == symbol) by_type[t] = mu;
  }
  for (std::size_t i = 0; i < system.size(); ++i) {
    const int mu = by_type[system.types[i] - 1];
    if (mu < 0)
      throw InputError(source, 0,
                       std::string("element ") + system.symbol(i) + " (atom " + std::to_string(i + 1) +
                           ") is not in the ACE potential " + potential_.source);
    species[i] = mu;
  }
  return species;
}

void BProjector::atom_projection(const System& system, std::size_t atom, const std::vector<int>& species,
                                 const NeighborList& list, const std::vector<Vec3>& shifts,
                                 std::vector<std::complex<double>>& A, std::vector<double>& A1, double* out) const {
  const int mu_i = species[atom];
  std::fill(A.begin(), A.end(), std::complex<double>(0, 0));
  std::fill(A1.begin(), A1.end(), 0.0);
  thread_local std::vector<double> radial, P;
  thread_local std::vector<std::complex<double>> Y;
  radial.resize(static_cast<std::size_t>(nradbase_ + nradmax_ * (lmax_ + 1)));
  Y.resize(static_cast<std::size_t>((lmax_ + 1) * (lmax_ + 1)));
  P.resize(Y.size());
  const Vec3& xi = system.positions[atom];
  for (std::size_t k = list.begin(atom); k < list.end(atom); ++k) {
    const auto& e = list.entry(k);
    const int mu_j = species[e.atom];
    const PairTable& t = tables_[mu_i * nelements_ + mu_j];
    if (t.nfunctions == 0) continue;
    const Vec3 d = system.positions[e.atom] - xi + shifts[e.image];
    const double r = d.norm();
    if (r >= t.rcut) continue;
    evaluate_spline(t, r, radial.data());
    for (int kk = 0; kk < t.nradbase; ++kk) A1[a1_index(mu_j, kk)] += radial[kk];
    spherical_harmonics_into(t.lmax, d.x() / r, d.y() / r, d.z() / r, Y.data(), P.data());
    for (int n = 0; n < t.nradmax; ++n)
      for (int l = 0; l <= t.lmax; ++l) {
        const double R = radial[t.nradbase + n * (t.lmax + 1) + l];
        for (int m = -l; m <= l; ++m) A[a_index(mu_j, n, l, m)] += R * Y[l * (l + 1) + m];
      }
  }
  const ElementFunctions& ef = flat_[mu_i];
  std::size_t f_index = 0;
  for (const auto& f : ef.functions) {
    double value = 0;
    if (f.rank == 1) {
      value = A1[ef.comb_index[f.index_begin]] * ef.comb_cg[f.comb_begin];
    } else {
      for (std::size_t c = f.comb_begin; c < f.comb_end; ++c) {
        const int* idx = &ef.comb_index[f.index_begin + (c - f.comb_begin) * f.rank];
        std::complex<double> product = A[idx[0]];
        for (int t = 1; t < f.rank; ++t) product *= A[idx[t]];
        value += ef.comb_cg[c] * product.real();
      }
    }
    out[f_index++] = value;
  }
}

AtomProjections BProjector::compute(const System& system, const std::string& source) const {
  AtomProjections result;
  result.species = species_of(system, source);
  const std::size_t natoms = system.size();
  result.offsets.resize(natoms + 1, 0);
  for (std::size_t i = 0; i < natoms; ++i)
    result.offsets[i + 1] = result.offsets[i] + potential_.functions[result.species[i]].size();
  result.values.assign(result.offsets[natoms], 0.0);
  if (natoms == 0) return result;
  NeighborList list;
  NeighborListOptions options;
  options.cutoff = cutoff_;
  options.skin = 0;
  options.half = false;
  list.build(system, options);
  const std::vector<Vec3> shifts = list.shift_vectors(system.cell);
  const std::size_t a_size = static_cast<std::size_t>(nelements_) * nradmax_ * (lmax_ + 1) * (lmax_ + 1);
  const std::size_t a1_size = static_cast<std::size_t>(nelements_) * nradbase_;
  std::string error;
#pragma omp parallel
  {
    std::vector<std::complex<double>> A(a_size);
    std::vector<double> A1(a1_size);
#pragma omp for schedule(dynamic, 16)
    for (std::size_t i = 0; i < natoms; ++i) {
      try {
        atom_projection(system, i, result.species, list, shifts, A, A1, &result.values[result.offsets[i]]);
      } catch (const std::exception& e) {
#pragma omp critical
        error = e.what();
      }
    }
  }
  if (!error.empty()) throw ComputationError(error);
  return result;
}

}  // namespace ionglass::ace
