#include "ionglass/ace/basis_enumeration.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <map>
#include <numeric>
#include <set>
#include <tuple>

#include "ionglass/ace/clebsch_gordan.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {
namespace {

using Slot = std::tuple<int, int, int>;  // (μ, n, l)

std::vector<std::string> alphabetical(const std::vector<std::string>& elements) {
  std::vector<std::string> sorted = elements;
  std::sort(sorted.begin(), sorted.end());
  return sorted;
}

/// Every intermediate-coupling list LS (size r − 2) for which the ls couple to L = 0 (the tree of
/// clebsch_gordan.hpp): brute force over 0 … Σl per entry, kept when the generalised CG exist.
std::vector<std::vector<int>> coupling_candidates(const std::vector<int>& ls) {
  const int r = static_cast<int>(ls.size());
  if (r <= 2) return {{}};
  if (r == 3) return {{ls[2]}};
  const int bound = std::accumulate(ls.begin(), ls.end(), 0);
  std::vector<std::vector<int>> out;
  std::vector<int> LS(r - 2, 0);
  std::function<void(int)> fill = [&](int k) {
    if (k == r - 2) {
      if (!generalized_clebsch_gordan(ls, LS, false).empty()) out.push_back(LS);
      return;
    }
    for (int L = 0; L <= bound; ++L) {
      LS[k] = L;
      fill(k + 1);
    }
  };
  fill(0);
  return out;
}

/// The coefficient vector of a function over the commuting monomials Π A_{μnlm}: the generalised
/// CG of every m-tuple summed over the tuples that equal slots make identical.
std::map<std::vector<int>, double> monomial_vector(const std::vector<Slot>& slots, const std::vector<int>& ls,
                                                   const std::vector<int>& LS) {
  std::map<std::vector<int>, double> vector;
  const int r = static_cast<int>(slots.size());
  std::vector<std::pair<int, int>> key(r);  // (slot index of the first equal slot, m)
  for (const auto& c : generalized_clebsch_gordan(ls, LS, false)) {
    for (int t = 0; t < r; ++t) {
      int first = t;
      while (first > 0 && slots[first - 1] == slots[t]) --first;
      key[t] = {first, c.ms[t]};
    }
    std::sort(key.begin(), key.end());
    std::vector<int> flat;
    for (const auto& [s, m] : key) flat.insert(flat.end(), {s, m});
    vector[flat] += c.coefficient;
  }
  return vector;
}

/// Keeps the LS whose monomial vectors are linearly independent of the earlier ones (Gram–Schmidt).
std::vector<std::vector<int>> independent_couplings(const std::vector<Slot>& slots, const std::vector<int>& ls) {
  std::vector<std::vector<int>> kept;
  std::vector<std::map<std::vector<int>, double>> basis;  // orthonormal
  for (const auto& LS : coupling_candidates(ls)) {
    auto v = monomial_vector(slots, ls, LS);
    double norm0 = 0;
    for (const auto& [k, x] : v) norm0 += x * x;
    if (norm0 < 1e-20) continue;
    for (const auto& b : basis) {
      double dot = 0;
      for (const auto& [k, x] : b) {
        const auto it = v.find(k);
        if (it != v.end()) dot += x * it->second;
      }
      for (const auto& [k, x] : b) v[k] -= dot * x;
    }
    double norm = 0;
    for (const auto& [k, x] : v) norm += x * x;
    if (norm < 1e-16 * norm0) continue;
    for (auto& [k, x] : v) x /= std::sqrt(norm);
    basis.push_back(std::move(v));
    kept.push_back(LS);
  }
  return kept;
}

int distinct_elements(const BasisFunctionSpec& f) {
  std::set<int> s(f.mus.begin(), f.mus.end());
  s.insert(f.mu0);
  return static_cast<int>(s.size());
}

/// Block of a function: μ0 first, then the other distinct elements alphabetically (as pacemaker's
/// species blocks "Fe", "Fe Na", "Fe Na O").
std::vector<int> block_of(const BasisFunctionSpec& f) {
  std::set<int> others(f.mus.begin(), f.mus.end());
  others.erase(f.mu0);
  std::vector<int> block{f.mu0};
  block.insert(block.end(), others.begin(), others.end());
  return block;
}

bool generation_order(const BasisFunctionSpec& a, const BasisFunctionSpec& b) {
  return std::forward_as_tuple(a.mus.size(), a.mus, a.ns, a.ls, a.LS) <
         std::forward_as_tuple(b.mus.size(), b.mus, b.ns, b.ls, b.LS);
}

void sort_power_order(std::vector<BasisFunctionSpec>& functions) {
  std::stable_sort(functions.begin(), functions.end(), [](const BasisFunctionSpec& a, const BasisFunctionSpec& b) {
    return a.power_order() < b.power_order();
  });
}

std::string format_number(double x) {
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, x);
  return std::string(buffer, result.ptr);
}

