#include "ionglass/analysis/structure/bond_network.hpp"

#include <omp.h>

#include <algorithm>

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/pair_search.hpp"

namespace ionglass {

BondNetwork::BondNetwork(const System& frame, const PairCutoffs& cutoffs) {
  const std::size_t n = frame.size();
  if (n == 0) throw InputError("empty structure: no atoms to analyse");
  element_.resize(n);
  for (std::size_t i = 0; i < n; ++i) element_[i] = frame.atomic_number(i);
  offsets_.assign(n + 1, 0);
  if (cutoffs.empty()) return;
  // Cutoff of every (type, type) pair; 0: no bonds between those types.
  const std::size_t ntypes = frame.atom_types.size();
  std::vector<double> type_cutoff(ntypes * ntypes, 0.0);
  for (std::size_t a = 0; a < ntypes; ++a)
    for (std::size_t b = 0; b < ntypes; ++b)
      type_cutoff[a * ntypes + b] = cutoffs.get({frame.atom_types[a].atomic_number, frame.atom_types[b].atomic_number});
  const PairSearch search(frame.cell, frame.positions, cutoffs.largest());
  // One bond collector per thread; the static schedule gives thread t a contiguous block of atoms,
  // so concatenating the collectors in thread order keeps the bonds sorted by atom.
  struct Collector {
    std::vector<Bond> bonds;
  };
  std::vector<std::size_t> counts(n, 0);
  std::vector<Collector> per_thread(static_cast<std::size_t>(std::max(1, omp_get_max_threads())));
  auto collect = [&](Collector& c, std::size_t i, std::size_t j, const Image& image, double r2_search) {
    const double cut = type_cutoff[static_cast<std::size_t>(frame.types[i] - 1) * ntypes + (frame.types[j] - 1)];
    if (!(r2_search < cut * cut)) return;
    // r_ij from the positions as given (not the search's wrapped ones), as the bonds report them
    const Vec3 shift = frame.cell.has_volume() ? frame.cell.translation(image) : Vec3::Zero();
    const Vec3 d = frame.positions[j] - frame.positions[i] + shift;
    const double r = d.norm();
    if (r >= cut) return;
    c.bonds.push_back({static_cast<std::int32_t>(j), image, d, r});
    ++counts[i];
  };
  struct Visitor {
    Collector* collector;
    const decltype(collect)* add;
    void operator()(std::size_t i, std::size_t j, const Image& image, const Vec3&, double r2) const {
      (*add)(*collector, i, j, image, r2);
    }
  };
  std::vector<Visitor> visitors;
  for (auto& c : per_thread) visitors.push_back({&c, &collect});
  search.for_each_pair_threaded(false, visitors);
  std::size_t total = 0;
  for (const auto& c : per_thread) total += c.bonds.size();
  bonds_.reserve(total);
  for (const auto& c : per_thread) bonds_.insert(bonds_.end(), c.bonds.begin(), c.bonds.end());
  for (std::size_t i = 0; i < n; ++i) offsets_[i + 1] = offsets_[i] + counts[i];
}

int BondNetwork::count(std::size_t atom, int z) const {
  int c = 0;
  for (std::size_t k = begin(atom); k < end(atom); ++k) c += element_[bonds_[k].atom] == z;
  return c;
}

}  // namespace ionglass
