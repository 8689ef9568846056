// Force evaluation per MD-like step with the Teter force field (potentials/teter.yaml: PPPM 1e-5,
// short range 8 Å, Coulomb real space 10 Å, tabulated pair functions, skin 1 Å) on
// data/NaFePO4/glass/Teter/300K_1.dat (3003 atoms). Each iteration moves every atom a little and
// computes energy and forces, so the neighbour list is reused and rebuilt as in MD: every atom drifts at a constant
// 0.004 Å per step in a fixed random direction, so the 1 Å skin forces a rebuild every ~125 steps
// (compare LAMMPS' "Neighbor list builds" in docs/performance.md). Compare with LAMMPS using
// bench/bench_forcefield_vs_lammps.sh. Run with OMP_NUM_THREADS=1 and 2.
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>

#include "ionglass/io/structure_io.hpp"
#include "ionglass/potential/classical_potential_file.hpp"

namespace {

void run(benchmark::State& state, const std::string& potential_file, bool tabulate, bool virial = false,
         bool overlap = true) {
  using namespace ionglass;
  System s = read_structure(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/glass/Teter/300K_1.dat");
  auto p = load_classical_potential(std::string(IONGLASS_SOURCE_DIR) + "/potentials/" + potential_file);
  if (!tabulate) p->set_tabulation(false);
  p->set_kspace_overlap(overlap);
  p->bind(s);
  PotentialResult r;
  const EvaluationRequest request{true, virial, false};
  std::mt19937 rng(42);
  std::normal_distribution<double> gauss(0.0, 1.0);
  std::vector<Vec3> drift(s.size());
  for (auto& v : drift) v = 0.004 * Vec3(gauss(rng), gauss(rng), gauss(rng)).normalized();
  for (auto _ : state) {
    for (std::size_t i = 0; i < s.size(); ++i) s.positions[i] += drift[i];
    r.reset(s.size(), request);
    p->compute(s, request, r);
    benchmark::DoNotOptimize(r.energy);
  }
  state.counters["ms_per_step"] =
      benchmark::Counter(state.iterations() * 1e-3, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_TeterPppmTabulated(benchmark::State& state) {
  run(state, "teter.yaml", true);
}
void BM_TeterPppmAnalytic(benchmark::State& state) {
  run(state, "teter.yaml", false);
}
// As MD evaluates: forces and the virial (for the pressure).
void BM_TeterPppmTabulatedWithVirial(benchmark::State& state) {
  run(state, "teter.yaml", true, true);
}
// The same with two threads taking turns on k-space and pairs instead of overlapping them.
void BM_TeterPppmTabulatedWithVirialNoOverlap(benchmark::State& state) {
  run(state, "teter.yaml", true, true, false);
}
BENCHMARK(BM_TeterPppmTabulated)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TeterPppmAnalytic)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TeterPppmTabulatedWithVirial)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_TeterPppmTabulatedWithVirialNoOverlap)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

// main(): bench/benchmark_main.cpp
