#include "ionglass/ace/ace_evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "ionglass/ace/radial_functions.hpp"
#include "ionglass/core/elements.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass::ace {

AceEvaluator::AceEvaluator(AceCTildeBasis basis) : basis_(std::move(basis)) {
  basis_.validate("ACE potential");
  nspecies_ = basis_.species_count();
  nradbase_ = basis_.nradbase_max();
  nradmax_ = std::max(basis_.nradial_max(), 1);
  lmax_ = basis_.lmax_max();
  if (lmax_ > 16)
    throw InputError("ACE potential: lmax = " + std::to_string(lmax_) + " is larger than the supported 16");
  if (basis_.rank_max() > 31) throw InputError("ACE potential: basis functions of rank > 31 are not supported");
  lm_full_ = (lmax_ + 1) * (lmax_ + 1);
  lm_half_ = half_count(lmax_);
  cutoff_max_ = basis_.cutoff_max();
  harmonics_.set_lmax(lmax_);

  const std::string& type0 = basis_.bonds[0].inner_cutoff_type;
  for (const auto& b : basis_.bonds)
    if (b.inner_cutoff_type != type0)
      throw InputError("ACE potential: bonds mix inner_cutoff_type '" + type0 + "' and '" + b.inner_cutoff_type +
                       "' (one type for the whole potential is required)");
  inner_type_ = type0 == "zbl"        ? InnerCoreType::Zbl
                : type0 == "distance" ? InnerCoreType::Distance
                                      : InnerCoreType::Density;

  // Spline tables, shared between (μi, μj) and (μj, μi) when the bonds are identical.
  std::vector<int> z(nspecies_);
  for (int mu = 0; mu < nspecies_; ++mu) z[mu] = elements::by_symbol(basis_.elements[mu]).atomic_number;
  const std::size_t npairs = static_cast<std::size_t>(nspecies_) * nspecies_;
  table_of_pair_.assign(npairs, -1);
  cutoffs_.resize(npairs);
  cut_in_.resize(npairs);
  dcut_in_.resize(npairs);
  pair_radial_.resize(npairs);
  for (int i = 0; i < nspecies_; ++i)
    for (int j = 0; j < nspecies_; ++j) {
      const std::size_t p = static_cast<std::size_t>(i) * nspecies_ + j;
      const AceBond& b = basis_.bond(i, j);
      cutoffs_[p] = b.rcut;
      pair_radial_[p].nradbase = b.nradbasemax;
      pair_radial_[p].nradmax = b.nradmax;
      pair_radial_[p].lmax = b.lmax;
      pair_radial_[p].coefficients = b.radcoefficients;  // already [n][l][k]
      radial_width_ = std::max(radial_width_, b.nradmax * (b.lmax + 1));
      cut_in_[p] = b.rcut_in;
      dcut_in_[p] = b.dcut_in;
      if (j < i && basis_.bond(j, i) == b) {
        table_of_pair_[p] = table_of_pair_[static_cast<std::size_t>(j) * nspecies_ + i];
        continue;
      }
      RadialSplineTable t;
      t.build(b, z[i], z[j], basis_.delta_spline_bins, cutoff_max_);
      table_width_ = std::max(table_width_, (t.function_count() + 3) / 4 * 4);  // value-array stride
      table_of_pair_[p] = static_cast<int>(tables_.size());
      tables_.push_back(std::move(t));
    }

  for (const auto& e : basis_.embeddings) shifted_scaled_.push_back(e.npoti == "FinnisSinclairShiftedScaled");

  // Flattened product basis per central species.
  products_.resize(nspecies_);
  for (int mu = 0; mu < nspecies_; ++mu) {
    ProductBasis& pb = products_[mu];
    pb.ndensity = basis_.embeddings[mu].ndensity;
    pb.offset.push_back(0);
    for (const auto& f : basis_.functions[mu]) {
      if (f.rank == 1) {
        pb.rank1_index.push_back(f.mus[0] * nradbase_ + f.ns[0] - 1);
        pb.rank1_coefficients.insert(pb.rank1_coefficients.end(), f.ctildes.begin(), f.ctildes.begin() + pb.ndensity);
        continue;
      }
      for (int c = 0; c < f.num_ms_combs; ++c) {
        pb.rank.push_back(f.rank);
        for (int t = 0; t < f.rank; ++t) {
          const int m = f.ms_combs[static_cast<std::size_t>(c) * f.rank + t];
          const int l = f.ls[t];
          const int radial = f.mus[t] * nradmax_ + f.ns[t] - 1;
          pb.a_index.push_back(radial * lm_full_ + l * (l + 1) + m);
          pb.w_index.push_back(radial * lm_half_ + half_index(l, std::abs(m)));
          pb.w_mode.push_back(static_cast<signed char>(m >= 0 ? 0 : (std::abs(m) % 2 == 0 ? 1 : -1)));
        }
        pb.offset.push_back(static_cast<int>(pb.a_index.size()));
        pb.coefficients.insert(pb.coefficients.end(), f.ctildes.begin() + static_cast<std::ptrdiff_t>(c) * pb.ndensity,
                               f.ctildes.begin() + static_cast<std::ptrdiff_t>(c + 1) * pb.ndensity);
      }
    }
  }
}

