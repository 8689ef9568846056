#pragma once
// Coordination numbers: for each centre atom of element a, the number of b atoms within the a–b
// cutoff. Accumulated over frames: mean, distribution (fraction of centres with CN = k) and the
// mean a–b bond length.
#include <map>
#include <vector>

#include "ionglass/analysis/structure/bond_network.hpp"

namespace ionglass {

struct CoordinationResult {
  double mean = 0;
  std::map<int, double> distribution;  ///< CN → fraction of centre atoms
  double mean_bond_length_A = 0;
  std::size_t centres = 0;             ///< centre atoms counted over all frames
};

class CoordinationAnalysis {
public:
  /// Ordered pairs (centre first) to analyse; each needs a cutoff in the networks passed to compute().
  explicit CoordinationAnalysis(std::vector<ElementPair> pairs) : pairs_(std::move(pairs)) {}
  void compute(const BondNetwork& network);
  const std::vector<ElementPair>& pairs() const { return pairs_; }
  CoordinationResult result(const ElementPair& pair) const;

private:
  struct Accumulator {
    std::map<int, std::size_t> histogram;
    std::size_t centres = 0, bonds = 0;
    double length_sum = 0;
  };
  std::vector<ElementPair> pairs_;
  std::map<ElementPair, Accumulator> acc_;
};

}  // namespace ionglass
