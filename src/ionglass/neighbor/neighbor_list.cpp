#include "ionglass/neighbor/neighbor_list.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>

#include "ionglass/core/error.hpp"
#include "ionglass/core/position_range.hpp"

namespace ionglass {

namespace {

// Squared list radius for a pair of (1-based) types.
struct CutoffTable {
  std::vector<double> squared;
  int ntypes = 0;
  double uniform = 0;
  double operator()(int ti, int tj) const {
    if (ntypes == 0) return uniform;
    return squared[(ti - 1) * ntypes + (tj - 1)];
  }
};

CutoffTable make_cutoff_table(const NeighborListOptions& o, const std::vector<int>& types) {
  if (!(o.cutoff > 0) || !std::isfinite(o.cutoff)) throw InputError("neighbour list cutoff must be positive");
  if (o.skin < 0) throw InputError("neighbour list skin must not be negative");
  CutoffTable t;
  t.uniform = (o.cutoff + o.skin) * (o.cutoff + o.skin);
  if (!o.type_cutoffs.empty()) {
    if (o.ntypes <= 0 || o.type_cutoffs.size() != static_cast<std::size_t>(o.ntypes * o.ntypes))
      throw InputError("per-type cutoff table must have ntypes² entries");
    for (int ty : types)
      if (ty < 1 || ty > o.ntypes) throw InputError("atom type " + std::to_string(ty) + " outside the cutoff table");
    t.ntypes = o.ntypes;
    t.squared.resize(o.type_cutoffs.size());
    for (std::size_t k = 0; k < o.type_cutoffs.size(); ++k) {
      if (o.type_cutoffs[k] > o.cutoff + 1e-12) throw InputError("a pair cutoff exceeds the list cutoff");
      const double rc = o.type_cutoffs[k] > 0 ? o.type_cutoffs[k] + o.skin : 0.0;
      t.squared[k] = rc * rc;
    }
  }
  return t;
}

// Maps integer translations onto compact indices.
class ImageIndexer {
public:
  ImageIndexer(const Image& lo, const Image& hi) : lo_(lo) {
    for (int k = 0; k < 3; ++k) span_[k] = hi[k] - lo[k] + 1;
  }
  long long code(const Image& n) const {
    return (static_cast<long long>(n[0] - lo_[0]) * span_[1] + (n[1] - lo_[1])) * span_[2] + (n[2] - lo_[2]);
  }
  Image decode(long long c) const {
    Image n;
    n[2] = static_cast<int>(c % span_[2]) + lo_[2];
    c /= span_[2];
    n[1] = static_cast<int>(c % span_[1]) + lo_[1];
    n[0] = static_cast<int>(c / span_[1]) + lo_[0];
    return n;
  }

private:
  Image lo_;
  std::array<long long, 3> span_{};
};

// Lexicographic sign of an image: used to keep one of (i, i, n) and (i, i, −n).
bool positive_image(const Image& n) {
  for (int k = 0; k < 3; ++k) {
    if (n[k] > 0) return true;
    if (n[k] < 0) return false;
  }
  return false;
}

}  // namespace

void NeighborList::build(const System& system, const NeighborListOptions& options) {
  build(system.cell, system.positions, system.types, options);
}

void NeighborList::build(const Cell& cell, const std::vector<Vec3>& positions, const std::vector<int>& types,
                         const NeighborListOptions& options) {
  options_ = options;
  const std::size_t n = positions.size();
  const CutoffTable cut2 = make_cutoff_table(options, types);
  if (!types.empty() && types.size() != n) throw InputError("types and positions differ in length");
  if (n > static_cast<std::size_t>(INT32_MAX)) throw InputError("too many atoms for a neighbour list");
  const double radius = options.cutoff + options.skin;
  const Mat3& h = cell.matrix();

  // Fractional coordinates wrapped into [0,1) along periodic axes, and the integer offsets removed.
  std::vector<Vec3> frac(n);
  std::vector<Image> offset(n, Image{0, 0, 0});
  std::array<int, 3> nbins{1, 1, 1};
  std::array<int, 3> reach{0, 0, 0};
  Vec3 lo_s(0, 0, 0), hi_s(1, 1, 1);
  const bool has_cell = cell.has_volume();
  Mat3 inv = has_cell ? cell.inverse() : Mat3::Identity();
  Mat3 lattice = has_cell ? h : Mat3::Identity();
  if (has_cell) {
    const Vec3 width = cell.perpendicular_widths();
    for (int k = 0; k < 3; ++k) {
      if (cell.periodic()[k]) {
        nbins[k] = std::max(1, static_cast<int>(std::floor(width[k] / (0.5 * radius))));
        nbins[k] = std::min(nbins[k], 1024);
        reach[k] = static_cast<int>(std::ceil(radius / (width[k] / nbins[k]) - 1e-12));
      }
    }
  }
  check_position_range(cell, positions, nullptr);  // before the integer image counts below
  for (std::size_t i = 0; i < n; ++i) {
    Vec3 s = inv.transpose() * (positions[i] - cell.origin());
    for (int k = 0; k < 3; ++k) {
      if (has_cell && cell.periodic()[k]) {
        const double f = std::floor(s[k]);
        s[k] -= f;
        if (s[k] >= 1.0) s[k] = 0.0;
        offset[i][k] = static_cast<int>(f);
      }
    }
    frac[i] = s;
  }
  // Non-periodic axes (or no cell): bins over the bounding box in Cartesian-like coordinates.
  if (!has_cell) {
    lo_s = hi_s = n ? frac[0] : Vec3::Zero();
    for (const auto& s : frac) {
      lo_s = lo_s.cwiseMin(s);
      hi_s = hi_s.cwiseMax(s);
    }
  }
  std::array<double, 3> bin_scale{};
  for (int k = 0; k < 3; ++k) {
    if (!has_cell || !cell.periodic()[k]) {
      double extent_lo = has_cell ? 0.0 : lo_s[k], extent_hi = has_cell ? 1.0 : hi_s[k];
      if (has_cell) {
        extent_lo = 1e300;
        extent_hi = -1e300;
        for (const auto& s : frac) {
          extent_lo = std::min(extent_lo, s[k]);
          extent_hi = std::max(extent_hi, s[k]);
        }
        if (n == 0) extent_lo = extent_hi = 0;
      }
      lo_s[k] = extent_lo;
      const double length = has_cell ? (extent_hi - extent_lo) * cell.perpendicular_widths()[k] : extent_hi - extent_lo;
      nbins[k] = std::clamp(static_cast<int>(std::floor(length / radius)), 1, 1024);
      bin_scale[k] = nbins[k] / std::max(extent_hi - extent_lo, 1e-300) * (1 - 1e-12);
      reach[k] = 1;
    } else {
      lo_s[k] = 0;
      bin_scale[k] = nbins[k];
    }
  }

  // Counting sort of atoms into bins.
  const std::size_t total_bins = static_cast<std::size_t>(nbins[0]) * nbins[1] * nbins[2];
  std::vector<int> bin_of(n);
  std::vector<std::size_t> bin_start(total_bins + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    std::array<int, 3> b;
    for (int k = 0; k < 3; ++k)
      b[k] = std::clamp(static_cast<int>((frac[i][k] - lo_s[k]) * bin_scale[k]), 0, nbins[k] - 1);
    bin_of[i] = (b[0] * nbins[1] + b[1]) * nbins[2] + b[2];
    ++bin_start[bin_of[i] + 1];
  }
  for (std::size_t b = 0; b < total_bins; ++b) bin_start[b + 1] += bin_start[b];
  std::vector<int> bin_atoms(n);
  {
    std::vector<std::size_t> fill(bin_start.begin(), bin_start.end() - 1);
    for (std::size_t i = 0; i < n; ++i) bin_atoms[fill[bin_of[i]]++] = static_cast<int>(i);
  }
  // Wrapped Cartesian positions (origin at the cell origin).
  std::vector<Vec3> wrapped(n);
  for (std::size_t i = 0; i < n; ++i) wrapped[i] = has_cell ? Vec3(lattice.transpose() * frac[i]) : positions[i];

  // Range of the stored translations n = T + W_i − W_j.
  Image wmin{0, 0, 0}, wmax{0, 0, 0};
  for (std::size_t i = 0; i < n; ++i)
    for (int k = 0; k < 3; ++k) {
      wmin[k] = std::min(wmin[k], offset[i][k]);
      wmax[k] = std::max(wmax[k], offset[i][k]);
    }
  Image tlo, thi;
  for (int k = 0; k < 3; ++k) {
    const int treach = (has_cell && cell.periodic()[k]) ? (reach[k] + nbins[k] - 1) / nbins[k] + 1 : 0;
    tlo[k] = -treach - (wmax[k] - wmin[k]);
    thi[k] = treach + (wmax[k] - wmin[k]);
  }
  const ImageIndexer indexer(tlo, thi);

  const int nthreads = omp_get_max_threads();
  std::vector<std::vector<Entry>> thread_entries(nthreads);
  std::vector<std::vector<long long>> thread_codes(nthreads);
  std::vector<std::size_t> counts(n, 0);

#pragma omp parallel
  {
    const int tid = omp_get_thread_num();
    auto& codes = thread_codes[tid];
    auto& local = thread_entries[tid];
#pragma omp for schedule(static)
    for (std::size_t i = 0; i < n; ++i) {
      std::array<int, 3> bi;
      for (int k = 0; k < 3; ++k)
        bi[k] = std::clamp(static_cast<int>((frac[i][k] - lo_s[k]) * bin_scale[k]), 0, nbins[k] - 1);
      const int ti = types.empty() ? 1 : types[i];
      const std::size_t before = local.size();
      for (int da = -reach[0]; da <= reach[0]; ++da) {
        int ba = bi[0] + da, ta = 0;
        if (has_cell && cell.periodic()[0]) {
          ta = static_cast<int>(std::floor(static_cast<double>(ba) / nbins[0]));
          ba -= ta * nbins[0];
        } else if (ba < 0 || ba >= nbins[0]) continue;
        for (int db = -reach[1]; db <= reach[1]; ++db) {
          int bb = bi[1] + db, tb = 0;
          if (has_cell && cell.periodic()[1]) {
            tb = static_cast<int>(std::floor(static_cast<double>(bb) / nbins[1]));
            bb -= tb * nbins[1];
          } else if (bb < 0 || bb >= nbins[1]) continue;
          for (int dc = -reach[2]; dc <= reach[2]; ++dc) {
            int bc = bi[2] + dc, tc = 0;
            if (has_cell && cell.periodic()[2]) {
              tc = static_cast<int>(std::floor(static_cast<double>(bc) / nbins[2]));
              bc -= tc * nbins[2];
            } else if (bc < 0 || bc >= nbins[2]) continue;
            const int bin = (ba * nbins[1] + bb) * nbins[2] + bc;
            const Vec3 tshift = has_cell ? Vec3(lattice.transpose() * Vec3(ta, tb, tc)) : Vec3::Zero();
            const Vec3 base = tshift - wrapped[i];
            const bool zero_t = ta == 0 && tb == 0 && tc == 0;
            for (std::size_t q = bin_start[bin]; q < bin_start[bin + 1]; ++q) {
              const int j = bin_atoms[q];
              if (zero_t && static_cast<std::size_t>(j) == i) continue;
              if (options.half) {
                if (static_cast<std::size_t>(j) < i) continue;
                if (static_cast<std::size_t>(j) == i && !positive_image(Image{ta, tb, tc})) continue;
              }
              const Vec3 d = wrapped[j] + base;
              const double r2 = d.squaredNorm();
              const int tj = types.empty() ? 1 : types[j];
              if (r2 < cut2(ti, tj)) {
                const Image shift{ta + offset[i][0] - offset[j][0], tb + offset[i][1] - offset[j][1],
                                  tc + offset[i][2] - offset[j][2]};
                local.push_back(Entry{j, 0});
                codes.push_back(indexer.code(shift));
              }
            }
          }
        }
      }
      counts[i] = local.size() - before;
    }
  }

  // Compact the image codes and concatenate the per-thread lists (static schedule keeps order).
  // The code space is small unless positions lie many cells apart: then a dense lookup table,
  // else a hash map.
  images_.clear();
  offsets_.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) offsets_[i + 1] = offsets_[i] + counts[i];
  entries_.resize(offsets_[n]);
  const long long code_space = indexer.code(thi) + 1;
  std::vector<int> dense_index(code_space <= (1LL << 22) ? static_cast<std::size_t>(code_space) : 0, -1);
  std::unordered_map<long long, int> sparse_index;
  auto index_of = [&](long long c) {
    int& slot = dense_index.empty() ? sparse_index.try_emplace(c, -1).first->second : dense_index[c];
    if (slot < 0) {
      slot = static_cast<int>(images_.size());
      images_.push_back(indexer.decode(c));
    }
    return slot;
  };
  std::size_t pos = 0;
  for (int t = 0; t < nthreads; ++t)
    for (std::size_t k = 0; k < thread_entries[t].size(); ++k)
      entries_[pos++] = Entry{thread_entries[t][k].atom, index_of(thread_codes[t][k])};
  reference_positions_ = positions;
}

