#include "ionglass/analysis/dynamics/learned_mobility.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <numeric>
#include <random>
#include <sstream>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

namespace {

std::string number(double v) {
  std::ostringstream o;
  o << v;
  return o.str();
}

double shell_cutoff(const LearnedMobilitySettings& s, const std::string& other) {
  auto it = s.shell_cutoffs.find(s.species + "-" + other);
  if (it == s.shell_cutoffs.end()) it = s.shell_cutoffs.find(other + "-" + s.species);
  return it == s.shell_cutoffs.end() ? s.shell_cutoff_A : it->second;
}

double cutoff_function(double r, double rc) {
  return r < rc ? 0.5 * (std::cos(std::numbers::pi * r / rc) + 1) : 0;
}

int atomic_number_of(const std::string& symbol) {
  return elements::by_symbol(symbol).atomic_number;
}

void validate(const UnwrappedTrajectory& t, const LearnedMobilitySettings& s) {
  if (s.species.empty()) throw InputError("learned mobility: the mobile species is not set");
  const auto present = t.species();
  auto require = [&](const std::string& x, const char* role) {
    if (std::find(present.begin(), present.end(), x) == present.end())
      throw InputError(std::string("learned mobility: ") + role + " species " + x + " is not in the trajectory");
  };
  require(s.species, "mobile");
  for (const auto& x : s.formers) require(x, "former");
  for (const auto& x : s.anions) require(x, "anion");
  if (!(s.shell_cutoff_A > 0 && s.former_anion_cutoff_A > 0 && s.symmetry_cutoff_A > 0 && s.hop_threshold_A > 0 &&
        s.horizon_ps > 0))
    throw InputError("learned mobility: cutoffs, hop threshold and horizon must be positive");
  double largest = std::max({s.shell_cutoff_A, s.former_anion_cutoff_A, s.symmetry_cutoff_A});
  for (const auto& [name, value] : s.shell_cutoffs) {
    if (!(value > 0)) throw InputError("learned mobility: shell cutoff " + name + " must be positive");
    largest = std::max(largest, value);
  }
  const double half_width = 0.5 * t.cell(0).perpendicular_widths().minCoeff();
  if (largest >= half_width)
    throw InputError("learned mobility: cutoff " + number(largest) + " Å is not below half the cell width " +
                     number(half_width) + " Å");
  for (double eta : s.radial_widths_per_A2)
    if (!(eta >= 0)) throw InputError("learned mobility: G2 widths must be ≥ 0");
  for (double zeta : s.angular_zetas)
    if (!(zeta >= 1)) throw InputError("learned mobility: G4 ζ must be ≥ 1");
}

}  // namespace

std::vector<std::string> mobility_descriptor_names(const UnwrappedTrajectory& t, const LearnedMobilitySettings& s) {
  std::vector<std::string> names;
  const auto present = t.species();
  for (const auto& x : present) names.push_back("n_" + x);
  if (!s.anions.empty() && !s.formers.empty()) {
    names.emplace_back("bridging_anions");
    names.emplace_back("non_bridging_anions");
  }
  for (std::size_t k = 1; k <= s.nearest_mobile; ++k)
    names.push_back("nearest_" + s.species + "_" + std::to_string(k) + "_A");
  names.emplace_back("void_A");
  for (const auto& x : present)
    for (double eta : s.radial_widths_per_A2) names.push_back("G2_" + x + "_eta" + number(eta));
  for (double zeta : s.angular_zetas)
    for (int lambda : {1, -1}) names.push_back("G4_zeta" + number(zeta) + "_lambda" + (lambda > 0 ? "+1" : "-1"));
  return names;
}

