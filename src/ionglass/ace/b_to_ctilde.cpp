#include "ionglass/ace/b_to_ctilde.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

#include "ionglass/core/atomic_file.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

namespace {

std::string number(double value) { return fmt::format("{:.17g}", value); }

template <typename T>
std::string list(const std::vector<T>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    if constexpr (std::is_floating_point_v<T>)
      out += number(values[i]);
    else
      out += std::to_string(values[i]);
  }
  return out + "]";
}

bool ctilde_precedes(const AceCTildeFunction& a, const AceCTildeFunction& b) {
  if (a.rank != b.rank) return a.rank < b.rank;
  if (a.mu0 != b.mu0) return a.mu0 < b.mu0;
  if (a.mus != b.mus) return a.mus < b.mus;
  if (a.ns != b.ns) return a.ns < b.ns;
  return a.ls < b.ls;
}

}  // namespace

AceBond ace_bond(const BBasisBond& b) {
  AceBond bond;
  bond.nradmax = b.nradmax;
  bond.lmax = b.lmax;
  bond.nradbasemax = b.nradbase;
  bond.radbasename = b.radbase;
  bond.radparameters = b.radparameters;
  for (const auto& per_n : b.radcoefficients)
    for (const auto& per_l : per_n) bond.radcoefficients.insert(bond.radcoefficients.end(), per_l.begin(), per_l.end());
  bond.prehc = b.core_repulsion[0];
  bond.lambdahc = b.core_repulsion[1];
  bond.rcut = b.rcut;
  bond.dcut = b.dcut;
  bond.rcut_in = b.r_in;
  bond.dcut_in = b.delta_in;
  bond.inner_cutoff_type = b.inner_cutoff_type;
  return bond;
}

AceCTildeBasis convert_to_ctilde(const BBasisPotential& potential) {
  AceCTildeBasis basis;
  const std::size_t n = potential.elements.size();
  basis.elements = potential.elements;
  basis.E0.assign(n, 0.0);
  basis.delta_spline_bins = potential.delta_spline_bins;
  for (const auto& e : potential.embeddings)
    basis.embeddings.push_back({e.ndensity, e.fs_parameters, e.npoti, e.rho_core_cut, e.drho_core_cut});
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      if (!potential.bond_present[i][j])
        throw InputError(potential.source, 0,
                         "no bond " + potential.elements[i] + "-" + potential.elements[j] +
                             " in the B-basis (a speciesblock '" + potential.elements[i] + " " +
                             potential.elements[j] + "' is needed for the C-tilde form)");
      basis.bonds.push_back(ace_bond(potential.bonds[i][j]));
    }
  basis.functions.resize(n);
  for (std::size_t mu = 0; mu < n; ++mu) {
    using Key = std::tuple<std::vector<int>, std::vector<int>, std::vector<int>>;  // μs, ns, ls
    std::map<Key, std::vector<const BBasisFunction*>> groups;
    for (const auto& f : potential.functions[mu]) groups[{f.mus, f.ns, f.ls}].push_back(&f);
    auto& out = basis.functions[mu];
    for (const auto& [key, members] : groups) {
      const BBasisFunction& first = *members.front();
      AceCTildeFunction c;
      c.mu0 = static_cast<int>(mu);
      c.rank = first.rank;
      c.ndensity = static_cast<int>(first.coefficients.size());
      c.mus = first.mus;
      c.ns = first.ns;
      c.ls = first.ls;
      std::map<std::vector<int>, std::vector<double>> sums;
      for (const BBasisFunction* f : members)
        for (std::size_t comb = 0; comb < f->num_ms_combs(); ++comb) {
          std::vector<int> ms(f->ms_combs.begin() + static_cast<std::ptrdiff_t>(comb * f->rank),
                              f->ms_combs.begin() + static_cast<std::ptrdiff_t>((comb + 1) * f->rank));
          auto& s = sums[ms];
          s.resize(c.ndensity, 0.0);
          for (int p = 0; p < c.ndensity; ++p) s[p] += f->coefficients[p] * f->gen_cgs[comb];
        }
      c.num_ms_combs = static_cast<int>(sums.size());
      for (const auto& [ms, coefficients] : sums) {
        c.ms_combs.insert(c.ms_combs.end(), ms.begin(), ms.end());
        c.ctildes.insert(c.ctildes.end(), coefficients.begin(), coefficients.end());
      }
      out.push_back(std::move(c));
    }
    std::sort(out.begin(), out.end(), ctilde_precedes);
  }
  return basis;
}

std::string format_yace(const AceCTildeBasis& basis) {
  std::string out;
  out += "elements: [";
  for (std::size_t i = 0; i < basis.elements.size(); ++i) out += (i ? ", " : "") + basis.elements[i];
  out += "]\n";
  out += "E0: " + list(basis.E0) + "\n";
  out += "deltaSplineBins: " + number(basis.delta_spline_bins) + "\n";
  out += "embeddings:\n";
  for (std::size_t mu = 0; mu < basis.embeddings.size(); ++mu) {
    const auto& e = basis.embeddings[mu];
    out += fmt::format("  {}: {{ndensity: {}, FS_parameters: {}, npoti: {}, rho_core_cutoff: {}, drho_core_cutoff: {}}}\n", mu,
                       e.ndensity, list(e.fs_parameters), e.npoti, number(e.rho_core_cutoff), number(e.drho_core_cutoff));
  }
  out += "bonds:\n";
  const std::size_t n = basis.elements.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < n; ++j) {
      const AceBond& b = basis.bond(static_cast<int>(i), static_cast<int>(j));
      std::string crad = "[";
      for (int nn = 0; nn < b.nradmax; ++nn) {
        crad += nn ? ", [" : "[";
        for (int l = 0; l <= b.lmax; ++l) {
          crad += l ? ", [" : "[";
          for (int k = 0; k < b.nradbasemax; ++k) crad += (k ? ", " : "") + number(b.coefficient(nn, l, k));
          crad += "]";
        }
        crad += "]";
      }
      crad += "]";
      out += fmt::format(
          "  [{}, {}]: {{nradmax: {}, lmax: {}, nradbasemax: {}, radbasename: {}, radparameters: {}, radcoefficients: {}, "
          "prehc: {}, lambdahc: {}, rcut: {}, dcut: {}, rcut_in: {}, dcut_in: {}, inner_cutoff_type: {}}}\n",
          i, j, b.nradmax, b.lmax, b.nradbasemax, b.radbasename, list(b.radparameters), crad, number(b.prehc),
          number(b.lambdahc), number(b.rcut), number(b.dcut), number(b.rcut_in), number(b.dcut_in), b.inner_cutoff_type);
    }
  out += "functions:\n";
  for (std::size_t mu = 0; mu < basis.functions.size(); ++mu) {
    out += fmt::format("  {}:\n", mu);
    for (const auto& f : basis.functions[mu])
      out += fmt::format(
          "    - {{mu0: {}, rank: {}, ndensity: {}, num_ms_combs: {}, mus: {}, ns: {}, ls: {}, ms_combs: {}, ctildes: {}}}\n",
          f.mu0, f.rank, f.ndensity, f.num_ms_combs, list(f.mus), list(f.ns), list(f.ls), list(f.ms_combs), list(f.ctildes));
  }
  return out;
}

void write_yace(const std::string& path, const AceCTildeBasis& basis) { write_file_atomically(path, format_yace(basis)); }

}  // namespace ionglass::ace
