// ACE active-set benchmarks: B-projections + extrapolation grades vs an energy+force evaluation of
// the 3003-atom glass, and building the active set of the 300-structure DFT file.
// Results: docs/performance.md, section "ACE active sets".
#include <benchmark/benchmark.h>

#include <random>

#include "ionglass/ace/ace_potential.hpp"
#include "ionglass/ace/active_set.hpp"
#include "ionglass/ace/b_to_ctilde.hpp"
#include "ionglass/io/structure_io.hpp"

using namespace ionglass;

namespace {
const std::string data = std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4";
const ace::BBasisPotential& potential() {
  static const ace::BBasisPotential p = ace::read_b_basis(data + "/potential/NaFePO4.yaml");
  return p;
}
const System& glass() {
  static const System s = [] {
    ReadOptions o;
    o.type_elements = {"Fe", "Na", "O", "P"};
    return read_structure(data + "/glass/ACE/300K_1.dat", o);
  }();
  return s;
}
}  // namespace

static void BM_AceEnergyForces_Glass3003(benchmark::State& state) {
  ace::AcePotential ace(ace::convert_to_ctilde(potential()), "NaFePO4.yaml");
  evaluate(ace, glass());
  for (auto _ : state) benchmark::DoNotOptimize(evaluate(ace, glass()).energy);
}
BENCHMARK(BM_AceEnergyForces_Glass3003)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_ProjectionsAndGamma_Glass3003(benchmark::State& state) {
  const ace::BProjector projector(potential());
  // The cost of γ does not depend on the values of A_AS⁻¹: a random m×m matrix per element.
  ace::ActiveSet set;
  set.elements = potential().elements;
  std::mt19937 rng(1);
  std::normal_distribution<double> normal;
  for (std::size_t mu = 0; mu < set.elements.size(); ++mu) {
    const auto m = static_cast<Eigen::Index>(potential().function_count(static_cast<int>(mu)));
    Eigen::MatrixXd a(m, m);
    for (Eigen::Index k = 0; k < a.size(); ++k) a.data()[k] = normal(rng);
    set.inverse.push_back(a);
  }
  for (auto _ : state) {
    const auto p = projector.compute(glass());
    benchmark::DoNotOptimize(ace::extrapolation_grades(p, set).data());
  }
}
BENCHMARK(BM_ProjectionsAndGamma_Glass3003)->Unit(benchmark::kMillisecond)->UseRealTime();

static void BM_ActiveSet_Dft300(benchmark::State& state) {
  const ace::BProjector projector(potential());
  const auto frames = read_frames(data + "/dft/dft_dev.extxyz");
  ace::StructureStream stream = [&](const std::function<void(const System&, std::size_t)>& visit) {
    for (std::size_t k = 0; k < frames.size(); ++k) visit(frames[k], k);
  };
  for (auto _ : state) benchmark::DoNotOptimize(ace::build_active_set(projector, stream, {}).inverse.size());
}
BENCHMARK(BM_ActiveSet_Dft300)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// main(): bench/benchmark_main.cpp
