// Timing of the BVSE landscape and percolation barriers (docs/why-na-moves.md):
//   bench_bvse [GRID_A] [STRUCTURE]   default 0.2 Å on the bundled 3003-atom ACE glass, Na mobile,
//   Na=1, Fe=2, P=5, O=-2. Prints the wall time of each stage and the barriers.
#include <omp.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>

#include "ionglass/analysis/structure/bond_valence_site_energy.hpp"
#include "ionglass/analysis/structure/percolation_barriers.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;

int main(int argc, char** argv) {
  const std::string source = IONGLASS_SOURCE_DIR;
  BvseSettings settings;
  settings.mobile_ion = "Na";
  settings.oxidation_states = parse_oxidation_states("Na=1,Fe=2,P=5,O=-2");
  if (argc > 1) settings.grid_spacing_A = std::atof(argv[1]);
  const std::string path = argc > 2 ? argv[2] : source + "/data/NaFePO4/glass/ACE/300K_1.dat";
  const System glass = read_structure(path);
  const auto parameters = BondValenceParameters::read(source + "/data/bond_valence");
  using clock = std::chrono::steady_clock;
  const auto t0 = clock::now();
  const auto landscape = compute_bvse_landscape(glass, settings, parameters);
  const auto t1 = clock::now();
  const auto barriers = percolation_barriers(landscape.energy_eV, landscape.grid);
  const auto t2 = clock::now();
  std::cout << "atoms " << glass.size() << ", grid " << landscape.grid[0] << "x" << landscape.grid[1] << "x"
            << landscape.grid[2] << ", threads " << omp_get_max_threads() << "\n"
            << "landscape_s " << std::chrono::duration<double>(t1 - t0).count() << "\n"
            << "percolation_s " << std::chrono::duration<double>(t2 - t1).count() << "\n"
            << "E_1D_eV " << barriers.barrier_eV[0] << " E_2D_eV " << barriers.barrier_eV[1] << " E_3D_eV "
            << barriers.barrier_eV[2] << "\n";
}
