#include "ionglass/ace/active_set.hpp"

#include <Eigen/LU>
#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "ionglass/ace/maxvol.hpp"
#include "ionglass/ace/npz.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

namespace {

std::int64_t row_id(std::size_t structure, std::size_t atom) {
  return static_cast<std::int64_t>((static_cast<std::uint64_t>(structure) << 32) | static_cast<std::uint64_t>(atom));
}

// Deterministic pseudo-random number in [−1, 1] for (row id, column) (splitmix64).
double noise(std::int64_t id, std::size_t column) {
  std::uint64_t z = static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull + column * 0xBF58476D1CE4E5B9ull + 1;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  z ^= z >> 31;
  return 2.0 * (static_cast<double>(z >> 11) / 9007199254740992.0) - 1.0;
}

// Per-element buffers of projection rows waiting for a MaxVol merge.
struct RowBuffer {
  Eigen::MatrixXd rows;
  std::vector<std::int64_t> ids;
  std::size_t count = 0;
  void reset(Eigen::Index columns, std::size_t capacity) {
    rows.resize(static_cast<Eigen::Index>(capacity), columns);
    ids.resize(capacity);
    count = 0;
  }
};

// Column regularisation: projections constant over all training data make A_AS singular, so a
// tiny deterministic perturbation (ε = 1e−8·max(1, |value|)) is added to them (as pacemaker adds ε
// to zero-variance columns).
struct ColumnRegularisation {
  std::vector<std::size_t> columns;
  std::vector<double> epsilon;
  void apply(Eigen::Ref<Eigen::RowVectorXd> row, std::int64_t id) const {
    for (std::size_t k = 0; k < columns.size(); ++k) row(columns[k]) += epsilon[k] * noise(id, columns[k]);
  }
};

}  // namespace

void write_active_set(const std::string& path, const ActiveSet& active_set) {
  std::map<std::string, NpyArray> arrays;
  for (std::size_t mu = 0; mu < active_set.size(); ++mu)
    if (active_set.inverse[mu].size() > 0) arrays[active_set.elements[mu]] = to_npy(active_set.inverse[mu]);
  write_npz(path, arrays);
}

ActiveSet read_active_set(const std::string& path, const BBasisPotential& potential) {
  const auto arrays = read_npz(path);
  ActiveSet set;
  set.elements = potential.elements;
  set.inverse.resize(potential.elements.size());
  for (std::size_t mu = 0; mu < potential.elements.size(); ++mu) {
    const auto it = arrays.find(potential.elements[mu]);
    if (it == arrays.end())
      throw InputError(path, 0, "active set has no entry for element " + potential.elements[mu]);
    Eigen::MatrixXd matrix = to_matrix(it->second, path + ":" + it->first);
    const auto m = static_cast<Eigen::Index>(potential.function_count(static_cast<int>(mu)));
    if (matrix.rows() != m || matrix.cols() != m)
      throw InputError(path, 0, "active set of " + it->first + " is " + std::to_string(matrix.rows()) + "×" +
                                    std::to_string(matrix.cols()) + " but the potential has " + std::to_string(m) +
                                    " functions for it (linear active set expected)");
    if (!matrix.allFinite()) throw InputError(path, 0, "active set of " + it->first + " holds non-finite numbers");
    set.inverse[mu] = std::move(matrix);
  }
  for (const auto& [key, array] : arrays)
    if (std::find(potential.elements.begin(), potential.elements.end(), key) == potential.elements.end())
      throw InputError(path, 0, "active set entry '" + key + "' is not an element of the potential");
  return set;
}

