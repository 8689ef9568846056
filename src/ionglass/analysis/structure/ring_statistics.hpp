#pragma once
// Ring statistics of a network: nodes are network-former atoms (P), two formers are linked when
// they share a bridging anion (O), so a ring's size is the number of former atoms in it.
// Periodic images are followed explicitly: paths are unwrapped, and a path closes into a ring only
// when it returns to its start atom in the same image (a path that wraps through the cell and
// returns to a periodic image of its start is not a ring).
//
// Criteria (Le Roux & Jund, Comput. Mater. Sci. 49 (2010) 70, the R.I.N.G.S. definitions):
//   King (S. V. King, Nature 213 (1967) 1112): for every node and every pair of its neighbours,
//     the shortest paths between the two neighbours that avoid the node close a ring;
//   Guttman (L. Guttman, J. Non-Cryst. Solids 116 (1990) 145): for every link, the shortest paths
//     between its ends that avoid the link close a ring;
//   primitive (Goetzke & Klein, J. Non-Cryst. Solids 127 (1991) 215): rings without a shortcut,
//     i.e. no two nodes of the ring are closer through the network than along the ring.
// Each distinct ring (as a set of unwrapped nodes, up to a lattice translation) counts once.
// Rings in which an atom appears in two different images are not counted.
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/structure/bond_network.hpp"

namespace ionglass {

enum class RingKind { King, Guttman, Primitive };

/// Parses "king,guttman,primitive" (any subset). Throws InputError for unknown names.
std::vector<RingKind> parse_ring_kinds(const std::string& text);
std::string ring_kind_name(RingKind kind);

struct RingOptions {
  std::vector<int> node_elements;  ///< atomic numbers of the ring nodes (formers)
  int bridge_element = 8;          ///< the anion that links two nodes (O)
  int max_size = 12;               ///< largest ring searched (in nodes)
  std::vector<RingKind> kinds;
};

class RingStatistics {
public:
  explicit RingStatistics(RingOptions options);
  /// Counts the rings of one frame (multithreaded over start nodes).
  void compute(const BondNetwork& network);
  std::size_t frame_count() const { return frames_; }
  /// Ring size → mean number of distinct rings per frame.
  std::map<int, double> rings_per_frame(RingKind kind) const;
  /// Ring size → number of distinct rings in the last frame.
  const std::map<int, std::size_t>& last_frame(RingKind kind) const { return last_.at(kind); }

private:
  RingOptions options_;
  std::size_t frames_ = 0;
  std::map<RingKind, std::map<int, std::size_t>> totals_, last_;
};

}  // namespace ionglass
