// Pair-based structure analyses on the 3003-atom NaFePO4 glass: partial RDFs (r_max 12 Å,
// dr 0.02 Å as in the study) and the bond network (P-O 2.0, Fe-O 2.7, Na-O 3.3 Å), at 1 and 2
// threads. Both stream pairs from neighbor/PairSearch.
//   build/release/bench/bench_structure_pairs --benchmark_filter=.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "ionglass/analysis/structure/bond_network.hpp"
#include "ionglass/analysis/structure/pair_distribution.hpp"
#include "ionglass/io/lammps_data.hpp"

using namespace ionglass;

namespace {
const System& glass() {
  static const System s = read_lammps_data(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/glass/ACE/300K_1.dat");
  return s;
}
}  // namespace

static void BM_PartialRdf_Glass3003(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const System& s = glass();
  for (auto _ : state) {
    PairDistribution rdf({12.0, 0.02});
    rdf.compute(s);
    benchmark::DoNotOptimize(rdf.number_density());
  }
}
BENCHMARK(BM_PartialRdf_Glass3003)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_BondNetwork_Glass3003(benchmark::State& state) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const System& s = glass();
  PairCutoffs cutoffs;
  cutoffs.set(parse_element_pair("P-O"), 2.0);
  cutoffs.set(parse_element_pair("Fe-O"), 2.7);
  cutoffs.set(parse_element_pair("Na-O"), 3.3);
  for (auto _ : state) {
    BondNetwork network(s, cutoffs);
    benchmark::DoNotOptimize(network.atom_count());
  }
}
BENCHMARK(BM_BondNetwork_Glass3003)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();
