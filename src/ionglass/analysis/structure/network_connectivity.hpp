#pragma once
// Network connectivity of an oxide glass: oxygen speciation, Qⁿ of network formers and the
// sharing of corners, edges and faces between cation polyhedra.
//
// An anion O (oxygen by default) is free with no former within the former–O cutoff,
// non-bridging with one, bridging with two or more. Qⁿ of a former: n = number of its O
// neighbours that are bridging. Two cation polyhedra (centres i, j, including periodic images)
// share a corner, an edge or a face when they have 1, 2 or ≥3 common O neighbours.
#include <array>
#include <map>
#include <vector>

#include "ionglass/analysis/structure/bond_network.hpp"

namespace ionglass {

struct PolyhedronSharing {
  std::size_t corner = 0, edge = 0, face = 0;  ///< summed over frames
  std::size_t total() const { return corner + edge + face; }
};

class NetworkConnectivity {
public:
  /// `formers`: atomic numbers of network formers (P); `cations`: centres of polyhedra for the
  /// sharing statistics; `anion`: the bridging species (O).
  NetworkConnectivity(std::vector<int> formers, std::vector<int> cations, int anion = 8);
  void compute(const BondNetwork& network);

  std::size_t frame_count() const { return frames_; }
  const std::vector<int>& formers() const { return formers_; }
  /// Qⁿ fractions of a former: index n = 0..max_n (n > 4 collected in the last entries).
  std::vector<double> qn_fractions(int former) const;
  /// Fractions of free, non-bridging and bridging anions.
  std::array<double, 3> anion_speciation() const;
  std::array<std::size_t, 3> anion_speciation_counts() const { return speciation_; }
  /// Polyhedron sharing per unordered cation pair (summed over frames; divide by frame_count()).
  const std::map<ElementPair, PolyhedronSharing>& sharing() const { return sharing_; }

private:
  std::vector<int> formers_, cations_;
  int anion_;
  std::size_t frames_ = 0;
  std::map<int, std::vector<std::size_t>> qn_;
  std::array<std::size_t, 3> speciation_{0, 0, 0};
  std::map<ElementPair, PolyhedronSharing> sharing_;
};

}  // namespace ionglass