std::vector<double> extrapolation_grades(const AtomProjections& projections, const ActiveSet& active_set) {
  const std::size_t n = projections.size();
  std::vector<double> gamma(n, 0.0);
  // Atoms of one element in blocks: a matrix–matrix product (B_block · A_AS⁻¹) runs at GEMM speed
  // instead of one memory-bound vector–matrix product per atom.
  constexpr std::size_t block = 256;
  std::vector<std::vector<std::size_t>> by_element(active_set.size());
  for (std::size_t i = 0; i < n; ++i) by_element[projections.species[i]].push_back(i);
  std::vector<std::pair<std::size_t, std::size_t>> tasks;  // (element, first index into by_element)
  for (std::size_t mu = 0; mu < by_element.size(); ++mu)
    for (std::size_t k = 0; k < by_element[mu].size(); k += block) tasks.emplace_back(mu, k);
#pragma omp parallel for schedule(dynamic, 1)
  for (std::size_t t = 0; t < tasks.size(); ++t) {
    const auto [mu, first] = tasks[t];
    const auto& atoms = by_element[mu];
    const std::size_t count = std::min(block, atoms.size() - first);
    const Eigen::MatrixXd& inverse = active_set.inverse[mu];
    const auto m = static_cast<Eigen::Index>(projections.row(atoms[first]).size());
    if (inverse.rows() != m) {
      for (std::size_t k = 0; k < count; ++k)
        gamma[atoms[first + k]] = std::numeric_limits<double>::infinity();  // no training data for this element
      continue;
    }
    Eigen::MatrixXd rows(static_cast<Eigen::Index>(count), m);
    for (std::size_t k = 0; k < count; ++k)
      rows.row(static_cast<Eigen::Index>(k)) = Eigen::Map<const Eigen::RowVectorXd>(projections.row(atoms[first + k]).data(), m);
    const Eigen::VectorXd g = (rows * inverse).cwiseAbs().rowwise().maxCoeff();
    for (std::size_t k = 0; k < count; ++k) gamma[atoms[first + k]] = g(static_cast<Eigen::Index>(k));
  }
  return gamma;
}

void check_active_set_options(const ActiveSetOptions& options) {
  if (!(options.tolerance > 1.0)) throw InputError("--tolerance must be > 1");
  if (options.max_iterations < 1) throw InputError("--max-iterations must be positive");
  if (options.batch_size < 1) throw InputError("--batch-size must be positive");
}

