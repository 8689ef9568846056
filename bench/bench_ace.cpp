// ACE energy + forces (+ virial) on the 3003-atom NaFePO4 glass (glass/ACE/300K_1.dat, ~84
// neighbours per atom within 6.5 Å) with the bundled potential, on 1 and 2 threads.
//   build/bench/bench/bench_ace --benchmark_counters_tabular=true
// Reports µs per atom-step (wall time of one evaluation / atoms). The neighbour list is built
// once (as in MD between rebuilds); BM_AceWithNeighborListBuild includes its rebuild.
#include <benchmark/benchmark.h>
#include <omp.h>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/yace_reader.hpp"
#include "ionglass/io/lammps_data.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

const System& glass() {
  static const System s = read_lammps_data(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/glass/ACE/300K_1.dat");
  return s;
}

std::shared_ptr<const ace::AceEvaluator> evaluator() {
  static const auto e = std::make_shared<const ace::AceEvaluator>(
      read_yace(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/potential/NaFePO4.yace"));
  return e;
}

void run(benchmark::State& state, bool forces, bool rebuild) {
  omp_set_num_threads(static_cast<int>(state.range(0)));
  const System& s = glass();
  AcePotential potential(evaluator(), "NaFePO4.yace");
  potential.bind(s);
  EvaluationRequest request;
  request.forces = forces;
  request.virial = forces;
  PotentialResult result;
  result.reset(s.size(), request);
  potential.compute(s, request, result);  // builds the neighbour list, warms the caches
  for (auto _ : state) {
    if (rebuild) potential.bind(s);
    result.reset(s.size(), request);
    potential.compute(s, request, result);
    benchmark::DoNotOptimize(result.energy);
  }
  state.counters["atoms"] = static_cast<double>(s.size());
  state.counters["us_per_atom_step"] =
      benchmark::Counter(static_cast<double>(s.size()) * 1e-6, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_AceEnergyForces(benchmark::State& state) { run(state, true, false); }
void BM_AceEnergyOnly(benchmark::State& state) { run(state, false, false); }
void BM_AceWithNeighborListBuild(benchmark::State& state) { run(state, true, true); }

}  // namespace

BENCHMARK(BM_AceEnergyForces)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_AceEnergyOnly)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
BENCHMARK(BM_AceWithNeighborListBuild)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(2.0);
// main(): bench/benchmark_main.cpp
