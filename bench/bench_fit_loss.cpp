// ACE fit loss + analytic gradient for the 248-function NaFePO4 basis (data/NaFePO4/potential/
// NaFePO4.yaml, all trainable: function and radial coefficients) on the DFT development set
// (data/NaFePO4/dft/dft_dev.extxyz, first `structures` frames; ~100 atoms each, ~80 neighbours
// within 6.5 Å), on 1 and 2 threads.
//   build/release/bench/bench_fit_loss --benchmark_counters_tabular=true
// Reports µs per atom per evaluation (wall time of one loss+gradient / atoms). Neighbour lists
// are built once in the FitLoss constructor (as during a fit).
#include <benchmark/benchmark.h>

#include "ionglass/ace/b_basis.hpp"
#include "ionglass/ace/fit_data.hpp"
#include "ionglass/ace/fit_loss.hpp"

using namespace ionglass;
using namespace ionglass::ace;

namespace {

constexpr std::size_t structures = 60;

const BBasisPotential& basis() {
  static const BBasisPotential p =
      read_b_basis(std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/potential/NaFePO4.yaml");
  return p;
}

const std::vector<FitStructure>& data() {
  static const std::vector<FitStructure> d = [] {
    std::vector<FitStructure> out = read_fit_structures(
        std::string(IONGLASS_SOURCE_DIR) + "/data/NaFePO4/dft/dft_dev.extxyz", "dft_energy", "dft_forces");
    out.resize(std::min(out.size(), structures));
    for (auto& fs : out) {
      fs.energy_weight = 1.0 / static_cast<double>(out.size());
      fs.force_weights.assign(fs.system.size(), 1.0 / static_cast<double>(out.size() * fs.system.size()));
    }
    return out;
  }();
  return d;
}

void run(benchmark::State& state, double kappa, bool gradient) {
  const int threads = static_cast<int>(state.range(0));
  LossSettings settings;
  settings.kappa = kappa;
  settings.L1 = settings.L2 = 1e-8;
  settings.w0_rad = settings.w1_rad = settings.w2_rad = 1e-8;
  FitLoss loss(basis(), FitParameterLayout(basis()), data(), settings);
  const Eigen::VectorXd x = loss.layout().pack(basis());
  Eigen::VectorXd g;
  loss.evaluate(x, gradient ? &g : nullptr, threads);  // warm up
  for (auto _ : state) benchmark::DoNotOptimize(loss.evaluate(x, gradient ? &g : nullptr, threads));
  state.counters["atoms"] = static_cast<double>(loss.atom_count());
  state.counters["parameters"] = static_cast<double>(x.size());
  state.counters["us_per_atom"] =
      benchmark::Counter(static_cast<double>(loss.atom_count()) * 1e-6,
                         benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_FitLossGradient(benchmark::State& state) {
  run(state, 0.3, true);
}
void BM_FitLossGradientEnergyOnly(benchmark::State& state) {
  run(state, 0.0, true);
}
void BM_FitLossValue(benchmark::State& state) {
  run(state, 0.3, false);
}

}  // namespace

BENCHMARK(BM_FitLossGradient)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_FitLossGradientEnergyOnly)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
BENCHMARK(BM_FitLossValue)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime()->MinTime(3.0);
// main(): bench/benchmark_main.cpp
