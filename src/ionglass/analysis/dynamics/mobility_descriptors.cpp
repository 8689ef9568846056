#include "ionglass/analysis/dynamics/mobility_descriptors.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include "ionglass/analysis/structure/element_pair.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/pair_search.hpp"

namespace ionglass {

double pair_cutoff(const std::map<std::string, double>& cutoffs, const std::string& a, const std::string& b,
                   double fallback) {
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

MobilitySpecies mobility_species(const System& frame, const std::string& mobile, const MobilityOptions& options) {
  const std::vector<int> present = present_elements(frame);  // sorted by symbol
  auto is_present = [&](const std::string& symbol) {
    const auto z = elements::find_symbol(symbol);
    return z && std::find(present.begin(), present.end(), *z) != present.end();
  };
  auto count_of = [&](int z) { return frame.atoms_of_element(z).size(); };
  MobilitySpecies roles;
  // Anion: as given, else the anion element (structure/element_pair is_anion) with the most atoms.
  if (!options.anion.empty()) {
    if (is_present(options.anion)) roles.anion = options.anion;
  } else {
    int best = 0;
    for (int z : present)
      if (is_anion(z) && (best == 0 || count_of(z) > count_of(best))) best = z;
    if (best != 0) roles.anion = element_symbol(best);
  }
  // Former: as given, else the cation (not the mobile species) with the smallest covalent radius:
  // network formers (P, Si, B, Ge, Al) are small, highly charged cations that bond to the anion
  // covalently, modifiers (alkali, alkaline earth, transition metals) are larger.
  if (!options.former.empty()) {
    if (is_present(options.former)) roles.former = options.former;
  } else {
    int best = 0;
    for (int z : present) {
      if (is_anion(z) || element_symbol(z) == mobile) continue;
      if (best == 0 || elements::by_number(z).covalent_radius_A < elements::by_number(best).covalent_radius_A) best = z;
    }
    if (best != 0) roles.former = element_symbol(best);
  }
  // Neighbour species counted around each mobile ion: as given (those present), else every cation
  // present other than the mobile species, in alphabetical order.
  if (!options.neighbor_species.empty()) {
    for (const auto& symbol : options.neighbor_species)
      if (is_present(symbol) && symbol != mobile) roles.neighbors.push_back(symbol);
  } else {
    for (int z : present)
      if (!is_anion(z) && element_symbol(z) != mobile) roles.neighbors.push_back(element_symbol(z));
  }
  return roles;
}

MobilityResult mobility_against_structure(const UnwrappedTrajectory& t, const std::string& species,
                                          const MobilityOptions& options) {
  if (!(options.fraction > 0 && options.fraction <= 0.5))
    throw InputError("the fast/slow fraction must lie in (0, 0.5]");
  MobilityResult result;
  result.species = species;
  const int mobile_z = elements::by_symbol(species).atomic_number;
  const auto atoms = t.atoms_of(mobile_z);
  if (atoms.size() < 2) throw InputError("mobility analysis needs at least two " + species + " ions");
  const double dt = t.frame_interval_ps();
  const std::size_t last =
      options.window_ps > 0
          ? std::min(t.frame_count() - 1, static_cast<std::size_t>(std::llround(options.window_ps / dt)))
          : t.frame_count() - 1;
  if (last < 1) throw InputError("the mobility window is shorter than one frame");
  result.window_ps = static_cast<double>(last) * dt;

  const System& s = t.first_frame();
  const MobilitySpecies roles = mobility_species(s, species, options);
  for (const auto& [name, value] : options.cutoffs)
    if (!(value > 0)) throw InputError("cutoff " + name + " must be positive");
  const bool has_anion = !roles.anion.empty(), has_former = has_anion && !roles.former.empty();
  const int anion_z = has_anion ? elements::by_symbol(roles.anion).atomic_number : 0;
  const int former_z = has_former ? elements::by_symbol(roles.former).atomic_number : 0;
  // Defaults: mobile–anion 3.3 Å, former–anion 2.0 Å, mobile–other neighbour species 4.0 Å.
  const double cut_mobile_anion = has_anion ? pair_cutoff(options.cutoffs, species, roles.anion, 3.3) : 0.0;
  const double cut_former_anion = has_former ? pair_cutoff(options.cutoffs, roles.former, roles.anion, 2.0) : 0.0;
  std::vector<int> neighbor_z;
  std::vector<double> cut_neighbor;
  for (const auto& name : roles.neighbors) {
    neighbor_z.push_back(elements::by_symbol(name).atomic_number);
    cut_neighbor.push_back(pair_cutoff(options.cutoffs, species, name, 4.0));
  }
  double search = std::max({cut_mobile_anion, cut_former_anion, options.nearest_search_A, 4.0});
  for (double c : cut_neighbor) search = std::max(search, c);

  const PairSearch pairs(s.cell, s.positions, search);
  // Neighbours j of atom i with their distance computed from the first frame's positions.
  auto for_each_neighbor = [&](std::size_t i, auto&& visit) {
    pairs.for_each_neighbor(i, false, [&](std::size_t j, const Image& image, const Vec3&, double) {
      const Vec3 shift = s.cell.has_volume() ? s.cell.translation(image) : Vec3::Zero();
      visit(j, (s.positions[j] - s.positions[i] + shift).norm());
    });
  };

  // Former neighbours of each anion (for the speciation).
  std::vector<int> formers_of(s.size(), 0);
  if (has_former)
    for (std::size_t i = 0; i < s.size(); ++i) {
      if (s.atomic_number(i) != anion_z) continue;
      for_each_neighbor(i, [&](std::size_t j, double r) {
        if (s.atomic_number(j) == former_z && r <= cut_former_anion) ++formers_of[i];
      });
    }

  std::vector<std::string>& names = result.descriptor_names;
  if (has_anion) {
    names.push_back(roles.anion + "_neighbours");
    result.cutoffs_used[species + "-" + roles.anion] = cut_mobile_anion;
    if (has_former) {
      for (const char* kind : {"bridging_", "non_bridging_", "free_"})
        names.push_back(kind + roles.anion + "_neighbours");
      result.cutoffs_used[roles.former + "-" + roles.anion] = cut_former_anion;
    }
  }
  for (std::size_t k = 0; k < roles.neighbors.size(); ++k) {
    names.push_back(roles.neighbors[k] + "_neighbours");
    result.cutoffs_used[species + "-" + roles.neighbors[k]] = cut_neighbor[k];
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
    double anion = 0, bridging = 0, non_bridging = 0, free_anion = 0;
    std::vector<double> neighbor_count(neighbor_z.size(), 0.0);
    double nearest = options.nearest_search_A, void_distance = search;
    for_each_neighbor(i, [&](std::size_t j, double r) {
      if (r <= 0) return;  // the atom itself (only through a zero shift, which the search excludes)
      const int z = s.atomic_number(j);
      if (has_anion && z == anion_z && r <= cut_mobile_anion) {
        anion += 1;
        if (formers_of[j] >= 2)
          bridging += 1;
        else if (formers_of[j] == 1)
          non_bridging += 1;
        else
          free_anion += 1;
      }
      for (std::size_t k = 0; k < neighbor_z.size(); ++k)
        if (z == neighbor_z[k] && r <= cut_neighbor[k]) neighbor_count[k] += 1;
      if (z == mobile_z) nearest = std::min(nearest, r);
      void_distance = std::min(void_distance, r - elements::by_number(z).covalent_radius_A);
    });
    std::size_t c = 0;
    if (has_anion) {
      result.descriptors[c++][n] = anion;
      if (has_former) {
        result.descriptors[c++][n] = bridging;
        result.descriptors[c++][n] = non_bridging;
        result.descriptors[c++][n] = free_anion;
      }
    }
    for (double count : neighbor_count) result.descriptors[c++][n] = count;
    result.descriptors[c++][n] = nearest;
    result.descriptors[c++][n] = void_distance;
  }

  // Fast and slow fractions.
  const std::size_t count = atoms.size();
  const std::size_t take =
      std::max<std::size_t>(1, static_cast<std::size_t>(std::floor(options.fraction * static_cast<double>(count))));
  std::vector<std::size_t> order(count);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return result.displacement_A[a] < result.displacement_A[b]; });
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
