#include "ionglass/analysis/dynamics/ion_sites.hpp"

#include <cmath>
#include <limits>
#include <numeric>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

struct Sample {
  Vec3 position;
  std::size_t site = 0;
};

// Periodic mean of positions near `reference`: mean of minimum-image offsets.
std::vector<Vec3> cluster(std::vector<Sample>& samples, const Cell& cell, const SiteSettings& s,
                          std::vector<std::size_t>& counts) {
  std::vector<Vec3> centres;
  std::vector<Vec3> sums;
  std::vector<std::size_t> n;
  for (auto& sample : samples) {
    bool placed = false;
    for (std::size_t c = 0; c < centres.size() && !placed; ++c) {
      const Vec3 d = cell.minimum_image(sample.position - centres[c]);
      if (d.norm() < s.site_radius_A) {
        sample.site = c;
        sums[c] += d;
        ++n[c];
        placed = true;
      }
    }
    if (!placed) {
      sample.site = centres.size();
      centres.push_back(sample.position);
      sums.push_back(Vec3::Zero());
      n.push_back(1);
    }
  }
  auto recentre = [&] {
    for (std::size_t c = 0; c < centres.size(); ++c)
      if (n[c]) centres[c] = cell.wrap(centres[c] + sums[c] / static_cast<double>(n[c]));
  };
  recentre();
  for (int pass = 0; pass < s.refinement_passes; ++pass) {
    std::fill(sums.begin(), sums.end(), Vec3::Zero());
    std::fill(n.begin(), n.end(), 0);
    for (auto& sample : samples) {
      double best = std::numeric_limits<double>::max();
      Vec3 best_d = Vec3::Zero();
      for (std::size_t c = 0; c < centres.size(); ++c) {
        const Vec3 d = cell.minimum_image(sample.position - centres[c]);
        if (d.squaredNorm() < best) {
          best = d.squaredNorm();
          best_d = d;
          sample.site = c;
        }
      }
      sums[sample.site] += best_d;
      ++n[sample.site];
    }
    recentre();
    // Merge sites closer than the clustering radius (the later into the earlier).
    std::vector<std::size_t> alias(centres.size());
    std::iota(alias.begin(), alias.end(), std::size_t{0});
    for (std::size_t a = 0; a < centres.size(); ++a)
      for (std::size_t b = a + 1; b < centres.size(); ++b)
        if (alias[a] == a && alias[b] == b && n[a] && n[b] &&
            cell.minimum_image(centres[b] - centres[a]).norm() < s.site_radius_A)
          alias[b] = a;
    for (auto& sample : samples) sample.site = alias[sample.site];
  }
  // Keep sites with enough samples, renumbered in order of first appearance.
  std::vector<std::size_t> final_n(centres.size(), 0);
  for (const auto& sample : samples) ++final_n[sample.site];
  std::vector<Vec3> kept;
  counts.clear();
  for (std::size_t c = 0; c < centres.size(); ++c)
    if (final_n[c] >= s.min_samples) {
      kept.push_back(centres[c]);
      counts.push_back(final_n[c]);
    }
  return kept;
}