AceEvaluator::AtomResult AceEvaluator::compute_atom(int mu, int neighbor_count, const int* neighbor_species,
                                                    const double* displacements, double* pair_forces,
                                                    Workspace& work) const {
  AtomResult result;
  const int ns = nspecies_;
  const int width = table_width_;

  // Size the workspace.
  if (static_cast<int>(work.species.size()) < neighbor_count) {
    const std::size_t n = static_cast<std::size_t>(neighbor_count) + 16;
    work.index.resize(n);
    work.species.resize(n);
    work.r.resize(n);
    work.unit.resize(3 * n);
    work.value.resize(n * width);
    work.derivative.resize(n * width);
    work.radial.resize(n * radial_width_);
    work.radial_derivative.resize(n * radial_width_);
    work.ylm.resize(n * lm_half_);
    work.dylm.resize(3 * n * lm_half_);
  }
  work.a_rank1.assign(static_cast<std::size_t>(ns) * nradbase_, 0.0);
  work.w_rank1.assign(static_cast<std::size_t>(ns) * nradbase_, 0.0);
  work.a.assign(static_cast<std::size_t>(ns) * nradmax_ * lm_full_, Complex{});
  work.w.assign(static_cast<std::size_t>(ns) * nradmax_ * lm_half_, Complex{});
  const ProductBasis& pb = products_[mu];
  const int ndensity = pb.ndensity;
  work.rho.assign(ndensity, 0.0);
  work.d_energy_d_rho.assign(ndensity, 0.0);

  // Forward pass, 1: neighbours within the cutoff (geometry only).
  int count = 0;
  for (int jj = 0; jj < neighbor_count; ++jj) {
    const int mu_j = neighbor_species[jj];
    const double* d = displacements + 3 * jj;
    const double r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2];
    const double rc = cutoffs_[mu * ns + mu_j];
    if (r2 >= rc * rc) continue;
    const double r = std::sqrt(r2);
    const double inv_r = 1.0 / r;
    work.index[count] = jj;
    work.species[count] = mu_j;
    work.r[count] = r;
    work.unit[3 * count] = d[0] * inv_r;
    work.unit[3 * count + 1] = d[1] * inv_r;
    work.unit[3 * count + 2] = d[2] * inv_r;
    ++count;
  }

  // 2: splines (the table rows of the next neighbours are prefetched: the tables are larger than
  // the caches and this gather is the evaluator's main memory cost), R_nl, Y_lm, A.
  double rho_core = 0;
  double d_min = std::numeric_limits<double>::max();
  int j_min = -1;
  constexpr int prefetch_distance = 3;
  const auto prefetch = [&](int k) { tables_[table_of_pair_[mu * ns + work.species[k]]].prefetch(work.r[k]); };
  for (int k = 0; k < std::min(prefetch_distance, count); ++k) prefetch(k);
  for (int k = 0; k < count; ++k) {
    if (k + prefetch_distance < count) prefetch(k + prefetch_distance);
    const int mu_j = work.species[k];
    const int pair = mu * ns + mu_j;
    const double r = work.r[k];
    const RadialSplineTable& table = tables_[table_of_pair_[pair]];
    double* value = work.value.data() + static_cast<std::size_t>(k) * width;
    double* derivative = work.derivative.data() + static_cast<std::size_t>(k) * width;
    if (!table.evaluate(r, value, derivative)) {
      result.too_close = work.index[k];
      return result;
    }
    const PairRadial& pr = pair_radial_[pair];
    const int nb = pr.nradbase;
    double* R = work.radial.data() + static_cast<std::size_t>(k) * radial_width_;
    double* dR = work.radial_derivative.data() + static_cast<std::size_t>(k) * radial_width_;
    radial_functions_of_pair(pr.nradmax * (pr.lmax + 1), nb, pr.coefficients.data(), value, derivative, R, dR);
    const int lmax_pair = pr.lmax;
    Complex* ylm = work.ylm.data() + static_cast<std::size_t>(k) * lm_half_;
    Complex* dylm = work.dylm.data() + 3 * static_cast<std::size_t>(k) * lm_half_;
    harmonics_.evaluate(lmax_pair, work.unit[3 * k], work.unit[3 * k + 1], work.unit[3 * k + 2], ylm, dylm);

    double* a1 = work.a_rank1.data() + static_cast<std::size_t>(mu_j) * nradbase_;
    for (int kk = 0; kk < nb; ++kk) a1[kk] += value[kk];
    for (int n = 0; n < pr.nradmax; ++n) {
      Complex* a = work.a.data() + (static_cast<std::size_t>(mu_j) * nradmax_ + n) * lm_full_;
      for (int l = 0; l <= lmax_pair; ++l) {
        const double rnl = R[n * (lmax_pair + 1) + l];
        for (int m = 0; m <= l; ++m) {
          const Complex y = ylm[half_index(l, m)];
          Complex& target = a[l * (l + 1) + m];
          target.re += rnl * y.re;
          target.im += rnl * y.im;
        }
      }
    }
    rho_core += value[table.core_offset()];
    if (inner_type_ == InnerCoreType::Zbl) {
      const double dj = r - (cut_in_[pair] - dcut_in_[pair]);
      if (dj < d_min) {
        d_min = dj;
        j_min = k;
      }
    }
  }

  // Negative m: A_{l,−m} = (−1)^m conj(A_{l,m}).
  for (int s = 0; s < ns * nradmax_; ++s) {
    Complex* a = work.a.data() + static_cast<std::size_t>(s) * lm_full_;
    for (int l = 1; l <= lmax_; ++l)
      for (int m = 1; m <= l; ++m) {
        const Complex v = a[l * (l + 1) + m];
        const double sign = m % 2 == 0 ? 1.0 : -1.0;
        a[l * (l + 1) - m] = {sign * v.re, -sign * v.im};
      }
  }

  // Densities.
  double* rho = work.rho.data();
  const std::size_t n1 = pb.rank1_index.size();
  for (std::size_t f = 0; f < n1; ++f) {
    const double a = work.a_rank1[pb.rank1_index[f]];
    const double* c = pb.rank1_coefficients.data() + f * ndensity;
    for (int p = 0; p < ndensity; ++p) rho[p] += c[p] * a;
  }
  const std::size_t ncomb = pb.rank.size();
  const Complex* A = work.a.data();
  for (std::size_t c = 0; c < ncomb; ++c) {
    const int begin = pb.offset[c], end = pb.offset[c + 1];
    Complex b = A[pb.a_index[begin]];
    for (int t = begin + 1; t < end; ++t) b = b * A[pb.a_index[t]];
    const double* coef = pb.coefficients.data() + c * ndensity;
    for (int p = 0; p < ndensity; ++p) rho[p] += coef[p] * b.re;
  }

  // Embedding and inner core.
  const AceEmbedding& emb = basis_.embeddings[mu];
  double F = 0;
  double* dF = work.d_energy_d_rho.data();
  for (int p = 0; p < ndensity; ++p) {
    double phi, dphi;
    embedding_function(shifted_scaled_[mu], rho[p], emb.fs_parameters[2 * p + 1], phi, dphi);
    F += emb.fs_parameters[2 * p] * phi;
    dF[p] = emb.fs_parameters[2 * p] * dphi;
  }
  double fcut = 1, dfcut = 0, d_energy_d_core = 0, zbl_switch = 0;
  if (inner_type_ == InnerCoreType::Zbl) {
    if (j_min >= 0) {
      const int p = mu * ns + work.species[j_min];
      const double width_in = dcut_in_[p];
      cutoff_polynomial(width_in - d_min, width_in, width_in, fcut, dfcut);
      dfcut = -dfcut;  // d fcut / d r_min
    }
    result.energy = F * fcut + rho_core * (1 - fcut);
    d_energy_d_core = 1 - fcut;
    zbl_switch = (F - rho_core) * dfcut;
  } else {
    if (rho_core >= emb.rho_core_cutoff) {
      fcut = 0;
      dfcut = 0;
    } else if (rho_core > emb.rho_core_cutoff - emb.drho_core_cutoff) {
      cutoff_polynomial(rho_core, emb.rho_core_cutoff, emb.drho_core_cutoff, fcut, dfcut);
    }
    result.energy = F * fcut + rho_core;
    d_energy_d_core = F * dfcut + 1;
  }
  result.energy += basis_.E0[mu];
  if (!pair_forces) return result;
  for (int p = 0; p < ndensity; ++p) dF[p] *= fcut;

  // Backward: weights ω = ∂E/∂A folded onto m ≥ 0.
  for (std::size_t f = 0; f < n1; ++f) {
    const double* c = pb.rank1_coefficients.data() + f * ndensity;
    double theta = 0;
    for (int p = 0; p < ndensity; ++p) theta += dF[p] * c[p];
    work.w_rank1[pb.rank1_index[f]] += theta;
  }
  Complex* W = work.w.data();
  Complex prefix[32];
  for (std::size_t c = 0; c < ncomb; ++c) {
    const double* coef = pb.coefficients.data() + c * ndensity;
    double theta = 0;
    for (int p = 0; p < ndensity; ++p) theta += dF[p] * coef[p];
    const int begin = pb.offset[c], rank = pb.rank[c];
    const int* ai = pb.a_index.data() + begin;
    prefix[0] = {1, 0};
    for (int t = 0; t < rank; ++t) prefix[t + 1] = prefix[t] * A[ai[t]];
    Complex suffix{theta, 0};
    for (int t = rank - 1; t >= 0; --t) {
      const Complex db = prefix[t] * suffix;  // θ·Π_{s≠t} A_s
      suffix = suffix * A[ai[t]];
      const signed char mode = pb.w_mode[begin + t];
      Complex& w = W[pb.w_index[begin + t]];
      if (mode == 0) {  // m ≥ 0: ∂/∂A_lm
        w.re += db.re;
        w.im += db.im;
      } else {  // m < 0: A_{l,m} = (−1)^m conj(A_{l,|m|}) → (−1)^m conj(θ dB)
        w.re += mode * db.re;
        w.im -= mode * db.im;
      }
    }
  }

  // Pair forces f_ij = ∂E_i/∂r_j.
  for (int jj = 0; jj < neighbor_count; ++jj) {
    pair_forces[3 * jj] = pair_forces[3 * jj + 1] = pair_forces[3 * jj + 2] = 0;
  }
  for (int k = 0; k < count; ++k) {
    const int mu_j = work.species[k];
    const RadialSplineTable& table = tables_[table_of_pair_[mu * ns + mu_j]];
    const double* derivative = work.derivative.data() + static_cast<std::size_t>(k) * width;
    const Complex* ylm = work.ylm.data() + static_cast<std::size_t>(k) * lm_half_;
    const Complex* dylm = work.dylm.data() + 3 * static_cast<std::size_t>(k) * lm_half_;
    const double* w1 = work.w_rank1.data() + static_cast<std::size_t>(mu_j) * nradbase_;
    double radial = 0;
    const int nb = table.radial_basis_count();
    for (int kk = 0; kk < nb; ++kk) radial += w1[kk] * derivative[kk];
    const PairRadial& pr = pair_radial_[mu * ns + mu_j];
    const int lmax_pair = pr.lmax;
    const double* R = work.radial.data() + static_cast<std::size_t>(k) * radial_width_;
    const double* dR = work.radial_derivative.data() + static_cast<std::size_t>(k) * radial_width_;
    double tx = 0, ty = 0, tz = 0;
    for (int n = 0; n < pr.nradmax; ++n) {
      const Complex* w = W + (static_cast<std::size_t>(mu_j) * nradmax_ + n) * lm_half_;
      for (int l = 0; l <= lmax_pair; ++l) {
        const double rnl = R[n * (lmax_pair + 1) + l], drnl = dR[n * (lmax_pair + 1) + l];
        for (int m = 0; m <= l; ++m) {
          const int h = half_index(l, m);
          const Complex wv = w[h];
          radial += drnl * (wv.re * ylm[h].re - wv.im * ylm[h].im);
          tx += rnl * (wv.re * dylm[3 * h].re - wv.im * dylm[3 * h].im);
          ty += rnl * (wv.re * dylm[3 * h + 1].re - wv.im * dylm[3 * h + 1].im);
          tz += rnl * (wv.re * dylm[3 * h + 2].re - wv.im * dylm[3 * h + 2].im);
        }
      }
    }
    radial += d_energy_d_core * derivative[table.core_offset()];
    if (k == j_min) radial += zbl_switch;
    const double inv_r = 1.0 / work.r[k];
    double* f = pair_forces + 3 * work.index[k];
    f[0] = radial * work.unit[3 * k] + tx * inv_r;
    f[1] = radial * work.unit[3 * k + 1] + ty * inv_r;
    f[2] = radial * work.unit[3 * k + 2] + tz * inv_r;
  }
  return result;
}

}  // namespace ionglass::ace
