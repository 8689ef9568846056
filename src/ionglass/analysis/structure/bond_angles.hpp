#pragma once
// Bond-angle distributions b1–a–b2: for every centre a, every unordered pair of distinct
// neighbours (b1, b2) within the a–b1 and a–b2 cutoffs. Histogram in degrees on [0, 180],
// normalised to unit area (density per degree).
#include <map>
#include <string>
#include <vector>

#include "ionglass/analysis/structure/bond_network.hpp"

namespace ionglass {

/// An angle b1–centre–b2 ("O-P-O": centre P).
struct BondAngleTriplet {
  int first = 0, centre = 0, second = 0;
  std::string name() const;
  friend auto operator<=>(const BondAngleTriplet&, const BondAngleTriplet&) = default;
};

/// Parses "O-P-O,P-O-P". Throws InputError for unknown elements or malformed entries.
std::vector<BondAngleTriplet> parse_bond_angle_triplets(const std::string& text);

class BondAngleDistribution {
public:
  BondAngleDistribution(std::vector<BondAngleTriplet> triplets, double bin_width_deg = 1.0);
  void compute(const BondNetwork& network);
  const std::vector<BondAngleTriplet>& triplets() const { return triplets_; }
  std::vector<double> angles_deg() const;  ///< bin centres
  /// Density per degree (integrates to 1); zeros when no angle was found.
  std::vector<double> distribution(const BondAngleTriplet& triplet) const;
  std::size_t angle_count(const BondAngleTriplet& triplet) const;
  double mean_deg(const BondAngleTriplet& triplet) const;

private:
  std::vector<BondAngleTriplet> triplets_;
  double bin_width_;
  std::size_t bins_;
  std::map<BondAngleTriplet, std::vector<std::size_t>> histogram_;
  std::map<BondAngleTriplet, double> sum_;
};

}  // namespace ionglass
