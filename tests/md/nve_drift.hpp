#pragma once
// NVE run of a bundled glass (3003 atoms) with a real potential, 1 fs steps: energy drift.
#include <algorithm>
#include <iostream>
#include <cmath>
#include <numeric>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/md/potential_loader.hpp"
#include "ionglass/md/velocity_verlet.hpp"
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
  const double n = static_cast<double>(t.size());
  const double mt = std::accumulate(t.begin(), t.end(), 0.0) / n, me = std::accumulate(e.begin(), e.end(), 0.0) / n;
  double sxy = 0, sxx = 0;
  for (std::size_t k = 0; k < t.size(); ++k) {
    sxy += (t[k] - mt) * (e[k] - me);
    sxx += (t[k] - mt) * (t[k] - mt);
  }
  const double natoms = static_cast<double>(md.system.size());
  const auto [lo, hi] = std::minmax_element(e.begin(), e.end());
  std::cout << model << ": drift " << sxy / sxx / natoms << " eV/atom/ps, spread " << (*hi - *lo) / natoms
            << " eV/atom over " << steps << " steps\n";
  return {sxy / sxx / natoms, (*hi - *lo) / natoms};
}

}  // namespace ionglass::test

