#include "ionglass/ace/ace_potential.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>

#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/core/unphysical_structure_error.hpp"

namespace ionglass::ace {

namespace {

// The evaluator checks the basis as a whole (one inner-cutoff type, spline tables that fit in
// memory, ...) without knowing where it came from: its complaints are about `source`.
std::shared_ptr<const AceEvaluator> evaluator_of(AceCTildeBasis basis, const std::string& source) {
  try {
    return std::make_shared<const AceEvaluator>(std::move(basis));
  } catch (const InputError& error) {
    if (!error.file().empty() || source.empty()) throw;
    throw InputError(source, 0, error.problem());
  }
}

}  // namespace

AcePotential::AcePotential(AceCTildeBasis basis, std::string source, double skin)
    : AcePotential(evaluator_of(std::move(basis), source), source, skin) {}  // source copied: argument order is unspecified

AcePotential::AcePotential(std::shared_ptr<const AceEvaluator> evaluator, std::string source, double skin)
    : evaluator_(std::move(evaluator)), source_(std::move(source)), skin_(skin) {
  if (!evaluator_) throw InputError(source_, 0, "no ACE evaluator");
  if (!(skin_ >= 0)) throw InputError(source_, 0, "neighbour-list skin must be ≥ 0");
}

void AcePotential::bind(const System& system) {
  const auto& el = evaluator_->basis().elements;
  std::vector<bool> used(system.atom_types.size(), false);
  for (int t : system.types) {
    if (t < 1 || t > static_cast<int>(system.atom_types.size()))
      throw InputError(source_, 0, "atom type " + std::to_string(t) + " has no type entry");
    used[t - 1] = true;
  }
  type_species_.assign(system.atom_types.size(), -1);
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    if (!used[t]) continue;
    const int z = system.atom_types[t].atomic_number;
    if (z < 1 || z > elements::max_atomic_number)
      throw InputError(source_, 0,
                       "atom type " + std::to_string(t + 1) +
                           " has no element (give the elements of the types, e.g. --types Fe,Na,O,P)");
    const std::string symbol = elements::by_number(z).symbol;
    const auto it = std::find(el.begin(), el.end(), symbol);
    if (it == el.end()) {
      std::string list;
      for (const auto& e : el) list += (list.empty() ? "" : ", ") + e;
      throw InputError(source_, 0,
                       "the structure contains " + symbol + " (type " + std::to_string(t + 1) +
                           "), an element this ACE potential does not describe (its elements: " + list + ")");
    }
    type_species_[t] = static_cast<int>(it - el.begin());
  }
  atom_species_.resize(system.size());
  for (std::size_t i = 0; i < system.size(); ++i) atom_species_[i] = type_species_[system.types[i] - 1];
  bound_atoms_ = system.size();
  list_cache_.invalidate();
}

void AcePotential::update_neighbor_list(const System& system) {
  if (!list_cache_.needs_rebuild(system)) return;
  NeighborListOptions options;
  options.cutoff = evaluator_->cutoff_max();
  options.skin = skin_;
  options.half = false;
  const int ntypes = static_cast<int>(system.atom_types.size());
  options.ntypes = ntypes;
  options.type_cutoffs.assign(static_cast<std::size_t>(ntypes) * ntypes, 0.0);
  for (int a = 0; a < ntypes; ++a)
    for (int b = 0; b < ntypes; ++b) {
      const int sa = type_species_[a], sb = type_species_[b];
      options.type_cutoffs[static_cast<std::size_t>(a) * ntypes + b] =
          (sa >= 0 && sb >= 0) ? evaluator_->cutoff(sa, sb) : 0.0;
    }
  list_cache_.rebuild(system, options);
}

