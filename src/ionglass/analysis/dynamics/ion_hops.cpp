#include "ionglass/analysis/dynamics/ion_hops.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <numeric>
#include <queue>

#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

struct Residence {
  std::size_t ion = 0;     // index into atoms
  std::size_t start = 0;   // first frame
  std::size_t end = 0;     // last frame + 1
  Vec3 centre = Vec3::Zero();  // unwrapped
  bool completed = false;  // ended by a hop and did not start at frame 0
};

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), std::size_t{0}); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) { parent[find(a)] = find(b); }
};

Vec3 mean_position(const UnwrappedTrajectory& t, std::size_t atom, std::size_t first, std::size_t end) {
  Vec3 sum = Vec3::Zero();
  for (std::size_t f = first; f < end; ++f) sum += Eigen::Map<const Vec3>(t.position(f, atom));
  return sum / static_cast<double>(end - first);
}

}  // namespace

HopResult analyse_hops(const UnwrappedTrajectory& t, const std::vector<std::size_t>& atoms, const HopOptions& options) {
  if (!(options.threshold_A > 0) || !(options.persistence_ps >= 0) || !(options.site_radius_A > 0))
    throw InputError("hop threshold and site radius must be positive, the persistence time not negative");
  const std::size_t frames = t.frame_count();
  const double dt = t.frame_interval_ps();
  HopResult result;
  result.ions = atoms.size();
  result.total_time_ps = static_cast<double>(frames - 1) * dt;
  const std::size_t persist = std::max<std::size_t>(1, static_cast<std::size_t>(std::llround(options.persistence_ps / dt)));
  result.persistence_frames = persist;
  const double threshold2 = options.threshold_A * options.threshold_A;

  // 1. Residences and hops of every ion.
  std::vector<Residence> residences;
  std::vector<std::pair<std::size_t, std::size_t>> hop_edges;  // residence → next residence
  for (std::size_t k = 0; k < atoms.size(); ++k) {
    const std::size_t atom = atoms[k];
    Residence current;
    current.ion = k;
    current.start = 0;
    current.centre = mean_position(t, atom, 0, std::min(persist, frames));
    auto far = [&](std::size_t f, const Vec3& centre) {
      return (Eigen::Map<const Vec3>(t.position(f, atom)) - centre).squaredNorm() > threshold2;
    };
    for (std::size_t f = 1; f < frames; ++f) {
      if (!far(f, current.centre)) continue;
      if (f + persist > frames) break;  // cannot confirm before the end
      bool persists = true;
      for (std::size_t g = f + 1; g < f + persist && persists; ++g) persists = far(g, current.centre);
      if (!persists) continue;
      current.end = f;
      current.completed = current.start > 0;
      residences.push_back(current);
      const Vec3 previous_centre = current.centre;
      current = Residence{};
      current.ion = k;
      current.start = f;
      current.centre = mean_position(t, atom, f, f + persist);
      hop_edges.emplace_back(residences.size() - 1, residences.size());
      Hop hop;
      hop.ion_id = t.ids()[atom];
      hop.time_ps = static_cast<double>(f) * dt;
      hop.length_A = (current.centre - previous_centre).norm();
      result.hops.push_back(hop);
    }
    current.end = frames;
    current.completed = false;
    residences.push_back(current);
  }
  for (const Residence& r : residences)
    if (r.completed) result.residence_times_ps.push_back(static_cast<double>(r.end - r.start) * dt);
  if (!atoms.empty() && result.total_time_ps > 0)
    result.hop_rate_per_ion_per_ps = static_cast<double>(result.hops.size()) / (static_cast<double>(atoms.size()) * result.total_time_ps);
  if (!result.residence_times_ps.empty()) {
    result.mean_residence_ps = std::accumulate(result.residence_times_ps.begin(), result.residence_times_ps.end(), 0.0) /
                               static_cast<double>(result.residence_times_ps.size());
    const double longest = *std::max_element(result.residence_times_ps.begin(), result.residence_times_ps.end());
    double bin = options.residence_bin_ps > 0 ? options.residence_bin_ps : std::max(dt, longest / 30);
    const std::size_t bins = static_cast<std::size_t>(longest / bin) + 1;
    result.residence_histogram_probability.assign(bins, 0.0);
    for (double r : result.residence_times_ps) result.residence_histogram_probability[static_cast<std::size_t>(r / bin)] += 1;
    for (std::size_t b = 0; b < bins; ++b) {
      result.residence_histogram_bins_ps.push_back((static_cast<double>(b) + 0.5) * bin);
      result.residence_histogram_probability[b] /= static_cast<double>(result.residence_times_ps.size());
    }
  }

  // 2. Sites: residences whose wrapped centres lie within the site radius (minimum image).
  const Cell& cell = t.cell(0);
  const Mat3 to_fractional = cell.inverse().transpose();
  const Mat3 to_cartesian = cell.matrix().transpose();
  const std::size_t n = residences.size();
  std::vector<Vec3> fractional(n);
  for (std::size_t k = 0; k < n; ++k) fractional[k] = to_fractional * residences[k].centre;
  const double radius2 = options.site_radius_A * options.site_radius_A;
  UnionFind sites(n);
  std::vector<std::vector<std::pair<std::size_t, Vec3>>> links(n);  // neighbour, unwrapped displacement
  for (std::size_t a = 0; a < n; ++a)
    for (std::size_t b = a + 1; b < n; ++b) {
      Vec3 s = fractional[b] - fractional[a];
      for (int x = 0; x < 3; ++x) s[x] -= std::nearbyint(s[x]);
      const Vec3 d = to_cartesian * s;
      if (d.squaredNorm() <= radius2) {
        sites.unite(a, b);
        links[a].emplace_back(b, d);
        links[b].emplace_back(a, -d);
      }
    }
  for (const auto& [a, b] : hop_edges) {
    const Vec3 d = residences[b].centre - residences[a].centre;
    links[a].emplace_back(b, d);
    links[b].emplace_back(a, -d);
  }
  std::vector<std::size_t> site_of(n), site_index(n, n);
  std::size_t site_count = 0;
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t root = sites.find(k);
    if (site_index[root] == n) site_index[root] = site_count++;
    site_of[k] = site_index[root];
  }
  result.sites = site_count;
  for (std::size_t h = 0; h < hop_edges.size(); ++h) {
    result.hops[h].from_site = site_of[hop_edges[h].first];
    result.hops[h].to_site = site_of[hop_edges[h].second];
  }

  // 3. Percolation: walk each connected cluster assigning unwrapped positions.
  std::vector<Vec3> position(n);
  std::vector<bool> visited(n, false);
  for (std::size_t start = 0; start < n; ++start) {
    if (visited[start]) continue;
    std::vector<std::size_t> members;
    std::queue<std::size_t> queue;
    queue.push(start);
    visited[start] = true;
    position[start] = residences[start].centre;
    while (!queue.empty()) {
      const std::size_t a = queue.front();
      queue.pop();
      members.push_back(a);
      for (const auto& [b, d] : links[a]) {
        const Vec3 expected = position[a] + d;
        if (!visited[b]) {
          visited[b] = true;
          position[b] = expected;
          queue.push(b);
        } else {
          const Vec3 shift = to_fractional * (position[b] - expected);
          for (int x = 0; x < 3; ++x)
            if (std::abs(std::nearbyint(shift[x])) >= 1) result.percolates[x] = true;
        }
      }
    }
    std::vector<std::size_t> member_sites;
    for (std::size_t m : members) member_sites.push_back(site_of[m]);
    std::sort(member_sites.begin(), member_sites.end());
    const std::size_t distinct = static_cast<std::size_t>(std::unique(member_sites.begin(), member_sites.end()) - member_sites.begin());
    result.largest_cluster_sites = std::max(result.largest_cluster_sites, distinct);
  }
  return result;
}

}  // namespace ionglass