Eigen::MatrixXd mobility_descriptors_at(const UnwrappedTrajectory& t, std::size_t frame,
                                        const LearnedMobilitySettings& s) {
  validate(t, s);
  if (frame >= t.frame_count())
    throw InputError("learned mobility: frame " + std::to_string(frame) + " is past the trajectory");
  const auto present = t.species();
  const std::size_t species_count = present.size();
  const Cell& cell = t.cell(frame);
  const std::size_t n = t.atom_count();
  std::vector<std::size_t> species_of(n);
  std::vector<double> radius_of(n);
  for (std::size_t j = 0; j < n; ++j) {
    const std::string symbol = elements::by_number(t.atomic_numbers()[j]).symbol;
    species_of[j] = static_cast<std::size_t>(std::find(present.begin(), present.end(), symbol) - present.begin());
    radius_of[j] = elements::by_number(t.atomic_numbers()[j]).covalent_radius_A;
  }
  const int mobile_z = atomic_number_of(s.species);
  const auto mobile = t.atoms_of(mobile_z);
  auto position = [&](std::size_t j) { return Eigen::Map<const Vec3>(t.position(frame, j)); };

  // Bridging: anions bonded to ≥2 formers (per anion, counted once per frame).
  const bool bridging = !s.anions.empty() && !s.formers.empty();
  std::vector<int> formers_of(n, 0);
  std::vector<char> is_anion(n, 0);
  if (bridging) {
    std::vector<std::size_t> former_atoms, anion_atoms;
    for (const auto& x : s.formers)
      for (auto j : t.atoms_of(atomic_number_of(x))) former_atoms.push_back(j);
    for (const auto& x : s.anions)
      for (auto j : t.atoms_of(atomic_number_of(x))) anion_atoms.push_back(j);
    for (auto a : anion_atoms) {
      is_anion[a] = 1;
      for (auto f : former_atoms)
        if (cell.minimum_image(position(f) - position(a)).norm() < s.former_anion_cutoff_A) ++formers_of[a];
    }
  }
  std::vector<double> shell(species_count);
  for (std::size_t x = 0; x < species_count; ++x) shell[x] = shell_cutoff(s, present[x]);

  const auto names = mobility_descriptor_names(t, s);
  Eigen::MatrixXd d =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(mobile.size()), static_cast<Eigen::Index>(names.size()));
  const double rc = s.symmetry_cutoff_A;
  struct Neighbour {
    Vec3 offset;
    double r;
  };
  std::vector<Neighbour> near;
  std::vector<double> mobile_distances;
  for (std::size_t row = 0; row < mobile.size(); ++row) {
    const std::size_t i = mobile[row];
    const Vec3 ri = position(i);
    near.clear();
    mobile_distances.clear();
    double void_radius = std::numeric_limits<double>::max();
    Eigen::Index col = 0;
    std::vector<double> counts(species_count, 0), g2(species_count * s.radial_widths_per_A2.size(), 0);
    double bridging_count = 0, non_bridging_count = 0;
    for (std::size_t j = 0; j < n; ++j) {
      if (j == i) continue;
      const Vec3 offset = cell.minimum_image(position(j) - ri);
      const double r = offset.norm();
      const std::size_t x = species_of[j];
      void_radius = std::min(void_radius, r - radius_of[j]);
      if (t.atomic_numbers()[j] == mobile_z) mobile_distances.push_back(r);
      if (r < shell[x]) {
        counts[x] += 1;
        if (bridging && is_anion[j]) {
          if (formers_of[j] >= 2)
            bridging_count += 1;
          else if (formers_of[j] == 1)
            non_bridging_count += 1;
        }
      }
      if (r < rc) {
        const double fc = cutoff_function(r, rc);
        for (std::size_t e = 0; e < s.radial_widths_per_A2.size(); ++e)
          g2[x * s.radial_widths_per_A2.size() + e] += std::exp(-s.radial_widths_per_A2[e] * r * r) * fc;
        near.push_back({offset, r});
      }
    }
    for (double c : counts) d(static_cast<Eigen::Index>(row), col++) = c;
    if (bridging) {
      d(static_cast<Eigen::Index>(row), col++) = bridging_count;
      d(static_cast<Eigen::Index>(row), col++) = non_bridging_count;
    }
    std::sort(mobile_distances.begin(), mobile_distances.end());
    for (std::size_t k = 0; k < s.nearest_mobile; ++k)
      // Fewer mobile neighbours than k: the largest distance the minimum image can give.
      d(static_cast<Eigen::Index>(row), col++) =
          k < mobile_distances.size() ? mobile_distances[k] : 0.5 * cell.perpendicular_widths().minCoeff();
    d(static_cast<Eigen::Index>(row), col++) = void_radius;
    for (double g : g2) d(static_cast<Eigen::Index>(row), col++) = g;
    const double eta = s.angular_width_per_A2;
    for (double zeta : s.angular_zetas)
      for (int lambda : {1, -1}) {
        double g4 = 0;
        for (std::size_t a = 0; a < near.size(); ++a)
          for (std::size_t b = a + 1; b < near.size(); ++b) {
            const double rjk = (near[a].offset - near[b].offset).norm();
            if (rjk >= rc) continue;
            const double cosine = near[a].offset.dot(near[b].offset) / (near[a].r * near[b].r);
            g4 += std::pow(1 + lambda * cosine, zeta) *
                  std::exp(-eta * (near[a].r * near[a].r + near[b].r * near[b].r + rjk * rjk)) *
                  cutoff_function(near[a].r, rc) * cutoff_function(near[b].r, rc) * cutoff_function(rjk, rc);
          }
        d(static_cast<Eigen::Index>(row), col++) = std::pow(2.0, 1 - zeta) * g4;
      }
  }
  return d;
}

