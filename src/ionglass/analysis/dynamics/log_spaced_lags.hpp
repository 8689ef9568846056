#pragma once
// Lags spaced evenly in ln(lag), for curves sampled on a log time axis (α₂, the long-time
// exponent of the MSD).
#include <cstddef>
#include <vector>

namespace ionglass {

/// About `count` distinct lags from `first` to `last` (≥ first ≥ 1), spaced logarithmically,
/// both ends included, sorted, each lag once (rounding merges close ones).
std::vector<std::size_t> log_spaced_lags(std::size_t first, std::size_t last, std::size_t count);

/// About `count` lags spaced logarithmically from 1 frame to the last of `frames` (each lag once).
std::vector<std::size_t> log_spaced_lags(std::size_t frames, std::size_t count);

}  // namespace ionglass
