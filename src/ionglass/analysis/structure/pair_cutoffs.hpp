#pragma once
// Bond cutoffs per unordered element pair: given ("P-O=2.0,Fe-O=2.7") or "auto" (the first
// minimum of g_ab after its first maximum, from a lightly smoothed g).
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/structure/element_pair.hpp"

namespace ionglass {

class PairDistribution;

class PairCutoffs {
public:
  /// Sets the cutoff (Å) of the unordered pair; `automatic` marks values found from g(r).
  void set(const ElementPair& pair, double cutoff_A, bool automatic = false);
  bool has(const ElementPair& pair) const { return values_.count(pair.unordered()) > 0; }
  /// The cutoff of the pair (either order); 0 when none is set.
  double get(const ElementPair& pair) const;
  bool is_automatic(const ElementPair& pair) const;
  double largest() const;
  /// Unordered pairs with a cutoff.
  std::vector<ElementPair> pairs() const;
  bool empty() const { return values_.empty(); }

private:
  std::map<ElementPair, double> values_;
  std::map<ElementPair, bool> automatic_;
};

/// Parses "A-B=r,C-D=r" (Å). Throws InputError on unknown elements or non-positive values.
PairCutoffs parse_pair_cutoffs(const std::string& text);

/// The first minimum of g after its first maximum, with g smoothed by a Gaussian of width
/// `smoothing_A` (default 0.05 Å). Throws InputError if g has no maximum followed by a minimum.
double first_minimum_after_first_peak(const std::vector<double>& r, const std::vector<double>& g,
                                      double smoothing_A = 0.05);

/// Cation–anion pairs (centre = cation, neighbour = anion) among `elements`.
std::vector<ElementPair> cation_anion_pairs(const std::vector<int>& elements);

/// Completes `cutoffs` with automatic values from `rdf` for every pair in `pairs` without one.
void add_automatic_cutoffs(PairCutoffs& cutoffs, const PairDistribution& rdf, const std::vector<ElementPair>& pairs);

}  // namespace ionglass
