#include "ionglass/analysis/structure/pair_cutoffs.hpp"

#include <algorithm>
#include <cmath>

#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/core/error.hpp"

namespace ionglass {

void PairCutoffs::set(const ElementPair& pair, double cutoff, bool automatic) {
  if (!(cutoff > 0) || !std::isfinite(cutoff))
    throw InputError("the cutoff of " + pair.name() + " must be a positive distance in Å");
  values_[pair.unordered()] = cutoff;
  automatic_[pair.unordered()] = automatic;
}

double PairCutoffs::get(const ElementPair& pair) const {
  const auto it = values_.find(pair.unordered());
  return it == values_.end() ? 0.0 : it->second;
}

bool PairCutoffs::is_automatic(const ElementPair& pair) const {
  const auto it = automatic_.find(pair.unordered());
  return it != automatic_.end() && it->second;
}

double PairCutoffs::largest() const {
  double m = 0;
  for (const auto& [p, r] : values_) m = std::max(m, r);
  return m;
}

std::vector<ElementPair> PairCutoffs::pairs() const {
  std::vector<ElementPair> out;
  for (const auto& [p, r] : values_) out.push_back(p);
  return out;
}

PairCutoffs parse_pair_cutoffs(const std::string& text) {
  PairCutoffs out;
  std::size_t start = 0;
  while (start <= text.size()) {
    std::size_t end = text.find(',', start);
    if (end == std::string::npos) end = text.size();
    std::string item = text.substr(start, end - start);
    start = end + 1;
    item.erase(0, item.find_first_not_of(" \t"));
    item.erase(item.find_last_not_of(" \t") + 1);
    if (item.empty()) {
      if (end == text.size()) break;
      continue;
    }
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw InputError("--cutoffs: '" + item + "' is not of the form A-B=r (Å)");
    const ElementPair pair = parse_element_pair(item.substr(0, eq), "--cutoffs");
    double value = 0;
    try {
      std::size_t used = 0;
      value = std::stod(item.substr(eq + 1), &used);
      if (used != item.size() - eq - 1) throw std::invalid_argument("trailing text");
    } catch (const std::exception&) {
      throw InputError("--cutoffs: '" + item.substr(eq + 1) + "' is not a distance in Å");
    }
    if (!(value > 0) || !std::isfinite(value)) throw InputError("--cutoffs: the cutoff of " + pair.name() + " must be positive");
    out.set(pair, value);
    if (end == text.size()) break;
  }
  if (out.empty()) throw InputError("--cutoffs: no cutoffs given (use 'auto' or A-B=r,...)");
  return out;
}

double first_minimum_after_first_peak(const std::vector<double>& r, const std::vector<double>& g, double smoothing_A) {
  const std::size_t n = g.size();
  if (n < 5) throw InputError("g(r) has too few bins to find its first minimum");
  const double dr = r[1] - r[0];
  const int half = std::max(1, static_cast<int>(std::ceil(3 * smoothing_A / dr)));
  std::vector<double> s(n, 0.0);
  for (std::size_t k = 0; k < n; ++k) {
    double sum = 0, wsum = 0;
    for (int d = -half; d <= half; ++d) {
      const long j = static_cast<long>(k) + d;
      if (j < 0 || j >= static_cast<long>(n)) continue;
      const double x = d * dr / smoothing_A;
      const double w = std::exp(-0.5 * x * x);
      sum += w * g[j];
      wsum += w;
    }
    s[k] = sum / wsum;
  }
  // first maximum: the highest point of the first region where g exceeds 1 (ignores noise at small r)
  std::size_t k = 0;
  while (k < n && s[k] <= 1.0) ++k;
  if (k == n) throw InputError("g(r) never exceeds 1: no first peak to place an automatic cutoff after");
  std::size_t peak = k;
  while (k < n && s[k] > 1.0) {
    if (s[k] > s[peak]) peak = k;
    ++k;
  }
  // first minimum after the peak: the lowest point before g rises clearly (by 2 %) again
  std::size_t minimum = peak;
  for (std::size_t j = peak + 1; j < n; ++j) {
    if (s[j] < s[minimum]) minimum = j;
    else if (s[j] > s[minimum] + 0.02 * s[peak] && s[minimum] < s[peak]) break;
  }
  if (minimum == peak || minimum + 1 >= n) throw InputError("g(r) has no minimum after its first peak within r_max");
  return r[minimum];
}

std::vector<ElementPair> cation_anion_pairs(const std::vector<int>& elements) {
  std::vector<ElementPair> out;
  for (int c : elements)
    if (!is_anion(c))
      for (int a : elements)
        if (is_anion(a)) out.push_back({c, a});
  return out;
}

void add_automatic_cutoffs(PairCutoffs& cutoffs, const PairDistribution& rdf, const std::vector<ElementPair>& pairs) {
  const std::vector<double> r = rdf.r();
  for (const ElementPair& p : pairs) {
    if (cutoffs.has(p)) continue;
    try {
      cutoffs.set(p, first_minimum_after_first_peak(r, rdf.g(p)), true);
    } catch (const InputError& e) {
      throw InputError("automatic cutoff of " + p.name() + ": " + e.problem() + "; give it with --cutoffs " + p.name() + "=r");
    }
  }
}

}  // namespace ionglass
