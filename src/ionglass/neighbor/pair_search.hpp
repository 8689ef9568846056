#pragma once
// The one spatial query: every pair of atoms closer than a radius, on periodic triclinic cells,
// partly periodic cells and open boundaries, streamed to a visitor (no pair list is stored).
//
// Atoms are binned in fractional coordinates (a cell list). Along a periodic axis the bin width
// perpendicular to the opposite faces is at least half the radius and the stencil reaches as many
// bins as the radius needs, so cells narrower than the radius work too: periodic images are
// enumerated explicitly and an atom may be its own neighbour in another image. Along an open axis
// (or without a cell) bins cover the atoms' bounding box.
//
// For each pair the visitor gets the neighbour j, the integer image n and the displacement
//   r_ij = x_j − x_i + n_a a + n_b b + n_c c      (x the positions given, wrapped or not)
// computed from the wrapped positions, and |r_ij|² < radius². `half`: each pair once (j > i, or
// j = i with a lexicographically positive image); otherwise each pair from both atoms.
//
// Order: for atom i, neighbours come bin by bin over the stencil (axis a outermost, then b, c)
// and by ascending index within a bin. The order depends only on the positions, cell and radius,
// so sums over pairs reduced per atom, or per thread chunk in thread order, are bit-identical for
// a fixed thread count.
#include <omp.h>

#include <array>
#include <cstddef>
#include <utility>
#include <vector>

#include "ionglass/core/cell.hpp"

namespace ionglass {

class PairSearch {
 public:
  /// Bins `positions` for pairs closer than `radius_A` (Å, > 0, finite). Throws InputError for a
  /// bad radius or positions too far outside the cell (core/position_range).
  PairSearch(const Cell& cell, const std::vector<Vec3>& positions, double radius_A);

  std::size_t atom_count() const { return offset_.size(); }
  double radius() const { return radius_; }

  /// Calls visitor(j, image, displacement, distance_squared) for every neighbour j of atom i.
  template <class Visitor>
  void for_each_neighbor(std::size_t i, bool half, Visitor&& visitor) const;

  /// Calls visitor(i, j, image, displacement, distance_squared) for every pair, serially.
  template <class Visitor>
  void for_each_pair(bool half, Visitor&& visitor) const {
    for (std::size_t i = 0; i < atom_count(); ++i)
      for_each_neighbor(i, half,
                        [&](std::size_t j, const Image& n, const Vec3& d, double r2) { visitor(i, j, n, d, r2); });
  }

  /// Threaded form: one visitor per thread (visitors.size() threads). Atoms are split into
  /// contiguous chunks by a static schedule, visitors[t] sees the pairs of chunk t only, so
  /// reducing the visitors in index order gives the same result for the same thread count.
  template <class Visitor>
  void for_each_pair_threaded(bool half, std::vector<Visitor>& visitors) const;

  /// Smallest and largest image components that for_each_neighbor can report.
  std::pair<Image, Image> image_range() const;

 private:
  /// Bin `b` along `axis` of a stencil step: on a periodic axis wrapped into [0, nbins) with the
  /// lattice translation it crossed (floor division); false outside an open axis.
  bool stencil_bin(int axis, int b, int& wrapped, int& translation) const {
    if (periodic_[axis]) {
      const int n = nbins_[axis];
      translation = b >= 0 ? b / n : -((-b + n - 1) / n);
      wrapped = b - translation * n;
      return true;
    }
    wrapped = b;
    translation = 0;
    return b >= 0 && b < nbins_[axis];
  }

  double radius_ = 0;
  double radius2_ = 0;
  std::array<bool, 3> periodic_{};  ///< periodic and the cell has a volume
  std::array<int, 3> nbins_{1, 1, 1};
  std::array<int, 3> reach_{0, 0, 0};
  Mat3 lattice_ = Mat3::Identity();
  std::vector<Image> offset_;            ///< lattice translation removed by wrapping atom i
  std::vector<std::array<int, 3>> bin_;  ///< bin coordinates of atom i
  std::vector<std::size_t> bin_start_;   ///< atoms of bin b: bin_start_[b] .. bin_start_[b+1]
  std::vector<std::size_t> bin_atoms_;   ///< atom indices sorted by bin (ascending within a bin)
  std::vector<Vec3> sorted_wrapped_;     ///< wrapped position of bin_atoms_[q]
  std::vector<Vec3> wrapped_;            ///< wrapped position of atom i
};

namespace pair_search_detail {
// Lexicographic sign of an image: keeps one of (i, i, n) and (i, i, −n) in half mode.
inline bool positive_image(int a, int b, int c) {
  return a > 0 || (a == 0 && (b > 0 || (b == 0 && c > 0)));
}
}  // namespace pair_search_detail

template <class Visitor>
void PairSearch::for_each_neighbor(std::size_t i, bool half, Visitor&& visitor) const {
  const std::array<int, 3>& bi = bin_[i];
  const Vec3& xi = wrapped_[i];
  for (int da = -reach_[0]; da <= reach_[0]; ++da) {
    int ba = 0, ta = 0;
    if (!stencil_bin(0, bi[0] + da, ba, ta)) continue;
    for (int db = -reach_[1]; db <= reach_[1]; ++db) {
      int bb = 0, tb = 0;
      if (!stencil_bin(1, bi[1] + db, bb, tb)) continue;
      for (int dc = -reach_[2]; dc <= reach_[2]; ++dc) {
        int bc = 0, tc = 0;
        if (!stencil_bin(2, bi[2] + dc, bc, tc)) continue;
        const std::size_t bin = (static_cast<std::size_t>(ba) * nbins_[1] + bb) * nbins_[2] + bc;
        const Vec3 base = Vec3(lattice_.transpose() * Vec3(ta, tb, tc)) - xi;
        const bool zero_translation = ta == 0 && tb == 0 && tc == 0;
        const bool positive = pair_search_detail::positive_image(ta, tb, tc);
        for (std::size_t q = bin_start_[bin]; q < bin_start_[bin + 1]; ++q) {
          const std::size_t j = bin_atoms_[q];
          if (j == i && (zero_translation || (half && !positive))) continue;
          if (half && j < i) continue;
          const Vec3 d = sorted_wrapped_[q] + base;
          const double r2 = d.squaredNorm();
          if (!(r2 < radius2_)) continue;
          const Image image{ta + offset_[i][0] - offset_[j][0], tb + offset_[i][1] - offset_[j][1],
                            tc + offset_[i][2] - offset_[j][2]};
          visitor(j, image, d, r2);
        }
      }
    }
  }
}

template <class Visitor>
void PairSearch::for_each_pair_threaded(bool half, std::vector<Visitor>& visitors) const {
  const long long n = static_cast<long long>(atom_count());
  const int threads = static_cast<int>(visitors.size());
  if (threads == 0) return;
#pragma omp parallel num_threads(threads)
  {
    Visitor& visitor = visitors[static_cast<std::size_t>(omp_get_thread_num())];
#pragma omp for schedule(static)
    for (long long i = 0; i < n; ++i)
      for_each_neighbor(static_cast<std::size_t>(i), half,
                        [&](std::size_t j, const Image& image, const Vec3& d, double r2) {
                          visitor(static_cast<std::size_t>(i), j, image, d, r2);
                        });
  }
}

}  // namespace ionglass
