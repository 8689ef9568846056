#include "ionglass/analysis/structure/pair_distribution.hpp"

#include <omp.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cmath>
#include <numbers>

#include "ionglass/core/error.hpp"
#include "ionglass/neighbor/pair_search.hpp"

namespace ionglass {

PairDistribution::PairDistribution(const PairDistributionOptions& options) : options_(options) {
  if (!(options.r_max_A > 0) || !std::isfinite(options.r_max_A)) throw InputError("r_max must be positive");
  if (!(options.bin_width_A > 0) || options.bin_width_A > options.r_max_A)
    throw InputError("the RDF bin width must be positive and at most r_max");
  bins_ = static_cast<std::size_t>(std::llround(options.r_max_A / options.bin_width_A));
  if (bins_ == 0) bins_ = 1;
  options_.bin_width_A = options.r_max_A / static_cast<double>(bins_);
}

std::size_t PairDistribution::element_index(int z) const {
  const auto it = std::find(elements_.begin(), elements_.end(), z);
  if (it == elements_.end()) throw InputError("element " + element_symbol(z) + " is not in the structure");
  return static_cast<std::size_t>(it - elements_.begin());
}

std::size_t PairDistribution::pair_index(std::size_t a, std::size_t b) const {
  if (a > b) std::swap(a, b);
  const std::size_t n = elements_.size();
  return a * n - a * (a + 1) / 2 + b;  // upper triangle, row-major
}

void PairDistribution::compute(const System& frame) {
  if (frame.size() == 0) throw InputError("empty structure: no atoms to analyse");
  if (!frame.cell.fully_periodic() || !frame.cell.has_volume())
    throw InputError("the pair distribution needs a fully periodic cell with a volume");
  const double half_width = 0.5 * frame.cell.perpendicular_widths().minCoeff();
  if (options_.r_max_A > half_width + 1e-9)
    throw InputError("r_max = " + std::to_string(options_.r_max_A) + " Å exceeds half the smallest cell width (" +
                     std::to_string(half_width) + " Å); use --rmax ≤ " + std::to_string(half_width));
  const std::vector<int> present = present_elements(frame);
  if (frames_ == 0) {
    elements_ = present;
    const std::size_t n = elements_.size();
    g_sum_.assign(n * (n + 1) / 2 * bins_, 0.0);
    partial_density_sum_.assign(n, 0.0);
    count_sum_.assign(n, 0.0);
    atoms_sum_.assign(n, 0.0);
    ordered_pairs_sum_.assign(n * (n + 1) / 2 * bins_, 0.0);
  } else if (present != elements_) {
    throw InputError("the elements present changed between frames");
  }
  const std::size_t nel = elements_.size(), npairs = nel * (nel + 1) / 2;
  // element index of every type
  std::vector<int> type_index(frame.atom_types.size(), 0);
  for (std::size_t t = 0; t < frame.atom_types.size(); ++t) {
    const auto it = std::find(elements_.begin(), elements_.end(), frame.atom_types[t].atomic_number);
    type_index[t] = it == elements_.end() ? 0 : static_cast<int>(it - elements_.begin());
  }
  std::vector<double> count(nel, 0.0);
  for (int t : frame.types) count[type_index[t - 1]] += 1;

  // Every unordered pair (i, j + image) within r_max once (PairSearch, half), histogrammed per
  // thread; the counts are integers, so the reduction order does not matter.
  std::vector<std::uint16_t> element_of(frame.size());
  for (std::size_t i = 0; i < frame.size(); ++i)
    element_of[i] = static_cast<std::uint16_t>(type_index[frame.types[i] - 1]);
  const double inv_dr = 1.0 / options_.bin_width_A;
  const PairSearch search(frame.cell, frame.positions, options_.r_max_A);
  struct Histogrammer {
    std::vector<std::uint64_t> counts;
    const PairDistribution* rdf;
    const std::vector<std::uint16_t>* element_of;
    double inv_dr;
    void operator()(std::size_t i, std::size_t j, const Image&, const Vec3&, double r2) {
      const auto bin = static_cast<std::size_t>(std::sqrt(r2) * inv_dr);
      if (bin >= rdf->bins_) return;
      ++counts[rdf->pair_index((*element_of)[i], (*element_of)[j]) * rdf->bins_ + bin];
    }
  };
  std::vector<Histogrammer> per_thread(static_cast<std::size_t>(std::max(1, omp_get_max_threads())),
                                       Histogrammer{std::vector<std::uint64_t>(npairs * bins_, 0), this, &element_of, inv_dr});
  search.for_each_pair_threaded(true, per_thread);
  std::vector<std::uint64_t> histogram(npairs * bins_, 0);
  for (const auto& h : per_thread)
    for (std::size_t k = 0; k < histogram.size(); ++k) histogram[k] += h.counts[k];
  const double volume = frame.cell.volume();
  const double dr = options_.bin_width_A;
  for (std::size_t a = 0; a < nel; ++a)
    for (std::size_t b = a; b < nel; ++b) {
      const std::size_t p = pair_index(a, b);
      // ordered a→b pairs: an unordered a–b pair counts once for a≠b and twice for a=b
      const double ordered_per_unordered = (a == b) ? 2.0 : 1.0;
      const double pairs_norm = count[a] * (count[b] - (a == b ? 1.0 : 0.0));
      for (std::size_t k = 0; k < bins_; ++k)
        ordered_pairs_sum_[p * bins_ + k] += ordered_per_unordered * static_cast<double>(histogram[p * bins_ + k]);
      if (pairs_norm <= 0) continue;
      for (std::size_t k = 0; k < bins_; ++k) {
        const double r0 = k * dr, r1 = (k + 1) * dr;
        const double shell = 4.0 / 3.0 * std::numbers::pi * (r1 * r1 * r1 - r0 * r0 * r0);
        g_sum_[p * bins_ + k] += volume * ordered_per_unordered * static_cast<double>(histogram[p * bins_ + k]) /
                                 (pairs_norm * shell);
      }
    }
  for (std::size_t a = 0; a < nel; ++a) {
    partial_density_sum_[a] += count[a] / volume;
    count_sum_[a] += count[a] / static_cast<double>(frame.size());
    atoms_sum_[a] += count[a];
  }
  density_sum_ += frame.density_g_cm3();
  ++frames_;
}

std::vector<ElementPair> PairDistribution::pairs() const {
  std::vector<ElementPair> out;
  for (std::size_t a = 0; a < elements_.size(); ++a)
    for (std::size_t b = a; b < elements_.size(); ++b) out.push_back({elements_[a], elements_[b]});
  return out;
}

std::vector<double> PairDistribution::r() const {
  std::vector<double> out(bins_);
  for (std::size_t k = 0; k < bins_; ++k) out[k] = (k + 0.5) * options_.bin_width_A;
  return out;
}

std::vector<double> PairDistribution::g(const ElementPair& pair) const {
  if (frames_ == 0) throw InputError("no frames were analysed");
  const std::size_t p = pair_index(element_index(pair.centre), element_index(pair.neighbor));
  std::vector<double> out(bins_);
  for (std::size_t k = 0; k < bins_; ++k) out[k] = g_sum_[p * bins_ + k] / static_cast<double>(frames_);
  return out;
}

std::vector<double> PairDistribution::running_coordination(const ElementPair& pair) const {
  if (frames_ == 0) throw InputError("no frames were analysed");
  const std::size_t a = element_index(pair.centre), b = element_index(pair.neighbor);
  const std::size_t p = pair_index(a, b);
  // ordered a→b pairs per a atom, accumulated bin by bin (for a ≠ b the stored unordered count is
  // the number of a→b pairs and of b→a pairs alike)
  std::vector<double> out(bins_);
  double sum = 0;
  for (std::size_t k = 0; k < bins_; ++k) {
    sum += ordered_pairs_sum_[p * bins_ + k];
    out[k] = atoms_sum_[a] > 0 ? sum / atoms_sum_[a] : 0.0;
  }
  return out;
}

double PairDistribution::concentration(int z) const {
  return frames_ ? count_sum_[element_index(z)] / static_cast<double>(frames_) : 0;
}

double PairDistribution::partial_density(int z) const {
  return frames_ ? partial_density_sum_[element_index(z)] / static_cast<double>(frames_) : 0;
}

double PairDistribution::number_density() const {
  double sum = 0;
  for (double x : partial_density_sum_) sum += x;
  return frames_ ? sum / static_cast<double>(frames_) : 0;
}

}  // namespace ionglass
