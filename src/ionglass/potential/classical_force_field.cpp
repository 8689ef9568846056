#include "ionglass/potential/classical_force_field.hpp"

#include <fmt/format.h>
#include <omp.h>
#if defined(__AVX2__) && defined(__FMA__)
#include <immintrin.h>
#endif

#include <algorithm>
#include <cmath>
#include <exception>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/potential/ewald_sum.hpp"
#include "ionglass/potential/pppm.hpp"

namespace ionglass {

namespace {
// The virial accumulated as six scalars (OpenMP reductions) back as a 3×3 matrix.
Mat3 symmetric_matrix(double xx, double yy, double zz, double xy, double xz, double yz) {
  Mat3 m;
  m << xx, xy, xz, xy, yy, yz, xz, yz, zz;
  return m;
}

bool matches(const std::string& pattern, const std::string& species) {
  return pattern == "*" || pattern == species;
}
// How specific a pair pattern is for (a, b): 2 exact, 1 one wildcard, 0 both wildcards, −1 no match.
int match_rank(const PairTerm& t, const std::string& a, const std::string& b) {
  auto rank = [](const std::string& p1, const std::string& p2, const std::string& x, const std::string& y) {
    if (!matches(p1, x) || !matches(p2, y)) return -1;
    return (p1 != "*") + (p2 != "*");
  };
  return std::max(rank(t.species_a, t.species_b, a, b), rank(t.species_a, t.species_b, b, a));
}
}  // namespace

ClassicalForceField::ClassicalForceField(std::string name, std::string source)
    : name_(std::move(name)), source_(std::move(source)) {}

void ClassicalForceField::add_pair(PairTerm term) {
  if (!(term.cutoff > 0) && !term.models.empty())
    throw InputError(source_, 0, fmt::format("pair {}–{}: cutoff must be positive", term.species_a, term.species_b));
  for (const auto& p : pairs_)
    if ((p.species_a == term.species_a && p.species_b == term.species_b) ||
        (p.species_a == term.species_b && p.species_b == term.species_a))
      throw InputError(source_, 0, fmt::format("pair {}–{} is given twice", term.species_a, term.species_b));
  pairs_.push_back(std::move(term));
}

double ClassicalForceField::cutoff() const {
  double c = 0;
  for (const auto& p : pairs_)
    if (!p.models.empty()) c = std::max(c, p.cutoff);
  if (coulomb_.method != CoulombMethod::None) c = std::max(c, coulomb_.cutoff);
  for (const auto& a : angle_terms_) c = std::max(c, a.cutoff);
  return c;
}

std::string ClassicalForceField::species_of_type(const System& system, int type) const {
  if (auto it = type_labels_.find(type); it != type_labels_.end()) return it->second;
  const AtomType& t = system.atom_types[type - 1];
  if (!t.label.empty()) {
    if (charges_by_species_.count(t.label)) return t.label;
    for (const auto& p : pairs_)
      if (p.species_a == t.label || p.species_b == t.label) return t.label;
  }
  return elements::by_number(t.atomic_number).symbol;
}

std::vector<std::string> ClassicalForceField::species_of_each_type(const System& system) const {
  const int ntypes = static_cast<int>(system.atom_types.size());
  std::vector<std::string> species(ntypes + 1);
  for (int t = 1; t <= ntypes; ++t) species[t] = species_of_type(system, t);
  return species;
}

const PairTerm* ClassicalForceField::pair_term_for(const std::string& species_a, const std::string& species_b) const {
  const PairTerm* best = nullptr;
  int best_rank = -1;
  for (const auto& p : pairs_) {
    const int r = match_rank(p, species_a, species_b);
    if (r > best_rank) {
      best_rank = r;
      best = &p;
    }
  }
  return best;
}

void ClassicalForceField::bind(const System& system) {
  const std::size_t n = system.size();
  ntypes_ = static_cast<int>(system.atom_types.size());
  std::vector<bool> present(ntypes_ + 1, false);
  for (int t : system.types) present[t] = true;
  type_species_ = species_of_each_type(system);

  // Charges.
  atom_charges_.assign(n, 0.0);
  const bool coulomb_on = coulomb_.method != CoulombMethod::None;
  if (coulomb_on) {
    if (structure_charges_) {
      if (!system.has_charges())
        throw InputError(source_, 0, "the potential takes charges from the structure, but the structure has none");
      atom_charges_ = system.charges;
    } else {
      std::vector<double> type_charge(ntypes_ + 1, 0.0);
      for (int t = 1; t <= ntypes_; ++t) {
        if (!present[t]) continue;
        const std::string& sp = type_species_[t];
        auto it = charges_by_species_.find(sp);
        if (it == charges_by_species_.end()) {
          const std::string element = elements::by_number(system.atom_types[t - 1].atomic_number).symbol;
          it = charges_by_species_.find(element);
        }
        if (it == charges_by_species_.end())
          throw InputError(source_, 0, fmt::format("no charge for species {} (type {})", sp, t));
        type_charge[t] = it->second;
      }
      for (std::size_t i = 0; i < n; ++i) atom_charges_[i] = type_charge[system.types[i]];
    }
  }

  // Pair terms for every pair of present types.
  bound_pairs_.clear();
  type_pair_.assign(static_cast<std::size_t>(ntypes_) * ntypes_, -1);
  std::map<const PairTerm*, int> index_of;
  for (int a = 1; a <= ntypes_; ++a) {
    if (!present[a]) continue;
    for (int b = 1; b <= ntypes_; ++b) {
      if (!present[b]) continue;
      const PairTerm* best = pair_term_for(type_species_[a], type_species_[b]);
      if (!best)
        throw InputError(source_, 0,
                         fmt::format("no pair parameters for {}–{} (types {} and {}); give them, or declare the pair "
                                     "with `model: none` if it has no short-range interaction",
                                     type_species_[a], type_species_[b], a, b));
      if (best->models.empty()) continue;
      auto [it, inserted] = index_of.emplace(best, static_cast<int>(bound_pairs_.size()));
      if (inserted) {
        BoundPair bp;
        bp.term = best;
        bp.cutoff2 = best->cutoff * best->cutoff;
        if (best->shift) {
          double e = 0, d = 0;
          for (const auto& m : best->models) {
            double em, dm;
            m->evaluate(best->cutoff, em, dm);
            e += em;
          }
          (void)d;
          bp.energy_shift = e;
        }
        bound_pairs_.push_back(std::move(bp));
      }
      type_pair_[(a - 1) * ntypes_ + (b - 1)] = it->second;
    }
  }

  // Electrostatics.
  kernel_ = CoulombRealSpaceKernel::none();
  solver_.reset();
  if (coulomb_on) {
    double qsum = 0;
    for (double q : atom_charges_) qsum += q;
    const bool kspace = coulomb_.method == CoulombMethod::Ewald || coulomb_.method == CoulombMethod::Pppm;
    if (kspace && std::fabs(qsum) > 1e-6 && !coulomb_.allow_non_neutral)
      throw InputError(source_, 0,
                       fmt::format("the system has a net charge of {:.6g} e; Ewald/PPPM need a neutral system (set "
                                   "`allow_non_neutral: true` to add a uniform neutralising background)",
                                   qsum));
    if (!(coulomb_.cutoff > 0)) throw InputError(source_, 0, "Coulomb cutoff must be positive");
    if (kspace) {
      if (!system.cell.fully_periodic() || !system.cell.has_volume())
        throw InputError(source_, 0, "Ewald/PPPM need a fully periodic cell");
      const double half_width = 0.5 * system.cell.perpendicular_widths().minCoeff();
      if (coulomb_.cutoff > half_width)
        throw InputError(source_, 0,
                         fmt::format("Coulomb real-space cutoff {} Å exceeds half the smallest cell width ({:.4f} Å); "
                                     "Ewald/PPPM need a cutoff of at most half the width",
                                     coulomb_.cutoff, half_width));
      if (coulomb_.method == CoulombMethod::Ewald)
        solver_ = std::make_unique<EwaldSum>(coulomb_.accuracy, coulomb_.alpha);
      else
        solver_ = std::make_unique<Pppm>(coulomb_.accuracy, coulomb_.order, coulomb_.mesh, coulomb_.alpha);
      solver_->setup(system.cell, atom_charges_, coulomb_.cutoff);
      kernel_ = CoulombRealSpaceKernel::ewald(solver_->alpha(), coulomb_.cutoff, coulomb_.lammps_erfc);
    } else {
      kernel_ = CoulombRealSpaceKernel::damped_shifted_force(coulomb_.alpha, coulomb_.cutoff);
    }
  }

  // Tables.
  coulomb_table_ = SquaredDistanceTable();
  const double inner2 = table_inner_ * table_inner_;
  if (tabulate_) {
    for (auto& bp : bound_pairs_) {
      if (bp.cutoff2 <= inner2) continue;
      const PairTerm* term = bp.term;
      const double shift = bp.energy_shift;
      bp.table = SquaredDistanceTable(
          [term, shift](double r, double& e, double& d) {
            e = -shift;
            d = 0;
            for (const auto& m : term->models) {
              double em, dm;
              m->evaluate(r, em, dm);
              e += em;
              d += dm;
            }
          },
          inner2, bp.cutoff2, table_spacing_);
    }
    if (kernel_.active() && coulomb_.cutoff * coulomb_.cutoff > inner2) {
      const CoulombRealSpaceKernel kernel = kernel_;
      coulomb_table_ = SquaredDistanceTable([kernel](double r, double& e, double& d) { kernel.evaluate(r, e, d); },
                                            inner2, coulomb_.cutoff * coulomb_.cutoff, table_spacing_);
    }
  }
  // Flat views for the tabulated loop: a type pair without a short-range table reads a zero
  // interval with a zero cutoff, so the loop needs no test for it.
  alignas(64) static const double zero_interval[4] = {0, 0, 0, 0};
  const TableView no_table{zero_interval, 0, 0.0};
  coulomb_view_ = coulomb_table_.empty() ? no_table
                                         : TableView{coulomb_table_.knot_data(), coulomb_table_.intervals() - 1,
                                                     coulomb_.cutoff * coulomb_.cutoff};
  short_range_views_.assign(type_pair_.size(), no_table);
  for (std::size_t k = 0; k < type_pair_.size(); ++k) {
    if (type_pair_[k] < 0) continue;
    const BoundPair& pair = bound_pairs_[type_pair_[k]];
    if (!pair.table.empty()) short_range_views_[k] = {pair.table.knot_data(), pair.table.intervals() - 1, pair.cutoff2};
  }
  bound_atoms_ = n;
  list_cache_.invalidate();
  list_cutoff_ = 0;
  for (const auto& bp : bound_pairs_) list_cutoff_ = std::max(list_cutoff_, bp.term->cutoff);
  if (kernel_.active()) list_cutoff_ = std::max(list_cutoff_, coulomb_.cutoff);
}

void ClassicalForceField::ensure_neighbor_list(const System& system) {
  if (!list_cache_.needs_rebuild(system)) return;
  NeighborListOptions options;
  options.cutoff = list_cutoff_;
  options.skin = skin_;
  options.half = true;
  list_cache_.rebuild(system, options);
}

inline void ClassicalForceField::evaluate_pair(const BoundPair& pair, double r2, double& energy,
                                               double& derivative_over_r) const {
  if (!pair.table.empty() && r2 >= pair.table.s_min()) {
    pair.table.evaluate(r2, energy, derivative_over_r);
    return;
  }
  const double r = std::sqrt(r2);
  energy = -pair.energy_shift;
  double d = 0;
  for (const auto& m : pair.term->models) {
    double em, dm;
    m->evaluate(r, em, dm);
    energy += em;
    d += dm;
  }
  derivative_over_r = d / r;
}

#if defined(__AVX2__) && defined(__FMA__)
namespace {
// Rows r0..r3 become columns: r0 = (r0[0], r1[0], r2[0], r3[0]), r1 = (r0[1], …), ….
inline void transpose4(__m256d& r0, __m256d& r1, __m256d& r2, __m256d& r3) {
  const __m256d t0 = _mm256_unpacklo_pd(r0, r1), t1 = _mm256_unpackhi_pd(r0, r1);
  const __m256d t2 = _mm256_unpacklo_pd(r2, r3), t3 = _mm256_unpackhi_pd(r2, r3);
  r0 = _mm256_permute2f128_pd(t0, t2, 0x20);
  r1 = _mm256_permute2f128_pd(t1, t3, 0x20);
  r2 = _mm256_permute2f128_pd(t0, t2, 0x31);
  r3 = _mm256_permute2f128_pd(t1, t3, 0x31);
}
inline double horizontal_sum(__m256d v) {
  const __m128d s = _mm_add_pd(_mm256_castpd256_pd128(v), _mm256_extractf128_pd(v, 1));
  return _mm_cvtsd_f64(_mm_add_sd(s, _mm_unpackhi_pd(s, s)));
}
}  // namespace
#endif

// The tabulated pair loop. All tables share their grid, so the Hermite weights are computed once
// per pair and applied to the Coulomb table and to the pair's short-range table. There are no
// data-dependent branches (only the never-taken one for pairs closer than the tables reach): a pair
// beyond a cutoff is evaluated at a clamped table index and multiplied by a zero mask. With AVX2
// four neighbours of an atom are done at once: each neighbour's (x, y, z, q), image shift and table
// knots are single 32-byte loads, transposed into lanes (cheaper than gathers), and its force is
// one 32-byte read-modify-write in the padded per-thread force buffer.
template <bool Virial, bool PerAtom>
void ClassicalForceField::tabulated_pair_loop(const System& system, PotentialResult& result, double& short_range_out,
                                              double& real_space_out) {
  const std::size_t n = system.size();
  const std::vector<Vec3> shift_vectors = list_cache_.list().shift_vectors(system.cell);
  AlignedVector<std::array<double, 4>> shifts(shift_vectors.size());
  for (std::size_t k = 0; k < shifts.size(); ++k)
    shifts[k] = {shift_vectors[k][0], shift_vectors[k][1], shift_vectors[k][2], 0.0};
  packed_.resize(n);
  for (std::size_t i = 0; i < n; ++i)
    packed_[i] = {system.positions[i][0], system.positions[i][1], system.positions[i][2], atom_charges_[i]};
  const double s_min = table_inner_ * table_inner_;
  // Any table gives the (shared) grid.
  const SquaredDistanceTable* grid_table = coulomb_table_.empty() ? nullptr : &coulomb_table_;
  for (const auto& bp : bound_pairs_)
    if (!grid_table) grid_table = &bp.table;
  if (!grid_table) return;
  const SquaredDistanceTable& grid = *grid_table;
  const double s_break = grid.s_break(), fine = grid.fine_spacing(), coarse = grid.coarse_spacing();
  const double inverse_fine = 1.0 / fine, inverse_coarse = 1.0 / coarse;
  const double fine_intervals = grid.fine_intervals();
  const TableView coulomb = coulomb_view_;
  const TableView* sr_tables = short_range_views_.data();
  const int nt = ntypes_;
  const int nthreads = omp_get_max_threads();
  thread_padded_forces_.resize(nthreads);
  thread_energies_.resize(nthreads);
  const int* types = system.types.data();
  const std::array<double, 4>* atoms = packed_.data();
  const NeighborList::Entry* entries = list_cache_.list().entries().data();
  const std::size_t* offsets = list_cache_.list().offsets().data();
  const std::array<double, 4>* shift = shifts.data();
  double short_range = 0, real_space = 0;
  double vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
  int team = 1;  // threads that actually run the region (1 when called from a parallel region)
#pragma omp parallel reduction(+ : short_range, real_space, vxx, vyy, vzz, vxy, vxz, vyz)
  {
    const int tid = omp_get_thread_num();
    if (tid == 0) team = omp_get_num_threads();
    AlignedVector<double>& force_vector = thread_padded_forces_[tid];
    force_vector.assign(4 * n, 0.0);
    double* force = force_vector.data();  // x, y, z, unused per atom
    std::vector<double>& atom_energy = thread_energies_[tid];
    if (PerAtom) atom_energy.assign(n, 0.0);
#if defined(__AVX2__) && defined(__FMA__)
    __m256d short_range_lanes = _mm256_setzero_pd(), real_space_lanes = _mm256_setzero_pd();
    __m256d virial_xx = _mm256_setzero_pd(), virial_yy = _mm256_setzero_pd(), virial_zz = _mm256_setzero_pd();
    __m256d virial_xy = _mm256_setzero_pd(), virial_xz = _mm256_setzero_pd(), virial_yz = _mm256_setzero_pd();
#endif
#pragma omp for schedule(static, 32)  // static: the same thread sums the same atoms every step (reproducible)
    for (std::size_t i = 0; i < n; ++i) {
      const double xi = atoms[i][0], yi = atoms[i][1], zi = atoms[i][2], qi = atoms[i][3];
      const TableView* sr_row = sr_tables + static_cast<std::size_t>(types[i] - 1) * nt;
      const int* pair_row = &type_pair_[static_cast<std::size_t>(types[i] - 1) * nt];
      double fx = 0, fy = 0, fz = 0, ei = 0;
      // One pair, scalar.
      auto pair = [&](std::size_t k) {
        const int j = entries[k].atom;
        const double* sj = shift[entries[k].image].data();
        const double dx = atoms[j][0] + sj[0] - xi;
        const double dy = atoms[j][1] + sj[1] - yi;
        const double dz = atoms[j][2] + sj[2] - zi;
        const double r2 = dx * dx + dy * dy + dz * dz;
        const int tj = types[j] - 1;
        double fpair, e_sr, e_c;
        if (r2 < s_min) [[unlikely]] {  // closer than the tables reach: analytic
          fpair = e_sr = e_c = 0;
          const int p = pair_row[tj];
          if (p >= 0 && r2 < bound_pairs_[p].cutoff2) evaluate_pair(bound_pairs_[p], r2, e_sr, fpair);
          if (r2 < coulomb.cut2) {
            const double r = std::sqrt(r2);
            double e, f;
            kernel_.evaluate(r, e, f);
            const double qq = qi * atoms[j][3];
            e_c = qq * e;
            fpair += qq * f / r;
          }
        } else {
          // Grid point (SquaredDistanceTable::locate without branches).
          const bool in_fine = r2 < s_break;
          const double x = in_fine ? (r2 - s_min) * inverse_fine : fine_intervals + (r2 - s_break) * inverse_coarse;
          const double h = in_fine ? fine : coarse;
          const int index = static_cast<int>(x);
          const double t = x - index, t2 = t * t, t3 = t2 * t;
          const double h00 = 2 * t3 - 3 * t2 + 1, h01 = 1 - h00;
          const double h10 = (t3 - 2 * t2 + t) * h, h11 = (t3 - t2) * h;
          const double d00 = (in_fine ? 12.0 * inverse_fine : 12.0 * inverse_coarse) * (t2 - t);
          const double d10 = 6 * t2 - 8 * t + 2, d11 = 6 * t2 - 4 * t;
          const double* c = coulomb.knots + 4 * std::min(index, coulomb.last_interval);
          const double qq = r2 < coulomb.cut2 ? qi * atoms[j][3] : 0.0;
          e_c = qq * (h00 * c[0] + h10 * c[1] + h01 * c[2] + h11 * c[3]);
          const double f_c = d00 * (c[0] - c[2]) + d10 * c[1] + d11 * c[3];
          const TableView& table = sr_row[tj];
          const double* s = table.knots + 4 * std::min(index, table.last_interval);
          const double mask = r2 < table.cut2 ? 1.0 : 0.0;
          e_sr = mask * (h00 * s[0] + h10 * s[1] + h01 * s[2] + h11 * s[3]);
          const double f_sr = d00 * (s[0] - s[2]) + d10 * s[1] + d11 * s[3];
          fpair = qq * f_c + mask * f_sr;
        }
        short_range += e_sr;
        real_space += e_c;
        const double fxj = fpair * dx, fyj = fpair * dy, fzj = fpair * dz;
        fx += fxj;
        fy += fyj;
        fz += fzj;
        force[4 * j] -= fxj;
        force[4 * j + 1] -= fyj;
        force[4 * j + 2] -= fzj;
        if (Virial) {
          vxx -= fxj * dx;
          vyy -= fyj * dy;
          vzz -= fzj * dz;
          vxy -= fxj * dy;
          vxz -= fxj * dz;
          vyz -= fyj * dz;
        }
        if (PerAtom) {
          const double half = 0.5 * (e_sr + e_c);
          ei += half;
          atom_energy[j] += half;
        }
      };
      std::size_t k = offsets[i];
      const std::size_t end = offsets[i + 1];
#if defined(__AVX2__) && defined(__FMA__)
      const __m256d position_i = _mm256_setr_pd(xi, yi, zi, 0.0);
      __m256d fx_lanes = _mm256_setzero_pd(), fy_lanes = _mm256_setzero_pd(), fz_lanes = _mm256_setzero_pd();
      __m256d ei_lanes = _mm256_setzero_pd();
      for (; k + 4 <= end; k += 4) {
        const int j[4] = {entries[k].atom, entries[k + 1].atom, entries[k + 2].atom, entries[k + 3].atom};
        // Lane l: (dx, dy, dz, q_j) of neighbour l, then transposed.
        __m256d dx = _mm256_sub_pd(
            _mm256_add_pd(_mm256_loadu_pd(atoms[j[0]].data()), _mm256_loadu_pd(shift[entries[k].image].data())),
            position_i);
        __m256d dy = _mm256_sub_pd(
            _mm256_add_pd(_mm256_loadu_pd(atoms[j[1]].data()), _mm256_loadu_pd(shift[entries[k + 1].image].data())),
            position_i);
        __m256d dz = _mm256_sub_pd(
            _mm256_add_pd(_mm256_loadu_pd(atoms[j[2]].data()), _mm256_loadu_pd(shift[entries[k + 2].image].data())),
            position_i);
        __m256d qj = _mm256_sub_pd(
            _mm256_add_pd(_mm256_loadu_pd(atoms[j[3]].data()), _mm256_loadu_pd(shift[entries[k + 3].image].data())),
            position_i);
        transpose4(dx, dy, dz, qj);
        const __m256d r2 = _mm256_fmadd_pd(dz, dz, _mm256_fmadd_pd(dy, dy, _mm256_mul_pd(dx, dx)));
        if (_mm256_movemask_pd(_mm256_cmp_pd(r2, _mm256_set1_pd(s_min), _CMP_LT_OQ))) [[unlikely]] {
          for (int l = 0; l < 4; ++l) pair(k + l);
          continue;
        }
        // Grid point.
        const __m256d in_fine = _mm256_cmp_pd(r2, _mm256_set1_pd(s_break), _CMP_LT_OQ);
        const __m256d x = _mm256_blendv_pd(
            _mm256_fmadd_pd(_mm256_sub_pd(r2, _mm256_set1_pd(s_break)), _mm256_set1_pd(inverse_coarse),
                            _mm256_set1_pd(fine_intervals)),
            _mm256_mul_pd(_mm256_sub_pd(r2, _mm256_set1_pd(s_min)), _mm256_set1_pd(inverse_fine)), in_fine);
        const __m256d h = _mm256_blendv_pd(_mm256_set1_pd(coarse), _mm256_set1_pd(fine), in_fine);
        const __m256d twelve_over_h =
            _mm256_blendv_pd(_mm256_set1_pd(12.0 * inverse_coarse), _mm256_set1_pd(12.0 * inverse_fine), in_fine);
        const __m128i index = _mm256_cvttpd_epi32(x);
        const __m256d t = _mm256_sub_pd(x, _mm256_cvtepi32_pd(index));
        const __m256d t2 = _mm256_mul_pd(t, t), t3 = _mm256_mul_pd(t2, t);
        const __m256d one = _mm256_set1_pd(1.0), two = _mm256_set1_pd(2.0);
        const __m256d h00 = _mm256_fmadd_pd(two, t3, _mm256_fnmadd_pd(_mm256_set1_pd(3.0), t2, one));
        const __m256d h01 = _mm256_sub_pd(one, h00);
        const __m256d h10 = _mm256_mul_pd(_mm256_add_pd(_mm256_fnmadd_pd(two, t2, t3), t), h);
        const __m256d h11 = _mm256_mul_pd(_mm256_sub_pd(t3, t2), h);
        const __m256d d00 = _mm256_mul_pd(twelve_over_h, _mm256_sub_pd(t2, t));
        const __m256d six_t2 = _mm256_mul_pd(_mm256_set1_pd(6.0), t2);
        const __m256d d10 = _mm256_add_pd(_mm256_fnmadd_pd(_mm256_set1_pd(8.0), t, six_t2), two);
        const __m256d d11 = _mm256_fnmadd_pd(_mm256_set1_pd(4.0), t, six_t2);
        alignas(16) int idx[4];
        _mm_store_si128(reinterpret_cast<__m128i*>(idx), index);
        // Knots (f_a, f'_a, f_b, f'_b) of each lane's interval, transposed.
        __m256d ca = _mm256_loadu_pd(coulomb.knots + 4 * std::min(idx[0], coulomb.last_interval));
        __m256d cs = _mm256_loadu_pd(coulomb.knots + 4 * std::min(idx[1], coulomb.last_interval));
        __m256d cb = _mm256_loadu_pd(coulomb.knots + 4 * std::min(idx[2], coulomb.last_interval));
        __m256d ct = _mm256_loadu_pd(coulomb.knots + 4 * std::min(idx[3], coulomb.last_interval));
        transpose4(ca, cs, cb, ct);
        const TableView* table[4] = {&sr_row[types[j[0]] - 1], &sr_row[types[j[1]] - 1], &sr_row[types[j[2]] - 1],
                                     &sr_row[types[j[3]] - 1]};
        __m256d sa = _mm256_loadu_pd(table[0]->knots + 4 * std::min(idx[0], table[0]->last_interval));
        __m256d ss = _mm256_loadu_pd(table[1]->knots + 4 * std::min(idx[1], table[1]->last_interval));
        __m256d sb = _mm256_loadu_pd(table[2]->knots + 4 * std::min(idx[2], table[2]->last_interval));
        __m256d st = _mm256_loadu_pd(table[3]->knots + 4 * std::min(idx[3], table[3]->last_interval));
        transpose4(sa, ss, sb, st);
        const __m256d sr_cut2 = _mm256_setr_pd(table[0]->cut2, table[1]->cut2, table[2]->cut2, table[3]->cut2);
        const __m256d sr_mask = _mm256_cmp_pd(r2, sr_cut2, _CMP_LT_OQ);
        const __m256d qq = _mm256_and_pd(_mm256_mul_pd(_mm256_set1_pd(qi), qj),
                                         _mm256_cmp_pd(r2, _mm256_set1_pd(coulomb.cut2), _CMP_LT_OQ));
        auto value = [&](__m256d a, __m256d sa_, __m256d b, __m256d sb_) {
          return _mm256_fmadd_pd(h11, sb_, _mm256_fmadd_pd(h01, b, _mm256_fmadd_pd(h10, sa_, _mm256_mul_pd(h00, a))));
        };
        auto derivative = [&](__m256d a, __m256d sa_, __m256d b, __m256d sb_) {
          return _mm256_fmadd_pd(d11, sb_, _mm256_fmadd_pd(d10, sa_, _mm256_mul_pd(d00, _mm256_sub_pd(a, b))));
        };
        const __m256d e_c = _mm256_mul_pd(qq, value(ca, cs, cb, ct));
        const __m256d e_sr = _mm256_and_pd(sr_mask, value(sa, ss, sb, st));
        const __m256d fpair =
            _mm256_fmadd_pd(qq, derivative(ca, cs, cb, ct), _mm256_and_pd(sr_mask, derivative(sa, ss, sb, st)));
        real_space_lanes = _mm256_add_pd(real_space_lanes, e_c);
        short_range_lanes = _mm256_add_pd(short_range_lanes, e_sr);
        __m256d fxj = _mm256_mul_pd(fpair, dx), fyj = _mm256_mul_pd(fpair, dy), fzj = _mm256_mul_pd(fpair, dz);
        fx_lanes = _mm256_add_pd(fx_lanes, fxj);
        fy_lanes = _mm256_add_pd(fy_lanes, fyj);
        fz_lanes = _mm256_add_pd(fz_lanes, fzj);
        if (Virial) {
          virial_xx = _mm256_fnmadd_pd(fxj, dx, virial_xx);
          virial_yy = _mm256_fnmadd_pd(fyj, dy, virial_yy);
          virial_zz = _mm256_fnmadd_pd(fzj, dz, virial_zz);
          virial_xy = _mm256_fnmadd_pd(fxj, dy, virial_xy);
          virial_xz = _mm256_fnmadd_pd(fxj, dz, virial_xz);
          virial_yz = _mm256_fnmadd_pd(fyj, dz, virial_yz);
        }
        if (PerAtom) {
          const __m256d half = _mm256_mul_pd(_mm256_set1_pd(0.5), _mm256_add_pd(e_c, e_sr));
          ei_lanes = _mm256_add_pd(ei_lanes, half);
          alignas(32) double halves[4];
          _mm256_store_pd(halves, half);
          for (int l = 0; l < 4; ++l) atom_energy[j[l]] += halves[l];
        }
        // Newton's third law: lane l's force goes to its own neighbour, in order (a neighbour may
        // appear twice in one block through two images).
        __m256d zero = _mm256_setzero_pd();
        transpose4(fxj, fyj, fzj, zero);
        const __m256d lane_force[4] = {fxj, fyj, fzj, zero};
        for (int l = 0; l < 4; ++l) {
          double* fj = force + 4 * j[l];
          _mm256_storeu_pd(fj, _mm256_sub_pd(_mm256_loadu_pd(fj), lane_force[l]));
        }
      }
      fx += horizontal_sum(fx_lanes);
      fy += horizontal_sum(fy_lanes);
      fz += horizontal_sum(fz_lanes);
      if (PerAtom) ei += horizontal_sum(ei_lanes);
#endif
      for (; k < end; ++k) pair(k);
      force[4 * i] += fx;
      force[4 * i + 1] += fy;
      force[4 * i + 2] += fz;
      if (PerAtom) atom_energy[i] += ei;
    }
#if defined(__AVX2__) && defined(__FMA__)
    short_range += horizontal_sum(short_range_lanes);
    real_space += horizontal_sum(real_space_lanes);
    if (Virial) {
      vxx += horizontal_sum(virial_xx);
      vyy += horizontal_sum(virial_yy);
      vzz += horizontal_sum(virial_zz);
      vxy += horizontal_sum(virial_xy);
      vxz += horizontal_sum(virial_xz);
      vyz += horizontal_sum(virial_yz);
    }
#endif
  }
  // Sum the per-thread buffers (every thread of the region above filled its own).
#pragma omp parallel for schedule(static)
  for (std::size_t i = 0; i < n; ++i) {
    for (int t = 0; t < team; ++t) {
      const double* f = thread_padded_forces_[t].data() + 4 * i;
      result.forces[i] += Vec3(f[0], f[1], f[2]);
      if (PerAtom) result.per_atom_energy[i] += thread_energies_[t][i];
    }
  }
  if (Virial) result.virial += symmetric_matrix(vxx, vyy, vzz, vxy, vxz, vyz);
  short_range_out = short_range;
  real_space_out = real_space;
}

void ClassicalForceField::compute_pairs(const System& system, const EvaluationRequest& request,
                                        PotentialResult& result) {
  const std::size_t n = system.size();
  if (list_cutoff_ <= 0 || n == 0) return;
  ensure_neighbor_list(system);
  const bool coulomb = kernel_.active();
  double short_range = 0, real_space = 0;
  // Fast path: tabulated functions (tables for every active pair and the Coulomb kernel).
  bool all_tabulated = tabulate_ && (!coulomb || !coulomb_table_.empty());
  for (const auto& bp : bound_pairs_) all_tabulated = all_tabulated && !bp.table.empty();
  if (all_tabulated && request.forces) {
    if (request.virial && request.per_atom_energy)
      tabulated_pair_loop<true, true>(system, result, short_range, real_space);
    else if (request.virial)
      tabulated_pair_loop<true, false>(system, result, short_range, real_space);
    else if (request.per_atom_energy)
      tabulated_pair_loop<false, true>(system, result, short_range, real_space);
    else
      tabulated_pair_loop<false, false>(system, result, short_range, real_space);
  } else {
    generic_pair_loop(system, request, result, short_range, real_space);
  }
  if (!bound_pairs_.empty()) result.add_component("short_range", short_range);
  if (coulomb) {
    // DSF self term (zero for the Ewald split, whose self term is part of the k-space energy).
    const double self = kernel_.self_energy_per_charge_squared();
    if (self != 0) {
      for (std::size_t i = 0; i < n; ++i) {
        const double e = self * atom_charges_[i] * atom_charges_[i];
        real_space += e;
        if (request.per_atom_energy) result.per_atom_energy[i] += e;
      }
    }
    result.add_component("coulomb_real_space", real_space);
  }
}

void ClassicalForceField::generic_pair_loop(const System& system, const EvaluationRequest& request,
                                            PotentialResult& result, double& short_range_out, double& real_space_out) {
  const std::size_t n = system.size();
  const std::vector<Vec3> shifts = list_cache_.list().shift_vectors(system.cell);
  const double list_cut2 = list_cutoff_ * list_cutoff_;
  const bool coulomb = kernel_.active();
  const double coulomb_cut2 = coulomb ? coulomb_.cutoff * coulomb_.cutoff : 0.0;
  const bool coulomb_tabulated = !coulomb_table_.empty();
  const double coulomb_inner2 = coulomb_tabulated ? coulomb_table_.s_min() : 0.0;
  const int nthreads = omp_get_max_threads();
  thread_forces_.resize(nthreads);
  thread_energies_.resize(nthreads);
  const auto& positions = system.positions;
  const auto& types = system.types;
  const auto& charges = atom_charges_;
  const int nt = ntypes_;
  double short_range = 0, real_space = 0;
  double vxx = 0, vyy = 0, vzz = 0, vxy = 0, vxz = 0, vyz = 0;
  int team = 1;  // threads that actually run the region (1 when called from a parallel region)
#pragma omp parallel reduction(+ : short_range, real_space, vxx, vyy, vzz, vxy, vxz, vyz)
  {
    const int tid = omp_get_thread_num();
    if (tid == 0) team = omp_get_num_threads();
    std::vector<Vec3>& force = thread_forces_[tid];
    std::vector<double>& atom_energy = thread_energies_[tid];
    if (request.forces) force.assign(n, Vec3::Zero());
    if (request.per_atom_energy) atom_energy.assign(n, 0.0);
#pragma omp for schedule(static, 32)  // static: the same thread sums the same atoms every step (reproducible)
    for (std::size_t i = 0; i < n; ++i) {
      const Vec3 xi = positions[i];
      const double qi = charges[i];
      const int* pair_row = &type_pair_[static_cast<std::size_t>(types[i] - 1) * nt];
      Vec3 fi = Vec3::Zero();
      double ei = 0;
      for (std::size_t k = list_cache_.list().begin(i), end = list_cache_.list().end(i); k < end; ++k) {
        const NeighborList::Entry& entry = list_cache_.list().entry(k);
        const int j = entry.atom;
        const Vec3 d = positions[j] + shifts[entry.image] - xi;
        const double r2 = d.squaredNorm();
        if (r2 >= list_cut2) continue;
        double fpair = 0, epair_sr = 0, epair_c = 0;
        const int p = pair_row[types[j] - 1];
        if (p >= 0 && r2 < bound_pairs_[p].cutoff2) {
          double e, f;
          evaluate_pair(bound_pairs_[p], r2, e, f);
          epair_sr = e;
          fpair = f;
        }
        if (coulomb && r2 < coulomb_cut2) {
          const double qq = qi * charges[j];
          if (qq != 0) {
            double e, f;
            if (coulomb_tabulated && r2 >= coulomb_inner2) {
              coulomb_table_.evaluate(r2, e, f);
            } else {
              const double r = std::sqrt(r2);
              kernel_.evaluate(r, e, f);
              f /= r;
            }
            epair_c = qq * e;
            fpair += qq * f;
          }
        }
        short_range += epair_sr;
        real_space += epair_c;
        // fpair = (dE/dr)/r; force on i is +fpair·d (d points from i to j).
        const Vec3 fij = fpair * d;
        if (request.forces) {
          fi += fij;
          force[j] -= fij;
        }
        if (request.virial) {
          vxx -= fij[0] * d[0];
          vyy -= fij[1] * d[1];
          vzz -= fij[2] * d[2];
          vxy -= fij[0] * d[1];
          vxz -= fij[0] * d[2];
          vyz -= fij[1] * d[2];
        }
        if (request.per_atom_energy) {
          const double half = 0.5 * (epair_sr + epair_c);
          ei += half;
          atom_energy[j] += half;
        }
      }
      if (request.forces) force[i] += fi;
      if (request.per_atom_energy) atom_energy[i] += ei;
    }
  }
  if (request.forces)
    for (int t = 0; t < team; ++t) {
      for (std::size_t i = 0; i < n; ++i) result.forces[i] += thread_forces_[t][i];
    }
  if (request.per_atom_energy)
    for (int t = 0; t < team; ++t) {
      for (std::size_t i = 0; i < n; ++i) result.per_atom_energy[i] += thread_energies_[t][i];
    }
  if (request.virial) result.virial += symmetric_matrix(vxx, vyy, vzz, vxy, vxz, vyz);
  short_range_out = short_range;
  real_space_out = real_space;
}

void ClassicalForceField::compute_angles(const System& system, const EvaluationRequest& request,
                                         PotentialResult& result) {
  double cut = 0;
  for (const auto& a : angle_terms_) cut = std::max(cut, a.cutoff);
  NeighborListOptions options;
  options.cutoff = cut;
  options.half = false;
  NeighborList list;
  list.build(system, options);
  const std::vector<Vec3> shifts = list.shift_vectors(system.cell);
  const std::size_t n = system.size();
  double energy = 0;
  Mat3 virial = Mat3::Zero();
  for (std::size_t i = 0; i < n; ++i) {
    const std::string& ci = type_species_[system.types[i]];
    for (const auto& term : angle_terms_) {
      if (!matches(term.center, ci)) continue;
      const double cut2 = term.cutoff * term.cutoff;
      for (std::size_t p = list.begin(i); p < list.end(i); ++p) {
        const auto& ej = list.entry(p);
        const Vec3 a = system.positions[ej.atom] + shifts[ej.image] - system.positions[i];
        if (a.squaredNorm() >= cut2) continue;
        const std::string& sj = type_species_[system.types[ej.atom]];
        for (std::size_t q = p + 1; q < list.end(i); ++q) {
          const auto& ek = list.entry(q);
          const Vec3 b = system.positions[ek.atom] + shifts[ek.image] - system.positions[i];
          if (b.squaredNorm() >= cut2) continue;
          const std::string& sk = type_species_[system.types[ek.atom]];
          if (!((matches(term.end_a, sj) && matches(term.end_b, sk)) ||
                (matches(term.end_a, sk) && matches(term.end_b, sj))))
            continue;
          const double ra = a.norm(), rb = b.norm();
          const double c = std::clamp(a.dot(b) / (ra * rb), -1.0, 1.0);
          const double theta = std::acos(c);
          const double s = std::max(std::sqrt(1.0 - c * c), 1e-12);
          double e, de_dtheta, de_dra, de_drb;
          term.evaluate(theta, ra, rb, e, de_dtheta, de_dra, de_drb);
          // dθ/da = −(b/(|a||b|) − c a/|a|²)/sin θ
          const Vec3 dtheta_da = -(b / (ra * rb) - c * a / (ra * ra)) / s;
          const Vec3 dtheta_db = -(a / (ra * rb) - c * b / (rb * rb)) / s;
          const Vec3 grad_a = de_dtheta * dtheta_da + de_dra * a / ra;
          const Vec3 grad_b = de_dtheta * dtheta_db + de_drb * b / rb;
          energy += e;
          if (request.forces) {
            result.forces[ej.atom] -= grad_a;
            result.forces[ek.atom] -= grad_b;
            result.forces[i] += grad_a + grad_b;
          }
          if (request.virial) virial -= a * grad_a.transpose() + b * grad_b.transpose();
          if (request.per_atom_energy) result.per_atom_energy[i] += e;
        }
      }
    }
  }
  if (request.virial) result.virial += virial;
  result.add_component("three_body", energy);
}

void ClassicalForceField::compute(const System& system, const EvaluationRequest& request, PotentialResult& result) {
  if (system.size() != bound_atoms_ || static_cast<int>(system.atom_types.size()) != ntypes_)
    throw ComputationError("potential '" + name_ + "' is bound to a different system; call bind() again");
  if (solver_ && overlap_kspace_with_pairs()) {
    // Two threads: the reciprocal-space part (whose FFTs are serial) on one, the real-space pairs
    // on the other, at the same time; each part runs single-threaded inside its section. The
    // k-space result goes to its own buffer and is added afterwards, so the sums are done in the
    // same order as in the sequential branch below.
    kspace_result_.reset(system.size(), request);
    double kspace_energy = 0;
    std::exception_ptr failure[2];
#pragma omp parallel sections num_threads(2)
    {
#pragma omp section
      {
        omp_set_num_threads(1);
        try {
          kspace_energy = solver_->compute(system.cell, system.positions, atom_charges_, request, kspace_result_);
        } catch (...) {
          failure[0] = std::current_exception();
        }
      }
#pragma omp section
      {
        omp_set_num_threads(1);
        try {
          compute_pairs(system, request, result);
        } catch (...) {
          failure[1] = std::current_exception();
        }
      }
    }
    for (const auto& f : failure)
      if (f) std::rethrow_exception(f);
    const std::size_t n = system.size();
    if (request.forces)
      for (std::size_t i = 0; i < n; ++i) result.forces[i] += kspace_result_.forces[i];
    if (request.per_atom_energy)
      for (std::size_t i = 0; i < n; ++i) result.per_atom_energy[i] += kspace_result_.per_atom_energy[i];
    if (request.virial) result.virial += kspace_result_.virial;
    result.add_component("coulomb_kspace", kspace_energy);
  } else {
    compute_pairs(system, request, result);
    if (solver_) {
      const double e = solver_->compute(system.cell, system.positions, atom_charges_, request, result);
      result.add_component("coulomb_kspace", e);
    }
  }
  if (!angle_terms_.empty()) compute_angles(system, request, result);
}

int ClassicalForceField::schedule_threads() const {
  return thread_count_ > 0 ? thread_count_ : omp_get_max_threads();
}

bool ClassicalForceField::overlap_kspace_with_pairs() const {
  // Only PPPM has a serial part worth hiding, and only two threads split evenly between the two
  // parts (on the 3003-atom glass each takes about half of the single-threaded time). The choice
  // depends on nothing but the thread count, so runs with the same count stay reproducible.
  return overlap_allowed_ && schedule_threads() == 2 && !omp_in_parallel() && solver_ &&
         dynamic_cast<const Pppm*>(solver_.get()) != nullptr;
}

std::string ClassicalForceField::describe() const {
  std::string out = fmt::format("{}{}\n", name_, source_.empty() ? "" : " (" + source_ + ")");
  for (const auto& p : pairs_) {
    out += fmt::format("  pair {}–{}: ", p.species_a, p.species_b);
    if (p.models.empty()) out += "none";
    for (std::size_t k = 0; k < p.models.size(); ++k) out += (k ? " + " : "") + p.models[k]->describe();
    if (!p.models.empty()) out += fmt::format(", cutoff {} Å{}", p.cutoff, p.shift ? " shifted" : "");
    out += "\n";
  }
  if (solver_)
    out += "  coulomb " + solver_->describe() + fmt::format(", real-space cutoff {} Å\n", coulomb_.cutoff);
  else if (kernel_.kind() == CoulombRealSpaceKernel::Kind::DampedShiftedForce)
    out += fmt::format("  coulomb dsf alpha={} 1/Å cutoff={} Å\n", coulomb_.alpha, coulomb_.cutoff);
  for (const auto& a : angle_terms_)
    out += fmt::format("  angle {}–{}–{} {} K={} eV/rad² theta0={} deg cutoff={} Å\n", a.end_a, a.center, a.end_b,
                       a.form == AngleTerm::Form::Harmonic ? "harmonic" : "screened_harmonic", a.k,
                       a.theta0 * 180.0 / 3.14159265358979323846, a.cutoff);
  out += fmt::format("  neighbour skin {} Å, {}\n", skin_,
                     tabulate_ ? "tabulated pair functions" : "analytic pair functions");
  return out;
}

}  // namespace ionglass