template <class T>
std::string format_list(const std::vector<T>& values) {
  std::string out = "[";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i) out += ", ";
    if constexpr (std::is_floating_point_v<T>)
      out += format_number(values[i]);
    else
      out += std::to_string(values[i]);
  }
  return out + "]";
}

std::string pair_key(const std::string& a, const std::string& b) {
  return a < b ? a + " " + b : b + " " + a;
}

}  // namespace

int BasisFunctionSpec::power_order() const {
  return rank() + std::accumulate(ns.begin(), ns.end(), 0) + std::accumulate(ls.begin(), ls.end(), 0);
}

std::string block_name(const BasisFunctionSpec& function, const std::vector<std::string>& elements) {
  std::string name;
  for (int mu : block_of(function)) name += (name.empty() ? "" : " ") + elements.at(mu);
  return name;
}

std::vector<BasisFunctionSpec> enumerate_basis_functions(const FitInput& input,
                                                         const std::vector<std::string>& elements, int mu0) {
  const auto& groups = input.potential.functions.groups;
  int max_rank = 0;
  for (const auto& [name, g] : groups) max_rank = std::max(max_rank, static_cast<int>(g.nradmax_by_orders.size()));
  const int nel = static_cast<int>(elements.size());
  std::vector<BasisFunctionSpec> out;
  for (int rank = 1; rank <= max_rank; ++rank) {
    int nmax = 0, lmax = 0;
    for (const auto& [name, g] : groups)
      if (static_cast<int>(g.nradmax_by_orders.size()) >= rank) {
        nmax = std::max(nmax, g.nradmax_by_orders[rank - 1]);
        lmax = std::max(lmax, g.lmax_by_orders[rank - 1]);
      }
    if (rank == 1) lmax = 0;
    std::vector<Slot> alphabet;
    for (int mu = 0; mu < nel; ++mu)
      for (int n = 1; n <= nmax; ++n)
        for (int l = 0; l <= lmax; ++l) alphabet.emplace_back(mu, n, l);
    std::size_t count_before = out.size();
    // Non-decreasing tuples of slots (the canonical order of (μ, n, l)).
    std::vector<int> index(rank, 0);
    std::function<void(int, int)> choose = [&](int t, int from) {
      if (t == rank) {
        BasisFunctionSpec f;
        f.mu0 = mu0;
        std::vector<Slot> slots;
        int sum_l = 0;
        for (int i : index) {
          slots.push_back(alphabet[i]);
          f.mus.push_back(std::get<0>(alphabet[i]));
          f.ns.push_back(std::get<1>(alphabet[i]));
          f.ls.push_back(std::get<2>(alphabet[i]));
          sum_l += f.ls.back();
        }
        if (sum_l % 2 != 0) return;
        if (rank == 2 && f.ls[0] != f.ls[1]) return;
        const FitFunctionLimits* limits = input.potential.functions.limits_for(distinct_elements(f));
        if (!limits || static_cast<int>(limits->nradmax_by_orders.size()) < rank) return;
        for (int k = 0; k < rank; ++k)
          if (f.ns[k] > limits->nradmax_by_orders[rank - 1] || f.ls[k] > limits->lmax_by_orders[rank - 1]) return;
        for (const auto& LS : independent_couplings(slots, f.ls)) {
          f.LS = LS;
          out.push_back(f);
        }
        return;
      }
      for (int i = from; i < static_cast<int>(alphabet.size()); ++i) {
        index[t] = i;
        choose(t + 1, i);
      }
    };
    choose(0, 0);
    // A group that reaches this rank but allows no function of it: impossible basis.
    if (out.size() == count_before) {
      int line = 0;
      for (const auto& [name, g] : groups)
        if (static_cast<int>(g.nradmax_by_orders.size()) >= rank) line = g.line;
      throw InputError(input.source, line,
                       "impossible basis: no function of rank " + std::to_string(rank) + " for element " +
                           elements.at(mu0) + " satisfies the coupling rules within nradmax_by_orders/lmax_by_orders");
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const BasisFunctionSpec& a, const BasisFunctionSpec& b) {
    const auto ba = block_of(a), bb = block_of(b);
    if (ba.size() != bb.size()) return ba.size() < bb.size();
    if (ba != bb) return ba < bb;
    return generation_order(a, b);
  });
  sort_power_order(out);
  return out;
}

