#include "ionglass/analysis/structure/percolation_barriers.hpp"

#include <algorithm>
#include <cstdint>
#include <numeric>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

using Offset = std::array<long long, 3>;

Offset add(const Offset& a, const Offset& b) {
  return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
Offset subtract(const Offset& a, const Offset& b) {
  return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
bool is_zero(const Offset& a) {
  return a[0] == 0 && a[1] == 0 && a[2] == 0;
}
Offset cross(const Offset& a, const Offset& b) {
  return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
long long dot(const Offset& a, const Offset& b) {
  return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

// Independent lattice translations of one component (at most 3).
struct Translations {
  std::array<Offset, 3> basis{};
  int rank = 0;
  // Adds `t` if it is independent of the basis; returns true when the rank grew.
  bool add(const Offset& t) {
    if (is_zero(t) || rank == 3) return false;
    if (rank == 1 && is_zero(cross(basis[0], t))) return false;
    if (rank == 2 && dot(cross(basis[0], basis[1]), t) == 0) return false;
    basis[rank++] = t;
    return true;
  }
};

class OffsetUnionFind {
 public:
  explicit OffsetUnionFind(std::size_t n) : parent_(n), offset_(n, Offset{0, 0, 0}) {
    std::iota(parent_.begin(), parent_.end(), std::uint32_t(0));
  }
  // Root of x; `offset` receives x's image offset relative to the root (path compression keeps it).
  std::uint32_t find(std::uint32_t x, Offset& offset) {
    std::uint32_t root = x;
    Offset total{0, 0, 0};
    while (parent_[root] != root) {
      total = add(total, offset_[root]);
      root = parent_[root];
    }
    // Compress: walk again, giving every node its offset to the root directly.
    Offset remaining = total;
    while (parent_[x] != x) {
      const std::uint32_t next = parent_[x];
      const Offset own = offset_[x];
      parent_[x] = root;
      offset_[x] = remaining;
      remaining = subtract(remaining, own);
      x = next;
    }
    offset = total;
    return root;
  }
  void attach(std::uint32_t child_root, std::uint32_t parent_root, const Offset& offset) {
    parent_[child_root] = parent_root;
    offset_[child_root] = offset;
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<Offset> offset_;
};

}  // namespace

PercolationBarriers percolation_barriers(const std::vector<double>& energy_eV, const std::array<int, 3>& grid) {
  if (grid[0] < 1 || grid[1] < 1 || grid[2] < 1) throw InputError("percolation: empty grid");
  const std::size_t n = std::size_t(grid[0]) * grid[1] * grid[2];
  if (energy_eV.size() != n) throw InputError("percolation: grid size does not match the number of energies");
  if (n >= std::size_t(UINT32_MAX)) throw InputError("percolation: grid too large");
  std::vector<std::uint32_t> order(n);
  std::iota(order.begin(), order.end(), std::uint32_t(0));
  std::sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) { return energy_eV[a] < energy_eV[b]; });
  const double minimum = energy_eV[order.front()];

  OffsetUnionFind sets(n);
  std::vector<char> active(n, 0);
  std::vector<Translations> translations(n);
  PercolationBarriers result;
  int found = 0;  // dimensions found so far
  for (const std::uint32_t v : order) {
    active[v] = 1;
    const int idx[3] = {int(v / (std::size_t(grid[1]) * grid[2])), int(v / grid[2] % grid[1]), int(v % grid[2])};
    for (int d = 0; d < 3 && found < 3; ++d)
      for (int step : {-1, 1}) {
        int nb[3] = {idx[0], idx[1], idx[2]};
        Offset shift{0, 0, 0};
        nb[d] += step;
        if (nb[d] < 0) nb[d] += grid[d], shift[d] = -1;
        if (nb[d] >= grid[d]) nb[d] -= grid[d], shift[d] = 1;
        const std::uint32_t u = std::uint32_t((std::size_t(nb[0]) * grid[1] + nb[1]) * grid[2] + nb[2]);
        if (!active[u]) continue;
        // The neighbour of v in image `shift` is u: in one unwrapped embedding off(u) = off(v) + shift.
        Offset off_v, off_u;
        const std::uint32_t root_v = sets.find(v, off_v);
        const std::uint32_t root_u = sets.find(u, off_u);
        Offset loop = subtract(add(off_v, shift), off_u);
        std::uint32_t root = root_v;
        if (root_u == root_v) {
          translations[root].add(loop);
        } else {
          sets.attach(root_u, root_v, loop);  // off'(u) = loop + off(u) = off(v) + shift
          for (int r = 0; r < translations[root_u].rank; ++r) translations[root_v].add(translations[root_u].basis[r]);
        }
        while (found < translations[root].rank) {
          result.barrier_eV[found] = energy_eV[v] - minimum;
          result.wrap_vector[found] = translations[root].basis[found];
          ++found;
        }
      }
    if (found == 3) break;
  }
  return result;
}

}  // namespace ionglass
