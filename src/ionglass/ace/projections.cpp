#include "ionglass/ace/projections.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"

namespace ionglass::ace {

BProjector::BProjector(const BBasisPotential& potential) : potential_(potential) {
  nelements_ = static_cast<int>(potential_.elements.size());
  nradbase_ = potential_.nradbase();
  nradmax_ = potential_.nradmax();
  lmax_ = potential_.lmax();
  cutoff_ = potential_.cutoff_max();
  if (lmax_ > 16)
    throw InputError(potential_.source, 0, "lmax = " + std::to_string(lmax_) + " is larger than the supported 16");
  harmonics_.set_lmax(lmax_);
  pairs_.resize(static_cast<std::size_t>(nelements_) * nelements_);
  for (int i = 0; i < nelements_; ++i)
    for (int j = 0; j < nelements_; ++j) {
      if (!potential_.bond_present[i][j]) continue;
      PairRadial& pair = pairs_[i * nelements_ + j];
      const AceBond bond = ace_bond(potential_.bonds[i][j]);
      pair.present = true;
      pair.nradbase = bond.nradbasemax;
      pair.nradmax = bond.nradmax;
      pair.lmax = bond.lmax;
      pair.rcut = bond.rcut;
      pair.coefficients = bond.radcoefficients;  // [n][l][k]
      pair.table.build(bond, elements::by_symbol(potential_.elements[i]).atomic_number,
                       elements::by_symbol(potential_.elements[j]).atomic_number, potential_.delta_spline_bins,
                       bond.rcut);
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
                                 const NeighborList& list, const std::vector<Vec3>& shifts, std::vector<Complex>& A,
                                 std::vector<double>& A1, double* out) const {
  const int mu_i = species[atom];
  std::fill(A.begin(), A.end(), Complex{});
  std::fill(A1.begin(), A1.end(), 0.0);
  // Per thread: spline values g_k, g_k' (the table's width), R_nl, R_nl' and the half Y_lm.
  thread_local std::vector<double> g, dg, R, dR;
  thread_local std::vector<Complex> Y;
  g.resize(static_cast<std::size_t>(nradbase_ + 1));
  dg.resize(g.size());
  R.resize(static_cast<std::size_t>(nradmax_ * (lmax_ + 1)));
  dR.resize(R.size());
  Y.resize(static_cast<std::size_t>(half_count(lmax_)));
  const Vec3& xi = system.positions[atom];
  for (std::size_t k = list.begin(atom); k < list.end(atom); ++k) {
    const auto& e = list.entry(k);
    const int mu_j = species[e.atom];
    const PairRadial& pair = pairs_[mu_i * nelements_ + mu_j];
    if (!pair.present) continue;
    const Vec3 d = system.positions[e.atom] - xi + shifts[e.image];
    const double r = d.norm();
    if (r >= pair.rcut) continue;
    if (!pair.table.evaluate(r, g.data(), dg.data()))
      throw UnphysicalStructureError(
          fmt::format("ACE projections: atoms id {} ({}) and id {} ({}) are {:.6g} Å apart, closer than the first "
                      "spline node; the structure is unphysical",
                      system.ids.empty() ? atom + 1 : system.ids[atom], system.symbol(atom),
                      system.ids.empty() ? e.atom + 1 : system.ids[e.atom], system.symbol(e.atom), r));
    for (int kk = 0; kk < pair.nradbase; ++kk) A1[a1_index(mu_j, kk)] += g[kk];
    radial_functions_of_pair(pair.nradmax * (pair.lmax + 1), pair.nradbase, pair.coefficients.data(), g.data(),
                             dg.data(), R.data(), dR.data());
    harmonics_.evaluate(pair.lmax, d.x() / r, d.y() / r, d.z() / r, Y.data(), nullptr);
    for (int n = 0; n < pair.nradmax; ++n)
      for (int l = 0; l <= pair.lmax; ++l) {
        const double Rnl = R[n * (pair.lmax + 1) + l];
        for (int m = 0; m <= l; ++m) {
          Complex& target = A[a_index(mu_j, n, l, m)];
          target = target + Y[half_index(l, m)] * Rnl;
        }
      }
  }
  // Negative m: A_{l,−m} = (−1)^m conj(A_{l,m}) (R real, Y_{l,−m} = (−1)^m conj Y_lm).
  for (int mu = 0; mu < nelements_; ++mu)
    for (int n = 0; n < nradmax_; ++n)
      for (int l = 1; l <= lmax_; ++l)
        for (int m = 1; m <= l; ++m) {
          const Complex v = conj(A[a_index(mu, n, l, m)]);
          A[a_index(mu, n, l, -m)] = m % 2 == 0 ? v : v * -1.0;
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
        Complex product = A[idx[0]];
        for (int t = 1; t < f.rank; ++t) product = product * A[idx[t]];
        value += ef.comb_cg[c] * product.re;
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
  std::string error, unphysical;
#pragma omp parallel
  {
    std::vector<Complex> A(a_size);
    std::vector<double> A1(a1_size);
#pragma omp for schedule(dynamic, 16)
    for (std::size_t i = 0; i < natoms; ++i) {
      try {
        atom_projection(system, i, result.species, list, shifts, A, A1, &result.values[result.offsets[i]]);
      } catch (const UnphysicalStructureError& e) {
#pragma omp critical
        unphysical = e.what();
      } catch (const std::exception& e) {
#pragma omp critical
        error = e.what();
      }
    }
  }
  if (!error.empty()) throw ComputationError(error);
  if (!unphysical.empty()) throw UnphysicalStructureError(unphysical);
  return result;
}

}  // namespace ionglass::ace
