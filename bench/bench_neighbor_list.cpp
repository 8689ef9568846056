// Full neighbour list at 6.5 Å for the 3003-atom glass and for a 10⁶-atom replicated glass.
//   build/release/bench/bench_neighbor_list --benchmark_filter=.   (OMP_NUM_THREADS=1 or 2)
#include <benchmark/benchmark.h>

#include <omp.h>

#include "ionglass/io/lammps_data.hpp"
#include "ionglass/neighbor/neighbor_list.hpp"

using namespace ionglass;

namespace {
System glass() { return read_lammps_data(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/glass/ACE/300K_1.dat"); }

// Replicates the cell n×n×n times.
System replicate(const System& s, int n) {
  System out;
  out.cell = Cell(s.cell.matrix() * n, s.cell.origin());
  out.atom_types = s.atom_types;
  long long id = 1;
  for (int a = 0; a < n; ++a)
    for (int b = 0; b < n; ++b)
      for (int c = 0; c < n; ++c)
        for (std::size_t i = 0; i < s.size(); ++i)
          out.add_atom(id++, s.types[i], s.positions[i] + s.cell.translation({a, b, c}));
  return out;
}

void run(benchmark::State& state, const System& s) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  NeighborListOptions o{6.5, 0.0};
  NeighborList list;
  for (auto _ : state) {
    list.build(s, o);
    benchmark::DoNotOptimize(list.pair_count());
  }
  state.counters["atoms"] = static_cast<double>(s.size());
  state.counters["pairs_per_atom"] = static_cast<double>(list.pair_count()) / s.size();
}
}  // namespace

static void BM_FullList_Glass3003(benchmark::State& state) {
  static const System s = glass();
  run(state, s);
}
BENCHMARK(BM_FullList_Glass3003)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_FullList_Glass1M(benchmark::State& state) {
  static const System s = replicate(glass(), 7);  // 7³·3003 = 1.03·10⁶ atoms
  run(state, s);
}
BENCHMARK(BM_FullList_Glass1M)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->Iterations(2);

// main(): bench/benchmark_main.cpp
