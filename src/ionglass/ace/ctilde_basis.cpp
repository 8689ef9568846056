#include "ionglass/ace/ctilde_basis.hpp"

#include <algorithm>
#include <cmath>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/largest_member.hpp"

namespace ionglass::ace {

double AceCTildeBasis::cutoff_max() const { return largest_member(bonds, &AceBond::rcut); }

int AceCTildeBasis::nradbase_max() const { return largest_member(bonds, &AceBond::nradbasemax); }

int AceCTildeBasis::nradial_max() const { return largest_member(bonds, &AceBond::nradmax); }

int AceCTildeBasis::lmax_max() const {
  int v = largest_member(bonds, &AceBond::lmax);
  for (const auto& list : functions)
    for (const auto& f : list)
      for (int l : f.ls) v = std::max(v, l);
  return v;
}

int AceCTildeBasis::rank_max() const {
  int v = 0;
  for (const auto& list : functions)
    for (const auto& f : list) v = std::max(v, f.rank);
  return v;
}

int AceCTildeBasis::ndensity_max() const {
  int v = 0;
  for (const auto& e : embeddings) v = std::max(v, e.ndensity);
  return v;
}

namespace {
bool known_radial_basis(const std::string& name) {
  return name == "SBessel" || name == "ChebExpCos" || name == "ChebPow" || name == "ChebLinear";
}
}  // namespace

void AceCTildeBasis::validate(const std::string& source) const {
  const auto fail = [&](const std::string& what) { throw InputError(source, 0, what); };
  const int ns = species_count();
  if (ns == 0) fail("no elements");
  for (const auto& el : elements)
    if (!elements::find_symbol(el)) fail("unknown element '" + el + "' in 'elements'");
  if (static_cast<int>(E0.size()) != ns)
    fail("'E0' has " + std::to_string(E0.size()) + " entries, expected one per element (" + std::to_string(ns) + ")");
  if (!(delta_spline_bins > 0) || !std::isfinite(delta_spline_bins)) fail("'deltaSplineBins' must be positive");
  if (static_cast<int>(embeddings.size()) != ns) fail("'embeddings' must have one entry per element");
  for (int mu = 0; mu < ns; ++mu) {
    const auto& e = embeddings[mu];
    const std::string where = "embeddings[" + std::to_string(mu) + "]: ";
    if (e.ndensity < 1) fail(where + "ndensity must be ≥ 1");
    if (static_cast<int>(e.fs_parameters.size()) != 2 * e.ndensity)
      fail(where + "FS_parameters has " + std::to_string(e.fs_parameters.size()) + " numbers, expected 2·ndensity = " +
           std::to_string(2 * e.ndensity));
    if (e.npoti != "FinnisSinclair" && e.npoti != "FinnisSinclairShiftedScaled")
      fail(where + "unknown embedding npoti '" + e.npoti + "' (expected FinnisSinclair or FinnisSinclairShiftedScaled)");
  }
  if (static_cast<int>(bonds.size()) != ns * ns) fail("'bonds' must hold all ordered element pairs");
  for (int i = 0; i < ns; ++i)
    for (int j = 0; j < ns; ++j) {
      const auto& b = bond(i, j);
      const std::string where = "bond [" + std::to_string(i) + ", " + std::to_string(j) + "]: ";
      if (!known_radial_basis(b.radbasename))
        fail(where + "unknown radbasename '" + b.radbasename + "' (supported: SBessel, ChebExpCos, ChebPow, ChebLinear)");
      if (b.nradmax < 0 || b.lmax < 0 || b.nradbasemax < 1) fail(where + "nradmax, lmax must be ≥ 0 and nradbasemax ≥ 1");
      const std::size_t expected = static_cast<std::size_t>(b.nradmax) * (b.lmax + 1) * b.nradbasemax;
      if (b.radcoefficients.size() != expected)
        fail(where + "radcoefficients has " + std::to_string(b.radcoefficients.size()) + " numbers, expected [nradmax][lmax+1][nradbasemax] = " +
             std::to_string(expected));
      if (!(b.rcut > 0)) fail(where + "rcut must be positive");
      if (b.dcut < 0 || b.dcut_in < 0 || b.rcut_in < 0) fail(where + "dcut, rcut_in and dcut_in must be ≥ 0");
      if ((b.radbasename == "ChebExpCos" || b.radbasename == "ChebPow") && b.radparameters.empty())
        fail(where + "radparameters must hold λ for " + b.radbasename);
      if (b.inner_cutoff_type != "density" && b.inner_cutoff_type != "distance" && b.inner_cutoff_type != "zbl")
        fail(where + "unknown inner_cutoff_type '" + b.inner_cutoff_type + "' (expected density, distance or zbl)");
      for (double c : b.radcoefficients)
        if (!std::isfinite(c)) fail(where + "non-finite radial coefficient");
    }
  if (static_cast<int>(functions.size()) != ns) fail("'functions' must have one list per element");
  for (int mu = 0; mu < ns; ++mu) {
    for (std::size_t fi = 0; fi < functions[mu].size(); ++fi) {
      const auto& f = functions[mu][fi];
      const std::string where = "functions[" + std::to_string(mu) + "][" + std::to_string(fi) + "]: ";
      if (f.mu0 != mu) fail(where + "mu0 = " + std::to_string(f.mu0) + " but the function is listed under element " + std::to_string(mu));
      if (f.rank < 1) fail(where + "rank must be ≥ 1");
      if (f.ndensity != embeddings[mu].ndensity)
        fail(where + "ndensity " + std::to_string(f.ndensity) + " differs from the embedding's " + std::to_string(embeddings[mu].ndensity));
      const auto r = static_cast<std::size_t>(f.rank);
      if (f.mus.size() != r || f.ns.size() != r || f.ls.size() != r) fail(where + "mus, ns and ls must have rank entries");
      if (f.num_ms_combs < 1) fail(where + "num_ms_combs must be ≥ 1");
      if (f.ms_combs.size() != r * f.num_ms_combs)
        fail(where + "ms_combs has " + std::to_string(f.ms_combs.size()) + " entries, expected num_ms_combs·rank = " +
             std::to_string(r * f.num_ms_combs));
      if (f.ctildes.size() != static_cast<std::size_t>(f.ndensity) * f.num_ms_combs)
        fail(where + "ctildes has " + std::to_string(f.ctildes.size()) + " entries, expected num_ms_combs·ndensity = " +
             std::to_string(static_cast<std::size_t>(f.ndensity) * f.num_ms_combs));
      for (std::size_t t = 0; t < r; ++t) {
        if (f.mus[t] < 0 || f.mus[t] >= ns) fail(where + "species index " + std::to_string(f.mus[t]) + " out of range");
        const auto& b = bond(mu, f.mus[t]);
        const int nmax = f.rank == 1 ? b.nradbasemax : b.nradmax;
        if (f.ns[t] < 1 || f.ns[t] > nmax)
          fail(where + "ns = " + std::to_string(f.ns[t]) + " out of range 1.." + std::to_string(nmax) +
               (f.rank == 1 ? " (nradbasemax of the bond)" : " (nradmax of the bond)"));
        if (f.ls[t] < 0 || (f.rank > 1 && f.ls[t] > b.lmax))
          fail(where + "ls = " + std::to_string(f.ls[t]) + " out of range 0.." + std::to_string(b.lmax));
        if (f.rank == 1 && f.ls[t] != 0) fail(where + "rank-1 functions must have l = 0");
      }
      for (int c = 0; c < f.num_ms_combs; ++c)
        for (std::size_t t = 0; t < r; ++t) {
          const int m = f.ms_combs[c * r + t];
          if (std::abs(m) > f.ls[t]) fail(where + "ms_combs entry m = " + std::to_string(m) + " exceeds l = " + std::to_string(f.ls[t]));
        }
      for (double c : f.ctildes)
        if (!std::isfinite(c)) fail(where + "non-finite ctilde coefficient");
    }
  }
}

}  // namespace ionglass::ace
