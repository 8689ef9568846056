#include "ionglass/analysis/dynamics/bootstrap_interval.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>

#include "ionglass/core/error.hpp"

namespace ionglass {

BootstrapInterval bootstrap_interval(std::size_t units,
                                     const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                     const BootstrapSettings& settings) {
  if (units == 0) throw InputError("bootstrap: no units to resample");
  if (!(settings.confidence > 0 && settings.confidence < 1))
    throw InputError("bootstrap: confidence must lie in (0, 1)");
  if (settings.resamples < 2) throw InputError("bootstrap: at least two resamples are needed");
  std::vector<std::size_t> draw(units);
  std::iota(draw.begin(), draw.end(), std::size_t{0});
  BootstrapInterval result;
  result.estimate = statistic(draw);
  std::mt19937_64 rng(settings.seed);
  std::uniform_int_distribution<std::size_t> pick(0, units - 1);
  std::vector<double> values;
  values.reserve(settings.resamples);
  for (std::size_t b = 0; b < settings.resamples; ++b) {
    for (auto& d : draw) d = pick(rng);
    const double v = statistic(draw);
    if (std::isfinite(v)) values.push_back(v);
  }
  if (values.empty()) {
    result.low = result.high = std::nan("");
    return result;
  }
  std::sort(values.begin(), values.end());
  auto quantile = [&](double q) {
    const double x = q * static_cast<double>(values.size() - 1);
    const auto i = static_cast<std::size_t>(std::floor(x));
    const std::size_t j = std::min(i + 1, values.size() - 1);
    return values[i] + (x - static_cast<double>(i)) * (values[j] - values[i]);
  };
  result.low = quantile(0.5 * (1 - settings.confidence));
  result.high = quantile(0.5 * (1 + settings.confidence));
  return result;
}

}  // namespace ionglass