ActiveSet build_active_set(const BProjector& projector, const StructureStream& data, const ActiveSetOptions& options,
                           std::vector<ActiveSetElementReport>* report) {
  const BBasisPotential& pot = projector.potential();
  const std::size_t nel = pot.elements.size();
  if (!(options.tolerance > 1.0)) throw InputError("the MaxVol tolerance must be > 1");
  if (options.batch_size < 1) throw InputError("the batch size must be positive");
  std::vector<ActiveSetElementReport> info(nel);
  std::vector<Eigen::RowVectorXd> col_min(nel), col_max(nel);
  for (std::size_t mu = 0; mu < nel; ++mu) {
    const auto m = static_cast<Eigen::Index>(pot.function_count(static_cast<int>(mu)));
    info[mu].element = pot.elements[mu];
    info[mu].functions = static_cast<std::size_t>(m);
    col_min[mu] = Eigen::RowVectorXd::Constant(m, std::numeric_limits<double>::infinity());
    col_max[mu] = Eigen::RowVectorXd::Constant(m, -std::numeric_limits<double>::infinity());
  }
  // Pass 0: counts and column ranges. The projections are kept in memory when they fit in
  // options.cache_bytes, so that later passes need not recompute them.
  std::vector<AtomProjections> cache;
  bool cached = true;
  std::size_t cached_bytes = 0;
  data([&](const System& s, std::size_t structure) {
    AtomProjections p = projector.compute(s);
    for (std::size_t i = 0; i < p.size(); ++i) {
      const int mu = p.species[i];
      const auto row = p.row(i);
      const Eigen::Map<const Eigen::RowVectorXd> b(row.data(), static_cast<Eigen::Index>(row.size()));
      col_min[mu] = col_min[mu].cwiseMin(b);
      col_max[mu] = col_max[mu].cwiseMax(b);
      ++info[mu].environments;
    }
    if (cached) {
      cached_bytes += p.values.size() * sizeof(double);
      if (cached_bytes > options.cache_bytes || structure != cache.size()) {
        cached = false;
        cache.clear();
        cache.shrink_to_fit();
      } else {
        cache.push_back(std::move(p));
      }
    }
  });
  // Visits the projections of every structure: from the cache, or by streaming the data again.
  auto for_each_structure = [&](const std::function<void(const AtomProjections&, std::size_t)>& visit) {
    if (cached) {
      for (std::size_t k = 0; k < cache.size(); ++k) visit(cache[k], k);
    } else {
      data([&](const System& s, std::size_t structure) { visit(projector.compute(s), structure); });
    }
  };
  std::vector<ColumnRegularisation> regularisation(nel);
  std::vector<bool> active(nel, false);
  for (std::size_t mu = 0; mu < nel; ++mu) {
    if (info[mu].environments == 0) continue;
    if (info[mu].environments < info[mu].functions)
      throw ComputationError("element " + pot.elements[mu] + " has " + std::to_string(info[mu].environments) +
                             " environments in the data but " + std::to_string(info[mu].functions) +
                             " B-functions: an active set needs at least as many environments as functions");
    active[mu] = true;
    for (Eigen::Index k = 0; k < col_min[mu].size(); ++k) {
      const double scale = std::max(1.0, std::max(std::abs(col_min[mu](k)), std::abs(col_max[mu](k))));
      if (col_max[mu](k) - col_min[mu](k) <= 1e-12 * scale) {
        regularisation[mu].columns.push_back(static_cast<std::size_t>(k));
        regularisation[mu].epsilon.push_back(1e-8 * scale);
      }
    }
    info[mu].constant_columns = regularisation[mu].columns.size();
  }

  std::vector<CumulativeMaxVol> maxvols;
  std::vector<RowBuffer> buffers(nel);
  for (std::size_t mu = 0; mu < nel; ++mu) {
    const auto m = static_cast<Eigen::Index>(info[mu].functions);
    maxvols.emplace_back(m, options.tolerance, options.max_iterations);
    buffers[mu].reset(m, std::max(std::min(options.batch_size, info[mu].environments), info[mu].functions));
  }
  auto flush = [&](std::size_t mu) {
    RowBuffer& b = buffers[mu];
    if (b.count == 0) return;
    maxvols[mu].add(b.rows.topRows(static_cast<Eigen::Index>(b.count)),
                    std::vector<std::int64_t>(b.ids.begin(), b.ids.begin() + static_cast<std::ptrdiff_t>(b.count)));
    b.count = 0;
  };
  // Pass 1: cumulative MaxVol over all environments. Later passes: only those with γ > tolerance.
  std::vector<Eigen::MatrixXd> inverse(nel);
  for (int pass = 0; pass <= options.refinement_passes; ++pass) {
    std::vector<std::size_t> merged(nel, 0);
    std::vector<double> worst(nel, 0.0);
    for_each_structure([&](const AtomProjections& p, std::size_t structure) {
      for (std::size_t i = 0; i < p.size(); ++i) {
        const int mu = p.species[i];
        RowBuffer& b = buffers[mu];
        const auto row = p.row(i);
        const std::int64_t id = row_id(structure, i);
        Eigen::RowVectorXd r = Eigen::Map<const Eigen::RowVectorXd>(row.data(), static_cast<Eigen::Index>(row.size()));
        regularisation[mu].apply(r, id);
        if (pass > 0) {
          const double g = (r * inverse[mu]).cwiseAbs().maxCoeff();
          worst[mu] = std::max(worst[mu], g);
          if (g <= options.tolerance) continue;
        }
        b.rows.row(static_cast<Eigen::Index>(b.count)) = r;
        b.ids[b.count] = id;
        ++merged[mu];
        if (++b.count == static_cast<std::size_t>(b.rows.rows())) flush(mu);
      }
    });
    bool changed = false;
    for (std::size_t mu = 0; mu < nel; ++mu) {
      if (!active[mu]) continue;
      flush(mu);
      maxvols[mu].finish();
      if (pass > 0) info[mu].max_training_gamma = worst[mu];
      if (pass == 0 || merged[mu] > 0) {
        changed = true;
        info[mu].passes = pass + 1;
        inverse[mu] = maxvols[mu].inverse();
      }
    }
    if (pass > 0 && !changed) break;
    if (pass == options.refinement_passes) {
      // final check of the grades after the last merge
      std::fill(worst.begin(), worst.end(), 0.0);
      for_each_structure([&](const AtomProjections& p, std::size_t structure) {
        for (std::size_t i = 0; i < p.size(); ++i) {
          const int mu = p.species[i];
          const auto row = p.row(i);
          Eigen::RowVectorXd r = Eigen::Map<const Eigen::RowVectorXd>(row.data(), static_cast<Eigen::Index>(row.size()));
          regularisation[mu].apply(r, row_id(structure, i));
          worst[mu] = std::max(worst[mu], (r * inverse[mu]).cwiseAbs().maxCoeff());
        }
      });
      for (std::size_t mu = 0; mu < nel; ++mu) info[mu].max_training_gamma = worst[mu];
    }
  }
  ActiveSet set;
  set.elements = pot.elements;
  set.inverse.resize(nel);
  for (std::size_t mu = 0; mu < nel; ++mu) {
    if (!active[mu]) continue;
    set.inverse[mu] = inverse[mu];
    info[mu].iterations = maxvols[mu].total_iterations();
    info[mu].active_ids = maxvols[mu].active_ids();
  }
  if (report) *report = std::move(info);
  return set;
}

