#include "ionglass/analysis/structure/bond_network.hpp"

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {

BondNetwork::BondNetwork(const System& frame, const PairCutoffs& cutoffs) {
  const std::size_t n = frame.size();
  if (n == 0) throw InputError("empty structure: no atoms to analyse");
  element_.resize(n);
  for (std::size_t i = 0; i < n; ++i) element_[i] = frame.atomic_number(i);
  offsets_.assign(n + 1, 0);
  if (cutoffs.empty()) return;
  const int ntypes = static_cast<int>(frame.atom_types.size());
  NeighborListOptions options{cutoffs.largest(), 0.0, false};
  options.ntypes = ntypes;
  options.type_cutoffs.assign(static_cast<std::size_t>(ntypes * ntypes), 0.0);
  for (int a = 0; a < ntypes; ++a)
    for (int b = 0; b < ntypes; ++b)
      options.type_cutoffs[a * ntypes + b] =
          cutoffs.get({frame.atom_types[a].atomic_number, frame.atom_types[b].atomic_number});
  NeighborList list;
  list.build(frame, options);
  const std::vector<Vec3> shifts = list.shift_vectors(frame.cell);
  bonds_.reserve(list.pair_count());
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const Vec3 d = frame.positions[e.atom] - frame.positions[i] + shifts[e.image];
      const double r = d.norm();
      if (r >= cutoffs.get({element_[i], element_[e.atom]})) continue;
      bonds_.push_back({e.atom, list.images()[e.image], d, r});
    }
    offsets_[i + 1] = bonds_.size();
  }
}

int BondNetwork::count(std::size_t atom, int z) const {
  int c = 0;
  for (std::size_t k = begin(atom); k < end(atom); ++k) c += element_[bonds_[k].atom] == z;
  return c;
}

}  // namespace ionglass
