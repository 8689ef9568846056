#include "ionglass/analysis/structure/bond_angles.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

std::string BondAngleTriplet::name() const {
  return element_symbol(first) + "-" + element_symbol(centre) + "-" + element_symbol(second);
}

std::vector<BondAngleTriplet> parse_bond_angle_triplets(const std::string& text) {
  std::vector<BondAngleTriplet> out;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    start = end + 1;
    if (item.empty()) continue;
    std::vector<std::string> parts;
    std::size_t p = 0;
    while (true) {
      const auto d = item.find('-', p);
      parts.push_back(item.substr(p, d == std::string::npos ? std::string::npos : d - p));
      if (d == std::string::npos) break;
      p = d + 1;
    }
    if (parts.size() != 3) throw InputError("--angles: '" + item + "' is not of the form A-B-C (centre B)");
    int z[3];
    for (int k = 0; k < 3; ++k) {
      const auto found = elements::find_symbol(parts[k]);
      if (!found) throw InputError("--angles: unknown element '" + parts[k] + "' in '" + item + "'");
      z[k] = *found;
    }
    out.push_back({std::min(z[0], z[2]), z[1], std::max(z[0], z[2])});
  }
  if (out.empty()) throw InputError("--angles: no angles given (e.g. O-P-O,P-O-P)");
  return out;
}

BondAngleDistribution::BondAngleDistribution(std::vector<BondAngleTriplet> triplets, double bin_width_deg)
    : triplets_(std::move(triplets)), bin_width_(bin_width_deg) {
  if (!(bin_width_deg > 0) || bin_width_deg > 90) throw InputError("the angle bin width must be in (0, 90] degrees");
  bins_ = static_cast<std::size_t>(std::ceil(180.0 / bin_width_deg - 1e-9));
  for (auto& t : triplets_) {
    if (t.first > t.second) std::swap(t.first, t.second);
    histogram_[t].assign(bins_, 0);
    sum_[t] = 0;
  }
}

void BondAngleDistribution::compute(const BondNetwork& net) {
  const double to_deg = 180.0 / std::numbers::pi;
  for (const auto& t : triplets_) {
    auto& h = histogram_[t];
    double& s = sum_[t];
    for (std::size_t i = 0; i < net.atom_count(); ++i) {
      if (net.element(i) != t.centre) continue;
      for (std::size_t k = net.begin(i); k < net.end(i); ++k) {
        const Bond& b1 = net.bond(k);
        const int z1 = net.element(b1.atom);
        if (z1 != t.first && z1 != t.second) continue;
        for (std::size_t l = k + 1; l < net.end(i); ++l) {
          const Bond& b2 = net.bond(l);
          const int z2 = net.element(b2.atom);
          if (!((z1 == t.first && z2 == t.second) || (z1 == t.second && z2 == t.first))) continue;
          const double c = std::clamp(b1.vector.dot(b2.vector) / (b1.length * b2.length), -1.0, 1.0);
          const double angle = std::acos(c) * to_deg;
          const auto bin = std::min(bins_ - 1, static_cast<std::size_t>(angle / bin_width_));
          ++h[bin];
          s += angle;
        }
      }
    }
  }
}

std::vector<double> BondAngleDistribution::angles_deg() const {
  std::vector<double> out(bins_);
  for (std::size_t k = 0; k < bins_; ++k) out[k] = std::min(180.0, (k + 0.5) * bin_width_);
  return out;
}

std::size_t BondAngleDistribution::angle_count(const BondAngleTriplet& t) const {
  std::size_t n = 0;
  for (auto c : histogram_.at(t)) n += c;
  return n;
}

std::vector<double> BondAngleDistribution::distribution(const BondAngleTriplet& t) const {
  const auto& h = histogram_.at(t);
  const double n = static_cast<double>(angle_count(t));
  std::vector<double> out(bins_, 0.0);
  if (n > 0)
    for (std::size_t k = 0; k < bins_; ++k) out[k] = h[k] / (n * bin_width_);
  return out;
}

double BondAngleDistribution::mean_deg(const BondAngleTriplet& t) const {
  const std::size_t n = angle_count(t);
  return n ? sum_.at(t) / static_cast<double>(n) : 0.0;
}

}  // namespace ionglass
