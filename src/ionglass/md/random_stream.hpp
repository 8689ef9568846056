#pragma once
// A reproducible stream of random numbers whose complete state can be saved in a checkpoint.
//
// Wraps the 64-bit Mersenne Twister and draws Gaussian and Gamma variates with its own methods
// (no hidden caches as in std::normal_distribution), so that restoring the engine state restores
// the stream exactly.
#include <cstdint>
#include <random>
#include <string>

namespace ionglass {

class RandomStream {
public:
  explicit RandomStream(std::uint64_t seed = 1) : engine_(seed) {}
  /// Uniform in [0, 1).
  double uniform();
  /// Standard normal variate (Marsaglia polar method, second value discarded).
  double gaussian();
  /// Gamma(shape, 1) variate (Marsaglia & Tsang 2000; shape < 1 via the boost x·U^(1/shape)).
  double gamma(double shape);
  /// Sum of the squares of `n` standard normal variates (chi-squared with n degrees of freedom).
  double chi_squared(long long n);
  /// Full engine state as text (std::mt19937_64 stream format) and its restoration.
  std::string state() const;
  void set_state(const std::string& state);

private:
  std::mt19937_64 engine_;
};

}  // namespace ionglass
