#include "ionglass/ace/fit_loss.hpp"

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/ace/ace_evaluator.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/ace/radial_spline.hpp"
#include "ionglass/ace/spherical_harmonics.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

namespace ionglass::ace {

void LossSettings::validate(const std::string& source) const {
  const auto check = [&](double value, const char* name) {
    if (!std::isfinite(value) || value < 0)
      throw InputError(source, 0, fmt::format("loss weight {} = {} must be a finite number ≥ 0", name, value));
  };
  check(kappa, "kappa");
  if (kappa > 1) throw InputError(source, 0, fmt::format("loss kappa = {} must lie in [0, 1]", kappa));
  check(L1, "L1_coeffs");
  check(L2, "L2_coeffs");
  check(w0_rad, "w0_rad");
  check(w1_rad, "w1_rad");
  check(w2_rad, "w2_rad");
}

namespace {

/// A complex number with its tangent (forward-mode dual number): (a + ε ȧ)(b + ε ḃ) =
/// ab + ε (a ḃ + ȧ b).
struct DualComplex {
  Complex value, tangent;
};
inline DualComplex operator*(const DualComplex& a, const DualComplex& b) {
  return {a.value * b.value, a.value * b.tangent + a.tangent * b.value};
}

/// One structure prepared for repeated evaluation: species per atom, the full neighbour list
/// within the largest cutoff (fixed: the positions do not change during a fit) and its labels.
struct CompiledStructure {
  std::vector<int> species;
  std::vector<Vec3> positions;
  std::vector<std::size_t> offsets;  ///< per atom into `neighbors` (size atoms + 1)
  std::vector<NeighborList::Entry> neighbors;
  std::vector<Vec3> shifts;
  struct Labels {
    double energy_eV = 0, energy_weight = 0;
    std::vector<Vec3> forces_eV_A;
    std::vector<double> force_weights;
  } labels;
  std::size_t atoms() const { return species.size(); }
};

}  // namespace

struct FitLoss::Implementation {
  Implementation(FitParameterLayout layout_, const LossSettings& settings_, const BBasisPotential& potential_)
      : layout(std::move(layout_)), settings(settings_), potential(potential_) {}

  FitParameterLayout layout;
  LossSettings settings;
  BBasisPotential potential;                     ///< shape and frozen values
  std::vector<double> frozen;                    ///< full parameter list of `potential`
  std::vector<double> radial_smoothness_weight;  ///< per radial coefficient: w0 + w1 k² + w2 k⁴

  // Geometry and tables.
  int nspecies = 0, nradbase = 0, nradmax = 0, lmax = 0, lm_full = 0, lm_half = 0, table_width = 0;
  double cutoff_max = 0;
  InnerCoreType inner_type = InnerCoreType::Density;
  std::vector<int> atomic_numbers;
  std::vector<double> cutoffs, cut_in, dcut_in;
  std::vector<RadialSplineTable> tables;
  std::vector<int> table_of_pair;
  struct PairShape {
    int nradbase = 0, nradmax = 0, lmax = 0;
    std::size_t offset = 0;  ///< full index of c_nlk [n][l][k]
  };
  std::vector<PairShape> pairs;

  // Product basis per central species.
  struct Element {
    int ndensity = 0;
    bool shifted_scaled = false;
    std::vector<double> fs_parameters;
    double rho_core_cut = 0, drho_core_cut = 0;
    std::size_t offset = 0;  ///< full index of c_{0,0}
    int function_count = 0;
    std::vector<int> rank1_function, rank1_index;  ///< function number and A¹ index per rank-1 function
    std::vector<int> function;                     ///< per rank > 1 function: its number
    std::vector<int> comb_begin;                   ///< per rank > 1 function into combs (size + 1)
    std::vector<int> comb_rank, factor_begin;      ///< per comb; factor_begin has size ncomb + 1
    std::vector<double> comb_cg;
    std::vector<int> a_index, w_index;  ///< per factor (full A index, half ω index)
    std::vector<signed char> w_mode;    ///< per factor: 0 for m ≥ 0, (−1)^m for m < 0
  };
  std::vector<Element> elements;
  SphericalHarmonics harmonics;

  std::vector<CompiledStructure> data;
  std::size_t total_atoms = 0;
  std::size_t max_neighbors = 0, max_atoms = 0;
  mutable LossComponents last;

  /// Per-thread scratch, sized once per thread.
  struct Scratch {
    // per neighbour within the cutoff
    std::vector<int> index, species;
    std::vector<double> r, unit, value, derivative, tangent_r;
    std::vector<Complex> ylm, dylm;
    // per atom
    std::vector<double> a1, a1_dot, w1;
    std::vector<Complex> g, g_dot, a, a_dot, w, w_dot, wg;
    std::vector<double> b, b_dot, rho, rho_dot;
    // per structure
    std::vector<double> pair_forces, forces, tangent;
    std::vector<double> gradient;  ///< full parameter list
  };