ReplicaSites analyse_replica(const UnwrappedTrajectory& t, const SiteSettings& s) {
  ReplicaSites r;
  const auto atoms = t.atoms_of(elements::by_symbol(s.species).atomic_number);
  if (atoms.empty()) throw InputError("site analysis: no " + s.species + " atoms in the trajectory");
  const double dt = t.frame_interval_ps();
  const std::size_t frames = t.frame_count();
  const auto window = static_cast<std::size_t>(std::max(1.0, std::round(s.averaging_window_ps / dt)));
  if (window * 2 > frames) throw InputError("site analysis: the averaging window is longer than half the trajectory");
  const Cell& cell = t.cell(0);
  auto at = [&](std::size_t f, std::size_t i) { return Eigen::Map<const Vec3>(t.position(f, atoms[i])); };

  std::vector<Sample> samples;
  for (std::size_t i = 0; i < atoms.size(); ++i)
    for (std::size_t f0 = 0; f0 + window <= frames; f0 += window) {
      Vec3 mean = Vec3::Zero();
      for (std::size_t f = f0; f < f0 + window; ++f) mean += at(f, i);
      mean /= static_cast<double>(window);
      double spread = 0;
      for (std::size_t f = f0; f < f0 + window; ++f) spread += (at(f, i) - mean).squaredNorm();
      if (std::sqrt(spread / static_cast<double>(window)) < s.max_window_spread_A)
        samples.push_back({cell.wrap(mean), 0});
    }
  r.site_centres_A = cluster(samples, cell, s, r.site_samples);
  const std::size_t sites = r.site_centres_A.size();
  if (sites == 0) throw InputError("site analysis: no residence sites found (is max_window_spread_A too small?)");

  r.total_time_ps = static_cast<double>(frames - 1) * dt;
  r.hop_counts.assign(sites, std::vector<std::size_t>(sites, 0));
  r.site_time_ps.assign(sites, 0);
  std::vector<std::vector<double>> ion_site_time(atoms.size(), std::vector<double>(sites, 0));
  std::vector<std::vector<std::vector<std::size_t>>> ion_counts(atoms.size());
  std::vector<std::vector<double>> stays_by_site(sites);
  const double core2 = s.core_radius_A * s.core_radius_A;
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    r.ion_ids.push_back(t.ids()[atoms[i]]);
    std::vector<long> site_of(frames, -1);
    long current = -1;
    std::size_t entered = 0;
    bool completed_entry = false;  // the current stay began with a hop (not at the trajectory start)
    for (std::size_t f = 0; f < frames; ++f) {
      const Vec3 p = at(f, i);
      long nearest = -1;
      double best = core2;
      for (std::size_t c = 0; c < sites; ++c) {
        const double d2 = cell.minimum_image(p - r.site_centres_A[c]).squaredNorm();
        if (d2 < best) {
          best = d2;
          nearest = static_cast<long>(c);
        }
      }
      if (nearest >= 0 && nearest != current) {
        if (current >= 0) {
          r.hops.push_back({i, f, static_cast<std::size_t>(current), static_cast<std::size_t>(nearest)});
          if (completed_entry) {
            const double stay = static_cast<double>(f - entered) * dt;
            r.residence_times_ps.push_back(stay);
            stays_by_site[static_cast<std::size_t>(current)].push_back(stay);
          }
          completed_entry = true;
        }
        current = nearest;
        entered = f;
      }
      site_of[f] = current;
      if (f > 0 && site_of[f - 1] >= 0) ion_site_time[i][static_cast<std::size_t>(site_of[f - 1])] += dt;
    }
    r.site_of_ion.push_back(std::move(site_of));
  }
  std::vector<std::vector<std::size_t>> escapes_of_ion(atoms.size(), std::vector<std::size_t>(sites, 0));
  for (const auto& h : r.hops) {
    ++r.hop_counts[h.from_site][h.to_site];
    ++escapes_of_ion[h.ion][h.from_site];
  }
  for (std::size_t i = 0; i < atoms.size(); ++i)
    for (std::size_t c = 0; c < sites; ++c) r.site_time_ps[c] += ion_site_time[i][c];
  r.rate_per_ps.assign(sites, std::vector<double>(sites, 0));
  for (std::size_t a = 0; a < sites; ++a)
    for (std::size_t b = 0; b < sites; ++b)
      r.rate_per_ps[a][b] = r.site_time_ps[a] > 0 ? static_cast<double>(r.hop_counts[a][b]) / r.site_time_ps[a] : 0;
  for (std::size_t c = 0; c < sites; ++c) {
    r.escape_rate_per_ps.push_back(bootstrap_interval(
        atoms.size(),
        [&](const std::vector<std::size_t>& draw) {
          double hops = 0, time = 0;
          for (auto i : draw) {
            hops += static_cast<double>(escapes_of_ion[i][c]);
            time += ion_site_time[i][c];
          }
          return time > 0 ? hops / time : std::nan("");
        },
        s.bootstrap));
    const auto& stays = stays_by_site[c];
    if (stays.empty()) {
      r.site_residence_ps.push_back({std::nan(""), std::nan(""), std::nan("")});
    } else {
      r.site_residence_ps.push_back(bootstrap_interval(
          stays.size(),
          [&](const std::vector<std::size_t>& draw) {
            double sum = 0;
            for (auto k : draw) sum += stays[k];
            return sum / static_cast<double>(draw.size());
          },
          s.bootstrap));
    }
  }
  return r;
}

}  // namespace

SiteHopResult analyse_site_hops(const std::vector<const UnwrappedTrajectory*>& replicas, const SiteSettings& settings) {
  if (replicas.empty()) throw InputError("site analysis: no trajectories");
  if (settings.species.empty()) throw InputError("site analysis: the mobile species is not set");
  if (!(settings.averaging_window_ps > 0 && settings.max_window_spread_A > 0 && settings.site_radius_A > 0 &&
        settings.core_radius_A > 0))
    throw InputError("site analysis: window, spread, site radius and core radius must be positive");
  SiteHopResult result;
  // Pooled per-ion totals for the bootstrap over all ions of all replicas.
  std::vector<double> ion_hops, ion_time;
  std::vector<std::vector<double>> ion_stays;
  for (const auto* t : replicas) {
    if (!t) throw InputError("site analysis: null trajectory");
    ReplicaSites r = analyse_replica(*t, settings);
    const std::size_t first = ion_hops.size();
    ion_hops.resize(first + r.ion_ids.size(), 0);
    ion_time.resize(first + r.ion_ids.size(), 0);
    ion_stays.resize(first + r.ion_ids.size());
    for (std::size_t i = 0; i < r.ion_ids.size(); ++i) {
      long previous = -1;
      std::size_t entered = 0;
      bool hopped_in = false;
      const auto& site_of = r.site_of_ion[i];
      for (std::size_t f = 0; f < site_of.size(); ++f) {
        if (f > 0 && site_of[f - 1] >= 0) ion_time[first + i] += t->frame_interval_ps();
        if (site_of[f] != previous) {
          if (previous >= 0) {
            ion_hops[first + i] += 1;
            if (hopped_in) ion_stays[first + i].push_back(static_cast<double>(f - entered) * t->frame_interval_ps());
            hopped_in = true;
          }
          previous = site_of[f];
          entered = f;
        }
      }
    }
    result.hops += r.hops.size();
    result.ions += r.ion_ids.size();
    result.replicas.push_back(std::move(r));
  }
  result.hop_rate_per_ion_per_ps = bootstrap_interval(
      ion_hops.size(),
      [&](const std::vector<std::size_t>& draw) {
        double hops = 0, time = 0;
        for (auto i : draw) {
          hops += ion_hops[i];
          time += ion_time[i];
        }
        return time > 0 ? hops / time : std::nan("");
      },
      settings.bootstrap);
  result.mean_residence_ps = bootstrap_interval(
      ion_stays.size(),
      [&](const std::vector<std::size_t>& draw) {
        double sum = 0, count = 0;
        for (auto i : draw) {
          for (double v : ion_stays[i]) sum += v;
          count += static_cast<double>(ion_stays[i].size());
        }
        return count > 0 ? sum / count : std::nan("");
      },
      settings.bootstrap);
  return result;
}

}  // namespace ionglass
