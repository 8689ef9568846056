#include "ionglass/analysis/structure/void_analysis.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

// Union–find over grid points; offset[i] is the unwrapped lattice offset of point i relative to
// its parent, so find() yields the offset of a point relative to its cluster's root.
struct PeriodicUnionFind {
  std::vector<std::int32_t> parent;
  std::vector<std::array<std::int16_t, 3>> offset;
  std::vector<std::int32_t> size;
  std::vector<std::array<bool, 3>> wraps;

  explicit PeriodicUnionFind(std::size_t n) : parent(n), offset(n, {0, 0, 0}), size(n, 1), wraps(n, {false, false, false}) {
    for (std::size_t i = 0; i < n; ++i) parent[i] = static_cast<std::int32_t>(i);
  }
  std::int32_t find(std::int32_t i, std::array<int, 3>& off) {
    off = {0, 0, 0};
    std::int32_t r = i;
    while (parent[r] != r) {
      for (int k = 0; k < 3; ++k) off[k] += offset[r][k];
      r = parent[r];
    }
    // path compression: point every visited node straight at the root with its total offset
    std::array<int, 3> remaining = off;
    while (parent[i] != r && parent[i] != i) {
      const std::int32_t next = parent[i];
      const auto own = offset[i];
      parent[i] = r;
      for (int k = 0; k < 3; ++k) offset[i][k] = static_cast<std::int16_t>(remaining[k]);
      for (int k = 0; k < 3; ++k) remaining[k] -= own[k];
      i = next;
    }
    return r;
  }
  // joins u and v where unwrapped(v) = unwrapped(u) + one grid step + `image` cells
  void unite(std::int32_t u, std::int32_t v, const std::array<int, 3>& image) {
    std::array<int, 3> ou, ov;
    const std::int32_t ru = find(u, ou), rv = find(v, ov);
    if (ru == rv) {
      for (int k = 0; k < 3; ++k)
        if (ov[k] - ou[k] != image[k]) wraps[ru][k] = true;
      return;
    }
    // offset of rv relative to ru: ou + image − ov
    std::array<int, 3> d{ou[0] + image[0] - ov[0], ou[1] + image[1] - ov[1], ou[2] + image[2] - ov[2]};
    std::int32_t child = rv, root = ru;
    if (size[ru] < size[rv]) {
      child = ru, root = rv;
      for (int& x : d) x = -x;
    }
    parent[child] = root;
    for (int k = 0; k < 3; ++k) offset[child][k] = static_cast<std::int16_t>(d[k]);
    size[root] += size[child];
    for (int k = 0; k < 3; ++k) wraps[root][k] = wraps[root][k] || wraps[child][k];
  }
};

constexpr double histogram_min_A3 = 1e-3;
constexpr int bins_per_decade = 5, histogram_bins = 9 * bins_per_decade;

}  // namespace

