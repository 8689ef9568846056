#include "ionglass/ace/fit_data.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <filesystem>
#include <numeric>
#include <random>
#include <set>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/io/extended_xyz.hpp"

namespace ionglass::ace {
namespace {

bool is_pickle(const std::string& path) {
  for (const char* suffix : {".pckl.gzip", ".pkl.gzip", ".pckl", ".pkl", ".pickle", ".pkl.gz", ".pckl.gz"}) {
    const std::string s = suffix;
    if (path.size() >= s.size() && path.compare(path.size() - s.size(), s.size(), s) == 0) return true;
  }
  return false;
}

void refuse_pickle(const std::string& path, int line) {
  if (is_pickle(path))
    throw InputError(path, line,
                     "pandas pickles cannot be read; convert it to extended XYZ with "
                     "`python3 scripts/pacemaker_pickle_to_extxyz.py " +
                         path + " OUT.extxyz` (needs python3-pandas and python3-ase) and give that file");
}

std::string symbol_pair(const std::string& a, const std::string& b) {
  return a < b ? a + " " + b : b + " " + a;
}

/// Shortest distance per element pair within `cutoff` (periodic images included).
void record_shortest_distances(const FitStructure& s, double cutoff, std::map<std::string, double>& shortest) {
  const System& system = s.system;
  const std::size_t n = system.size();
  for (std::size_t i = 0; i < n; ++i)
    for (std::size_t j = i; j < n; ++j) {
      const std::string key = symbol_pair(system.symbol(i), system.symbol(j));
      Vec3 d = system.positions[j] - system.positions[i];
      const auto& periodic = system.cell.periodic();
      if (periodic[0] || periodic[1] || periodic[2]) d = system.cell.minimum_image(d);
      const double r = d.norm();
      if (i == j || r <= 0 || r > cutoff) continue;
      auto [it, fresh] = shortest.emplace(key, r);
      if (!fresh) it->second = std::min(it->second, r);
    }
}

}  // namespace

std::vector<FitStructure> read_fit_structures(const std::string& path, const std::string& energy_key,
                                              const std::string& forces_key) {
  refuse_pickle(path, 0);
  if (!std::filesystem::exists(path)) throw InputError(path, 0, "training data file not found");
  auto reader = open_extended_xyz(path);
  std::vector<FitStructure> out;
  System frame;
  long line = 1;
  while (reader->next(frame)) {
    FitStructure s;
    s.source = path;
    s.line = static_cast<int>(line);
    const std::size_t n = frame.size();
    line += static_cast<long>(n) + 2;
    const std::string where = "frame " + std::to_string(out.size() + 1);
    const auto e = frame.info.find(energy_key);
    if (e == frame.info.end())
      throw InputError(path, s.line, where + " has no energy '" + energy_key + "' (set data: energy_key)");
    if (const double* v = std::get_if<double>(&e->second))
      s.energy_eV = *v;
    else if (const long long* k = std::get_if<long long>(&e->second))
      s.energy_eV = static_cast<double>(*k);
    else
      throw InputError(path, s.line, where + ": energy '" + energy_key + "' is not a number");
    if (!std::isfinite(s.energy_eV))
      throw InputError(path, s.line, where + ": energy '" + energy_key + "' is not finite");
    const auto f = frame.properties.find(forces_key);
    if (f == frame.properties.end())
      throw InputError(path, s.line, where + " has no forces column '" + forces_key + "' (set data: forces_key)");
    if (f->second.kind != 'R' || f->second.columns != 3)
      throw InputError(path, s.line, where + ": forces '" + forces_key + "' must be a real column of width 3");
    s.forces_eV_A.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      s.forces_eV_A[i] = Vec3(f->second.values[3 * i], f->second.values[3 * i + 1], f->second.values[3 * i + 2]);
      if (!std::isfinite(s.forces_eV_A[i].squaredNorm()))
        throw InputError(path, s.line + 2 + static_cast<int>(i),
                         where + ": the force of atom " + std::to_string(i + 1) + " is not finite");
    }
    if (n == 0) throw InputError(path, s.line, where + " has no atoms");
    frame.properties.erase(forces_key);
    s.system = std::move(frame);
    frame = System{};
    out.push_back(std::move(s));
  }
  if (out.empty()) throw InputError(path, 0, "no structures in the training data");
  return out;
}