std::vector<std::vector<BasisFunctionSpec>> enumerate_basis(const FitInput& input) {
  const auto elements = alphabetical(input.potential.elements);
  const int limit = input.potential.functions.number_of_functions_per_element;
  std::vector<std::vector<BasisFunctionSpec>> basis;
  for (int mu0 = 0; mu0 < static_cast<int>(elements.size()); ++mu0) {
    auto all = enumerate_basis_functions(input, elements, mu0);
    if (limit > 0) {
      // pacemaker splits the budget evenly over the element's species blocks and keeps the
      // first functions of each block in power order.
      std::map<std::vector<int>, std::vector<BasisFunctionSpec>> blocks;
      for (auto& f : all) blocks[block_of(f)].push_back(std::move(f));
      const std::size_t per_block = static_cast<std::size_t>(limit) / blocks.size();
      all.clear();
      for (auto& [key, list] : blocks) {
        if (list.size() > per_block) list.resize(per_block);
        all.insert(all.end(), list.begin(), list.end());
      }
      sort_power_order(all);
    }
    basis.push_back(std::move(all));
  }
  return basis;
}

std::size_t ladder_function_count(std::size_t full_count, double ladder_step, int steps) {
  std::size_t current = 0;
  for (int s = 0; s < steps && current < full_count; ++s) {
    std::size_t step = 1;
    if (ladder_step >= 1)
      step = static_cast<std::size_t>(ladder_step);
    else if (ladder_step > 0)
      step =
          std::max<std::size_t>(1, static_cast<std::size_t>(std::lround(ladder_step * static_cast<double>(current))));
    else
      step = full_count;  // no ladder: everything at once
    current = std::min(full_count, current + step);
  }
  return current;
}

std::vector<std::vector<BasisFunctionSpec>> ladder_basis(const std::vector<std::vector<BasisFunctionSpec>>& full,
                                                         double ladder_step, int steps) {
  // pacemaker's extend_basis: all functions of all elements in one list, power order (stable).
  std::vector<const BasisFunctionSpec*> all;
  for (const auto& list : full)
    for (const auto& f : list) all.push_back(&f);
  std::stable_sort(all.begin(), all.end(), [](const BasisFunctionSpec* a, const BasisFunctionSpec* b) {
    return a->power_order() < b->power_order();
  });
  const std::size_t keep = ladder_function_count(all.size(), ladder_step, steps);
  std::set<const BasisFunctionSpec*> chosen(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep));
  std::vector<std::vector<BasisFunctionSpec>> out(full.size());
  for (std::size_t mu = 0; mu < full.size(); ++mu)
    for (const auto& f : full[mu])
      if (chosen.count(&f)) out[mu].push_back(f);
  return out;
}