void AcePotential::compute(const System& system, const EvaluationRequest& request, PotentialResult& result) {
  if (bound_atoms_ != system.size() || atom_species_.size() != system.size())
    throw ComputationError("ACE potential: compute() on a system it was not bound to (call bind() first)");
  update_neighbor_list(system);
  const std::size_t natoms = system.size();
  const std::vector<Vec3> shifts = list_cache_.list().shift_vectors(system.cell);
  const bool need_pairs = request.forces || request.virial;
  const int nthreads = thread_count_ > 0 ? thread_count_ : std::max(1, omp_get_max_threads());

  std::vector<std::vector<double>> thread_forces(request.forces ? nthreads : 0);
  std::vector<Mat3> thread_virial(nthreads, Mat3::Zero());
  std::vector<double> thread_energy(nthreads, 0.0);
  if (request.per_atom_energy && result.per_atom_energy.size() != natoms) result.per_atom_energy.assign(natoms, 0.0);
  if (request.forces && result.forces.size() != natoms) result.forces.assign(natoms, Vec3::Zero());

  // The first too-close pair found (reported after the parallel region).
  long long close_i = -1, close_j = -1;
  double close_r = 0;

#pragma omp parallel num_threads(nthreads)
  {
    const int tid = omp_get_thread_num();
    AceEvaluator::Workspace work;
    std::vector<int> species;
    std::vector<double> displacement, pair_force;
    std::vector<int> neighbor_atom;
    double* forces = nullptr;
    if (request.forces) {
      thread_forces[tid].assign(3 * natoms, 0.0);
      forces = thread_forces[tid].data();
    }
    Mat3 virial = Mat3::Zero();
    double energy = 0;
#pragma omp for schedule(static, 32)  // static: the same thread sums the same atoms every step (reproducible)
    for (std::size_t i = 0; i < natoms; ++i) {
      const std::size_t begin = list_cache_.list().begin(i), end = list_cache_.list().end(i);
      const int n = static_cast<int>(end - begin);
      species.resize(n);
      neighbor_atom.resize(n);
      displacement.resize(3 * static_cast<std::size_t>(n));
      pair_force.resize(3 * static_cast<std::size_t>(n));
      const Vec3& xi = system.positions[i];
      for (int k = 0; k < n; ++k) {
        const auto& e = list_cache_.list().entry(begin + k);
        const Vec3 d = system.positions[e.atom] - xi + shifts[e.image];
        neighbor_atom[k] = e.atom;
        species[k] = atom_species_[e.atom];
        displacement[3 * k] = d.x();
        displacement[3 * k + 1] = d.y();
        displacement[3 * k + 2] = d.z();
      }
      const auto r = evaluator_->compute_atom(atom_species_[i], n, species.data(), displacement.data(),
                                              need_pairs ? pair_force.data() : nullptr, work);
      if (r.too_close >= 0) {
#pragma omp critical(ace_too_close)
        if (close_i < 0) {
          close_i = static_cast<long long>(i);
          close_j = neighbor_atom[r.too_close];
          const double* d = displacement.data() + 3 * r.too_close;
          close_r = std::sqrt(d[0] * d[0] + d[1] * d[1] + d[2] * d[2]);
        }
        continue;
      }
      energy += r.energy;
      if (request.per_atom_energy) result.per_atom_energy[i] += r.energy;
      if (!need_pairs) continue;
      for (int k = 0; k < n; ++k) {
        const double* f = pair_force.data() + 3 * k;
        if (f[0] == 0 && f[1] == 0 && f[2] == 0) continue;
        if (forces) {
          const std::size_t j = static_cast<std::size_t>(neighbor_atom[k]);
          forces[3 * i] += f[0];
          forces[3 * i + 1] += f[1];
          forces[3 * i + 2] += f[2];
          forces[3 * j] -= f[0];
          forces[3 * j + 1] -= f[1];
          forces[3 * j + 2] -= f[2];
        }
        // (r_i − r_j) ⊗ f_ij with r_i − r_j = −d.
        const double* d = displacement.data() + 3 * k;
        for (int a = 0; a < 3; ++a)
          for (int b = 0; b < 3; ++b) virial(a, b) -= d[a] * f[b];
      }
    }
    thread_virial[tid] = virial;
    thread_energy[tid] = energy;
  }

  if (close_i >= 0)
    throw UnphysicalStructureError(fmt::format(
        "ACE potential {}: atoms {} ({}) and {} ({}) are {:.6g} Å apart, closer than the first spline node ({:.6g} Å); "
        "the structure is unphysical",
        source_, system.ids.empty() ? close_i + 1 : system.ids[close_i], system.symbol(close_i),
        system.ids.empty() ? close_j + 1 : system.ids[close_j], system.symbol(close_j), close_r,
        evaluator_->first_spline_node()));

  double energy = 0;
  Mat3 virial = Mat3::Zero();
  for (int t = 0; t < nthreads; ++t) {
    energy += thread_energy[t];
    virial += thread_virial[t];
  }
  if (request.forces) {
#pragma omp parallel for schedule(static)
    for (std::size_t i = 0; i < natoms; ++i)
      for (int t = 0; t < nthreads; ++t) {
        const double* f = thread_forces[t].data() + 3 * i;
        result.forces[i] += Vec3(f[0], f[1], f[2]);
      }
  }
  if (request.virial) result.virial += virial;
  result.add_component("ace", energy);
}

std::string AcePotential::describe() const {
  const auto& b = evaluator_->basis();
  std::string elements;
  std::size_t nfunc = 0;
  for (const auto& e : b.elements) elements += (elements.empty() ? "" : ",") + e;
  for (const auto& list : b.functions) nfunc += list.size();
  return fmt::format("ace: {} (elements {}, {} basis functions, cutoff {} Å, inner core '{}', rank ≤ {}, lmax {})",
                     source_, elements, nfunc, b.cutoff_max(), b.bonds[0].inner_cutoff_type, b.rank_max(),
                     b.lmax_max());
}

std::unique_ptr<AcePotential> load_ace_potential(const std::string& path) {
  return std::make_unique<AcePotential>(read_yace(path), path);
}

}  // namespace ionglass::ace
