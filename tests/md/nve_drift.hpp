#pragma once
// NVE run of a bundled glass (3003 atoms) with a real potential, 1 fs steps: energy drift.
#include <algorithm>
#include <cmath>
#include <iostream>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential_loader/potential_loader.hpp"
#include "ionglass/md/velocity_verlet.hpp"
#include "md/series_statistics.hpp"
#include "test_paths.hpp"

namespace ionglass::test {

struct Drift {
  double slope_eV_per_atom_ps;
  double spread_eV_per_atom;  ///< max − min of the total energy
};

inline Drift nve_drift(const std::string& model, const std::string& potential_file, long long steps) {
  const System glass = read_structure(test::glass(model, 1));
  MdSystem md(glass, [potential_file] { return load_potential(potential_file); });
  md.restart_potential(0);
  VelocityVerlet integrator(0.001);
  RandomStream random(1);
  std::vector<double> t, e;
  for (long long step = 1; step <= steps; ++step) {
    integrator.step(md, step, 0, random);
    t.push_back(step * 0.001);
    e.push_back(integrator.conserved_energy(md));
  }
  const double drift = slope(t, e);
  const double natoms = static_cast<double>(md.system.size());
  const auto [lo, hi] = std::minmax_element(e.begin(), e.end());
  std::cout << model << ": drift " << drift / natoms << " eV/atom/ps, spread " << (*hi - *lo) / natoms
            << " eV/atom over " << steps << " steps\n";
  return {drift / natoms, (*hi - *lo) / natoms};
}

}  // namespace ionglass::test
