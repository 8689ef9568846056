#pragma once
// The bonds of one frame: for every atom, its neighbours within the pair cutoffs, with the
// periodic image of the neighbour (so that paths through the network can be unwrapped).
#include <cstdint>
#include <vector>

#include "ionglass/analysis/structure/pair_cutoffs.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass {

struct Bond {
  std::int32_t atom;  ///< neighbour index
  Image image;        ///< lattice translation of the neighbour: r_ij = x_j − x_i + image·H
  Vec3 vector;        ///< r_ij (Å)
  double length;      ///< |r_ij| (Å)
};

class BondNetwork {
public:
  /// Bonds between atoms whose element pair has a cutoff (r < cutoff). Elements from the frame's types.
  BondNetwork(const System& frame, const PairCutoffs& cutoffs);

  std::size_t atom_count() const { return element_.size(); }
  int element(std::size_t atom) const { return element_[atom]; }
  const std::vector<int>& elements() const { return element_; }
  std::size_t begin(std::size_t atom) const { return offsets_[atom]; }
  std::size_t end(std::size_t atom) const { return offsets_[atom + 1]; }
  const Bond& bond(std::size_t k) const { return bonds_[k]; }
  /// Number of neighbours of `atom` that are of element `z`.
  int count(std::size_t atom, int z) const;

private:
  std::vector<int> element_;
  std::vector<std::size_t> offsets_;
  std::vector<Bond> bonds_;
};

}  // namespace ionglass
