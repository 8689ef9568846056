#include "ionglass/analysis/structure/network_connectivity.hpp"

#include <algorithm>
#include <unordered_map>

#include "ionglass/core/error.hpp"

namespace ionglass {

NetworkConnectivity::NetworkConnectivity(std::vector<int> formers, std::vector<int> cations, int anion)
    : formers_(std::move(formers)), cations_(std::move(cations)), anion_(anion) {
  for (int f : formers_) qn_[f].assign(7, 0);
}

namespace {
bool contains(const std::vector<int>& v, int z) { return std::find(v.begin(), v.end(), z) != v.end(); }

// Key of a pair of polyhedra: centres i ≤ j and the lattice translation from i to j.
struct PairKey {
  std::int32_t i, j;
  Image shift;
  bool operator==(const PairKey&) const = default;
};
struct PairKeyHash {
  std::size_t operator()(const PairKey& k) const {
    std::size_t h = static_cast<std::size_t>(k.i) * 1000003u ^ static_cast<std::size_t>(k.j) * 9176u;
    for (int s : k.shift) h = h * 131u + static_cast<std::size_t>(s + 64);
    return h;
  }
};
}  // namespace

void NetworkConnectivity::compute(const BondNetwork& net) {
  const std::size_t n = net.atom_count();
  // bridging count of every anion
  std::vector<int> former_neighbors(n, 0);
  for (std::size_t i = 0; i < n; ++i) {
    if (net.element(i) != anion_) continue;
    int c = 0;
    for (std::size_t k = net.begin(i); k < net.end(i); ++k) c += contains(formers_, net.element(net.bond(k).atom));
    former_neighbors[i] = c;
    ++speciation_[std::min(c, 2)];
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (!contains(formers_, net.element(i))) continue;
    int bridging = 0;
    for (std::size_t k = net.begin(i); k < net.end(i); ++k) {
      const auto j = net.bond(k).atom;
      if (net.element(j) == anion_ && former_neighbors[j] >= 2) ++bridging;
    }
    auto& h = qn_[net.element(i)];
    ++h[std::min<std::size_t>(bridging, h.size() - 1)];
  }
  // polyhedron sharing: count common anions of every pair of cation polyhedra
  std::unordered_map<PairKey, int, PairKeyHash> shared;
  for (std::size_t o = 0; o < n; ++o) {
    if (net.element(o) != anion_) continue;
    for (std::size_t k = net.begin(o); k < net.end(o); ++k) {
      const Bond& a = net.bond(k);
      if (!contains(cations_, net.element(a.atom))) continue;
      for (std::size_t l = k + 1; l < net.end(o); ++l) {
        const Bond& b = net.bond(l);
        if (!contains(cations_, net.element(b.atom))) continue;
        // translation from cation a to cation b: (image_b − image_a)
        PairKey key{a.atom, b.atom, {b.image[0] - a.image[0], b.image[1] - a.image[1], b.image[2] - a.image[2]}};
        if (key.i > key.j || (key.i == key.j && key.shift < Image{0, 0, 0})) {
          std::swap(key.i, key.j);
          for (int& s : key.shift) s = -s;
        }
        if (key.i == key.j && key.shift == Image{0, 0, 0}) continue;
        ++shared[key];
      }
    }
  }
  for (const auto& [key, count] : shared) {
    PolyhedronSharing& s = sharing_[ElementPair{net.element(key.i), net.element(key.j)}.unordered()];
    if (count == 1) ++s.corner;
    else if (count == 2) ++s.edge;
    else ++s.face;
  }
  ++frames_;
}

std::vector<double> NetworkConnectivity::qn_fractions(int former) const {
  const auto it = qn_.find(former);
  if (it == qn_.end()) throw InputError(element_symbol(former) + " is not a network former of this analysis");
  std::size_t total = 0;
  for (auto c : it->second) total += c;
  std::vector<double> out(it->second.size(), 0.0);
  if (total)
    for (std::size_t k = 0; k < out.size(); ++k) out[k] = static_cast<double>(it->second[k]) / total;
  return out;
}

std::array<double, 3> NetworkConnectivity::anion_speciation() const {
  const double total = static_cast<double>(speciation_[0] + speciation_[1] + speciation_[2]);
  if (total == 0) return {0, 0, 0};
  return {speciation_[0] / total, speciation_[1] / total, speciation_[2] / total};
}

}  // namespace ionglass
