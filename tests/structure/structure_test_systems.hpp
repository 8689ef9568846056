#pragma once
// Small test structures with known answers for the structure-analysis tests.
#include <cmath>
#include <random>

#include "ionglass/core/system.hpp"

namespace ionglass::test {

/// A crystal: basis (fractional) × replicas of a cubic cell of edge `a`, all atoms element `z`.
inline System cubic_crystal(const std::vector<Vec3>& basis, double a, int replicas, int z = 29) {
  System s;
  s.cell = Cell(Mat3::Identity() * a * replicas);
  const int type = s.type_for_element(z);
  long long id = 1;
  for (int i = 0; i < replicas; ++i)
    for (int j = 0; j < replicas; ++j)
      for (int k = 0; k < replicas; ++k)
        for (const Vec3& b : basis) s.add_atom(id++, type, a * (Vec3(i, j, k) + b));
  return s;
}

inline System fcc(double a, int replicas) {
  return cubic_crystal({{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}}, a, replicas);
}
inline System simple_cubic(double a, int replicas) { return cubic_crystal({{0, 0, 0}}, a, replicas); }

/// Ideal gas: uniformly random positions.
inline System ideal_gas(std::size_t n, double length, unsigned seed) {
  System s;
  s.cell = Cell(Mat3::Identity() * length);
  const int type = s.type_for_element(18);
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, length);
  for (std::size_t i = 0; i < n; ++i) s.add_atom(static_cast<long long>(i + 1), type, Vec3(u(rng), u(rng), u(rng)));
  return s;
}

/// Idealised β-cristobalite: `former` on a diamond lattice, O at the middle of every
/// former–former link (a fully polymerised corner-sharing tetrahedral network, every former Q⁴).
inline System beta_cristobalite(int former, double a, int replicas) {
  System s;
  s.cell = Cell(Mat3::Identity() * a * replicas);
  const int tf = s.type_for_element(former), to = s.type_for_element(8);
  const std::vector<Vec3> fcc_sites = {{0, 0, 0}, {0, 0.5, 0.5}, {0.5, 0, 0.5}, {0.5, 0.5, 0}};
  const std::vector<Vec3> bond_dirs = {{1, 1, 1}, {1, -1, -1}, {-1, 1, -1}, {-1, -1, 1}};
  long long id = 1;
  for (int i = 0; i < replicas; ++i)
    for (int j = 0; j < replicas; ++j)
      for (int k = 0; k < replicas; ++k)
        for (const Vec3& f : fcc_sites) {
          const Vec3 origin = a * (Vec3(i, j, k) + f);
          s.add_atom(id++, tf, origin);
          s.add_atom(id++, tf, origin + Vec3(0.25, 0.25, 0.25) * a);
          for (const Vec3& d : bond_dirs) s.add_atom(id++, to, origin + d * (a / 8.0));
        }
  s.wrap_positions();
  return s;
}

/// The same periodic structure in the equivalent tilted cell a, b, c + a + b.
inline System tilted_equivalent(const System& orthogonal) {
  System s = orthogonal;
  Mat3 h = orthogonal.cell.matrix();
  h.row(2) = h.row(2) + h.row(0) + h.row(1);
  s.cell = Cell(h, orthogonal.cell.origin());
  s.images.clear();
  s.wrap_positions();
  return s;
}

}  // namespace ionglass::test