bool NeighborList::needs_rebuild(const std::vector<Vec3>& positions) const {
  if (positions.size() != reference_positions_.size()) return true;
  const double limit2 = 0.25 * options_.skin * options_.skin;
  for (std::size_t i = 0; i < positions.size(); ++i)
    if ((positions[i] - reference_positions_[i]).squaredNorm() > limit2) return true;
  return false;
}

std::vector<Vec3> NeighborList::shift_vectors(const Cell& cell) const {
  std::vector<Vec3> out(images_.size());
  for (std::size_t k = 0; k < images_.size(); ++k)
    out[k] = cell.has_volume() ? cell.translation(images_[k]) : Vec3::Zero();
  return out;
}

NeighborList brute_force_neighbor_list(const System& system, const NeighborListOptions& options) {
  NeighborList list;
  list.options_ = options;
  const std::size_t n = system.size();
  const CutoffTable cut2 = make_cutoff_table(options, system.types);
  const Cell& cell = system.cell;
  std::array<int, 3> reach{0, 0, 0};
  if (cell.has_volume()) {
    const Vec3 w = cell.perpendicular_widths();
    for (int k = 0; k < 3; ++k)
      if (cell.periodic()[k]) reach[k] = static_cast<int>(std::ceil((options.cutoff + options.skin) / w[k])) + 1;
  }
  std::map<Image, int> index;
  list.offsets_.assign(n + 1, 0);
  for (std::size_t i = 0; i < n; ++i) {
    for (std::size_t j = 0; j < n; ++j) {
      for (int a = -reach[0]; a <= reach[0]; ++a)
        for (int b = -reach[1]; b <= reach[1]; ++b)
          for (int c = -reach[2]; c <= reach[2]; ++c) {
            const Image img{a, b, c};
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            if (options.half && (j < i || (j == i && !positive_image(img)))) continue;
            const Vec3 shift = cell.has_volume() ? cell.translation(img) : Vec3::Zero();
            const Vec3 d = system.positions[j] + shift - system.positions[i];
            if (d.squaredNorm() < cut2(system.types[i], system.types[j])) {
              auto [it, inserted] = index.emplace(img, static_cast<int>(list.images_.size()));
              if (inserted) list.images_.push_back(img);
              list.entries_.push_back(NeighborList::Entry{static_cast<std::int32_t>(j), it->second});
            }
          }
    }
    list.offsets_[i + 1] = list.entries_.size();
  }
  list.reference_positions_ = system.positions;
  return list;
}

}  // namespace ionglass
