#pragma once
// A small Lennard-Jones argon fluid (ε = 0.0104 eV, σ = 3.4 Å, r_c = 8.5 Å) on an fcc lattice for
// cheap integrator, thermostat and barostat tests.
#include <memory>

#include "ionglass/core/elements.hpp"
#include "ionglass/potential/lennard_jones_potential.hpp"
#include "ionglass/md/md_system.hpp"

namespace ionglass::test {

inline System lj_fcc(int cells, double lattice_A) {
  System s;
  const auto& ar = elements::by_symbol("Ar");
  s.atom_types.push_back(AtomType{ar.atomic_number, ar.mass_amu, "Ar"});
  s.cell = Cell(Mat3::Identity() * (cells * lattice_A));
  const Vec3 basis[4] = {{0, 0, 0}, {0.5, 0.5, 0}, {0.5, 0, 0.5}, {0, 0.5, 0.5}};
  long long id = 1;
  for (int i = 0; i < cells; ++i)
    for (int j = 0; j < cells; ++j)
      for (int k = 0; k < cells; ++k)
        for (const auto& b : basis) s.add_atom(id++, 1, (Vec3(i, j, k) + b) * lattice_A);
  return s;
}

inline PotentialFactory lj_factory() {
  return [] { return std::make_unique<LennardJonesPotential>(0.0104, 3.4, 8.5); };
}

}  // namespace ionglass::test
