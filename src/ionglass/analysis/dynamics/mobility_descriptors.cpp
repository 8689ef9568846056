#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass {

double pair_cutoff(const std::map<std::string, double>& cutoffs, const std::string& a, const std::string& b, double fallback) {
  auto it = cutoffs.find(a + "-" + b);
  if (it == cutoffs.end()) it = cutoffs.find(b + "-" + a);
  return it == cutoffs.end() ? fallback : it->second;
}

namespace {
std::vector<double> ranks(const std::vector<double>& v) {
  std::vector<std::size_t> order(v.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return v[a] < v[b]; });
  std::vector<double> r(v.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && v[order[j + 1]] == v[order[i]]) ++j;
    const double mean_rank = 0.5 * static_cast<double>(i + j);
    for (std::size_t k = i; k <= j; ++k) r[order[k]] = mean_rank;
    i = j + 1;
  }
  return r;
}
}  // namespace

double spearman_correlation(const std::vector<double>& x, const std::vector<double>& y) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  if (x.size() != y.size() || x.size() < 3) return nan;
  const auto rx = ranks(x), ry = ranks(y);
  const double n = static_cast<double>(x.size());
  const double mx = std::accumulate(rx.begin(), rx.end(), 0.0) / n, my = std::accumulate(ry.begin(), ry.end(), 0.0) / n;
  double sxy = 0, sxx = 0, syy = 0;
  for (std::size_t i = 0; i < rx.size(); ++i) {
    sxy += (rx[i] - mx) * (ry[i] - my);
    sxx += (rx[i] - mx) * (rx[i] - mx);
    syy += (ry[i] - my) * (ry[i] - my);
  }
  if (sxx <= 0 || syy <= 0) return nan;
  return sxy / std::sqrt(sxx * syy);
}