VoidFrame analyse_voids(const System& frame, const VoidOptions& options) {
  if (!(options.grid_spacing_A > 0) || !std::isfinite(options.grid_spacing_A))
    throw InputError("the void grid spacing must be positive");
  if (options.probe_radius_A < 0) throw InputError("the probe radius must not be negative");
  if (!frame.cell.fully_periodic() || !frame.cell.has_volume()) throw InputError("void analysis needs a fully periodic cell");
  if (frame.size() == 0) throw InputError("empty structure: no atoms to analyse");
  VoidFrame out;
  const Vec3 lengths = frame.cell.lengths();
  for (int k = 0; k < 3; ++k) out.grid[k] = std::max(1, static_cast<int>(std::ceil(lengths[k] / options.grid_spacing_A)));
  const std::size_t n0 = out.grid[0], n1 = out.grid[1], n2 = out.grid[2];
  const std::size_t total = n0 * n1 * n2;
  if (total > 2'000'000'000ULL) throw InputError("the void grid is too large; use a coarser spacing");
  out.voxel_volume_A3 = frame.cell.volume() / static_cast<double>(total);
  std::vector<std::uint8_t> occupied(total, 0);
  const Vec3 widths = frame.cell.perpendicular_widths();
  const Mat3& h = frame.cell.matrix();
  const auto natoms = static_cast<long long>(frame.size());
  // Occupy spheres (a grid point sits at fractional (i/n0, j/n1, k/n2)). Writes of 1 are
  // idempotent, so threads may overlap without harm.
#pragma omp parallel for schedule(dynamic, 16)
  for (long long a = 0; a < natoms; ++a) {
    const int z = frame.atomic_number(a);
    const auto given = options.radii_A.find(z);
    const double radius = (given != options.radii_A.end() ? given->second : elements::by_number(z).covalent_radius_A) +
                          options.probe_radius_A;
    const double r2 = radius * radius;
    const Vec3 s = frame.cell.to_fractional(frame.positions[a]);
    std::array<long, 3> lo, hi;
    for (int k = 0; k < 3; ++k) {
      const double centre = s[k] * out.grid[k];
      const double reach = radius / widths[k] * out.grid[k];
      lo[k] = static_cast<long>(std::floor(centre - reach));
      hi[k] = static_cast<long>(std::ceil(centre + reach));
    }
    for (long i = lo[0]; i <= hi[0]; ++i)
      for (long j = lo[1]; j <= hi[1]; ++j)
        for (long k = lo[2]; k <= hi[2]; ++k) {
          const Vec3 ds(static_cast<double>(i) / n0 - s[0], static_cast<double>(j) / n1 - s[1], static_cast<double>(k) / n2 - s[2]);
          const Vec3 d = h.transpose() * ds;
          if (d.squaredNorm() > r2) continue;
          const std::size_t ii = static_cast<std::size_t>(((i % static_cast<long>(n0)) + n0) % n0);
          const std::size_t jj = static_cast<std::size_t>(((j % static_cast<long>(n1)) + n1) % n1);
          const std::size_t kk = static_cast<std::size_t>(((k % static_cast<long>(n2)) + n2) % n2);
          occupied[(ii * n1 + jj) * n2 + kk] = 1;
        }
  }
  std::size_t free_points = 0;
  for (auto o : occupied) free_points += !o;
  out.free_volume_fraction = static_cast<double>(free_points) / static_cast<double>(total);
  PeriodicUnionFind uf(total);
  for (std::size_t i = 0; i < n0; ++i)
    for (std::size_t j = 0; j < n1; ++j)
      for (std::size_t k = 0; k < n2; ++k) {
        const std::size_t p = (i * n1 + j) * n2 + k;
        if (occupied[p]) continue;
        // neighbours +1 along each axis (with wrap); image = 1 when the step crosses the boundary
        const std::size_t iq = (i + 1) % n0, jq = (j + 1) % n1, kq = (k + 1) % n2;
        const std::size_t q0 = (iq * n1 + j) * n2 + k, q1 = (i * n1 + jq) * n2 + k, q2 = (i * n1 + j) * n2 + kq;
        if (!occupied[q0]) uf.unite(static_cast<std::int32_t>(p), static_cast<std::int32_t>(q0), {iq == 0 ? 1 : 0, 0, 0});
        if (!occupied[q1]) uf.unite(static_cast<std::int32_t>(p), static_cast<std::int32_t>(q1), {0, jq == 0 ? 1 : 0, 0});
        if (!occupied[q2]) uf.unite(static_cast<std::int32_t>(p), static_cast<std::int32_t>(q2), {0, 0, kq == 0 ? 1 : 0});
      }
  std::vector<std::pair<double, std::array<bool, 3>>> cavities;
  for (std::size_t p = 0; p < total; ++p)
    if (!occupied[p] && uf.parent[p] == static_cast<std::int32_t>(p))
      cavities.push_back({uf.size[p] * out.voxel_volume_A3, uf.wraps[p]});
  std::sort(cavities.begin(), cavities.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
  for (const auto& [v, w] : cavities) {
    out.cavity_volumes_A3.push_back(v);
    out.cavity_percolates.push_back(w);
    for (int k = 0; k < 3; ++k) out.percolates[k] = out.percolates[k] || w[k];
  }
  return out;
}

VoidAnalysis::VoidAnalysis(VoidOptions options) : options_(std::move(options)), histogram_(histogram_bins, 0) {}

void VoidAnalysis::compute(const System& frame) {
  const VoidFrame v = analyse_voids(frame, options_);
  ++frames_;
  free_sum_ += v.free_volume_fraction;
  spacing_ = std::max({frame.cell.lengths()[0] / v.grid[0], frame.cell.lengths()[1] / v.grid[1], frame.cell.lengths()[2] / v.grid[2]});
  for (double c : v.cavity_volumes_A3) {
    ++cavities_;
    volume_sum_ += c;
    largest_ = std::max(largest_, c);
    const int bin = static_cast<int>(std::floor(std::log10(c / histogram_min_A3) * bins_per_decade));
    ++histogram_[std::clamp(bin, 0, histogram_bins - 1)];
  }
  for (int k = 0; k < 3; ++k) percolating_[k] += v.percolates[k];
}

VoidSummary VoidAnalysis::summary() const {
  VoidSummary s;
  if (frames_ == 0) return s;
  const double nf = static_cast<double>(frames_);
  s.free_volume_fraction = free_sum_ / nf;
  s.cavities_per_frame = cavities_ / nf;
  s.mean_cavity_volume_A3 = cavities_ ? volume_sum_ / cavities_ : 0.0;
  s.largest_cavity_volume_A3 = largest_;
  for (int k = 0; k < 3; ++k) s.percolating_fraction[k] = percolating_[k] / nf;
  s.grid_spacing_A = spacing_;
  return s;
}

std::vector<double> VoidAnalysis::histogram_volumes_A3() const {
  std::vector<double> out(histogram_bins);
  for (int b = 0; b < histogram_bins; ++b) out[b] = histogram_min_A3 * std::pow(10.0, (b + 0.5) / bins_per_decade);
  return out;
}

std::vector<double> VoidAnalysis::histogram_counts_per_frame() const {
  std::vector<double> out(histogram_bins, 0.0);
  if (frames_)
    for (int b = 0; b < histogram_bins; ++b) out[b] = histogram_[b] / static_cast<double>(frames_);
  return out;
}

}  // namespace ionglass