namespace {

// Out-of-fold decision values, folds by group.
std::vector<double> cross_validated_scores(const Eigen::MatrixXd& x, const std::vector<int>& labels,
                                           const std::vector<std::size_t>& fold_of, std::size_t folds,
                                           const LogisticSettings& logistic) {
  std::vector<double> scores(labels.size(), 0);
  for (std::size_t k = 0; k < folds; ++k) {
    std::vector<Eigen::Index> train, test;
    for (std::size_t i = 0; i < labels.size(); ++i)
      (fold_of[i] == k ? test : train).push_back(static_cast<Eigen::Index>(i));
    if (test.empty()) continue;
    std::vector<int> train_labels;
    for (auto i : train) train_labels.push_back(labels[static_cast<std::size_t>(i)]);
    const auto model = fit_logistic_regression(x(train, Eigen::all), train_labels, logistic);
    const Eigen::VectorXd s = model.decision(x(test, Eigen::all));
    for (std::size_t m = 0; m < test.size(); ++m)
      scores[static_cast<std::size_t>(test[m])] = s[static_cast<Eigen::Index>(m)];
  }
  return scores;
}

// Mean over folds of the per-fold AUC, with a bootstrap over groups. Per-fold AUCs are immune to the
// shift of the intercept between folds, which biases the AUC of pooled out-of-fold scores below
// 0.5 for uninformative labels.
BootstrapInterval fold_mean_auc(const std::vector<double>& scores, const std::vector<int>& labels,
                                const std::vector<std::vector<std::size_t>>& members,
                                const std::vector<std::size_t>& fold_of_group, std::size_t folds,
                                const BootstrapSettings& b) {
  return bootstrap_interval(
      members.size(),
      [&](const std::vector<std::size_t>& draw) {
        std::vector<std::vector<double>> s(folds);
        std::vector<std::vector<int>> y(folds);
        for (auto g : draw)
          for (auto i : members[g]) {
            s[fold_of_group[g]].push_back(scores[i]);
            y[fold_of_group[g]].push_back(labels[i]);
          }
        double sum = 0, count = 0;
        for (std::size_t k = 0; k < folds; ++k) {
          const double auc = roc_auc(s[k], y[k]);
          if (std::isfinite(auc)) {
            sum += auc;
            count += 1;
          }
        }
        return count > 0 ? sum / count : std::nan("");
      },
      b);
}

}  // namespace

