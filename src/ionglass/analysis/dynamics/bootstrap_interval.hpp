#pragma once
// Percentile bootstrap confidence interval (Efron & Tibshirani, "An Introduction to the
// Bootstrap", 1993, ch. 13): the statistic is recomputed on `resamples` samples of n units drawn
// with replacement; the interval is the (1 − c)/2 and (1 + c)/2 quantiles of those values. The
// units are whatever the caller resamples (ions, residences, groups): resampling whole ions keeps
// the correlation between the frames of one ion inside a unit. Resamples whose statistic is not
// finite are skipped.
#include <cstddef>
#include <functional>
#include <vector>

namespace ionglass {

struct BootstrapInterval {
  double estimate = 0;  ///< the statistic on the full sample
  double low = 0, high = 0;
};

struct BootstrapSettings {
  std::size_t resamples = 1000;
  double confidence = 0.95;
  unsigned seed = 12345;
};

/// `statistic` receives the drawn unit indices (size n, with repeats; the identity for the estimate).
BootstrapInterval bootstrap_interval(std::size_t units,
                                     const std::function<double(const std::vector<std::size_t>&)>& statistic,
                                     const BootstrapSettings& settings = {});

}  // namespace ionglass
