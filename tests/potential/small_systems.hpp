#pragma once
// Small periodic Na–Fe–P–O test systems for finite-difference and invariance tests.
#include <random>

#include "ionglass/core/elements.hpp"
#include "ionglass/core/system.hpp"

namespace ionglass::test {

/// A neutral 21-atom Na2Fe2P4O13 configuration in a triclinic cell of about 12.5 Å with no pair
/// closer than 1.55 Å, and one bridging O (atom 0) between two P (atoms 1, 2) at 1.60 Å and 140°
/// so that P–O–P angle terms are active. Charges are set in System::charges.
inline System small_glass_cell(unsigned seed = 7) {
  System s;
  Mat3 h;
  h << 12.4, 0.0, 0.0, 0.9, 12.1, 0.0, -0.6, 0.7, 12.7;
  s.cell = Cell(h);
  const int o = s.type_for_element(8), p = s.type_for_element(15), na = s.type_for_element(11), fe = s.type_for_element(26);
  std::vector<std::pair<int, double>> atoms;
  for (int k = 0; k < 13; ++k) atoms.push_back({o, -1.2});
  for (int k = 0; k < 4; ++k) atoms.push_back({p, 3.0});
  for (int k = 0; k < 2; ++k) atoms.push_back({na, 0.6});
  for (int k = 0; k < 2; ++k) atoms.push_back({fe, 1.2});
  // Put P atoms at index 1, 2 (reorder: O, P, P, O..., rest).
  std::swap(atoms[1], atoms[13]);
  std::swap(atoms[2], atoms[14]);
  std::mt19937 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const Vec3 center = s.cell.to_cartesian(Vec3(0.5, 0.5, 0.5));
  const double half = 70.0 * 3.14159265358979323846 / 180.0;
  std::vector<Vec3> pos = {center, center + 1.60 * Vec3(std::sin(half), std::cos(half), 0.1).normalized(),
                           center + 1.60 * Vec3(-std::sin(half), std::cos(half), -0.1).normalized()};
  while (pos.size() < atoms.size()) {
    const Vec3 trial = s.cell.to_cartesian(Vec3(u(rng), u(rng), u(rng)));
    bool ok = true;
    for (const auto& q : pos)
      if (s.cell.minimum_image(trial - q).norm() < 1.55) ok = false;
    if (ok) pos.push_back(trial);
  }
  for (std::size_t i = 0; i < atoms.size(); ++i) {
    s.add_atom(static_cast<long long>(i + 1), atoms[i].first, pos[i]);
    s.charges.push_back(atoms[i].second);
  }
  return s;
}

}  // namespace ionglass::test
