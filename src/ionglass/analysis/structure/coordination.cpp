#include "ionglass/analysis/structure/coordination.hpp"

#include "ionglass/core/error.hpp"

namespace ionglass {

void CoordinationAnalysis::compute(const BondNetwork& net) {
  for (const ElementPair& p : pairs_) {
    Accumulator& a = acc_[p];
    for (std::size_t i = 0; i < net.atom_count(); ++i) {
      if (net.element(i) != p.centre) continue;
      int cn = 0;
      for (std::size_t k = net.begin(i); k < net.end(i); ++k) {
        const Bond& b = net.bond(k);
        if (net.element(b.atom) != p.neighbor) continue;
        ++cn;
        a.length_sum += b.length;
      }
      a.bonds += cn;
      ++a.histogram[cn];
      ++a.centres;
    }
  }
}

CoordinationResult CoordinationAnalysis::result(const ElementPair& pair) const {
  const auto it = acc_.find(pair);
  if (it == acc_.end() || it->second.centres == 0)
    throw InputError("no " + element_symbol(pair.centre) + " atoms for the coordination of " + pair.name());
  const Accumulator& a = it->second;
  CoordinationResult r;
  r.centres = a.centres;
  r.mean = static_cast<double>(a.bonds) / a.centres;
  for (const auto& [cn, n] : a.histogram) r.distribution[cn] = static_cast<double>(n) / a.centres;
  r.mean_bond_length_A = a.bonds ? a.length_sum / a.bonds : 0.0;
  return r;
}

}  // namespace ionglass