MobilityResult mobility_against_structure(const UnwrappedTrajectory& t, const std::string& species, const MobilityOptions& options) {
  if (!(options.fraction > 0 && options.fraction <= 0.5)) throw InputError("the fast/slow fraction must lie in (0, 0.5]");
  MobilityResult result;
  result.species = species;
  const int mobile_z = elements::by_symbol(species).atomic_number;
  const auto atoms = t.atoms_of(mobile_z);
  if (atoms.size() < 2) throw InputError("mobility analysis needs at least two " + species + " ions");
  const double dt = t.frame_interval_ps();
  const std::size_t last = options.window_ps > 0
                               ? std::min(t.frame_count() - 1, static_cast<std::size_t>(std::llround(options.window_ps / dt)))
                               : t.frame_count() - 1;
  if (last < 1) throw InputError("the mobility window is shorter than one frame");
  result.window_ps = static_cast<double>(last) * dt;

  // Cutoffs.
  const std::string former = options.former;
  const double cut_mobile_o = pair_cutoff(options.cutoffs, species, "O", 3.3);
  const double cut_former_o = pair_cutoff(options.cutoffs, former, "O", former == "P" ? 2.0 : 2.0);
  const double cut_mobile_fe = pair_cutoff(options.cutoffs, species, "Fe", 4.0);
  const double cut_mobile_p = pair_cutoff(options.cutoffs, species, "P", 4.0);
  for (const auto& [name, value] : options.cutoffs)
    if (!(value > 0)) throw InputError("cutoff " + name + " must be positive");

  const System& s = t.first_frame();
  const auto counts = s.counts();
  const bool has_o = counts.count("O") > 0, has_former = counts.count(former) > 0;
  const bool has_fe = counts.count("Fe") > 0, has_p = counts.count("P") > 0;
  const int o_z = 8, fe_z = 26, p_z = 15;
  const int former_z = elements::by_symbol(former).atomic_number;
  const double search = std::max({cut_mobile_o, cut_former_o, cut_mobile_fe, cut_mobile_p, options.nearest_search_A, 4.0});

  NeighborListOptions list_options;
  list_options.cutoff = search;
  list_options.half = false;
  NeighborList list;
  list.build(s, list_options);
  const auto shifts = list.shift_vectors(s.cell);
  auto distance = [&](std::size_t i, const NeighborList::Entry& e) {
    return (s.positions[static_cast<std::size_t>(e.atom)] - s.positions[i] + shifts[static_cast<std::size_t>(e.image)]).norm();
  };

  // Former neighbours of each O (for the speciation).
  std::vector<int> formers_of(s.size(), 0);
  if (has_o && has_former)
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.atomic_number(i) != o_z) continue;
      for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
        const auto& e = list.entry(k);
        if (s.atomic_number(static_cast<std::size_t>(e.atom)) == former_z && distance(i, e) <= cut_former_o) ++formers_of[i];
      }
    }

  std::vector<std::string>& names = result.descriptor_names;
  if (has_o) {
    names.push_back("O_neighbours");
    result.cutoffs_used[species + "-O"] = cut_mobile_o;
    if (has_former) {
      names.insert(names.end(), {"bridging_O_neighbours", "non_bridging_O_neighbours", "free_O_neighbours"});
      result.cutoffs_used[former + "-O"] = cut_former_o;
    }
  }
  if (has_fe && species != "Fe") {
    names.push_back("Fe_neighbours");
    result.cutoffs_used[species + "-Fe"] = cut_mobile_fe;
  }
  if (has_p && species != "P") {
    names.push_back("P_neighbours");
    result.cutoffs_used[species + "-P"] = cut_mobile_p;
  }
  names.push_back("nearest_" + species + "_distance_A");
  names.push_back("void_distance_A");
  result.descriptors.assign(names.size(), std::vector<double>(atoms.size(), 0.0));

  for (std::size_t n = 0; n < atoms.size(); ++n) {
    const std::size_t atom = atoms[n];
    const std::size_t i = t.system_indices()[atom];
    result.ids.push_back(t.ids()[atom]);
    const Vec3 d = Eigen::Map<const Vec3>(t.position(last, atom)) - Eigen::Map<const Vec3>(t.position(0, atom));
    result.displacement_A.push_back(d.norm());
    double o = 0, bridging = 0, non_bridging = 0, free_o = 0, fe = 0, p = 0;
    double nearest = options.nearest_search_A, void_distance = search;
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const std::size_t j = static_cast<std::size_t>(e.atom);
      const double r = distance(i, e);
      if (r <= 0) continue;  // the atom itself (only through a zero shift, which lists exclude)
      const int z = s.atomic_number(j);
      if (z == o_z && r <= cut_mobile_o) {
        o += 1;
        if (formers_of[j] >= 2) bridging += 1;
        else if (formers_of[j] == 1) non_bridging += 1;
        else free_o += 1;
      }
      if (z == fe_z && r <= cut_mobile_fe) fe += 1;
      if (z == p_z && r <= cut_mobile_p) p += 1;
      if (z == mobile_z) nearest = std::min(nearest, r);
      void_distance = std::min(void_distance, r - elements::by_number(z).covalent_radius_A);
    }
    std::size_t c = 0;
    if (has_o) {
      result.descriptors[c++][n] = o;
      if (has_former) {
        result.descriptors[c++][n] = bridging;
        result.descriptors[c++][n] = non_bridging;
        result.descriptors[c++][n] = free_o;
      }
    }
    if (has_fe && species != "Fe") result.descriptors[c++][n] = fe;
    if (has_p && species != "P") result.descriptors[c++][n] = p;
    result.descriptors[c++][n] = nearest;
    result.descriptors[c++][n] = void_distance;
  }

  // Fast and slow fractions.
  const std::size_t count = atoms.size();
  const std::size_t take = std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(options.fraction * static_cast<double>(count))));
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return result.displacement_A[a] < result.displacement_A[b]; });
  result.group.assign(count, 0);
  for (std::size_t k = 0; k < take; ++k) {
    result.group[order[k]] = -1;
    result.group[order[count - 1 - k]] = +1;
  }
  for (const auto& values : result.descriptors) {
    double fast = 0, slow = 0;
    for (std::size_t n = 0; n < count; ++n) {
      if (result.group[n] > 0) fast += values[n];
      if (result.group[n] < 0) slow += values[n];
    }
    result.mean_fast.push_back(fast / static_cast<double>(take));
    result.mean_slow.push_back(slow / static_cast<double>(take));
    result.spearman.push_back(spearman_correlation(values, result.displacement_A));
  }
  return result;
}

}  // namespace ionglass
