#include "ionglass/md/random_stream.hpp"

#include <cmath>
#include <sstream>

#include "ionglass/core/error.hpp"

namespace ionglass {

double RandomStream::uniform() {
  // 53 random bits → double in [0, 1).
  return static_cast<double>(engine_() >> 11) * 0x1.0p-53;
}

double RandomStream::gaussian() {
  while (true) {
    const double u = 2 * uniform() - 1;
    const double v = 2 * uniform() - 1;
    const double s = u * u + v * v;
    if (s > 0 && s < 1) return u * std::sqrt(-2 * std::log(s) / s);
  }
}

double RandomStream::gamma(double shape) {
  if (shape < 1) {
    double u = uniform();
    while (u <= 0) u = uniform();
    return gamma(shape + 1) * std::pow(u, 1 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1 / std::sqrt(9 * d);
  while (true) {
    double x, v;
    do {
      x = gaussian();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const double u = uniform();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (u > 0 && std::log(u) < 0.5 * x * x + d * (1 - v + std::log(v))) return d * v;
  }
}

double RandomStream::chi_squared(long long n) {
  if (n <= 0) return 0;
  return 2 * gamma(0.5 * static_cast<double>(n));
}

std::string RandomStream::state() const {
  std::ostringstream out;
  out << engine_;
  return out.str();
}

void RandomStream::set_state(const std::string& state) {
  std::istringstream in(state);
  in >> engine_;
  if (!in) throw InputError("corrupt random-number state in checkpoint");
}

}  // namespace ionglass