  void compile_basis();
  CompiledStructure compile(const FitStructure& structure) const;
  void size_scratch(Scratch& s, bool gradient, std::size_t neighbors, std::size_t atoms) const;
  std::vector<double> full_parameters(const Eigen::VectorXd& x) const;
  int gather(int mu, const CompiledStructure& cs, std::size_t atom, const double* tangent, Scratch& s) const;
  void accumulate_projections(int mu, int count, bool with_tangent, bool with_harmonic_gradient, Scratch& s,
                              double& rho_core, double& rho_core_dot, double& d_min, double& r_dot_min,
                              int& j_min) const;
  void radial_functions_from_projections(int mu, const double* full, bool with_tangent, Scratch& s) const;
  /// B_f (and Ḃ_f) of every function into s.b / s.b_dot (rank 1 first, then the others in
  /// Element::function order) and the densities ρ_p (ρ̇_p) into s.rho / s.rho_dot.
  void densities(const Element& el, const double* c, bool with_tangent, Scratch& s) const;
  /// The inner-core switch f_cut and its derivative: with respect to the shortest distance r_min
  /// (ZBL) or to the core density (density/distance types).
  void inner_switch(int mu, const Element& el, double rho_core, double d_min, int j_min, const Scratch& s, double& fcut,
                    double& dfcut) const;
  /// What the forward sweep of one atom leaves besides the scratch arrays.
  struct AtomForward {
    int count = 0;  ///< neighbours within their cutoff
    double rho_core = 0, rho_core_dot = 0, d_min = 0, r_dot_min = 0;
    int j_min = -1;
  };
  /// Neighbours, projections, A (and tangents along `tangent` when not null), B and ρ of one atom.
  AtomForward forward(int mu, const CompiledStructure& cs, std::size_t atom, const double* full, const double* tangent,
                      bool harmonic_gradient, Scratch& s) const;
  double atom_energy_forces(int mu, const CompiledStructure& cs, std::size_t atom, const double* full, bool forces,
                            Scratch& s) const;
  void atom_gradient(int mu, const CompiledStructure& cs, std::size_t atom, const double* full, double alpha,
                     const double* tangent, Scratch& s) const;
  double structure_energy_forces(const CompiledStructure& cs, const double* full, bool forces, Scratch& s) const;
  LossComponents regularisation(const std::vector<double>& full, double* gradient) const;
  FitMetrics metrics(const std::vector<CompiledStructure>& set, const Eigen::VectorXd& x, int threads) const;
};

void FitLoss::Implementation::compile_basis() {
  const BBasisPotential& p = potential;
  nspecies = static_cast<int>(p.elements.size());
  for (const auto& e : p.elements) atomic_numbers.push_back(elements::by_symbol(e).atomic_number);
  nradbase = std::max(p.nradbase(), 1);
  nradmax = std::max(p.nradmax(), 1);
  lmax = p.lmax();
  lm_full = (lmax + 1) * (lmax + 1);
  lm_half = half_count(lmax);
  cutoff_max = p.cutoff_max();
  harmonics.set_lmax(lmax);
  const std::size_t npairs = static_cast<std::size_t>(nspecies) * nspecies;
  cutoffs.resize(npairs);
  cut_in.resize(npairs);
  dcut_in.resize(npairs);
  pairs.resize(npairs);
  table_of_pair.assign(npairs, -1);
  std::vector<AceBond> bonds(npairs);
  std::string type0;
  for (int i = 0; i < nspecies; ++i)
    for (int j = 0; j < nspecies; ++j) {
      if (!p.bond_present[i][j])
        throw InputError(
            p.source, 0,
            "no bond " + p.elements[i] + "-" + p.elements[j] + " in the B-basis (the fit needs every pair)");
      const std::size_t q = static_cast<std::size_t>(i) * nspecies + j;
      const BBasisBond& b = p.bonds[i][j];
      if (q == 0) type0 = b.inner_cutoff_type;
      if (b.inner_cutoff_type != type0)
        throw InputError(p.source, 0, "bonds mix inner_cutoff_type '" + type0 + "' and '" + b.inner_cutoff_type + "'");
      bonds[q] = ace_bond(b);
      cutoffs[q] = b.rcut;
      cut_in[q] = b.r_in;
      dcut_in[q] = b.delta_in;
      pairs[q] = {b.nradbase, b.nradmax, b.lmax, layout.radial_coefficient_index(i, j, 0, 0, 0)};
      // Tables shared between (μi, μj) and (μj, μi) when the bonds are identical, as the evaluator does.
      if (j < i && bonds[static_cast<std::size_t>(j) * nspecies + i] == bonds[q]) {
        table_of_pair[q] = table_of_pair[static_cast<std::size_t>(j) * nspecies + i];
        continue;
      }
      RadialSplineTable t;
      t.build(bonds[q], atomic_numbers[i], atomic_numbers[j], p.delta_spline_bins, cutoff_max);
      table_width = std::max(table_width, (t.function_count() + 3) / 4 * 4);
      table_of_pair[q] = static_cast<int>(tables.size());
      tables.push_back(std::move(t));
    }
  inner_type = type0 == "zbl"        ? InnerCoreType::Zbl
               : type0 == "distance" ? InnerCoreType::Distance
                                     : InnerCoreType::Density;

  elements.resize(nspecies);
  for (int mu = 0; mu < nspecies; ++mu) {
    Element& el = elements[mu];
    const BBasisEmbedding& emb = p.embeddings[mu];
    el.ndensity = emb.ndensity;
    if (el.ndensity < 1 || el.ndensity > 64)
      throw InputError(p.source, 0, fmt::format("ndensity {} of {} is outside 1…64", el.ndensity, p.elements[mu]));
    el.shifted_scaled = emb.npoti == "FinnisSinclairShiftedScaled";
    if (!el.shifted_scaled && emb.npoti != "FinnisSinclair")
      throw InputError(p.source, 0,
                       "embedding '" + emb.npoti + "' of " + p.elements[mu] + " is not supported by the fit");
    el.fs_parameters = emb.fs_parameters;
    el.rho_core_cut = emb.rho_core_cut;
    el.drho_core_cut = emb.drho_core_cut;
    el.offset = layout.function_coefficient_index(mu, 0, 0);
    el.function_count = static_cast<int>(p.functions[mu].size());
    el.comb_begin.push_back(0);
    el.factor_begin.push_back(0);
    for (int fi = 0; fi < el.function_count; ++fi) {
      const BBasisFunction& f = p.functions[mu][fi];
      if (f.rank == 1) {
        el.rank1_function.push_back(fi);
        el.rank1_index.push_back(f.mus[0] * nradbase + f.ns[0] - 1);
        continue;
      }
      if (f.rank > 31) throw InputError(p.source, f.source_line, "basis functions of rank > 31 are not supported");
      el.function.push_back(fi);
      for (std::size_t c = 0; c < f.num_ms_combs(); ++c) {
        el.comb_rank.push_back(f.rank);
        el.comb_cg.push_back(f.gen_cgs[c]);
        for (int t = 0; t < f.rank; ++t) {
          const int m = f.ms_combs[c * f.rank + t];
          const int l = f.ls[t];
          const int radial = f.mus[t] * nradmax + f.ns[t] - 1;
          el.a_index.push_back(radial * lm_full + l * (l + 1) + m);
          el.w_index.push_back(radial * lm_half + half_index(l, std::abs(m)));
          el.w_mode.push_back(static_cast<signed char>(m >= 0 ? 0 : (std::abs(m) % 2 == 0 ? 1 : -1)));
        }
        el.factor_begin.push_back(static_cast<int>(el.a_index.size()));
      }
      el.comb_begin.push_back(static_cast<int>(el.comb_rank.size()));
    }
  }

  // Full parameter list of the given potential, and the radial smoothness weights.
  frozen.assign(layout.function_coefficient_count() + layout.radial_coefficient_count(), 0.0);
  for (int mu = 0; mu < nspecies; ++mu)
    for (int fi = 0; fi < elements[mu].function_count; ++fi)
      for (int q = 0; q < elements[mu].ndensity; ++q)
        frozen[layout.function_coefficient_index(mu, fi, q)] = p.functions[mu][fi].coefficients[q];
  radial_smoothness_weight.assign(layout.radial_coefficient_count(), 0.0);
  const std::size_t first_radial = layout.function_coefficient_count();
  for (int i = 0; i < nspecies; ++i)
    for (int j = 0; j < nspecies; ++j) {
      const BBasisBond& b = p.bonds[i][j];
      for (int n = 0; n < b.nradmax; ++n)
        for (int l = 0; l <= b.lmax; ++l)
          for (int k = 0; k < b.nradbase; ++k) {
            const std::size_t at = layout.radial_coefficient_index(i, j, n, l, k);
            frozen[at] = b.radcoefficients[n][l][k];
            const double kk = k + 1.0;  // 1-based radial-basis index
            radial_smoothness_weight[at - first_radial] =
                settings.w0_rad + settings.w1_rad * kk * kk + settings.w2_rad * kk * kk * kk * kk;
          }
    }
}

CompiledStructure FitLoss::Implementation::compile(const FitStructure& fs) const {
  const System& system = fs.system;
  CompiledStructure cs;
  const std::size_t natoms = system.size();
  if (natoms == 0) throw InputError(fs.source, fs.line, "structure without atoms");
  std::vector<int> type_species(system.atom_types.size(), -1);
  for (std::size_t t = 0; t < system.atom_types.size(); ++t) {
    const int z = system.atom_types[t].atomic_number;
    const auto it = std::find(atomic_numbers.begin(), atomic_numbers.end(), z);
    if (it != atomic_numbers.end()) type_species[t] = static_cast<int>(it - atomic_numbers.begin());
  }
  cs.species.resize(natoms);
  for (std::size_t i = 0; i < natoms; ++i) {
    const int t = system.types[i];
    const int s = (t >= 1 && t <= static_cast<int>(type_species.size())) ? type_species[t - 1] : -1;
    if (s < 0)
      throw InputError(fs.source, fs.line,
                       fmt::format("atom {} is {}, an element the basis does not describe", i + 1,
                                   t >= 1 && t <= static_cast<int>(system.atom_types.size()) ? system.symbol(i) : "?"));
    cs.species[i] = s;
  }
  if (!fs.forces_eV_A.empty() && fs.forces_eV_A.size() != natoms)
    throw InputError(fs.source, fs.line, fmt::format("{} forces for {} atoms", fs.forces_eV_A.size(), natoms));
  if (!fs.force_weights.empty() && fs.force_weights.size() != natoms)
    throw InputError(fs.source, fs.line, fmt::format("{} force weights for {} atoms", fs.force_weights.size(), natoms));
  cs.positions = system.positions;
  cs.labels = {fs.energy_eV, fs.energy_weight, fs.forces_eV_A, fs.force_weights};

  // One list radius (the largest cutoff); the pair cutoffs are applied below.
  NeighborListOptions options;
  options.cutoff = cutoff_max;
  options.half = false;
  NeighborList list;
  list.build(system, options);
  cs.shifts = list.shift_vectors(system.cell);
  cs.offsets.assign(natoms + 1, 0);
  const double first_node = tables[0].first_node();
  for (std::size_t i = 0; i < natoms; ++i) {
    for (std::size_t k = list.begin(i); k < list.end(i); ++k) {
      const auto& e = list.entry(k);
      const Vec3 d = cs.positions[e.atom] - cs.positions[i] + cs.shifts[e.image];
      const double r = d.norm();
      if (r >= cutoffs[cs.species[i] * nspecies + cs.species[e.atom]]) continue;
      if (!(r >= first_node))
        throw InputError(fs.source, fs.line,
                         fmt::format("atoms {} and {} are {:.6g} Å apart, closer than the first spline node ({:.6g} Å)",
                                     i + 1, e.atom + 1, r, first_node));
      cs.neighbors.push_back(e);
    }
    cs.offsets[i + 1] = cs.neighbors.size();
  }
  return cs;
}

void FitLoss::Implementation::size_scratch(Scratch& s, bool gradient, std::size_t neighbors, std::size_t atoms) const {
  const std::size_t n = neighbors + 1;
  if (s.index.size() < n) {
    s.index.resize(n);
    s.species.resize(n);
    s.r.resize(n);
    s.tangent_r.resize(n);
    s.unit.resize(3 * n);
    s.value.resize(n * table_width);
    s.derivative.resize(n * table_width);
    s.ylm.resize(n * lm_half);
    s.dylm.resize(3 * n * lm_half);
    s.pair_forces.resize(3 * n);
  }
  const std::size_t a1 = static_cast<std::size_t>(nspecies) * nradbase;
  const std::size_t g = a1 * lm_half;
  const std::size_t a = static_cast<std::size_t>(nspecies) * nradmax * lm_full;
  const std::size_t w = static_cast<std::size_t>(nspecies) * nradmax * lm_half;
  s.a1.resize(a1);
  s.a1_dot.resize(a1);
  s.w1.resize(a1);
  s.g.resize(g);
  s.g_dot.resize(g);
  s.wg.resize(g);
  s.a.resize(a);
  s.a_dot.resize(a);
  s.w.resize(w);
  s.w_dot.resize(w);
  int max_functions = 0, max_density = 0;
  for (const auto& el : elements) {
    max_functions = std::max(max_functions, el.function_count);
    max_density = std::max(max_density, el.ndensity);
  }
  s.b.resize(max_functions);
  s.b_dot.resize(max_functions);
  s.rho.resize(max_density);
  s.rho_dot.resize(max_density);
  s.forces.resize(3 * atoms);
  s.tangent.resize(3 * atoms);
  if (gradient) s.gradient.assign(frozen.size(), 0.0);
}

std::vector<double> FitLoss::Implementation::full_parameters(const Eigen::VectorXd& x) const {
  if (static_cast<std::size_t>(x.size()) != layout.size())
    throw InputError(fmt::format("fit parameters: vector of length {}, the layout has {}", x.size(), layout.size()));
  std::vector<double> full = frozen;
  for (Eigen::Index i = 0; i < x.size(); ++i) {
    if (!std::isfinite(x[i])) throw InputError(fmt::format("fit parameters: entry {} is not finite", i));
  }
  const std::size_t nf = layout.function_coefficient_count();
  Eigen::Index at = 0;
  if (layout.functions_trainable())
    for (std::size_t i = 0; i < nf; ++i) full[i] = x[at++];
  if (layout.radial_trainable())
    for (std::size_t i = nf; i < full.size(); ++i) full[i] = x[at++];
  return full;
}

/// Neighbours of `atom` within their pair cutoff: geometry and, with `tangent` (3 per atom of the
/// structure), the rate ṙ = r̂·(v_j − v_i) of each distance. Returns their count.
int FitLoss::Implementation::gather(int mu, const CompiledStructure& cs, std::size_t atom, const double* tangent,
                                    Scratch& s) const {
  int count = 0;
  const Vec3& xi = cs.positions[atom];
  for (std::size_t k = cs.offsets[atom]; k < cs.offsets[atom + 1]; ++k) {
    const auto& e = cs.neighbors[k];
    const Vec3 d = cs.positions[e.atom] - xi + cs.shifts[e.image];
    const double r = d.norm();
    const double inv_r = 1.0 / r;
    s.index[count] = e.atom;
    s.species[count] = cs.species[e.atom];
    s.r[count] = r;
    double* u = s.unit.data() + 3 * count;
    u[0] = d.x() * inv_r;
    u[1] = d.y() * inv_r;
    u[2] = d.z() * inv_r;
    if (tangent) {
      const double* vi = tangent + 3 * atom;
      const double* vj = tangent + 3 * static_cast<std::size_t>(e.atom);
      s.tangent_r[count] = u[0] * (vj[0] - vi[0]) + u[1] * (vj[1] - vi[1]) + u[2] * (vj[2] - vi[2]);
    }
    ++count;
  }
  (void)mu;
  return count;
}

/// Spline values, Y_lm and the raw projections G_klm = Σ_j g_k Y_lm, A¹_k = Σ_j g_k (and their
/// tangents Ġ = Σ_j g_k' ṙ Y + g_k Ẏ with Ẏ = ∇Y·(v_j − v_i)), the core density and the ZBL
/// switch distance.
void FitLoss::Implementation::accumulate_projections(int mu, int count, bool with_tangent, bool with_harmonic_gradient,
                                                     Scratch& s, double& rho_core, double& rho_core_dot, double& d_min,
                                                     double& r_dot_min, int& j_min) const {
  std::fill(s.a1.begin(), s.a1.end(), 0.0);
  std::fill(s.g.begin(), s.g.end(), Complex{});
  if (with_tangent) {
    std::fill(s.a1_dot.begin(), s.a1_dot.end(), 0.0);
    std::fill(s.g_dot.begin(), s.g_dot.end(), Complex{});
  }
  rho_core = rho_core_dot = 0;
  d_min = std::numeric_limits<double>::max();
  r_dot_min = 0;
  j_min = -1;
  const int width = table_width;
  // Table rows of the neighbours a few ahead are prefetched (as in the evaluator).
  constexpr int prefetch_distance = 3;
  const auto prefetch = [&](int k) { tables[table_of_pair[mu * nspecies + s.species[k]]].prefetch(s.r[k]); };
  for (int k = 0; k < std::min(prefetch_distance, count); ++k) prefetch(k);
  for (int k = 0; k < count; ++k) {
    if (k + prefetch_distance < count) prefetch(k + prefetch_distance);
    const int mu_j = s.species[k];
    const int pair = mu * nspecies + mu_j;
    const RadialSplineTable& table = tables[table_of_pair[pair]];
    double* value = s.value.data() + static_cast<std::size_t>(k) * width;
    double* derivative = s.derivative.data() + static_cast<std::size_t>(k) * width;
    table.evaluate(s.r[k], value, derivative);  // distances were checked at compile time
    const PairShape& ps = pairs[pair];
    Complex* ylm = s.ylm.data() + static_cast<std::size_t>(k) * lm_half;
    Complex* dylm = s.dylm.data() + 3 * static_cast<std::size_t>(k) * lm_half;
    const double* u = s.unit.data() + 3 * k;
    harmonics.evaluate(ps.lmax, u[0], u[1], u[2], ylm, with_harmonic_gradient ? dylm : nullptr);
    const int nh = half_count(ps.lmax);
    double* a1 = s.a1.data() + static_cast<std::size_t>(mu_j) * nradbase;
    Complex* g = s.g.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    for (int kk = 0; kk < ps.nradbase; ++kk) {
      a1[kk] += value[kk];
      Complex* gk = g + static_cast<std::size_t>(kk) * lm_half;
      const double v = value[kk];
      for (int h = 0; h < nh; ++h) {
        gk[h].re += v * ylm[h].re;
        gk[h].im += v * ylm[h].im;
      }
    }
    rho_core += value[table.core_offset()];
    if (with_tangent) {
      const double rdot = s.tangent_r[k];
      // Ẏ_h = ∇Y_h · u_ij = (tangential gradient · u_ij)/r (spherical_harmonics.hpp), with the
      // relative tangent u_ij = v_j − v_i that atom_gradient puts into s.pair_forces.
      const double* uvec = s.pair_forces.data() + 3 * k;
      const double inv_r = 1.0 / s.r[k];
      double* a1d = s.a1_dot.data() + static_cast<std::size_t>(mu_j) * nradbase;
      Complex* gd = s.g_dot.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
      Complex ydot[half_count(16)];
      for (int h = 0; h < nh; ++h) {
        const Complex* dy = dylm + 3 * h;
        ydot[h].re = (dy[0].re * uvec[0] + dy[1].re * uvec[1] + dy[2].re * uvec[2]) * inv_r;
        ydot[h].im = (dy[0].im * uvec[0] + dy[1].im * uvec[1] + dy[2].im * uvec[2]) * inv_r;
      }
      for (int kk = 0; kk < ps.nradbase; ++kk) {
        const double v = value[kk], dv = derivative[kk] * rdot;
        a1d[kk] += dv;
        Complex* gk = gd + static_cast<std::size_t>(kk) * lm_half;
        for (int h = 0; h < nh; ++h) {
          gk[h].re += dv * ylm[h].re + v * ydot[h].re;
          gk[h].im += dv * ylm[h].im + v * ydot[h].im;
        }
      }
      rho_core_dot += derivative[table.core_offset()] * rdot;
    }
    if (inner_type == InnerCoreType::Zbl) {
      const double dj = s.r[k] - (cut_in[pair] - dcut_in[pair]);
      if (dj < d_min) {
        d_min = dj;
        j_min = k;
        r_dot_min = with_tangent ? s.tangent_r[k] : 0.0;
      }
    }
  }
}

/// A_{μj n l m} = Σ_k c_nlk G_{μj k l m} (and Ȧ from Ġ) for m ≥ 0, then the negative m by
/// A_{l,−m} = (−1)^m conj(A_{lm}).
void FitLoss::Implementation::radial_functions_from_projections(int mu, const double* full, bool with_tangent,
                                                                Scratch& s) const {
  std::fill(s.a.begin(), s.a.end(), Complex{});
  if (with_tangent) std::fill(s.a_dot.begin(), s.a_dot.end(), Complex{});
  for (int mu_j = 0; mu_j < nspecies; ++mu_j) {
    const PairShape& ps = pairs[mu * nspecies + mu_j];
    const double* c = full + ps.offset;
    const Complex* g = s.g.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    const Complex* gd = s.g_dot.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    for (int n = 0; n < ps.nradmax; ++n) {
      Complex* a = s.a.data() + (static_cast<std::size_t>(mu_j) * nradmax + n) * lm_full;
      Complex* ad = s.a_dot.data() + (static_cast<std::size_t>(mu_j) * nradmax + n) * lm_full;
      for (int l = 0; l <= ps.lmax; ++l) {
        const double* cnl = c + (static_cast<std::size_t>(n) * (ps.lmax + 1) + l) * ps.nradbase;
        for (int m = 0; m <= l; ++m) {
          const int h = half_index(l, m);
          Complex v{}, vd{};
          for (int k = 0; k < ps.nradbase; ++k) {
            const Complex gk = g[static_cast<std::size_t>(k) * lm_half + h];
            v.re += cnl[k] * gk.re;
            v.im += cnl[k] * gk.im;
            if (with_tangent) {
              const Complex gdk = gd[static_cast<std::size_t>(k) * lm_half + h];
              vd.re += cnl[k] * gdk.re;
              vd.im += cnl[k] * gdk.im;
            }
          }
          const double sign = m % 2 == 0 ? 1.0 : -1.0;
          a[l * (l + 1) + m] = v;
          if (m > 0) a[l * (l + 1) - m] = {sign * v.re, -sign * v.im};
          if (with_tangent) {
            ad[l * (l + 1) + m] = vd;
            if (m > 0) ad[l * (l + 1) - m] = {sign * vd.re, -sign * vd.im};
          }
        }
      }
    }
  }
}

namespace {

/// The embedding energy F = Σ_p w_p Φ(ρ_p), its derivatives w_p Φ'(ρ_p) and w_p Φ''(ρ_p).
double embedding(const std::vector<double>& fs, bool shifted_scaled, int ndensity, const double* rho, double* d1,
                 double* d2) {
  double F = 0;
  for (int p = 0; p < ndensity; ++p) {
    double phi, dphi, d2phi;
    embedding_function(shifted_scaled, rho[p], fs[2 * p + 1], phi, dphi, d2phi);
    F += fs[2 * p] * phi;
    if (d1) d1[p] = fs[2 * p] * dphi;
    if (d2) d2[p] = fs[2 * p] * d2phi;
  }
  return F;
}

/// Adds `db` (an adjoint ∂J/∂A of a factor with the given mode) to the folded m ≥ 0 weight.
inline void fold(Complex& w, Complex db, signed char mode) {
  if (mode == 0) {
    w.re += db.re;
    w.im += db.im;
  } else {  // A_{l,m} = (−1)^m conj(A_{l,|m|}) → (−1)^m conj(db)
    w.re += mode * db.re;
    w.im -= mode * db.im;
  }
}

}  // namespace

void FitLoss::Implementation::densities(const Element& el, const double* c, bool with_tangent, Scratch& s) const {
  const int P = el.ndensity;
  double* rho = s.rho.data();
  double* rho_dot = s.rho_dot.data();
  std::fill(rho, rho + P, 0.0);
  std::fill(rho_dot, rho_dot + P, 0.0);
  const std::size_t n1 = el.rank1_function.size();
  for (std::size_t q = 0; q < n1; ++q) {
    const double b = s.a1[el.rank1_index[q]];
    const double bd = with_tangent ? s.a1_dot[el.rank1_index[q]] : 0.0;
    s.b[q] = b;
    s.b_dot[q] = bd;
    const double* cf = c + static_cast<std::size_t>(el.rank1_function[q]) * P;
    for (int p = 0; p < P; ++p) {
      rho[p] += cf[p] * b;
      rho_dot[p] += cf[p] * bd;
    }
  }
  const Complex* A = s.a.data();
  const Complex* Ad = s.a_dot.data();
  for (std::size_t q = 0; q < el.function.size(); ++q) {
    double b = 0, bd = 0;
    for (int comb = el.comb_begin[q]; comb < el.comb_begin[q + 1]; ++comb) {
      const int begin = el.factor_begin[comb], end = el.factor_begin[comb + 1];
      if (with_tangent) {
        DualComplex t{A[el.a_index[begin]], Ad[el.a_index[begin]]};
        for (int f = begin + 1; f < end; ++f) t = t * DualComplex{A[el.a_index[f]], Ad[el.a_index[f]]};
        b += el.comb_cg[comb] * t.value.re;
        bd += el.comb_cg[comb] * t.tangent.re;
      } else {
        Complex t = A[el.a_index[begin]];
        for (int f = begin + 1; f < end; ++f) t = t * A[el.a_index[f]];
        b += el.comb_cg[comb] * t.re;
      }
    }
    s.b[n1 + q] = b;
    s.b_dot[n1 + q] = bd;
    const double* cf = c + static_cast<std::size_t>(el.function[q]) * P;
    for (int p = 0; p < P; ++p) {
      rho[p] += cf[p] * b;
      rho_dot[p] += cf[p] * bd;
    }
  }
}

void FitLoss::Implementation::inner_switch(int mu, const Element& el, double rho_core, double d_min, int j_min,
                                           const Scratch& s, double& fcut, double& dfcut) const {
  fcut = 1;
  dfcut = 0;
  if (inner_type == InnerCoreType::Zbl) {  // switch on the shortest distance (ace_evaluator.cpp)
    if (j_min >= 0) {
      const double width_in = dcut_in[mu * nspecies + s.species[j_min]];
      cutoff_polynomial(width_in - d_min, width_in, width_in, fcut, dfcut);
      dfcut = -dfcut;
    }
  } else if (rho_core >= el.rho_core_cut) {
    fcut = 0;
  } else if (rho_core > el.rho_core_cut - el.drho_core_cut) {
    cutoff_polynomial(rho_core, el.rho_core_cut, el.drho_core_cut, fcut, dfcut);
  }
}

FitLoss::Implementation::AtomForward FitLoss::Implementation::forward(int mu, const CompiledStructure& cs,
                                                                      std::size_t atom, const double* full,
                                                                      const double* tangent, bool harmonic_gradient,
                                                                      Scratch& s) const {
  AtomForward fw;
  fw.count = gather(mu, cs, atom, tangent, s);
  const bool with_tangent = tangent != nullptr;
  if (with_tangent)  // relative tangent u_ij = v_j − v_i per neighbour (read by accumulate_projections)
    for (int k = 0; k < fw.count; ++k) {
      const double* vi = tangent + 3 * atom;
      const double* vj = tangent + 3 * static_cast<std::size_t>(s.index[k]);
      for (int a = 0; a < 3; ++a) s.pair_forces[3 * k + a] = vj[a] - vi[a];
    }
  accumulate_projections(mu, fw.count, with_tangent, harmonic_gradient || with_tangent, s, fw.rho_core, fw.rho_core_dot,
                         fw.d_min, fw.r_dot_min, fw.j_min);
  radial_functions_from_projections(mu, full, with_tangent, s);
  densities(elements[mu], full + elements[mu].offset, with_tangent, s);
  return fw;
}

double FitLoss::Implementation::atom_energy_forces(int mu, const CompiledStructure& cs, std::size_t atom,
                                                   const double* full, bool forces, Scratch& s) const {
  const Element& el = elements[mu];
  const AtomForward fw = forward(mu, cs, atom, full, nullptr, forces, s);
  const int count = fw.count, j_min = fw.j_min;
  const double rho_core = fw.rho_core, d_min = fw.d_min;
  const int P = el.ndensity;
  const double* c = full + el.offset;
  const double* rho = s.rho.data();
  const Complex* A = s.a.data();

  // Embedding and inner core (as the evaluator: ace_evaluator.cpp).
  double dF[64];
  const double F = embedding(el.fs_parameters, el.shifted_scaled, P, rho, dF, nullptr);
  double fcut, dfcut, energy, d_energy_d_core, zbl_switch = 0;
  inner_switch(mu, el, rho_core, d_min, j_min, s, fcut, dfcut);
  if (inner_type == InnerCoreType::Zbl) {
    energy = F * fcut + rho_core * (1 - fcut);
    d_energy_d_core = 1 - fcut;
    zbl_switch = (F - rho_core) * dfcut;
  } else {
    energy = F * fcut + rho_core;
    d_energy_d_core = F * dfcut + 1;
  }
  if (!forces) return energy;
  for (int p = 0; p < P; ++p) dF[p] *= fcut;

  // ω = ∂E/∂A (folded onto m ≥ 0) and ω¹ = ∂E/∂A¹.
  std::fill(s.w1.begin(), s.w1.end(), 0.0);
  std::fill(s.w.begin(), s.w.end(), Complex{});
  for (std::size_t q = 0; q < el.rank1_function.size(); ++q) {
    const double* cf = c + static_cast<std::size_t>(el.rank1_function[q]) * P;
    double theta = 0;
    for (int p = 0; p < P; ++p) theta += dF[p] * cf[p];
    s.w1[el.rank1_index[q]] += theta;
  }
  Complex prefix[32];
  for (std::size_t q = 0; q < el.function.size(); ++q) {
    const double* cf = c + static_cast<std::size_t>(el.function[q]) * P;
    double theta_f = 0;
    for (int p = 0; p < P; ++p) theta_f += dF[p] * cf[p];
    for (int comb = el.comb_begin[q]; comb < el.comb_begin[q + 1]; ++comb) {
      const int begin = el.factor_begin[comb], rank = el.comb_rank[comb];
      const int* ai = el.a_index.data() + begin;
      prefix[0] = {1, 0};
      for (int t = 0; t < rank; ++t) prefix[t + 1] = prefix[t] * A[ai[t]];
      Complex suffix{theta_f * el.comb_cg[comb], 0};
      for (int t = rank - 1; t >= 0; --t) {
        fold(s.w[el.w_index[begin + t]], prefix[t] * suffix, el.w_mode[begin + t]);
        suffix = suffix * A[ai[t]];
      }
    }
  }
  // ω^G_klm = Σ_n c_nlk ω_nlm: the weight of each raw projection.
  std::fill(s.wg.begin(), s.wg.end(), Complex{});
  for (int mu_j = 0; mu_j < nspecies; ++mu_j) {
    const PairShape& ps = pairs[mu * nspecies + mu_j];
    const double* cr = full + ps.offset;
    Complex* wg = s.wg.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    for (int n = 0; n < ps.nradmax; ++n) {
      const Complex* w = s.w.data() + (static_cast<std::size_t>(mu_j) * nradmax + n) * lm_half;
      for (int l = 0; l <= ps.lmax; ++l) {
        const double* cnl = cr + (static_cast<std::size_t>(n) * (ps.lmax + 1) + l) * ps.nradbase;
        for (int k = 0; k < ps.nradbase; ++k)
          for (int m = 0; m <= l; ++m) {
            const int h = half_index(l, m);
            wg[static_cast<std::size_t>(k) * lm_half + h].re += cnl[k] * w[h].re;
            wg[static_cast<std::size_t>(k) * lm_half + h].im += cnl[k] * w[h].im;
          }
      }
    }
  }
  // Pair forces f_ij = ∂E_i/∂r_j.
  const int width = table_width;
  for (int k = 0; k < count; ++k) {
    const int mu_j = s.species[k];
    const PairShape& ps = pairs[mu * nspecies + mu_j];
    const RadialSplineTable& table = tables[table_of_pair[mu * nspecies + mu_j]];
    const double* value = s.value.data() + static_cast<std::size_t>(k) * width;
    const double* derivative = s.derivative.data() + static_cast<std::size_t>(k) * width;
    const Complex* ylm = s.ylm.data() + static_cast<std::size_t>(k) * lm_half;
    const Complex* dylm = s.dylm.data() + 3 * static_cast<std::size_t>(k) * lm_half;
    const double* w1 = s.w1.data() + static_cast<std::size_t>(mu_j) * nradbase;
    const Complex* wg = s.wg.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    const int nh = half_count(ps.lmax);
    double radial = 0, tx = 0, ty = 0, tz = 0;
    for (int kk = 0; kk < ps.nradbase; ++kk) {
      radial += w1[kk] * derivative[kk];
      const Complex* wk = wg + static_cast<std::size_t>(kk) * lm_half;
      double yr = 0, gx = 0, gy = 0, gz = 0;
      for (int h = 0; h < nh; ++h) {
        const Complex wv = wk[h];
        yr += wv.re * ylm[h].re - wv.im * ylm[h].im;
        gx += wv.re * dylm[3 * h].re - wv.im * dylm[3 * h].im;
        gy += wv.re * dylm[3 * h + 1].re - wv.im * dylm[3 * h + 1].im;
        gz += wv.re * dylm[3 * h + 2].re - wv.im * dylm[3 * h + 2].im;
      }
      radial += derivative[kk] * yr;
      tx += value[kk] * gx;
      ty += value[kk] * gy;
      tz += value[kk] * gz;
    }
    radial += d_energy_d_core * derivative[table.core_offset()];
    if (k == j_min) radial += zbl_switch;
    const double inv_r = 1.0 / s.r[k];
    double* f = s.pair_forces.data() + 3 * k;
    f[0] = radial * s.unit[3 * k] + tx * inv_r;
    f[1] = radial * s.unit[3 * k + 1] + ty * inv_r;
    f[2] = radial * s.unit[3 * k + 2] + tz * inv_r;
  }
  // Scatter: F_i += f_ij, F_j −= f_ij.
  double* out = s.forces.data();
  for (int k = 0; k < count; ++k) {
    const double* f = s.pair_forces.data() + 3 * k;
    const std::size_t j = static_cast<std::size_t>(s.index[k]);
    for (int a = 0; a < 3; ++a) {
      out[3 * atom + a] += f[a];
      out[3 * j + a] -= f[a];
    }
  }
  return energy;
}

double FitLoss::Implementation::structure_energy_forces(const CompiledStructure& cs, const double* full, bool forces,
                                                        Scratch& s) const {
  if (forces) std::fill(s.forces.begin(), s.forces.begin() + 3 * cs.atoms(), 0.0);
  double energy = 0;
  for (std::size_t i = 0; i < cs.atoms(); ++i) energy += atom_energy_forces(cs.species[i], cs, i, full, forces, s);
  return energy;
}

/// Adds ∂J_i/∂θ, J_i = α E_i − Ė_i (Ė_i along the tangent field, null for none), to s.gradient.
void FitLoss::Implementation::atom_gradient(int mu, const CompiledStructure& cs, std::size_t atom, const double* full,
                                            double alpha, const double* tangent, Scratch& s) const {
  const Element& el = elements[mu];
  const bool with_tangent = tangent != nullptr;
  const AtomForward fw = forward(mu, cs, atom, full, tangent, with_tangent, s);
  const int j_min = fw.j_min;
  const double rho_core = fw.rho_core, rho_core_dot = fw.rho_core_dot, d_min = fw.d_min, r_dot_min = fw.r_dot_min;
  const int P = el.ndensity;
  const double* c = full + el.offset;
  const double* rho = s.rho.data();
  const double* rho_dot = s.rho_dot.data();
  const std::size_t n1 = el.rank1_function.size();
  const Complex* A = s.a.data();
  const Complex* Ad = s.a_dot.data();

  // Embedding, inner-core switch and its tangent.
  double d1[64], d2[64];
  const double F = embedding(el.fs_parameters, el.shifted_scaled, P, rho, d1, d2);
  (void)F;
  double fcut, dfcut;
  inner_switch(mu, el, rho_core, d_min, j_min, s, fcut, dfcut);
  const double fcut_dot = dfcut * (inner_type == InnerCoreType::Zbl ? r_dot_min : rho_core_dot);
  // ρ̄ = ∂J/∂ρ, ρ̇̄ = ∂J/∂ρ̇ with E = f_cut F(ρ) + core, Ė = ḟ_cut F + f_cut Σ F'_p ρ̇_p + core.
  double rho_bar[64], rho_dot_bar[64];
  for (int p = 0; p < P; ++p) {
    rho_bar[p] = alpha * fcut * d1[p] - fcut_dot * d1[p] - fcut * d2[p] * rho_dot[p];
    rho_dot_bar[p] = -fcut * d1[p];
  }
  double* grad = s.gradient.data();
  const std::size_t nfunctions = n1 + el.function.size();
  if (layout.functions_trainable()) {
    for (std::size_t q = 0; q < nfunctions; ++q) {
      const int fi = q < n1 ? el.rank1_function[q] : el.function[q - n1];
      double* gf = grad + el.offset + static_cast<std::size_t>(fi) * P;
      const double b = s.b[q], bd = s.b_dot[q];
      for (int p = 0; p < P; ++p) gf[p] += rho_bar[p] * b + rho_dot_bar[p] * bd;
    }
  }
  if (!layout.radial_trainable()) return;

  // Reverse sweep through the products to ω = ∂J/∂A and ω̇ = ∂J/∂Ȧ (folded onto m ≥ 0).
  std::fill(s.w.begin(), s.w.end(), Complex{});
  if (with_tangent) std::fill(s.w_dot.begin(), s.w_dot.end(), Complex{});
  DualComplex prefix[32];
  for (std::size_t q = 0; q < el.function.size(); ++q) {
    const double* cf = c + static_cast<std::size_t>(el.function[q]) * P;
    double b_bar = 0, b_dot_bar = 0;
    for (int p = 0; p < P; ++p) {
      b_bar += rho_bar[p] * cf[p];
      b_dot_bar += rho_dot_bar[p] * cf[p];
    }
    for (int comb = el.comb_begin[q]; comb < el.comb_begin[q + 1]; ++comb) {
      const int begin = el.factor_begin[comb], rank = el.comb_rank[comb];
      const int* ai = el.a_index.data() + begin;
      const double seed = b_bar * el.comb_cg[comb], seed_dot = b_dot_bar * el.comb_cg[comb];
      if (!with_tangent) {
        Complex pre[32];
        pre[0] = {1, 0};
        for (int t = 0; t < rank; ++t) pre[t + 1] = pre[t] * A[ai[t]];
        Complex suffix{seed, 0};
        for (int t = rank - 1; t >= 0; --t) {
          fold(s.w[el.w_index[begin + t]], pre[t] * suffix, el.w_mode[begin + t]);
          suffix = suffix * A[ai[t]];
        }
        continue;
      }
      // Dual prefix/suffix products: (P_t, Ṗ_t) = Π_{s≠t} (A_s + ε Ȧ_s);
      // ω_t += seed P_t + seed_dot Ṗ_t, ω̇_t += seed_dot P_t.
      prefix[0] = {{1, 0}, {0, 0}};
      for (int t = 0; t < rank; ++t) prefix[t + 1] = prefix[t] * DualComplex{A[ai[t]], Ad[ai[t]]};
      DualComplex suffix{{1, 0}, {0, 0}};
      for (int t = rank - 1; t >= 0; --t) {
        const DualComplex other = prefix[t] * suffix;
        const Complex dw = other.value * seed + other.tangent * seed_dot;
        fold(s.w[el.w_index[begin + t]], dw, el.w_mode[begin + t]);
        fold(s.w_dot[el.w_index[begin + t]], other.value * seed_dot, el.w_mode[begin + t]);
        suffix = suffix * DualComplex{A[ai[t]], Ad[ai[t]]};
      }
    }
  }
  // ∂J/∂c_nlk = Σ_{m≥0} Re(ω_nlm G_klm) + Re(ω̇_nlm Ġ_klm).
  for (int mu_j = 0; mu_j < nspecies; ++mu_j) {
    const PairShape& ps = pairs[mu * nspecies + mu_j];
    double* gr = grad + ps.offset;
    const Complex* g = s.g.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    const Complex* gd = s.g_dot.data() + static_cast<std::size_t>(mu_j) * nradbase * lm_half;
    for (int n = 0; n < ps.nradmax; ++n) {
      const Complex* w = s.w.data() + (static_cast<std::size_t>(mu_j) * nradmax + n) * lm_half;
      const Complex* wd = s.w_dot.data() + (static_cast<std::size_t>(mu_j) * nradmax + n) * lm_half;
      for (int l = 0; l <= ps.lmax; ++l) {
        double* gnl = gr + (static_cast<std::size_t>(n) * (ps.lmax + 1) + l) * ps.nradbase;
        for (int k = 0; k < ps.nradbase; ++k) {
          const Complex* gk = g + static_cast<std::size_t>(k) * lm_half;
          const Complex* gdk = gd + static_cast<std::size_t>(k) * lm_half;
          double sum = 0;
          for (int m = 0; m <= l; ++m) {
            const int h = half_index(l, m);
            sum += w[h].re * gk[h].re - w[h].im * gk[h].im;
            if (with_tangent) sum += wd[h].re * gdk[h].re - wd[h].im * gdk[h].im;
          }
          gnl[k] += sum;
        }
      }
    }
  }
}

LossComponents FitLoss::Implementation::regularisation(const std::vector<double>& full, double* gradient) const {
  LossComponents r;
  const std::size_t nf = layout.function_coefficient_count();
  for (std::size_t i = 0; i < nf; ++i) {
    const double c = full[i];
    r.l1 += settings.L1 * std::abs(c);
    r.l2 += settings.L2 * c * c;
    if (gradient) gradient[i] += settings.L1 * (c > 0 ? 1.0 : c < 0 ? -1.0 : 0.0) + 2 * settings.L2 * c;
  }
  for (std::size_t i = nf; i < full.size(); ++i) {
    const double w = radial_smoothness_weight[i - nf], c = full[i];
    r.radial_smoothness += w * c * c;
    if (gradient) gradient[i] += 2 * w * c;
  }
  return r;
}

FitLoss::FitLoss(const BBasisPotential& potential, FitParameterLayout layout,
                 const std::vector<FitStructure>& structures, LossSettings settings)
    : implementation_(std::make_unique<Implementation>(std::move(layout), settings, potential)) {
  Implementation& im = *implementation_;
  im.settings.validate(potential.source);
  im.layout.pack(potential);  // shape check
  im.compile_basis();
  im.data.reserve(structures.size());
  for (const auto& s : structures) {
    im.data.push_back(im.compile(s));
    const auto& cs = im.data.back();
    im.total_atoms += cs.atoms();
    im.max_atoms = std::max(im.max_atoms, cs.atoms());
    for (std::size_t i = 0; i < cs.atoms(); ++i)
      im.max_neighbors = std::max(im.max_neighbors, cs.offsets[i + 1] - cs.offsets[i]);
    if (im.settings.kappa > 0 && cs.labels.forces_eV_A.empty())
      throw InputError(s.source, s.line, "the structure has no forces but the loss has kappa > 0");
  }
}

FitLoss::~FitLoss() = default;
FitLoss::FitLoss(FitLoss&&) noexcept = default;
FitLoss& FitLoss::operator=(FitLoss&&) noexcept = default;

const FitParameterLayout& FitLoss::layout() const {
  return implementation_->layout;
}
const LossSettings& FitLoss::settings() const {
  return implementation_->settings;
}
std::size_t FitLoss::structure_count() const {
  return implementation_->data.size();
}
std::size_t FitLoss::atom_count() const {
  return implementation_->total_atoms;
}
LossComponents FitLoss::last_components() const {
  return implementation_->last;
}

BBasisPotential FitLoss::potential(const Eigen::VectorXd& x) const {
  BBasisPotential p = implementation_->potential;
  implementation_->layout.unpack(x, p);
  return p;
}

double FitLoss::evaluate(const Eigen::VectorXd& x, Eigen::VectorXd* gradient, int threads) const {
  const Implementation& im = *implementation_;
  const std::vector<double> full = im.full_parameters(x);
  const int nthreads = threads > 0 ? threads : std::max(1, omp_get_max_threads());
  const double kappa = im.settings.kappa;
  const bool forces = kappa > 0;
  std::vector<Implementation::Scratch> scratch(nthreads);
  std::vector<double> energy_part(nthreads, 0.0), force_part(nthreads, 0.0);
  bool bad = false;
  const long nstructures = static_cast<long>(im.data.size());
#pragma omp parallel num_threads(nthreads) reduction(|| : bad)
  {
    const int tid = omp_get_thread_num();
    Implementation::Scratch& s = scratch[tid];
    im.size_scratch(s, gradient != nullptr, im.max_neighbors, im.max_atoms);
#pragma omp for schedule(static, 1)
    for (long si = 0; si < nstructures; ++si) {
      const CompiledStructure& cs = im.data[si];
      const std::size_t n = cs.atoms();
      const double energy = im.structure_energy_forces(cs, full.data(), forces, s);
      if (!std::isfinite(energy)) {
        bad = true;
        continue;
      }
      const double de = (energy - cs.labels.energy_eV) / static_cast<double>(n);
      energy_part[tid] += (1 - kappa) * cs.labels.energy_weight * de * de;
      if (forces) {
        for (std::size_t i = 0; i < n; ++i) {
          const double w = cs.labels.force_weights.empty() ? 1.0 : cs.labels.force_weights[i];
          double sum = 0;
          for (int a = 0; a < 3; ++a) {
            const double df = s.forces[3 * i + a] - cs.labels.forces_eV_A[i][a];
            sum += df * df;
            s.tangent[3 * i + a] = 2 * kappa * w * df;
          }
          force_part[tid] += kappa * w * sum;
        }
      }
      if (!gradient) continue;
      const double alpha = 2 * (1 - kappa) * cs.labels.energy_weight * de / static_cast<double>(n);
      for (std::size_t i = 0; i < n; ++i)
        im.atom_gradient(cs.species[i], cs, i, full.data(), alpha, forces ? s.tangent.data() : nullptr, s);
    }
  }
  if (bad) throw ComputationError("fit loss: the model gives a non-finite energy");
  LossComponents parts;
  for (int t = 0; t < nthreads; ++t) {
    parts.energy += energy_part[t];
    parts.force += force_part[t];
  }
  std::vector<double> full_gradient;
  if (gradient) {
    full_gradient.assign(full.size(), 0.0);
    for (int t = 0; t < nthreads; ++t)
      for (std::size_t i = 0; i < full.size(); ++i) full_gradient[i] += scratch[t].gradient[i];
  }
  const LossComponents reg = im.regularisation(full, gradient ? full_gradient.data() : nullptr);
  parts.l1 = reg.l1;
  parts.l2 = reg.l2;
  parts.radial_smoothness = reg.radial_smoothness;
  im.last = parts;
  if (gradient) {
    gradient->resize(x.size());
    for (std::size_t i = 0; i < full.size(); ++i) {
      const std::ptrdiff_t at = im.layout.trainable_index(i);
      if (at >= 0) (*gradient)[at] = full_gradient[i];
    }
  }
  return parts.total();
}

FitMetrics FitLoss::Implementation::metrics(const std::vector<CompiledStructure>& set, const Eigen::VectorXd& x,
                                            int threads) const {
  const std::vector<double> full = full_parameters(x);
  const int nthreads = threads > 0 ? threads : std::max(1, omp_get_max_threads());
  FitMetrics out;
  out.predictions.resize(set.size());
  std::size_t neighbors = 0, atoms = 0;
  for (const auto& cs : set) {
    atoms = std::max(atoms, cs.atoms());
    for (std::size_t i = 0; i < cs.atoms(); ++i) neighbors = std::max(neighbors, cs.offsets[i + 1] - cs.offsets[i]);
  }
  const long n = static_cast<long>(set.size());
#pragma omp parallel num_threads(nthreads)
  {
    Scratch s;  // sized for this set, which may hold larger structures than the training data
    size_scratch(s, false, std::max(neighbors, max_neighbors), std::max(atoms, max_atoms));
#pragma omp for schedule(static, 1)
    for (long si = 0; si < n; ++si) {
      const CompiledStructure& cs = set[si];
      StructurePrediction& p = out.predictions[si];
      p.energy_eV = structure_energy_forces(cs, full.data(), true, s);
      p.reference_energy_eV = cs.labels.energy_eV;
      p.atom_count = static_cast<int>(cs.atoms());
      p.forces_eV_A.resize(cs.atoms());
      for (std::size_t i = 0; i < cs.atoms(); ++i)
        p.forces_eV_A[i] = Vec3(s.forces[3 * i], s.forces[3 * i + 1], s.forces[3 * i + 2]);
    }
  }
  double se = 0, ae = 0, sf = 0, af = 0;
  std::size_t components = 0;
  const double kappa = settings.kappa;
  for (std::size_t si = 0; si < set.size(); ++si) {
    const CompiledStructure& cs = set[si];
    const StructurePrediction& p = out.predictions[si];
    const double de = (p.energy_eV - cs.labels.energy_eV) / static_cast<double>(cs.atoms());
    se += de * de;
    ae += std::abs(de);
    out.loss.energy += (1 - kappa) * cs.labels.energy_weight * de * de;
    if (cs.labels.forces_eV_A.empty()) continue;
    for (std::size_t i = 0; i < cs.atoms(); ++i) {
      const Vec3 df = p.forces_eV_A[i] - cs.labels.forces_eV_A[i];
      sf += df.squaredNorm();
      af += df.cwiseAbs().sum();
      components += 3;
      out.loss.force += kappa * (cs.labels.force_weights.empty() ? 1.0 : cs.labels.force_weights[i]) * df.squaredNorm();
    }
  }
  if (!set.empty()) {
    out.energy_rmse_meV_per_atom = 1000 * std::sqrt(se / static_cast<double>(set.size()));
    out.energy_mae_meV_per_atom = 1000 * ae / static_cast<double>(set.size());
  }
  if (components > 0) {
    out.force_rmse_meV_per_A = 1000 * std::sqrt(sf / static_cast<double>(components));
    out.force_mae_meV_per_A = 1000 * af / static_cast<double>(components);
  }
  const LossComponents reg = regularisation(full, nullptr);
  out.loss.l1 = reg.l1;
  out.loss.l2 = reg.l2;
  out.loss.radial_smoothness = reg.radial_smoothness;
  return out;
}

FitMetrics FitLoss::metrics(const Eigen::VectorXd& x, int threads) const {
  return implementation_->metrics(implementation_->data, x, threads);
}

FitMetrics FitLoss::metrics(const Eigen::VectorXd& x, const std::vector<FitStructure>& structures, int threads) const {
  std::vector<CompiledStructure> set;
  set.reserve(structures.size());
  for (const auto& s : structures) set.push_back(implementation_->compile(s));
  return implementation_->metrics(set, x, threads);
}

}  // namespace ionglass::ace
