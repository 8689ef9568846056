#include "ionglass/neighbor/neighbor_list.hpp"

#include <omp.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <unordered_map>

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/pair_search.hpp"

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
  const PairSearch search(cell, positions, options.cutoff + options.skin);
  const auto [image_lo, image_hi] = search.image_range();
  const ImageIndexer indexer(image_lo, image_hi);

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
      const int ti = types.empty() ? 1 : types[i];
      const std::size_t before = local.size();
      search.for_each_neighbor(i, options.half, [&](std::size_t j, const Image& image, const Vec3&, double r2) {
        const int tj = types.empty() ? 1 : types[j];
        if (r2 < cut2(ti, tj)) {
          local.push_back(Entry{static_cast<std::int32_t>(j), 0});
          codes.push_back(indexer.code(image));
        }
      });
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
  const long long code_space = indexer.code(image_hi) + 1;
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
            if (options.half && (j < i || (j == i && !pair_search_detail::positive_image(a, b, c)))) continue;
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