std::map<std::string, double> fit_reference_energies(const std::vector<FitStructure>& structures) {
  std::set<std::string> present;
  for (const auto& s : structures)
    for (const auto& [symbol, count] : s.system.counts()) present.insert(symbol);
  const std::vector<std::string> elements(present.begin(), present.end());
  Eigen::MatrixXd A =
      Eigen::MatrixXd::Zero(static_cast<Eigen::Index>(structures.size()), static_cast<Eigen::Index>(elements.size()));
  Eigen::VectorXd b(static_cast<Eigen::Index>(structures.size()));
  for (std::size_t s = 0; s < structures.size(); ++s) {
    for (const auto& [symbol, count] : structures[s].system.counts())
      A(static_cast<Eigen::Index>(s), std::find(elements.begin(), elements.end(), symbol) - elements.begin()) =
          static_cast<double>(count);
    b(static_cast<Eigen::Index>(s)) = structures[s].energy_eV;
  }
  // Minimum-norm least squares (complete orthogonal decomposition handles rank deficiency).
  const Eigen::VectorXd x = A.completeOrthogonalDecomposition().solve(b);
  std::map<std::string, double> out;
  for (std::size_t e = 0; e < elements.size(); ++e) out[elements[e]] = x(static_cast<Eigen::Index>(e));
  return out;
}

void subtract_reference_energies(std::vector<FitStructure>& structures,
                                 const std::map<std::string, double>& reference_eV, const std::string& source) {
  for (auto& s : structures)
    for (const auto& [symbol, count] : s.system.counts()) {
      const auto it = reference_eV.find(symbol);
      if (it == reference_eV.end())
        throw InputError(source, 0,
                         "data: reference_energy has no value for " + symbol + " (structure at " + s.source + ":" +
                             std::to_string(s.line) + ")");
      s.energy_eV -= it->second * static_cast<double>(count);
    }
}

void assign_weights(std::vector<FitStructure>& structures, const FitWeightingSettings& w) {
  if (structures.empty()) return;
  if (w.type == "uniform") {
    for (auto& s : structures) {
      s.energy_weight = 1;
      s.force_weights.assign(s.system.size(), 1.0 / static_cast<double>(s.system.size()));
    }
  } else {
    // pacemaker's EnergyBasedWeightingPolicy with energy: cohesive and all structures kept.
    std::vector<double> effective(structures.size());
    for (std::size_t s = 0; s < structures.size(); ++s)
      effective[s] = structures[s].energy_eV / static_cast<double>(structures[s].system.size());
    const double emin = *std::min_element(effective.begin(), effective.end());
    std::vector<FitStructure> kept;
    std::vector<double> kept_effective;
    for (std::size_t s = 0; s < structures.size(); ++s) {
      double fmax = 0;
      for (const auto& f : structures[s].forces_eV_A) fmax = std::max(fmax, f.norm());
      if (w.DFup_eV_A > 0 && fmax > w.DFup_eV_A) continue;
      if (effective[s] - emin >= w.DEup_eV) continue;
      kept_effective.push_back(effective[s] - emin);
      kept.push_back(std::move(structures[s]));
    }
    if (kept.empty())
      throw InputError(structures.front().source, w.line, "fit: weighting: DEup/DFup leave no structure");
    structures = std::move(kept);
    double total = 0, low = 0;
    for (std::size_t s = 0; s < structures.size(); ++s) {
      structures[s].energy_weight = 1 / std::pow(kept_effective[s] + w.DE_eV, 2);
      total += structures[s].energy_weight;
      if (kept_effective[s] < w.DElow_eV) low += structures[s].energy_weight;
    }
    const double low_share = low / total;
    const bool adjust = w.wlow > 0 && low_share > 0 && low_share < 1;
    for (std::size_t s = 0; s < structures.size(); ++s) {
      double& we = structures[s].energy_weight;
      we /= total;
      if (adjust) we *= kept_effective[s] < w.DElow_eV ? w.wlow / low_share : (1 - w.wlow) / (1 - low_share);
      structures[s].force_weights.resize(structures[s].system.size());
      for (std::size_t i = 0; i < structures[s].system.size(); ++i)
        structures[s].force_weights[i] = we / (structures[s].forces_eV_A[i].squaredNorm() + w.DF_eV_A);
    }
  }
  // Normalise: Σ w_E = 1, Σ w_F = 1 (pacemaker's normalize_energy_forces_weights).
  double energy_sum = 0, force_sum = 0;
  for (const auto& s : structures) {
    energy_sum += s.energy_weight;
    force_sum += std::accumulate(s.force_weights.begin(), s.force_weights.end(), 0.0);
  }
  for (auto& s : structures) {
    s.energy_weight /= energy_sum;
    for (double& f : s.force_weights) f /= force_sum;
  }
}

