#include "ionglass/analysis/dynamics/log_spaced_lags.hpp"

#include <cmath>
#include <set>

namespace ionglass {

std::vector<std::size_t> log_spaced_lags(std::size_t first, std::size_t last, std::size_t count) {
  if (first < 1 || last < first || count == 0) return {};
  std::set<std::size_t> lags;
  const double a = static_cast<double>(first), ratio = static_cast<double>(last) / a;
  for (std::size_t k = 0; k < count; ++k) {
    const double fraction = count > 1 ? static_cast<double>(k) / static_cast<double>(count - 1) : 1.0;
    lags.insert(static_cast<std::size_t>(std::llround(a * std::pow(ratio, fraction))));
  }
  return {lags.begin(), lags.end()};
}

std::vector<std::size_t> log_spaced_lags(std::size_t frames, std::size_t count) {
  if (frames < 2) return {};
  return log_spaced_lags(1, frames - 1, count);
}

}  // namespace ionglass