std::string format_initial_b_basis(const FitInput& input, const std::vector<std::vector<BasisFunctionSpec>>& functions,
                                   const std::map<std::string, double>& r_in_A) {
  const auto elements = alphabetical(input.potential.elements);
  const int nel = static_cast<int>(elements.size());
  if (static_cast<int>(functions.size()) != nel)
    throw InputError(input.source, 0,
                     "the basis has " + std::to_string(functions.size()) + " element lists, the input " +
                         std::to_string(nel) + " elements");
  // Bond shapes: the largest n, l the functions of each ordered pair use.
  std::vector<std::vector<int>> nradbase(nel, std::vector<int>(nel, 1)), nradmax(nel, std::vector<int>(nel, 1)),
      lmax(nel, std::vector<int>(nel, 0));
  for (int mu0 = 0; mu0 < nel; ++mu0)
    for (const auto& f : functions[mu0])
      for (int t = 0; t < f.rank(); ++t) {
        const int mu = f.mus[t];
        if (f.rank() == 1)
          nradbase[mu0][mu] = std::max(nradbase[mu0][mu], f.ns[t]);
        else
          nradmax[mu0][mu] = std::max(nradmax[mu0][mu], f.ns[t]);
        lmax[mu0][mu] = std::max(lmax[mu0][mu], f.ls[t]);
      }
  std::string y;
  y += "metadata:\n  generator: ionglass fit (initial basis)\n";
  if (!input.data.reference_energy_eV.empty()) {
    std::string json = "{";
    for (const auto& [e, v] : input.data.reference_energy_eV)
      json += (json.size() > 1 ? ", " : "") + std::string("\\\"") + e + "\\\": " + format_number(v);
    y += "  reference_energy: \"" + json + "}\"\n";
  }
  y += "global:\n  DeltaSplineBins: " + format_number(input.potential.delta_spline_bins_A) + "\nspecies:\n";
  for (int mu0 = 0; mu0 < nel; ++mu0) {
    std::map<std::string, std::vector<const BasisFunctionSpec*>> blocks;
    for (int mu = 0; mu < nel; ++mu)
      blocks[mu == mu0 ? elements[mu0] : elements[mu0] + " " + elements[mu]];  // every bond block exists
    for (const auto& f : functions[mu0]) blocks[block_name(f, elements)].push_back(&f);
    for (const auto& [name, list] : blocks) {
      y += "  - speciesblock: " + name + "\n";
      std::vector<std::string> words;
      for (std::size_t p = 0, q; p <= name.size(); p = q + 1) {
        q = name.find(' ', p);
        if (q == std::string::npos) q = name.size();
        words.push_back(name.substr(p, q - p));
      }
      if (words.size() == 1) {
        const auto& e = input.potential.embeddings.at(elements[mu0]);
        y += "    ndensityi: " + std::to_string(e.ndensity) + "\n    npoti: " + e.npot +
             "\n    parameters: " + format_list(e.fs_parameters) +
             "\n    rho_core_cut: " + format_number(e.rho_core_cut) +
             "\n    drho_core_cut: " + format_number(e.drho_core_cut) + "\n";
      }
      if (words.size() <= 2) {
        const std::string other = words.back();
        const int mu = static_cast<int>(std::find(elements.begin(), elements.end(), other) - elements.begin());
        const std::string key = pair_key(elements[mu0], other);
        const FitBondSettings& b = input.potential.bonds.at(key);
        double r_in = b.r_in_A.value_or(0);
        if (!b.r_in_A) {
          const auto it = r_in_A.find(key);
          if (it == r_in_A.end())
            throw InputError(input.source, b.line, "bond " + key + ": no r_in (give r_in or fit: repulsion: auto)");
          r_in = it->second;
        }
        const int nb = nradbase[mu0][mu], nr = nradmax[mu0][mu], lm = lmax[mu0][mu];
        y += "    nradmaxi: " + std::to_string(nr) + "\n    lmaxi: " + std::to_string(lm) +
             "\n    rcutij: " + format_number(b.rcut_A) + "\n    dcutij: " + format_number(b.dcut_A) +
             "\n    NameOfCutoffFunctionij: " + b.cutoff_function + "\n    r_in: " + format_number(r_in) +
             "\n    delta_in: " + format_number(b.delta_in_A) + "\n    inner_cutoff_type: " + b.inner_cutoff_type +
             "\n    nradbaseij: " + std::to_string(nb) + "\n    radbase: " + b.radbase +
             "\n    radparameters: " + format_list(b.radparameters) + "\n    radcoefficients: [";
        // c_nlk = δ_nk (pacemaker's initial radial functions).
        for (int n = 0; n < nr; ++n) {
          y += n ? ", [" : "[";
          for (int l = 0; l <= lm; ++l) {
            std::vector<double> row(nb, 0.0);
            if (n < nb) row[n] = 1;
            y += (l ? ", " : "") + format_list(row);
          }
          y += "]";
        }
        y += "]\n    core-repulsion: " +
             format_list(std::vector<double>(b.core_repulsion.begin(), b.core_repulsion.end())) + "\n";
      }
      if (list.empty()) continue;
      y += "    nbody:\n";
      const int ndensity = input.potential.embeddings.at(elements[mu0]).ndensity;
      for (const BasisFunctionSpec* f : list) {
        std::string type = elements[f->mu0];
        for (int mu : f->mus) type += " " + elements[mu];
        y += "      - {type: " + type + ", nr: " + format_list(f->ns) + ", nl: " + format_list(f->ls);
        if (!f->LS.empty()) y += ", lint: " + format_list(f->LS);
        y += ", c: " + format_list(std::vector<double>(ndensity, 0.0)) + "}\n";
      }
    }
  }
  return y;
}

BBasisPotential initial_b_basis(const FitInput& input, const std::vector<std::vector<BasisFunctionSpec>>& functions,
                                const std::map<std::string, double>& r_in_A) {
  // Through the B-basis reader: the same expansion, checks and function order as a file.
  return parse_b_basis(format_initial_b_basis(input, functions, r_in_A), input.source + " (initial basis)");
}

std::vector<int> positions_in_enumeration(const BBasisPotential& potential, int mu,
                                          const std::vector<BasisFunctionSpec>& enumerated) {
  std::map<std::tuple<std::vector<int>, std::vector<int>, std::vector<int>, std::vector<int>>, int> where;
  for (std::size_t i = 0; i < enumerated.size(); ++i) {
    const auto& f = enumerated[i];
    where.emplace(std::make_tuple(f.mus, f.ns, f.ls, f.LS), static_cast<int>(i));
  }
  std::vector<int> positions;
  for (const auto& f : potential.functions.at(mu)) {
    const auto it = where.find(std::make_tuple(f.mus, f.ns, f.ls, f.LS));
    positions.push_back(it == where.end() ? -1 : it->second);
  }
  return positions;
}

}  // namespace ionglass::ace