FitDataset read_fit_dataset(const FitInput& input, const std::vector<std::string>& basis_elements) {
  const FitDataSettings& d = input.data;
  refuse_pickle(d.filename, d.line);
  if (!d.test_filename.empty()) refuse_pickle(d.test_filename, d.line);
  FitDataset set;
  set.train = read_fit_structures(d.filename, d.energy_key, d.forces_key);
  if (!d.test_filename.empty()) set.test = read_fit_structures(d.test_filename, d.energy_key, d.forces_key);

  const std::set<std::string> allowed(basis_elements.begin(), basis_elements.end());
  std::set<std::string> present;
  for (const auto* list : {&set.train, &set.test})
    for (const auto& s : *list)
      for (const auto& [symbol, count] : s.system.counts()) {
        if (!allowed.empty() && !allowed.count(symbol))
          throw InputError(s.source, s.line,
                           "structure has element " + symbol + ", which the basis (potential: elements) does not have");
        present.insert(symbol);
      }
  set.elements.assign(present.begin(), present.end());

  if (d.test_size) {
    const std::size_t total = set.train.size();
    const std::size_t count = *d.test_size < 1
                                  ? static_cast<std::size_t>(std::floor(*d.test_size * static_cast<double>(total)))
                                  : static_cast<std::size_t>(*d.test_size);
    if (count == 0)
      throw InputError(input.source, d.line,
                       "data: test_size " + std::to_string(*d.test_size) + " of " + std::to_string(total) +
                           " structures selects no test structure (empty test split)");
    if (count >= total)
      throw InputError(input.source, d.line,
                       "data: test_size leaves no training structure (" + std::to_string(total) + " structures)");
    std::vector<std::size_t> order(total);
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 random(static_cast<std::uint64_t>(input.seed));
    std::shuffle(order.begin(), order.end(), random);
    std::vector<bool> is_test(total, false);
    for (std::size_t k = 0; k < count; ++k) is_test[order[k]] = true;
    std::vector<FitStructure> train;
    for (std::size_t s = 0; s < total; ++s) (is_test[s] ? set.test : train).push_back(std::move(set.train[s]));
    set.train = std::move(train);
  }
  if (!d.test_filename.empty() && set.test.empty())
    throw InputError(d.test_filename, 0, "the test data are empty (empty test split)");

  // Reference energies: given (every element needs one) or least squares over the training set.
  set.reference_energy_eV = d.reference_energy_auto ? fit_reference_energies(set.train) : d.reference_energy_eV;
  if (!d.reference_energy_auto && d.reference_energy_eV.empty())
    for (const auto& e : set.elements) set.reference_energy_eV[e] = 0;
  subtract_reference_energies(set.train, set.reference_energy_eV, input.source);
  subtract_reference_energies(set.test, set.reference_energy_eV, input.source);

  for (const auto* list : {&set.train, &set.test})
    for (const auto& s : *list) record_shortest_distances(s, input.cutoff_A, set.shortest_distance_A);

  assign_weights(set.train, input.fit.weighting);
  if (!set.test.empty()) assign_weights(set.test, input.fit.weighting);
  return set;
}

}  // namespace ionglass::ace
