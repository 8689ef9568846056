#include "ionglass/neighbor/pair_search.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>

#include "ionglass/core/error.hpp"
#include "ionglass/core/position_range.hpp"

namespace ionglass {

PairSearch::PairSearch(const Cell& cell, const std::vector<Vec3>& positions, double radius_A) : radius_(radius_A) {
  if (!(radius_A > 0) || !std::isfinite(radius_A))
    throw InputError("the pair search radius must be positive and finite");
  radius2_ = radius_A * radius_A;
  const std::size_t n = positions.size();
  const bool has_cell = cell.has_volume();
  for (int k = 0; k < 3; ++k) periodic_[k] = has_cell && cell.periodic()[k];
  const Mat3 inverse = has_cell ? cell.inverse() : Mat3::Identity();
  lattice_ = has_cell ? cell.matrix() : Mat3::Identity();
  if (has_cell) {
    // Periodic axes: bins at least radius/2 wide, the stencil reaching radius.
    const Vec3 width = cell.perpendicular_widths();
    for (int k = 0; k < 3; ++k)
      if (periodic_[k]) {
        nbins_[k] = std::min(std::max(1, static_cast<int>(std::floor(width[k] / (0.5 * radius_A)))), 1024);
        reach_[k] = static_cast<int>(std::ceil(radius_A / (width[k] / nbins_[k]) - 1e-12));
      }
  }
  check_position_range(cell, positions, nullptr);  // before the integer image counts below

  // Fractional coordinates wrapped into [0,1) along periodic axes, and the integer offsets removed.
  std::vector<Vec3> frac(n);
  offset_.assign(n, Image{0, 0, 0});
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 s = inverse.transpose() * (positions[i] - cell.origin());
    for (int k = 0; k < 3; ++k)
      if (periodic_[k]) {
        const double f = std::floor(s[k]);
        s[k] -= f;
        if (s[k] >= 1.0) s[k] = 0.0;
        offset_[i][k] = static_cast<int>(f);
      }
    frac[i] = s;
  }
  // Open axes: bins of at least the radius over the bounding box, the stencil reaching one bin.
  Vec3 lower(0, 0, 0);
  std::array<double, 3> bin_scale{};
  for (int k = 0; k < 3; ++k) {
    if (periodic_[k]) {
      bin_scale[k] = nbins_[k];
      continue;
    }
    double lo = 0, hi = 0;
    if (n > 0) {
      lo = hi = frac[0][k];
      for (const auto& s : frac) {
        lo = std::min(lo, s[k]);
        hi = std::max(hi, s[k]);
      }
    }
    lower[k] = lo;
    const double length = has_cell ? (hi - lo) * cell.perpendicular_widths()[k] : hi - lo;
    nbins_[k] = std::clamp(static_cast<int>(std::floor(length / radius_A)), 1, 1024);
    bin_scale[k] = nbins_[k] / std::max(hi - lo, 1e-300) * (1 - 1e-12);
    reach_[k] = 1;
  }

  // Counting sort of atoms into bins (stable: ascending index within a bin).
  const std::size_t total_bins = static_cast<std::size_t>(nbins_[0]) * nbins_[1] * nbins_[2];
  bin_.resize(n);
  std::vector<std::size_t> bin_of(n);
  bin_start_.assign(total_bins + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (int k = 0; k < 3; ++k)
      bin_[i][k] = std::clamp(static_cast<int>((frac[i][k] - lower[k]) * bin_scale[k]), 0, nbins_[k] - 1);
    bin_of[i] = (static_cast<std::size_t>(bin_[i][0]) * nbins_[1] + bin_[i][1]) * nbins_[2] + bin_[i][2];
    ++bin_start_[bin_of[i] + 1];
  }
  for (std::size_t b = 0; b < total_bins; ++b) bin_start_[b + 1] += bin_start_[b];
  wrapped_.resize(n);
  for (std::size_t i = 0; i < n; ++i) wrapped_[i] = has_cell ? Vec3(lattice_.transpose() * frac[i]) : positions[i];
  bin_atoms_.resize(n);
  sorted_wrapped_.resize(n);
  std::vector<std::size_t> fill(bin_start_.begin(), bin_start_.end() - 1);
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t slot = fill[bin_of[i]]++;
    bin_atoms_[slot] = i;
    sorted_wrapped_[slot] = wrapped_[i];
  }
}

std::pair<Image, Image> PairSearch::image_range() const {
  // image = T + W_i − W_j with |T_k| ≤ ceil(reach/nbins) + 1 along periodic axes
  Image wmin{0, 0, 0}, wmax{0, 0, 0};
  for (const Image& w : offset_)
    for (int k = 0; k < 3; ++k) {
      wmin[k] = std::min(wmin[k], w[k]);
      wmax[k] = std::max(wmax[k], w[k]);
    }
  Image lo, hi;
  for (int k = 0; k < 3; ++k) {
    const int translation_reach = periodic_[k] ? (reach_[k] + nbins_[k] - 1) / nbins_[k] + 1 : 0;
    lo[k] = -translation_reach - (wmax[k] - wmin[k]);
    hi[k] = translation_reach + (wmax[k] - wmin[k]);
  }
  return {lo, hi};
}

}  // namespace ionglass