std::vector<SelectedStructure> select_structures(const BProjector& projector, const StructureStream& candidates,
                                                 const ActiveSet* active_set, std::size_t max_structures,
                                                 const ActiveSetOptions& options) {
  const BBasisPotential& pot = projector.potential();
  const std::size_t nel = pot.elements.size();
  std::vector<CumulativeMaxVol> maxvols;
  std::vector<RowBuffer> buffers(nel);
  for (std::size_t mu = 0; mu < nel; ++mu) {
    const auto m = static_cast<Eigen::Index>(pot.function_count(static_cast<int>(mu)));
    maxvols.emplace_back(m, options.tolerance, options.max_iterations);
    buffers[mu].reset(m, std::max<std::size_t>(options.batch_size, static_cast<std::size_t>(m)));
    if (active_set && active_set->inverse[mu].size() > 0) {
      // Seed with the current active set rows A_AS = (A_AS⁻¹)⁻¹, ids −1 (not candidates).
      const Eigen::MatrixXd rows = active_set->inverse[mu].partialPivLu().inverse();
      maxvols[mu].add(rows, std::vector<std::int64_t>(static_cast<std::size_t>(m), -1));
    }
  }
  std::map<std::size_t, double> max_gamma;
  candidates([&](const System& s, std::size_t structure) {
    const AtomProjections p = projector.compute(s);
    double g_max = 0;
    if (active_set) {
      const auto g = extrapolation_grades(p, *active_set);
      for (double v : g) g_max = std::max(g_max, v);
    }
    max_gamma[structure] = g_max;
    for (std::size_t i = 0; i < p.size(); ++i) {
      const int mu = p.species[i];
      RowBuffer& b = buffers[mu];
      const auto row = p.row(i);
      b.rows.row(static_cast<Eigen::Index>(b.count)) =
          Eigen::Map<const Eigen::RowVectorXd>(row.data(), static_cast<Eigen::Index>(row.size()));
      b.ids[b.count] = row_id(structure, i);
      if (++b.count == static_cast<std::size_t>(b.rows.rows())) {
        maxvols[mu].add(b.rows, b.ids);
        b.count = 0;
      }
    }
  });
  std::map<std::size_t, std::size_t> entered;
  for (std::size_t mu = 0; mu < nel; ++mu) {
    RowBuffer& b = buffers[mu];
    if (b.count > 0)
      maxvols[mu].add(b.rows.topRows(static_cast<Eigen::Index>(b.count)),
                      std::vector<std::int64_t>(b.ids.begin(), b.ids.begin() + static_cast<std::ptrdiff_t>(b.count)));
    // Without an active set, an element with fewer candidate environments than functions has no
    // MaxVol selection and contributes nothing to the ranking.
    if (!maxvols[mu].ready()) continue;
    for (std::int64_t id : maxvols[mu].active_ids())
      if (id >= 0) ++entered[static_cast<std::size_t>(static_cast<std::uint64_t>(id) >> 32)];
  }
  std::vector<SelectedStructure> result;
  for (const auto& [structure, n] : entered) result.push_back({structure, n, max_gamma[structure]});
  std::sort(result.begin(), result.end(), [](const SelectedStructure& a, const SelectedStructure& b) {
    if (a.new_rows != b.new_rows) return a.new_rows > b.new_rows;
    if (a.max_gamma != b.max_gamma) return a.max_gamma > b.max_gamma;
    return a.index < b.index;
  });
  if (result.size() > max_structures) result.resize(max_structures);
  return result;
}

}  // namespace ionglass::ace
