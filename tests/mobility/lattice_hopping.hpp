#pragma once
// Synthetic lattice hopping for the mobility tests: 27 Na on a 3×3×3 lattice hopping between
// neighbouring sites among immobile O, written as LAMMPS dumps by dynamics/synthetic_trajectory.hpp.
#include <random>

#include "dynamics/synthetic_trajectory.hpp"

namespace ionglass::test {

// 27 Na on a 3×3×3 lattice (4 Å) hopping to neighbours at rate k (1/ps), 20 immobile O. The O do
// not recoil, so the centre of mass drifts with the hops: the runs keep the drift (--keep-drift).
inline SyntheticTrajectory lattice_with_oxygen(double k, unsigned seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> jitter(0, 0.1);
  std::uniform_real_distribution<double> uniform(0, 1);
  std::uniform_int_distribution<int> direction(0, 5);
  SyntheticTrajectory t;
  t.cell = cubic_cell(12);
  std::vector<Vec3> site;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j)
      for (int l = 0; l < 3; ++l) site.emplace_back(4 * i + 2, 4 * j + 2, 4 * l + 2);
  std::vector<Vec3> oxygen;
  for (int o = 0; o < 20; ++o) oxygen.emplace_back(12 * uniform(rng), 12 * uniform(rng), 12 * uniform(rng));
  for (std::size_t i = 0; i < site.size() + oxygen.size(); ++i) t.types.push_back(i < site.size() ? 1 : 2);
  const double dt = 0.05;
  for (int f = 0; f < 400; ++f) {
    std::vector<Vec3> frame;
    for (auto& s : site) {
      if (f > 0 && uniform(rng) < k * dt) s[direction(rng) / 2] += direction(rng) % 2 ? 4 : -4;
      frame.push_back(s + Vec3(jitter(rng), jitter(rng), jitter(rng)));
    }
    for (const auto& o : oxygen) frame.push_back(o);
    t.positions.push_back(frame);
  }
  return t;
}

}  // namespace ionglass::test