LearnedMobilityResult learn_mobility(const std::vector<const UnwrappedTrajectory*>& replicas,
                                     const LearnedMobilitySettings& s) {
  if (replicas.empty()) throw InputError("learned mobility: no trajectories");
  if (s.folds < 2) throw InputError("learned mobility: at least two cross-validation folds are needed");
  LearnedMobilityResult result;
  std::vector<Eigen::MatrixXd> blocks;
  std::vector<std::size_t> group_of;  // sample → group (ion in replica)
  std::vector<std::vector<std::size_t>> members;
  for (std::size_t rep = 0; rep < replicas.size(); ++rep) {
    const UnwrappedTrajectory& t = *replicas[rep];
    validate(t, s);
    const auto names = mobility_descriptor_names(t, s);
    if (rep == 0)
      result.descriptor_names = names;
    else if (names != result.descriptor_names)
      throw InputError("learned mobility: replica " + std::to_string(rep + 1) + " has other species than the first");
    const double dt = t.frame_interval_ps();
    const auto horizon = static_cast<std::size_t>(std::llround(s.horizon_ps / dt));
    const auto interval =
        static_cast<std::size_t>(std::llround((s.sample_interval_ps > 0 ? s.sample_interval_ps : s.horizon_ps) / dt));
    if (horizon < 1 || interval < 1)
      throw InputError("learned mobility: horizon and sample interval must be at least one frame");
    if (horizon >= t.frame_count())
      throw InputError("learned mobility: the horizon " + number(s.horizon_ps) + " ps is not shorter than replica " +
                       std::to_string(rep + 1));
    const auto mobile = t.atoms_of(atomic_number_of(s.species));
    const std::size_t first_group = members.size();
    members.resize(first_group + mobile.size());
    result.ions += mobile.size();
    for (std::size_t f = 0; f + horizon < t.frame_count(); f += interval) {
      blocks.push_back(mobility_descriptors_at(t, f, s));
      for (std::size_t row = 0; row < mobile.size(); ++row) {
        const Eigen::Map<const Vec3> start(t.position(f, mobile[row]));
        double largest = 0;
        for (std::size_t g = f + 1; g <= f + horizon; ++g)
          largest = std::max(largest, (Eigen::Map<const Vec3>(t.position(g, mobile[row])) - start).norm());
        MobilitySample sample;
        sample.replica = rep;
        sample.ion = mobile[row];
        sample.ion_id = t.ids()[mobile[row]];
        sample.frame = f;
        sample.time_ps = static_cast<double>(f) * dt;
        sample.label = largest > s.hop_threshold_A ? 1 : 0;
        members[first_group + row].push_back(result.samples.size());
        group_of.push_back(first_group + row);
        result.samples.push_back(sample);
      }
    }
  }
  const std::size_t samples = result.samples.size(), features = result.descriptor_names.size();
  result.descriptors.resize(static_cast<Eigen::Index>(samples), static_cast<Eigen::Index>(features));
  Eigen::Index at = 0;
  for (const auto& b : blocks) {
    result.descriptors.middleRows(at, b.rows()) = b;
    at += b.rows();
  }
  std::vector<int> labels(samples);
  for (std::size_t i = 0; i < samples; ++i) labels[i] = result.samples[i].label;
  const double hops = std::accumulate(labels.begin(), labels.end(), 0.0);
  result.hop_fraction = hops / static_cast<double>(samples);
  if (hops == 0 || hops == static_cast<double>(samples))
    throw InputError("learned mobility: every sample has the same label (hop fraction " + number(result.hop_fraction) +
                     "); change the hop threshold or the horizon");
  if (members.size() < s.folds) throw InputError("learned mobility: fewer ions than cross-validation folds");

  // Folds by ion.
  std::mt19937_64 rng(s.seed);
  std::vector<std::size_t> group_order(members.size());
  std::iota(group_order.begin(), group_order.end(), std::size_t{0});
  std::shuffle(group_order.begin(), group_order.end(), rng);
  std::vector<std::size_t> fold_of_group(members.size());
  for (std::size_t k = 0; k < group_order.size(); ++k) fold_of_group[group_order[k]] = k % s.folds;
  std::vector<std::size_t> fold_of(samples);
  for (std::size_t i = 0; i < samples; ++i) fold_of[i] = fold_of_group[group_of[i]];

  const auto scores = cross_validated_scores(result.descriptors, labels, fold_of, s.folds, s.logistic);
  result.auc = fold_mean_auc(scores, labels, members, fold_of_group, s.folds, s.bootstrap);
  std::vector<int> shuffled = labels;
  std::shuffle(shuffled.begin(), shuffled.end(), rng);
  const auto shuffled_scores = cross_validated_scores(result.descriptors, shuffled, fold_of, s.folds, s.logistic);
  result.shuffled_auc = fold_mean_auc(shuffled_scores, shuffled, members, fold_of_group, s.folds, s.bootstrap);

  result.model = fit_logistic_regression(result.descriptors, labels, s.logistic);
  const Eigen::VectorXd softness = result.model.decision(result.descriptors);
  for (std::size_t i = 0; i < samples; ++i) result.samples[i].softness = softness[static_cast<Eigen::Index>(i)];

  // Weight intervals: refits on ions drawn with replacement (one refit per resample, shared by all
  // weights).
  std::vector<Eigen::VectorXd> refits;
  BootstrapSettings refit_settings = s.bootstrap;
  refit_settings.resamples = std::max<std::size_t>(s.weight_resamples, 2);
  bootstrap_interval(
      members.size(),
      [&](const std::vector<std::size_t>& draw) {
        std::vector<Eigen::Index> rows;
        std::vector<int> y;
        for (auto g : draw)
          for (auto i : members[g]) {
            rows.push_back(static_cast<Eigen::Index>(i));
            y.push_back(labels[i]);
          }
        const double positives = std::accumulate(y.begin(), y.end(), 0.0);
        if (positives == 0 || positives == static_cast<double>(y.size())) return std::nan("");
        const auto model = fit_logistic_regression(result.descriptors(rows, Eigen::all), y, s.logistic);
        // Weights per standardisation of the full sample, so that all refits share one scale.
        refits.push_back(model.weights.cwiseQuotient(model.scale).cwiseProduct(result.model.scale));
        return 0.0;
      },
      refit_settings);
  refits.erase(refits.begin());  // the first call is the estimate on the full sample
  for (std::size_t j = 0; j < features; ++j) {
    std::vector<double> values;
    for (const auto& w : refits) values.push_back(w[static_cast<Eigen::Index>(j)]);
    std::sort(values.begin(), values.end());
    BootstrapInterval ci;
    ci.estimate = result.model.weights[static_cast<Eigen::Index>(j)];
    if (values.empty()) {
      ci.low = ci.high = std::nan("");
    } else {
      const auto pick = [&](double q) {
        return values[static_cast<std::size_t>(std::floor(q * static_cast<double>(values.size() - 1) + 0.5))];
      };
      ci.low = pick(0.5 * (1 - s.bootstrap.confidence));
      ci.high = pick(0.5 * (1 + s.bootstrap.confidence));
    }
    result.weights.push_back(ci);
    result.hop_minus_stay.push_back(bootstrap_interval(
        members.size(),
        [&](const std::vector<std::size_t>& draw) {
          double sum_hop = 0, n_hop = 0, sum_stay = 0, n_stay = 0;
          for (auto g : draw)
            for (auto i : members[g]) {
              const double v = result.descriptors(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
              if (labels[i]) {
                sum_hop += v;
                n_hop += 1;
              } else {
                sum_stay += v;
                n_stay += 1;
              }
            }
          return n_hop > 0 && n_stay > 0 ? sum_hop / n_hop - sum_stay / n_stay : std::nan("");
        },
        s.bootstrap));
  }
  return result;
}

System softness_frame(const UnwrappedTrajectory& t, const LearnedMobilityResult& result, std::size_t replica,
                      std::size_t frame) {
  if (frame >= t.frame_count()) throw InputError("softness frame " + std::to_string(frame) + " is past the trajectory");
  System s = t.first_frame();
  if (t.atom_count() != s.size()) throw InputError("softness frames need a trajectory that stores every atom");
  s.velocities.clear();
  s.images.clear();
  s.properties.clear();
  s.info.clear();
  s.cell = t.cell(frame);
  for (std::size_t k = 0; k < t.atom_count(); ++k)
    s.positions[t.system_indices()[k]] = Eigen::Map<const Vec3>(t.position(frame, k));
  s.wrap_positions();
  s.images.clear();
  PerAtomProperty softness;
  softness.values.assign(s.size(), 0.0);
  bool sampled = false;
  for (const auto& sample : result.samples)
    if (sample.replica == replica && sample.frame == frame) {
      softness.values[t.system_indices()[sample.ion]] = sample.softness;
      sampled = true;
    }
  if (!sampled)
    throw InputError("frame " + std::to_string(frame) + " of replica " + std::to_string(replica + 1) +
                     " was not sampled");
  s.properties["softness"] = std::move(softness);
  s.timestep = -1;
  return s;
}

}  // namespace ionglass
