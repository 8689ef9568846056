// The main() of every Google Benchmark program in bench/: the same process set-up as the ionglass
// program (allocator tuning, see core/memory_allocator.hpp), then Google Benchmark's own driver.
#include <benchmark/benchmark.h>

#include "ionglass/core/memory_allocator.hpp"

int main(int argc, char** argv) {
  ionglass::keep_freed_memory_for_reuse();
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
